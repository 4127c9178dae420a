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

    /// <summary>
    /// Gets or sets the id of the business calendar every target of the policy runs on (unless a target names its own),
    /// whatever agency or queue owns the request: an emergency type on a 24x7 calendar inside an office-hours agency.
    /// <see langword="null"/> for the owning agency's calendar (a reassignment to another agency then moves the clocks to its calendar).
    /// </summary>
    public string? Calendar { get; set; }

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
    /// <c>{"serviceCode":"POTHOLE","targets":[{"kpi":"resolution","kind":"businessDays","days":5,"dayEnd":"closingOfDay"}]}</c>).
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

/// <summary>
/// One target of an <see cref="SlaPolicyDefinition"/>. The factories build the common ones; the docs' SLA rules table shows
/// what each kind, day end and start rule gives on the same arrivals.
/// </summary>
public sealed class SlaTargetDefinition
{
    /// <summary>Gets or sets the KPI: <c>firstResponse</c>, <c>resolution</c> or an integrator's own.</summary>
    public string? Kpi { get; set; }

    /// <summary>Gets or sets how the target is measured.</summary>
    public SlaTimeKind Kind { get; set; }

    /// <summary>
    /// Gets or sets the length for business or calendar time: a number and a unit, <c>m</c> (minutes) or <c>h</c> (hours),
    /// for example <c>30m</c>, <c>4h</c>, <c>1.5h</c>. A day is refused as ambiguous: use <see cref="SlaTimeKind.BusinessDays"/>
    /// or <see cref="SlaTimeKind.CalendarDays"/> with <see cref="Days"/>, or a number of hours.
    /// </summary>
    public string? Amount { get; set; }

    /// <summary>Gets or sets the number of days for <see cref="SlaTimeKind.BusinessDays"/> and <see cref="SlaTimeKind.CalendarDays"/>.</summary>
    public int Days { get; set; }

    /// <summary>Gets or sets where a business-days target ends.</summary>
    /// <value>Defaults to <see cref="BusinessDayEnd.SameTimeOfDay"/>.</value>
    public BusinessDayEnd DayEnd { get; set; }

    /// <summary>Gets or sets when the clock starts counting.</summary>
    /// <value>Defaults to <see cref="SlaClockStart.AtArrival"/>.</value>
    public SlaClockStart Start { get; set; }

    /// <summary>
    /// Gets or sets the id of the business calendar this target runs on; <see langword="null"/> for the policy's
    /// (<see cref="SlaPolicyDefinition.Calendar"/>), else the owning agency's.
    /// </summary>
    public string? Calendar { get; set; }

    /// <summary>A target in hours of open time of the calendar.</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="hours">How many hours of open time; positive (1.5 is an hour and a half).</param>
    /// <param name="start">When the clock starts.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException">The hours are not a positive number.</exception>
    public static SlaTargetDefinition BusinessHours(string kpi, double hours, SlaClockStart start = SlaClockStart.AtArrival) =>
        new() { Kpi = kpi, Kind = SlaTimeKind.BusinessTime, Amount = Hours(hours), Start = start };

    /// <summary>A target in elapsed hours, whatever the calendar.</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="hours">How many hours; positive.</param>
    /// <param name="start">When the clock starts.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException">The hours are not a positive number.</exception>
    public static SlaTargetDefinition CalendarHours(string kpi, double hours, SlaClockStart start = SlaClockStart.AtArrival) =>
        new() { Kpi = kpi, Kind = SlaTimeKind.CalendarTime, Amount = Hours(hours), Start = start };

    /// <summary>A target of N working days.</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="days">How many working days.</param>
    /// <param name="end">Where the last day ends.</param>
    /// <param name="start">When the clock starts.</param>
    /// <returns>The definition.</returns>
    public static SlaTargetDefinition BusinessDays(string kpi, int days, BusinessDayEnd end = BusinessDayEnd.SameTimeOfDay, SlaClockStart start = SlaClockStart.AtArrival) =>
        new() { Kpi = kpi, Kind = SlaTimeKind.BusinessDays, Days = days, DayEnd = end, Start = start };

    /// <summary>A target of N local dates later at the same local time of day.</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="days">How many days.</param>
    /// <param name="start">When the clock starts.</param>
    /// <returns>The definition.</returns>
    public static SlaTargetDefinition CalendarDays(string kpi, int days, SlaClockStart start = SlaClockStart.AtArrival) =>
        new() { Kpi = kpi, Kind = SlaTimeKind.CalendarDays, Days = days, Start = start };

    private static string Hours(double hours) =>
        hours is > 0 and <= 10_000_000 // NaN fails both; the validation bounds it more finely
            ? ((decimal)hours).ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture) + "h"
            : throw new System.ArgumentOutOfRangeException(nameof(hours), hours, "The hours must be a positive number.");
}
