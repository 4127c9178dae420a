using System;
using Civic311.Internal;
using NodaTime;

namespace Civic311.Sla;

/// <summary>How an SLA target is measured.</summary>
public enum SlaTimeKind
{
    /// <summary>Open time of the agency's business calendar (hours and minutes of business time).</summary>
    BusinessTime = 0,

    /// <summary>Elapsed wall-clock time, whatever the calendar (a 24-hour emergency target).</summary>
    CalendarTime = 1,

    /// <summary>Working days of the business calendar, ending as <see cref="BusinessDayRule"/> says.</summary>
    BusinessDays = 2,
}

/// <summary>
/// Where "N business days" ends. Day 0 is the local date the clock starts on; the target is the Nth working day after it
/// (a working day is a local date with open time).
/// </summary>
public enum BusinessDayRule
{
    /// <summary>At the same local time as the start, on the Nth working day.</summary>
    SameLocalTime = 0,

    /// <summary>At the last closing time of the Nth working day.</summary>
    EndOfDay = 1,

    /// <summary>At the first opening after the Nth working day (real 311 data has targets at 08:30 of a working day).</summary>
    StartOfNextDay = 2,
}

/// <summary>One SLA target: which KPI (first response, resolution, …) and how long, measured how.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record SlaTarget
{
    /// <summary>The KPI of the first response to the resident.</summary>
    public const string FirstResponse = "firstResponse";

    /// <summary>The KPI of the resolution.</summary>
    public const string Resolution = "resolution";

    private SlaTarget(string kpi, SlaTimeKind kind, Duration amount, int businessDays, BusinessDayRule dayRule)
    {
        Kpi = kpi;
        Kind = kind;
        Amount = amount;
        Days = businessDays;
        DayRule = dayRule;
    }

    /// <summary>Gets the KPI, for example <see cref="FirstResponse"/> or <see cref="Resolution"/>.</summary>
    public string Kpi { get; }

    /// <summary>Gets how the target is measured.</summary>
    public SlaTimeKind Kind { get; }

    /// <summary>Gets the target's length for <see cref="SlaTimeKind.BusinessTime"/> and <see cref="SlaTimeKind.CalendarTime"/>.</summary>
    public Duration Amount { get; }

    /// <summary>Gets the number of working days for <see cref="SlaTimeKind.BusinessDays"/>.</summary>
    public int Days { get; }

    /// <summary>Gets where a <see cref="SlaTimeKind.BusinessDays"/> target ends.</summary>
    public BusinessDayRule DayRule { get; }

    /// <summary>A target in business time (open hours of the calendar).</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="amount">How much business time; positive.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The KPI is empty or the amount is not positive.</exception>
    public static SlaTarget Business(string kpi, Duration amount) => new(CheckKpi(kpi), SlaTimeKind.BusinessTime, Positive(amount), 0, default);

    /// <summary>A target in wall-clock time, whatever the calendar.</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="amount">How long; positive.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The KPI is empty or the amount is not positive.</exception>
    public static SlaTarget Calendar(string kpi, Duration amount) => new(CheckKpi(kpi), SlaTimeKind.CalendarTime, Positive(amount), 0, default);

    /// <summary>A target of N working days.</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="days">How many working days, from 1 to 3660.</param>
    /// <param name="rule">Where the last day ends.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The KPI is empty, or the days or rule are out of range.</exception>
    public static SlaTarget BusinessDays(string kpi, int days, BusinessDayRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 3660);
        return new SlaTarget(CheckKpi(kpi), SlaTimeKind.BusinessDays, Duration.Zero, days, Guard.Defined(rule));
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SlaTimeKind.BusinessTime => $"{Kpi}: {Amount} business time",
        SlaTimeKind.CalendarTime => $"{Kpi}: {Amount} calendar time",
        _ => $"{Kpi}: {Days} business days ({DayRule})",
    };

    private static string CheckKpi(string kpi) => Guard.NotNullOrWhiteSpace(kpi).Trim();

    private static Duration Positive(Duration amount) =>
        amount > Duration.Zero ? amount : throw new ArgumentOutOfRangeException(nameof(amount), amount, "An SLA target must be longer than zero.");
}
