using System;
using System.IO;
using System.Linq;
using Civic311.Notifications.Channels;

namespace Civic311.Notifications.Tests;

/// <summary>Overrides from a directory of {event}.{language}.{channel}.{part}.scriban (Scriban) and .liquid (Liquid) files.</summary>
public sealed class TemplateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("civic311-templates-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void WithDirectory_NamedFiles_OverrideTheBuiltInTemplates()
    {
        File.WriteAllText(Path.Combine(_directory, "closed.es-PA.sms.text.liquid"), "Caso {{ trackingNumber }} cerrado.{% if note %} {{ note }}{% endif %} ¡Gracias!");
        File.WriteAllText(Path.Combine(_directory, "closed.en.push.title.scriban"), "Done: {{ trackingNumber }}{{ if note }} ({{ note }}){{ end }}");
        File.WriteAllText(Path.Combine(_directory, "readme.txt"), "not a template");

        var templates = NotificationTemplates.BuiltIn.WithDirectory(_directory);
        var renderer = NotificationRenderer.Create(templates);

        templates.Count.Should().Be(NotificationTemplates.BuiltIn.Count + 1, "one file adds es-PA, the other replaces a built-in");
        var key = new NotificationTemplateKey(NotificationKind.Closed, "es-PA", ChannelKind.Sms, TemplatePart.Text);
        templates.TryGetSource(key, out _, out var syntax).Should().BeTrue();
        syntax.Should().Be(TemplateSyntax.Liquid, "the extension says which syntax a file uses");
        renderer.Render(NotificationKind.Closed, ChannelKind.Sms, Samples.Base, "+507", "es-PA", "k").TextBody.Should().Be("Caso 311-26-0001234 cerrado. ¡Gracias!");
        renderer.Render(NotificationKind.Closed, ChannelKind.Sms, Samples.Base with { Note = "Listo." }, "+507", "es-PA", "k").TextBody.Should().Be("Caso 311-26-0001234 cerrado. Listo. ¡Gracias!");
        renderer.Render(NotificationKind.Closed, ChannelKind.Push, Samples.Base, "device", "en", "k").Subject.Should().Be("Done: 311-26-0001234");
        renderer.Render(NotificationKind.Closed, ChannelKind.Push, Samples.Base, "device", "es", "k").Subject.Should().Be("Solicitud 311-26-0001234 cerrada");
    }

    [Fact]
    public void WithDirectory_BadFiles_AreAllReportedAtStartWithTheirNames()
    {
        File.WriteAllText(Path.Combine(_directory, "closed.en.sms.txt.scriban"), "x");
        File.WriteAllText(Path.Combine(_directory, "resolved.es.email.subject.scriban"), "Resuelta\n{{ if surveyUrl }}");
        File.WriteAllText(Path.Combine(_directory, "resolved.es.email.text.liquid"), "Resuelta {{ surveyUrl }}\n{% if surveyUrl %}");
        File.WriteAllText(Path.Combine(_directory, "on-hold.en.sms.text.hbs"), "{{#if holdReason}}{{holdReason}}{{/if}}");

        var act = () => NotificationRenderer.Create(NotificationTemplates.BuiltIn.WithDirectory(_directory));

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Select(e => e.Field)
            .Should().Equal("closed.en.sms.txt.scriban", "on-hold.en.sms.text.hbs", "resolved.es.email.subject(2,4)", "resolved.es.email.text(2,4)");
    }

    [Fact]
    public void WithDirectory_TheReadmesScribanAndLiquidExamples_RenderTheSameMessage()
    {
        // The two on-hold SMS overrides README.md shows, one per syntax.
        const string Scriban = "{{ centerName }}: su solicitud {{ trackingNumber }} está en espera.{{ if holdReason }} Necesitamos: {{ holdReason }}.{{ end }}"
            + "{{ if expectedAt }} Fecha prevista: {{ expectedAt | date \"d\" }}.{{ end }}";
        const string Liquid = "{{ centerName }}: su solicitud {{ trackingNumber }} está en espera.{% if holdReason %} Necesitamos: {{ holdReason }}.{% endif %}"
            + "{% if expectedAt %} Fecha prevista: {{ expectedAt | date: \"d\" }}.{% endif %}";
        var data = Samples.For(NotificationKind.OnHold);
        var rendered = new string?[2];
        foreach (var (file, source, index) in (ValueTuple<string, string, int>[])[("on-hold.es.sms.text.scriban", Scriban, 0), ("on-hold.es.sms.text.liquid", Liquid, 1)])
        {
            File.WriteAllText(Path.Combine(_directory, file), source);
            rendered[index] = NotificationRenderer.Create(NotificationTemplates.BuiltIn.WithDirectory(_directory))
                .Render(NotificationKind.OnHold, ChannelKind.Sms, data, "+507", "es", "k").TextBody;
            File.Delete(Path.Combine(_directory, file));
        }

        rendered[0].Should().Be("Centro 311 de Panamá: su solicitud 311-26-0001234 está en espera. Necesitamos: a photo of the pothole and the nearest house number. Fecha prevista: 24/11/2026.");
        rendered[1].Should().Be(rendered[0]);
    }

    [Fact]
    public void WithDirectory_ScribanAndLiquidFilesForOneTemplate_AreRefusedNamingBoth()
    {
        File.WriteAllText(Path.Combine(_directory, "closed.en.sms.text.liquid"), "a");
        File.WriteAllText(Path.Combine(_directory, "closed.en.sms.text.scriban"), "b");

        var act = () => NotificationTemplates.BuiltIn.WithDirectory(_directory);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        (error.Field, error.Code).Should().Be(("closed.en.sms.text.scriban", ValidationErrorCodes.Duplicate));
        error.Message.Should().Contain("closed.en.sms.text.liquid");
    }

    [Fact]
    public void WithDirectory_FileThatNeverEnds_FailsNamingTheFile()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // no endless file to link to on this system
        }

        File.CreateSymbolicLink(Path.Combine(_directory, "closed.en.sms.text.scriban"), "/dev/zero");

        var act = () => NotificationTemplates.BuiltIn.WithDirectory(_directory);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        (error.Field, error.Code).Should().Be(("closed.en.sms.text.scriban", ValidationErrorCodes.TooLong));
        error.Message.Should().Contain("closed.en.sms.text.scriban").And.Contain("not read further");
    }

    [Fact]
    public void WithDirectory_FilePastTheByteLimit_FailsAndOneAtTheLimitIsReportedAsTooLong()
    {
        var path = Path.Combine(_directory, "closed.en.push.body.scriban");
        File.WriteAllBytes(path, new byte[NotificationTemplatesFileExtensions.MaxFileBytes + 1]);

        var act = () => NotificationTemplates.BuiltIn.WithDirectory(_directory);

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Single().Field.Should().Be("closed.en.push.body.scriban");
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
