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
    /// <summary>
    /// Gets or sets the policy's name, so that a routing rule can give it to the requests it routes (for example a faster
    /// policy for a district or for urgent liaison reports); <see langword="null"/> for an unnamed policy.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the service code the policy applies to; optional for a named policy that only routing gives.</summary>
    public string? ServiceCode { get; set; }

    /// <summary>Gets or sets the priority the policy applies to; <see langword="null"/> for every priority without a policy of its own.</summary>
    public Priority? Priority { get; set; }

    /// <summary>Gets or sets the warning threshold in percent of each target.</summary>
    /// <value>Defaults to 75.</value>
    public int WarningPercent { get; set; } = SlaClock.DefaultWarningPercent;

    /// <summary>
    /// Gets or sets whether putting a request on hold pauses its clocks (only business time inside the pause moves the
    /// deadlines). Set it to <see langword="false"/> when the agency answers for held requests too.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool PauseOnHold { get; set; } = true;

    /// <summary>
    /// Gets the hold reasons that pause the clocks (for example <c>waiting-for-resident</c>), compared with the reason given to
    /// <c>PutOnHoldAsync</c> exactly but case-insensitively, so use fixed reason codes. Empty: every hold pauses. A hold
    /// for another reason (say, the agency waiting for its own contractor) leaves the clocks running. The policy in force
    /// when the hold starts decides.
    /// </summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> PauseHoldReasons { get; } = new List<string>();

    /// <summary>Gets the targets, one per KPI.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<SlaTargetDefinition> Targets { get; } = new List<SlaTargetDefinition>();

    /// <summary>
    /// Reads a JSON array of policies (camelCase names, as the properties here; enums by name, for example
    /// <c>{"serviceCode":"POTHOLE","targets":[{"kpi":"resolution","kind":"businessDays","days":5,"dayRule":"endOfDay"}]}</c>).
    /// Add them to <c>Civic311Options.SlaPolicies</c>; they are validated with the options.
    /// </summary>
    /// <param name="utf8Json">The JSON stream.</param>
    /// <returns>The policies.</returns>
    /// <exception cref="Civic311ValidationException">The JSON is malformed or a value has the wrong type (the error names its path and line).</exception>
    public static IReadOnlyList<SlaPolicyDefinition> ListFromJson(System.IO.Stream utf8Json) =>
        Internal.ConfigurationJson.Read<List<SlaPolicyDefinition>>(utf8Json, "SLA policies JSON", "an array of SLA policies");

    /// <summary>Reads a JSON array of policies from a string.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The policies.</returns>
    /// <exception cref="Civic311ValidationException">The JSON is malformed or a value has the wrong type.</exception>
    public static IReadOnlyList<SlaPolicyDefinition> ListFromJson(string json) =>
        Internal.ConfigurationJson.Read<List<SlaPolicyDefinition>>(json, "SLA policies JSON", "an array of SLA policies");
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
