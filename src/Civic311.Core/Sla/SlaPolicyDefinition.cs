using System.Collections.Generic;
using System.Text.Json.Serialization;
using Civic311.Requests;

namespace Civic311.Sla;

/// <summary>
/// The SLA targets of a service type (optionally for one priority only): what is promised to the resident and measured
/// against the owning agency, on the agency's business calendar.
/// </summary>
public sealed class SlaPolicyDefinition
{
    /// <summary>Gets or sets the service code the policy applies to.</summary>
    public string? ServiceCode { get; set; }

    /// <summary>Gets or sets the priority the policy applies to; <see langword="null"/> for every priority without a policy of its own.</summary>
    public Priority? Priority { get; set; }

    /// <summary>Gets or sets the warning threshold in percent of each target.</summary>
    /// <value>Defaults to 75.</value>
    public int WarningPercent { get; set; } = SlaClock.DefaultWarningPercent;

    /// <summary>Gets the targets, one per KPI.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<SlaTargetDefinition> Targets { get; } = new List<SlaTargetDefinition>();
}

/// <summary>One target of an <see cref="SlaPolicyDefinition"/>.</summary>
public sealed class SlaTargetDefinition
{
    /// <summary>Gets or sets the KPI: <c>firstResponse</c>, <c>resolution</c> or an integrator's own.</summary>
    public string? Kpi { get; set; }

    /// <summary>Gets or sets how the target is measured.</summary>
    public SlaTimeKind Kind { get; set; }

    /// <summary>
    /// Gets or sets the length for business or calendar time: a number and a unit, <c>m</c> (minutes), <c>h</c> (hours) or
    /// <c>d</c> (24-hour days), for example <c>30m</c>, <c>4h</c>, <c>1.5h</c>, <c>3d</c>.
    /// </summary>
    public string? Amount { get; set; }

    /// <summary>Gets or sets the number of working days for <see cref="SlaTimeKind.BusinessDays"/>.</summary>
    public int Days { get; set; }

    /// <summary>Gets or sets where a business-days target ends.</summary>
    public BusinessDayRule DayRule { get; set; }
}
