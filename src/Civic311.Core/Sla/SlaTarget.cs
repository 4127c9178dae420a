using System;
using Civic311.Internal;
using NodaTime;

namespace Civic311.Sla;

/// <summary>How an SLA target is measured. The docs' SLA rules table shows each one on the same arrivals.</summary>
public enum SlaTimeKind
{
    /// <summary>Open time of the business calendar: "8 business hours" counts only the hours the calendar is open.</summary>
    BusinessTime = 0,

    /// <summary>
    /// Elapsed time, whatever the calendar: "24 calendar hours" is 24 hours later by the clock on the wall of a room with
    /// no daylight saving time (so 23 or 25 local hours across a change).
    /// </summary>
    CalendarTime = 1,

    /// <summary>Working days of the business calendar (local dates with open time), ending as <see cref="BusinessDayEnd"/> says.</summary>
    BusinessDays = 2,

    /// <summary>
    /// Local dates: "30 calendar days" ends at the same local time of day 30 dates later in the calendar's zone, even across
    /// a daylight saving change. A local time that the zone skips that day (a spring-forward gap) moves forward by the
    /// length of the gap (02:30 becomes 03:30); one that occurs twice (fall back) is the first of the two.
    /// </summary>
    CalendarDays = 3,
}

/// <summary>
/// Where "N business days" ends. Day 0 is the local date the clock starts on (see <see cref="SlaClockStart"/>); the
/// target is on the Nth working day after it (a working day is a local date with open time).
/// </summary>
public enum BusinessDayEnd
{
    /// <summary>At the same local time of day as the clock started, on the Nth working day (a spring-forward gap moves it forward).</summary>
    SameTimeOfDay = 0,

    /// <summary>At the last closing time of the Nth working day ("by close of business on day N").</summary>
    ClosingOfDay = 1,

    /// <summary>At the first opening after the Nth working day, that is the opening of working day N + 1 ("by 08:30 the day after").</summary>
    OpeningAfterDay = 2,
}

/// <summary>When an SLA clock starts counting, relative to the instant the request arrives (or is reopened).</summary>
public enum SlaClockStart
{
    /// <summary>At arrival, whatever the hour.</summary>
    AtArrival = 0,

    /// <summary>
    /// At the first instant the calendar is open at or after arrival: a request that arrives in the evening, at night, on a
    /// weekend or a holiday, or before opening counts from the next opening; one that arrives while open counts from arrival.
    /// </summary>
    AtNextOpening = 1,
}

/// <summary>One SLA target: which KPI (first response, resolution, …), how long, measured how, from when, on which calendar.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record SlaTarget
{
    /// <summary>The KPI of the first response to the resident.</summary>
    public const string FirstResponse = "firstResponse";

    /// <summary>The KPI of the resolution.</summary>
    public const string Resolution = "resolution";

    /// <summary>The most days a business-days or calendar-days target may have (about ten years).</summary>
    public const int MaxDays = 3660;

    private SlaTarget(string kpi, SlaTimeKind kind, Duration amount, int days, BusinessDayEnd dayEnd)
    {
        Kpi = kpi;
        Kind = kind;
        Amount = amount;
        Days = days;
        DayEnd = dayEnd;
    }

    /// <summary>Gets the KPI, for example <see cref="FirstResponse"/> or <see cref="Resolution"/>.</summary>
    public string Kpi { get; }

    /// <summary>Gets how the target is measured.</summary>
    public SlaTimeKind Kind { get; }

    /// <summary>Gets the target's length for <see cref="SlaTimeKind.BusinessTime"/> and <see cref="SlaTimeKind.CalendarTime"/>.</summary>
    public Duration Amount { get; }

    /// <summary>Gets the number of days for <see cref="SlaTimeKind.BusinessDays"/> and <see cref="SlaTimeKind.CalendarDays"/>.</summary>
    public int Days { get; }

    /// <summary>Gets where a <see cref="SlaTimeKind.BusinessDays"/> target ends.</summary>
    public BusinessDayEnd DayEnd { get; }

    /// <summary>Gets when the clock starts counting.</summary>
    /// <value>Defaults to <see cref="SlaClockStart.AtArrival"/>.</value>
    public SlaClockStart Start { get; private init; }

    /// <summary>
    /// Gets the id of the business calendar the target runs on, whatever agency or queue owns the request (an emergency
    /// target on a 24x7 calendar, a field crew's hours); <see langword="null"/> for the owning agency's calendar.
    /// </summary>
    public string? CalendarId { get; private init; }

    /// <summary>A target in business time (open hours of the calendar).</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="amount">How much business time; positive.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The KPI is empty or the amount is not positive.</exception>
    public static SlaTarget BusinessTime(string kpi, Duration amount) => new(CheckKpi(kpi), SlaTimeKind.BusinessTime, Positive(amount), 0, default);

    /// <summary>A target in elapsed time, whatever the calendar.</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="amount">How long; positive.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The KPI is empty or the amount is not positive.</exception>
    public static SlaTarget CalendarTime(string kpi, Duration amount) => new(CheckKpi(kpi), SlaTimeKind.CalendarTime, Positive(amount), 0, default);

    /// <summary>A target of N working days.</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="days">How many working days, from 1 to <see cref="MaxDays"/>.</param>
    /// <param name="end">Where the last day ends.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The KPI is empty, or the days or end are out of range.</exception>
    public static SlaTarget BusinessDays(string kpi, int days, BusinessDayEnd end) =>
        new(CheckKpi(kpi), SlaTimeKind.BusinessDays, Duration.Zero, CheckDays(days), Guard.Defined(end));

    /// <summary>A target of N local dates at the same local time of day (see <see cref="SlaTimeKind.CalendarDays"/>).</summary>
    /// <param name="kpi">The KPI.</param>
    /// <param name="days">How many days, from 1 to <see cref="MaxDays"/>.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The KPI is empty or the days are out of range.</exception>
    public static SlaTarget CalendarDays(string kpi, int days) => new(CheckKpi(kpi), SlaTimeKind.CalendarDays, Duration.Zero, CheckDays(days), default);

    /// <summary>The same target with another start rule.</summary>
    /// <param name="start">When the clock starts.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The start rule is not defined.</exception>
    public SlaTarget StartingAt(SlaClockStart start) => this with { Start = Guard.Defined(start) };

    /// <summary>The same target on a calendar of its own, or back on the agency's.</summary>
    /// <param name="calendarId">The calendar id; <see langword="null"/> for the owning agency's calendar.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The calendar id is empty or blank.</exception>
    public SlaTarget OnCalendar(string? calendarId) => this with { CalendarId = calendarId is null ? null : Guard.NotNullOrWhiteSpace(calendarId).Trim() };

    /// <summary>Whether the target counts wall-clock time (pauses and calendar changes move it by elapsed time, not open time).</summary>
    internal bool IsWallClock => Kind is SlaTimeKind.CalendarTime or SlaTimeKind.CalendarDays;

    /// <inheritdoc />
    public override string ToString()
    {
        var what = Kind switch
        {
            SlaTimeKind.BusinessTime => $"{Amount} business time",
            SlaTimeKind.CalendarTime => $"{Amount} calendar time",
            SlaTimeKind.CalendarDays => $"{Days} calendar days",
            _ => $"{Days} business days ({DayEnd})",
        };
        var start = Start == SlaClockStart.AtArrival ? string.Empty : ", from the next opening";
        var calendar = CalendarId is null ? string.Empty : $", on calendar '{CalendarId}'";
        return $"{Kpi}: {what}{start}{calendar}";
    }

    private static string CheckKpi(string kpi) => Guard.NotNullOrWhiteSpace(kpi).Trim();

    private static int CheckDays(int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        return days;
    }

    private static Duration Positive(Duration amount) =>
        amount > Duration.Zero ? amount : throw new ArgumentOutOfRangeException(nameof(amount), amount, "An SLA target must be longer than zero.");
}
