using System.Collections.Generic;
using System.Linq;
using Civic311.Notifications;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Core.Tests.Notifications;

/// <summary>
/// The direct plan of a template writes exactly what the Scriban sandbox writes for the same syntax tree and values: every
/// built-in template has a plan, and both renderings agree on hostile, empty and full data in every language.
/// </summary>
public sealed class TemplatePlanTests
{
    private static readonly NotificationData Full = new("311-26-0001234")
    {
        ServiceCode = "POTHOLE",
        ServiceName = "Bache en la vía",
        Description = "Hueco \"profundo\" <Calle 50> & 'más' `=`",
        Address = "Vía España y Calle 50",
        District = "Bella Vista",
        Status = ServiceRequestStatus.Resolved,
        PreviousStatus = ServiceRequestStatus.InProgress,
        Priority = Priority.High,
        RequestedAt = Instant.FromUtc(2026, 11, 16, 14, 30),
        ExpectedAt = Instant.FromUtc(2026, 11, 24, 22, 0),
        OccurredAt = Instant.FromUtc(2026, 11, 23, 19, 30),
        HoldReason = "una foto",
        Note = "Nota",
        ResolutionCode = "FIXED",
        ResolutionNote = "Listo",
        SurveyUrl = "https://311.example.pa/survey?t=1&x=2",
        StatusUrl = "https://311.example.pa/s/1",
        DuplicateOf = "311-26-0000001",
        AgencyCode = "MOP",
        AgencyName = "Ministerio de Obras Públicas",
        TimeZone = DateTimeZoneProviders.Tzdb["America/Panama"],
        Queue = "MOP-VIAS",
        Assignee = "Cuadrilla 12",
        CenterName = "Centro 311",
        CenterPhone = "311",
        ResidentName = "Ana",
        SlaKpi = "resolution",
        SlaDueAt = Instant.FromUtc(2026, 11, 24, 22, 0),
        SlaWarningAt = Instant.FromUtc(2026, 11, 23, 22, 0),
        EscalateTo = "Supervisora",
    };

    public static TheoryData<string> BuiltInNames() => [.. NotificationTemplates.BuiltIn.Keys.Select(k => k.Name).Order(System.StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(BuiltInNames))]
    public void Every_built_in_template_has_a_plan_that_writes_what_the_sandbox_writes(string name)
    {
        NotificationTemplateKey.TryParse(name, out var key).Should().BeTrue();
        NotificationTemplates.BuiltIn.TryGetSource(key!, out var source, out var syntax).Should().BeTrue();

        AssertSame(source!, syntax, key!.Part == TemplatePart.Html, key.Language);
    }

    [Theory]
    [InlineData("{% if note %}a {{ note }}{% elsif holdReason %}b{% else %}c{% endif %}{% unless expectedAt %}none{% endunless %}")]
    [InlineData("{{ expectedAt | date: \"dddd d 'de' MMMM\" }} {{ expectedAt | date }} {{ slaTimeLeft | duration }} {{ \"<b>\" | raw }} {{ \"<i>\" }}")]
    [InlineData("{%- if description -%}\n  {{ description }}\n{%- endif -%}\n{{ trackingNumber }}")]
    public void Liquid_templates_with_a_plan_write_what_the_sandbox_writes(string source)
    {
        AssertSame(source, TemplateSyntax.Liquid, html: true, "es");
        AssertSame(source, TemplateSyntax.Liquid, html: false, "en");
    }

    [Theory]
    [InlineData("{{ x = note }}{{ x }}")]
    [InlineData("{{ for i in 1..2 }}{{ i }}{{ end }}")]
    [InlineData("{{ note | string.upcase }}")]
    [InlineData("{{ if note != null }}x{{ end }}")]
    public void Templates_using_more_than_values_and_conditions_have_no_plan(string source)
    {
        var issues = new List<TemplateIssue>();
        var parsed = TemplateChecker.Check(source, TemplateSyntax.Scriban, html: true, issues);

        issues.Should().BeEmpty();
        TemplatePlan.TryCompile(parsed!.Page!, html: true, source.Length).Should().BeNull();
    }

    private static void AssertSame(string source, TemplateSyntax syntax, bool html, string language)
    {
        var issues = new List<TemplateIssue>();
        var parsed = TemplateChecker.Check(source, syntax, html, issues);
        issues.Should().BeEmpty();
        var plan = TemplatePlan.TryCompile(parsed!.Page!, html, source.Length);
        plan.Should().NotBeNull("the template uses only text, values, conditions, date, duration and raw literals");
        foreach (var tag in (string[])[language, language + "-PA", language + "-US"])
        {
            foreach (var data in (NotificationData[])[TrialData.Hostile, TrialData.Empty, Full])
            {
                var scope = new TemplateScope(data, TemplateCultures.For(tag, language), TemplateWords.For(language));
                plan!.Render(scope).Should().Be(TemplateSandbox.For(html, syntax).Render(parsed, scope), $"{tag}, tracking number {data.TrackingNumber}");
            }
        }
    }
}
