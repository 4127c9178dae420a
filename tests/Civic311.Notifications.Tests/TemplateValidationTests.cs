using System;
using System.Linq;

namespace Civic311.Notifications.Tests;

/// <summary>Every template is checked at start-up; every problem is reported with name, language, channel, line and column.</summary>
public sealed class TemplateValidationTests
{
    [Fact]
    public void TryCreate_BuiltInTemplates_HaveNoProblem()
    {
        NotificationRenderer.TryCreate(NotificationTemplates.BuiltIn, null, out var renderer, out var problems).Should().BeTrue();

        problems.Should().BeEmpty();
        renderer.Should().NotBeNull();
        NotificationTemplates.BuiltIn.Count.Should().Be(11 * 2 * 6, "11 events × 2 languages × (3 e-mail + 1 SMS + 2 push) parts");
    }

    [Fact]
    public void TryCreate_UnclosedBlock_ReportsNameLanguageChannelLineAndColumn()
    {
        var templates = NotificationTemplates.BuiltIn.With(NotificationKind.Resolved, "es", ChannelKind.Email, TemplatePart.Text,
            "Hola,\n\nSu solicitud {{trackingNumber}}\n  {{#if surveyUrl}}Encuesta: {{surveyUrl}}\n");

        var problem = SingleProblem(templates);

        problem.Name.Should().Be("resolved.es.email.text");
        problem.Language.Should().Be("es");
        problem.Channel.Should().Be(ChannelKind.Email);
        problem.Key!.Part.Should().Be(TemplatePart.Text);
        (problem.Line, problem.Column).Should().Be((4, 3));
        problem.Code.Should().Be(TemplateProblemCodes.Syntax);
        problem.Message.Should().Contain("{{#if}}").And.Contain("never closed");
    }

    [Fact]
    public void TryCreate_UnknownVariableInsideIfBlock_IsReportedWithItsPosition()
    {
        var templates = NotificationTemplates.BuiltIn.With(NotificationKind.OnHold, "en", ChannelKind.Sms, TemplatePart.Text,
            "Request {{trackingNumber}} is on hold.{{#if holdReason}}\nWe need: {{holdreason}}{{/if}}");

        var problem = SingleProblem(templates);

        problem.Name.Should().Be("on-hold.en.sms.text");
        problem.Channel.Should().Be(ChannelKind.Sms);
        (problem.Line, problem.Column).Should().Be((2, 10));
        problem.Code.Should().Be(TemplateProblemCodes.UnknownVariable);
        problem.Message.Should().Contain("'holdreason'").And.Contain("Did you mean 'holdReason'?");
    }

    [Theory]
    [InlineData("{{#if expectedAt}}x{{else}}{{nope}}{{/if}}", 1, 28, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{#unless nope}}x{{/unless}}", 1, 1, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{#if nope}}x{{/if}}", 1, 1, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{#each items}}x{{/each}}", 1, 1, TemplateProblemCodes.UnknownHelper)]
    [InlineData("{{this}}", 1, 1, TemplateProblemCodes.UnknownVariable)]
    [InlineData("x {{shout trackingNumber}}", 1, 3, TemplateProblemCodes.UnknownHelper)]
    [InlineData("{{> footer}}", 1, 1, TemplateProblemCodes.UnknownHelper)]
    [InlineData("{{{description}}}", 1, 1, TemplateProblemCodes.RawOutput)]
    [InlineData("{{&description}}", 1, 1, TemplateProblemCodes.RawOutput)]
    [InlineData("{{date description}}", 1, 1, TemplateProblemCodes.WrongType)]
    [InlineData("{{duration expectedAt}}", 1, 1, TemplateProblemCodes.WrongType)]
    [InlineData("{{request.trackingNumber}}", 1, 1, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{../trackingNumber}}", 1, 1, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{@index}}", 1, 1, TemplateProblemCodes.UnknownVariable)]
    [InlineData("a\nb {{trackingNumber}", 2, 3, TemplateProblemCodes.Syntax)]
    [InlineData("{{#if status}}x{{/unless}}", 1, 16, TemplateProblemCodes.Syntax)]
    [InlineData("x{{/if}}", 1, 2, TemplateProblemCodes.Syntax)]
    [InlineData("x{{else}}y", 1, 2, TemplateProblemCodes.Syntax)]
    [InlineData("{{!-- never closed", 1, 1, TemplateProblemCodes.Syntax)]
    [InlineData("{{}}", 1, 1, TemplateProblemCodes.Syntax)]
    public void TryCreate_BadTemplate_ReportsTheProblemWhereItIs(string source, int line, int column, string code)
    {
        var templates = NotificationTemplates.BuiltIn.With(NotificationKind.Closed, "en", ChannelKind.Push, TemplatePart.Body, source);

        var problem = SingleProblem(templates);

        problem.Name.Should().Be("closed.en.push.body");
        (problem.Line, problem.Column, problem.Code).Should().Be((line, column, code));
    }

    [Theory]
    [InlineData("{{!-- {{nope}} --}}{{trackingNumber}}")]
    [InlineData("{{! short comment }}{{trackingNumber}}")]
    [InlineData("\\{{literal}} {{trackingNumber}}")]
    [InlineData("{{~#if note~}} {{note}} {{~else~}} none {{~/if~}}")]
    [InlineData("{{#if note}}a{{else if holdReason}}b{{else}}c{{/if}}")]
    [InlineData("{{date expectedAt}} {{date requestedAt \"dddd d 'de' MMMM\"}} {{duration slaTimeLeft}} {{@root.trackingNumber}} {{this.queue}}")]
    public void TryCreate_ValidHandlebars_IsAccepted(string source)
    {
        var templates = NotificationTemplates.BuiltIn.With(NotificationKind.Closed, "en", ChannelKind.Push, TemplatePart.Body, source);

        NotificationRenderer.TryCreate(templates, null, out _, out var problems).Should().BeTrue(string.Join("; ", problems));
    }

    [Fact]
    public void Create_SeveralBadTemplates_ThrowsListingEveryProblem()
    {
        var templates = NotificationTemplates.BuiltIn
            .With(NotificationKind.Resolved, "es", ChannelKind.Email, TemplatePart.Subject, "Resuelta {{trackingNumbr}}")
            .With(NotificationKind.Resolved, "es", ChannelKind.Email, TemplatePart.Html, "<p>{{#if surveyUrl}}<a href=\"{{surveyUrl}}\">x</a></p>")
            .With(NotificationKind.Closed, "fr", ChannelKind.Sms, TemplatePart.Text, "Fermée {{trackingNumber}} {{couleur}} {{taille}}")
            .WithNamed("closed.fr.fax.text.hbs", "x")
            .With(NotificationKind.Closed, "fr", ChannelKind.Push, TemplatePart.Title, "Fermée");

        var act = () => NotificationRenderer.Create(templates);

        var exception = act.Should().Throw<Civic311ValidationException>().Which;
        exception.Errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("closed.fr.fax.text.hbs", TemplateProblemCodes.InvalidName),
            ("closed.fr.push.body", TemplateProblemCodes.Missing),
            ("closed.fr.sms.text(1,27)", TemplateProblemCodes.UnknownVariable),
            ("closed.fr.sms.text(1,39)", TemplateProblemCodes.UnknownVariable),
            ("resolved.es.email.html(1,4)", TemplateProblemCodes.Syntax),
            ("resolved.es.email.subject(1,10)", TemplateProblemCodes.UnknownVariable),
        });
        exception.Message.Should().Contain("6 problems").And.Contain("trackingNumbr").And.Contain("couleur").And.Contain("taille");
    }

    [Fact]
    public void TryCreate_MissingDefaultLanguageTemplates_ReportsEachEventAndChannel()
    {
        var templates = NotificationTemplates.Empty
            .With(NotificationKind.Closed, "es", ChannelKind.Sms, TemplatePart.Text, "Cerrada {{trackingNumber}}");

        NotificationRenderer.TryCreate(templates, null, out var renderer, out var problems).Should().BeFalse();

        renderer.Should().BeNull();
        problems.Should().OnlyContain(p => p.Code == TemplateProblemCodes.Missing && p.Language == "en");
        problems.Should().HaveCount(11 * 3, "every event lacks e-mail, SMS and push (webhook falls back to push and is not reported twice)");
        problems.Should().Contain(p => p.Name == "sla-breached.en.email.subject");
    }

    [Fact]
    public void TryCreate_InvalidDefaultLanguage_IsReported()
    {
        NotificationRenderer.TryCreate(NotificationTemplates.BuiltIn, new NotificationRendererOptions { DefaultLanguage = "english!" }, out _, out var problems)
            .Should().BeFalse();

        problems.Should().ContainSingle().Which.Name.Should().Be("options.defaultLanguage");
    }

    [Fact]
    public void TryParse_TemplateNames_FollowTheFileNamingConvention()
    {
        NotificationTemplateKey.TryParse("sla-nearing-breach.es-pa.WEBHOOK.title", out var key).Should().BeTrue();
        key.Should().Be(new NotificationTemplateKey(NotificationKind.SlaNearingBreach, "es-PA", ChannelKind.Webhook, TemplatePart.Title));
        key!.Name.Should().Be("sla-nearing-breach.es-PA.webhook.title");

        NotificationTemplateKey.TryParse("resolved.es.sms.html", out _).Should().BeFalse("SMS has no html part");
        NotificationTemplateKey.TryParse("resolved.es.email", out _).Should().BeFalse();
        NotificationTemplateKey.TryParse("fixed.es.email.subject", out _).Should().BeFalse();
        var act = () => new NotificationTemplateKey(NotificationKind.Closed, "en", ChannelKind.Push, TemplatePart.Html);
        act.Should().Throw<ArgumentException>();
    }

    private static TemplateProblem SingleProblem(NotificationTemplates templates)
    {
        NotificationRenderer.TryCreate(templates, null, out var renderer, out var problems).Should().BeFalse();
        renderer.Should().BeNull();
        return problems.Should().ContainSingle().Subject;
    }
}
