using System;
using System.IO;
using System.Linq;
using Civic311.Notifications.Channels;

namespace Civic311.Notifications.Tests;

/// <summary>Overrides from a directory of {event}.{language}.{channel}.{part}.hbs files.</summary>
public sealed class TemplateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("civic311-templates-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void WithDirectory_NamedFiles_OverrideTheBuiltInTemplates()
    {
        File.WriteAllText(Path.Combine(_directory, "closed.es-PA.sms.text.hbs"), "Caso {{trackingNumber}} cerrado. ¡Gracias!");
        File.WriteAllText(Path.Combine(_directory, "closed.en.push.title.hbs"), "Done: {{trackingNumber}}");
        File.WriteAllText(Path.Combine(_directory, "readme.txt"), "not a template");

        var templates = NotificationTemplates.BuiltIn.WithDirectory(_directory);
        var renderer = NotificationRenderer.Create(templates);

        templates.Count.Should().Be(NotificationTemplates.BuiltIn.Count + 1, "one file adds es-PA, the other replaces a built-in");
        renderer.Render(NotificationKind.Closed, ChannelKind.Sms, Samples.Base, "+507", "es-PA", "k").TextBody.Should().Be("Caso 311-26-0001234 cerrado. ¡Gracias!");
        renderer.Render(NotificationKind.Closed, ChannelKind.Push, Samples.Base, "device", "en", "k").Subject.Should().Be("Done: 311-26-0001234");
        renderer.Render(NotificationKind.Closed, ChannelKind.Push, Samples.Base, "device", "es", "k").Subject.Should().Be("Solicitud 311-26-0001234 cerrada");
    }

    [Fact]
    public void WithDirectory_BadFiles_AreAllReportedAtStartWithTheirNames()
    {
        File.WriteAllText(Path.Combine(_directory, "closed.en.sms.txt.hbs"), "x");
        File.WriteAllText(Path.Combine(_directory, "resolved.es.email.subject.hbs"), "Resuelta\n{{#if surveyUrl}}");

        var act = () => NotificationRenderer.Create(NotificationTemplates.BuiltIn.WithDirectory(_directory));

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Select(e => e.Field)
            .Should().Equal("closed.en.sms.txt.hbs", "resolved.es.email.subject(2,1)");
    }

    [Fact]
    public void WithDirectory_FileThatNeverEnds_FailsNamingTheFile()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // no endless file to link to on this system
        }

        File.CreateSymbolicLink(Path.Combine(_directory, "closed.en.sms.text.hbs"), "/dev/zero");

        var act = () => NotificationTemplates.BuiltIn.WithDirectory(_directory);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        (error.Field, error.Code).Should().Be(("closed.en.sms.text.hbs", ValidationErrorCodes.TooLong));
        error.Message.Should().Contain("closed.en.sms.text.hbs").And.Contain("not read further");
    }

    [Fact]
    public void WithDirectory_FilePastTheByteLimit_FailsAndOneAtTheLimitIsReportedAsTooLong()
    {
        var path = Path.Combine(_directory, "closed.en.push.body.hbs");
        File.WriteAllBytes(path, new byte[NotificationTemplatesFileExtensions.MaxFileBytes + 1]);

        var act = () => NotificationTemplates.BuiltIn.WithDirectory(_directory);

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Single().Field.Should().Be("closed.en.push.body.hbs");
        File.WriteAllText(path, new string('x', NotificationTemplates.MaxTemplateLength + 1));
        NotificationRenderer.TryCreate(NotificationTemplates.BuiltIn.WithDirectory(_directory), null, out _, out var problems).Should().BeFalse();
        problems.Should().ContainSingle().Which.Code.Should().Be(TemplateProblemCodes.TooLong);
    }

    [Fact]
    public void WithDirectory_Missing_Throws()
    {
        var act = () => NotificationTemplates.BuiltIn.WithDirectory(Path.Combine(_directory, "nope"));

        act.Should().Throw<DirectoryNotFoundException>();
    }
}
