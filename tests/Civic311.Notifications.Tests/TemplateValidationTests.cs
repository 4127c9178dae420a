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
            "Hola,\n\nSu solicitud {{ trackingNumber }}\n  {{ if surveyUrl }}Encuesta: {{ surveyUrl }}\n");

        var problem = SingleProblem(templates);

        problem.Name.Should().Be("resolved.es.email.text");
        problem.Language.Should().Be("es");
        problem.Channel.Should().Be(ChannelKind.Email);
        problem.Key!.Part.Should().Be(TemplatePart.Text);
        (problem.Line, problem.Column).Should().Be((4, 6), "the 'if' that is never closed");
        problem.Code.Should().Be(TemplateProblemCodes.Syntax);
        problem.Message.Should().Contain("'if' block").And.Contain("never closed");
    }

    [Fact]
    public void TryCreate_UnknownVariableInsideIfBlock_IsReportedWithItsPosition()
    {
        var templates = NotificationTemplates.BuiltIn.With(NotificationKind.OnHold, "en", ChannelKind.Sms, TemplatePart.Text,
            "Request {{ trackingNumber }} is on hold.{{ if holdReason }}\nWe need: {{ holdreason }}{{ end }}");

        var problem = SingleProblem(templates);

        problem.Name.Should().Be("on-hold.en.sms.text");
        problem.Channel.Should().Be(ChannelKind.Sms);
        (problem.Line, problem.Column).Should().Be((2, 13));
        problem.Code.Should().Be(TemplateProblemCodes.UnknownVariable);
        problem.Message.Should().Contain("'holdreason'").And.Contain("Did you mean 'holdReason'?");
    }

    [Theory]
    [InlineData("{{ if expectedAt }}x{{ else }}{{ nope }}{{ end }}", 1, 34, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{ if !nope }}x{{ end }}", 1, 8, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{ if nope }}x{{ end }}", 1, 7, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{ for item in items }}x{{ end }}", 1, 16, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{ this }}", 1, 4, TemplateProblemCodes.UnknownVariable)]
    [InlineData("x {{ shout trackingNumber }}", 1, 6, TemplateProblemCodes.UnknownHelper)]
    [InlineData("{{ include \"footer\" }}", 1, 4, TemplateProblemCodes.UnknownHelper)]
    [InlineData("{{ import string }}", 1, 4, TemplateProblemCodes.UnknownHelper)]
    [InlineData("{{ object.eval description }}", 1, 4, TemplateProblemCodes.UnknownHelper)]
    [InlineData("{{ description | html.escape }}", 1, 18, TemplateProblemCodes.UnknownHelper)]
    [InlineData("{{ raw description }}", 1, 4, TemplateProblemCodes.RawOutput)]
    [InlineData("{{ description | raw }}", 1, 18, TemplateProblemCodes.RawOutput)]
    [InlineData("{{ date description }}", 1, 9, TemplateProblemCodes.WrongType)]
    [InlineData("{{ expectedAt | duration }}", 1, 4, TemplateProblemCodes.WrongType)]
    [InlineData("{{ expectedAt | date \"%d/%m\" }}", 1, 22, TemplateProblemCodes.InvalidFormat)]
    [InlineData("{{ request.trackingNumber }}", 1, 4, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{ expectedAt.Local }}", 1, 4, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{{ trackingNumber = \"x\" }}", 1, 4, TemplateProblemCodes.Syntax)]
    [InlineData("{{ string.last = description }}", 1, 4, TemplateProblemCodes.Syntax)]
    [InlineData("{{ math[\"x\"] = note }}", 1, 4, TemplateProblemCodes.Syntax)]
    [InlineData("a\nb {{ trackingNumber ) }}", 2, 21, TemplateProblemCodes.Syntax)]
    [InlineData("{{ if status }}x{{ endd }}", 1, 4, TemplateProblemCodes.Syntax)]
    [InlineData("{{ if status }}{{ for i in 1..2 }}x{{ end }}", 1, 4, TemplateProblemCodes.Syntax)]
    [InlineData("x{{ end }}", 1, 7, TemplateProblemCodes.Syntax)]
    [InlineData("{{ for i in 1..2000 }}x{{ end }}", 1, 14, TemplateProblemCodes.LimitExceeded)]
    [InlineData("{{ func f(n) }}{{ f(n + 1) }}{{ end }}{{ f 1 }}", 1, 19, TemplateProblemCodes.LimitExceeded)]
    [InlineData("{{ func g(n) }}{{ if n > 0 }}{{ g(n - 1) }}{{ g(n - 1) }}{{ end }}{{ end }}{{ g 25 }}", 1, 14, TemplateProblemCodes.LimitExceeded)]
    [InlineData("{{ for i in 1..900 }}{{ string.pad_left \"x\" 1000 }}{{ end }}", 1, 20, TemplateProblemCodes.LimitExceeded)]
    [InlineData("{{ string.pad_left \"x\" 300000 }}", 1, 24, TemplateProblemCodes.LimitExceeded)]
    [InlineData("{{ with note }}x{{ end }}", 1, 9, TemplateProblemCodes.RenderFailed)]
    public void TryCreate_BadTemplate_ReportsTheProblemWhereItIs(string source, int line, int column, string code)
    {
        var templates = NotificationTemplates.BuiltIn.With(NotificationKind.Closed, "en", ChannelKind.Push, TemplatePart.Body, source);

        var problem = SingleProblem(templates);

        problem.Name.Should().Be("closed.en.push.body", problem.ToString());
        (problem.Line, problem.Column, problem.Code).Should().Be((line, column, code));
    }

    [Theory]
    [InlineData("{{## a comment naming nope ##}}{{ trackingNumber }}")]
    [InlineData("{%{ {{ nope }} }%} {{ trackingNumber }}")]
    [InlineData("{{~ if note ~}} {{ note }} {{~ else ~}} none {{~ end ~}}")]
    [InlineData("{{ if note }}a{{ else if holdReason }}b{{ else }}c{{ end }}")]
    [InlineData("{{ expectedAt | date }} {{ date requestedAt \"dddd d 'de' MMMM\" }} {{ slaTimeLeft | duration }} {{ duration slaOverdueBy }}")]
    [InlineData("{{ o = {} }}{{ o.queue = queue }}{{ o.queue }} {{ x = queue | string.upcase }}{{ x }} {{ for i in 1..3 }}{{ i }}{{ for.index }}{{ end }} {{ case status }}{{ when \"closed\" }}c{{ end }}")]
    [InlineData("{{ func greet(name) }}Hi {{ name }}{{ end }}{{ greet residentName }} {{ raw \"<br>\" }} {{ escape note }}")]
    public void TryCreate_ValidScriban_IsAccepted(string source)
    {
        var templates = NotificationTemplates.BuiltIn.With(NotificationKind.Closed, "en", ChannelKind.Push, TemplatePart.Body, source);

        NotificationRenderer.TryCreate(templates, null, out _, out var problems).Should().BeTrue(string.Join("; ", problems));
    }

    [Theory]
    [InlineData("{% if note %}a{% elsif holdReason %}b{% else %}c{% endif %} {% unless note %}none{% endunless %}")]
    [InlineData("{{ expectedAt | date: \"d\" }} {{ slaTimeLeft | duration }} {{ queue | upcase | append: \"!\" }}")]
    [InlineData("{% assign x = queue | downcase %}{{ x }} {% for i in (1..3) %}{{ forloop.index }}{% endfor %} {% comment %}{{ nope }}{% endcomment %}")]
    [InlineData("{% raw %}{{ nope }}{% endraw %} {% case status %}{% when \"closed\" %}c{% endcase %} {{ note | escape }}")]
    public void TryCreate_ValidLiquid_IsAccepted(string source)
    {
        var templates = NotificationTemplates.BuiltIn.With(NotificationKind.Closed, "en", ChannelKind.Push, TemplatePart.Body, source, TemplateSyntax.Liquid);

        NotificationRenderer.TryCreate(templates, null, out _, out var problems).Should().BeTrue(string.Join("; ", problems));
    }

    [Theory]
    [InlineData("{% if nope %}x{% endif %}", 1, 7, TemplateProblemCodes.UnknownVariable)]
    [InlineData("{% if note %}x", 1, 4, TemplateProblemCodes.Syntax)]
    [InlineData("{% if note %}{% for i in (1..2) %}x{% endfor %}", 1, 4, TemplateProblemCodes.Syntax)]
    [InlineData("{% include 'footer' %}", 1, 4, TemplateProblemCodes.UnknownHelper)]
    [InlineData("{{ description | raw }}", 1, 18, TemplateProblemCodes.RawOutput)]
    [InlineData("{{ expectedAt | date: \"%d/%m/%Y\" }}", 1, 23, TemplateProblemCodes.InvalidFormat)]
    [InlineData("{{ description | date: \"d\" }}", 1, 4, TemplateProblemCodes.WrongType)]
    [InlineData("{% for i in (1..5000) %}x{% endfor %}", 1, 15, TemplateProblemCodes.LimitExceeded)]
    public void TryCreate_BadLiquid_ReportsTheProblemWhereItIs(string source, int line, int column, string code)
    {
        var templates = NotificationTemplates.BuiltIn.With(NotificationKind.Closed, "en", ChannelKind.Push, TemplatePart.Body, source, TemplateSyntax.Liquid);

        var problem = SingleProblem(templates);

        (problem.Name, problem.Line, problem.Column, problem.Code).Should().Be(("closed.en.push.body", line, column, code), problem.ToString());
    }

    [Fact]
    public void TryCreate_CaptureInAnHtmlBody_IsRefusedAndAllowedInText()
    {
        const string Source = "{{ capture x }}<b>{{ note }}</b>{{ end }}{{ x }}";

        SingleProblem(NotificationTemplates.BuiltIn.With(NotificationKind.Closed, "en", ChannelKind.Email, TemplatePart.Html, Source)).Code.Should().Be(TemplateProblemCodes.Syntax);
        NotificationRenderer.TryCreate(NotificationTemplates.BuiltIn.With(NotificationKind.Closed, "en", ChannelKind.Email, TemplatePart.Text, Source), null, out _, out var problems)
            .Should().BeTrue(string.Join("; ", problems));
    }

    [Fact]
    public void Create_SeveralBadTemplates_ThrowsListingEveryProblem()
    {
        var templates = NotificationTemplates.BuiltIn
            .With(NotificationKind.Resolved, "es", ChannelKind.Email, TemplatePart.Subject, "Resuelta {{trackingNumbr}}")
            .With(NotificationKind.Resolved, "es", ChannelKind.Email, TemplatePart.Html, "<p>{{ if surveyUrl }}<a href=\"{{ surveyUrl }}\">x</a></p>")
            .With(NotificationKind.Closed, "fr", ChannelKind.Sms, TemplatePart.Text, "Fermée {{ trackingNumber }} {% if couleur %}{{ taille }}{% endif %}", TemplateSyntax.Liquid)
            .WithNamed("closed.fr.fax.text.scriban", "x")
            .WithNamed("closed.fr.email.text.hbs", "{{#if note}}x{{/if}}")
            .With(NotificationKind.Closed, "fr", ChannelKind.Push, TemplatePart.Title, "Fermée");

        var act = () => NotificationRenderer.Create(templates);

        var exception = act.Should().Throw<Civic311ValidationException>().Which;
        exception.Errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("closed.fr.email.text.hbs", TemplateProblemCodes.InvalidName),
            ("closed.fr.fax.text.scriban", TemplateProblemCodes.InvalidName),
            ("closed.fr.push.body", TemplateProblemCodes.Missing),
            ("closed.fr.sms.text(1,35)", TemplateProblemCodes.UnknownVariable),
            ("closed.fr.sms.text(1,48)", TemplateProblemCodes.UnknownVariable),
            ("resolved.es.email.html(1,7)", TemplateProblemCodes.Syntax),
            ("resolved.es.email.subject(1,12)", TemplateProblemCodes.UnknownVariable),
        });
        exception.Errors.Single(e => e.Field == "closed.fr.email.text.hbs").Message.Should().Contain("closed.fr.email.text.scriban").And.Contain(".liquid");
        exception.Message.Should().Contain("7 problems").And.Contain("trackingNumbr").And.Contain("couleur").And.Contain("taille");
    }

    [Fact]
    public void TryCreate_MissingDefaultLanguageTemplates_ReportsEachEventAndChannel()
    {
        var templates = NotificationTemplates.Empty
            .With(NotificationKind.Closed, "es", ChannelKind.Sms, TemplatePart.Text, "Cerrada {{ trackingNumber }}");

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
