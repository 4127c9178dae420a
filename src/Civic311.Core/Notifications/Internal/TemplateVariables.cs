using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;

namespace Civic311.Notifications;

/// <summary>What a template variable holds, for the checks made at start-up.</summary>
internal enum VariableType
{
    Text = 0,
    Instant = 1,
    Duration = 2,
}

/// <summary>The template variables of <see cref="NotificationData"/>: their names, types and how to read them for one render.</summary>
internal static class TemplateVariables
{
    private static readonly (string Name, VariableType Type, Func<TemplateScope, object?> Read)[] All =
    [
        ("trackingNumber", VariableType.Text, s => s.Data.TrackingNumber),
        ("serviceCode", VariableType.Text, s => s.Data.ServiceCode),
        ("serviceName", VariableType.Text, s => s.Data.ServiceName),
        ("description", VariableType.Text, s => s.Data.Description),
        ("address", VariableType.Text, s => s.Data.Address),
        ("district", VariableType.Text, s => s.Data.District),
        ("status", VariableType.Text, s => s.Words.Status(s.Data.Status)),
        ("previousStatus", VariableType.Text, s => s.Data.PreviousStatus is { } previous ? s.Words.Status(previous) : null),
        ("priority", VariableType.Text, s => s.Words.Priority(s.Data.Priority)),
        ("requestedAt", VariableType.Instant, s => s.Instant(s.Data.RequestedAt)),
        ("expectedAt", VariableType.Instant, s => s.Instant(s.Data.ExpectedAt)),
        ("occurredAt", VariableType.Instant, s => s.Instant(s.Data.OccurredAt)),
        ("holdReason", VariableType.Text, s => s.Data.HoldReason),
        ("note", VariableType.Text, s => s.Data.Note),
        ("resolutionCode", VariableType.Text, s => s.Data.ResolutionCode),
        ("resolutionNote", VariableType.Text, s => s.Data.ResolutionNote),
        ("surveyUrl", VariableType.Text, s => s.Data.SurveyUrl),
        ("statusUrl", VariableType.Text, s => s.Data.StatusUrl),
        ("duplicateOf", VariableType.Text, s => s.Data.DuplicateOf),
        ("agencyCode", VariableType.Text, s => s.Data.AgencyCode),
        ("agencyName", VariableType.Text, s => s.Data.AgencyName),
        ("queue", VariableType.Text, s => s.Data.Queue),
        ("assignee", VariableType.Text, s => s.Data.Assignee),
        ("centerName", VariableType.Text, s => s.Data.CenterName),
        ("centerPhone", VariableType.Text, s => s.Data.CenterPhone),
        ("residentName", VariableType.Text, s => s.Data.ResidentName),
        ("slaKpi", VariableType.Text, s => s.Data.SlaKpi is { } kpi ? s.Words.Kpi(kpi) : null),
        ("slaDueAt", VariableType.Instant, s => s.Instant(s.Data.SlaDueAt)),
        ("slaWarningAt", VariableType.Instant, s => s.Instant(s.Data.SlaWarningAt)),
        ("escalateTo", VariableType.Text, s => s.Data.EscalateTo),
        ("slaTimeLeft", VariableType.Duration, s => s.Duration(s.Data.SlaTimeLeft)),
        ("slaOverdueBy", VariableType.Duration, s => s.Duration(s.Data.SlaOverdueBy)),
    ];

    public static readonly FrozenDictionary<string, (VariableType Type, Func<TemplateScope, object?> Read)> ByName =
        All.ToFrozenDictionary(v => v.Name, v => (v.Type, v.Read), StringComparer.Ordinal);

    public static IEnumerable<string> Names => All.Select(v => v.Name);

    /// <summary>A variable's value as templates see it: empty text is no value, so 'if note' skips an empty note in Scriban and Liquid alike.</summary>
    public static object? ValueOf(Func<TemplateScope, object?> read, TemplateScope scope) =>
        read(scope) is { } value && (value is not string text || text.Length > 0) ? value : null;

    /// <summary>The variable whose name differs from <paramref name="name"/> only in case, for a "did you mean" hint.</summary>
    public static string? CaseInsensitiveMatch(string name) =>
        All.Select(v => v.Name).FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
}
