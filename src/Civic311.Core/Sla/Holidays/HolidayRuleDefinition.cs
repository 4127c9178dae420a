using System.Collections.Generic;
using System.Text.Json.Serialization;
using NodaTime;

namespace Civic311.Sla.Holidays;

/// <summary>How a holiday's date is found each year.</summary>
public enum HolidayRuleKind
{
    /// <summary>The same month and day every year (4 July), moved by <see cref="HolidayRuleDefinition.Observance"/>.</summary>
    FixedDate = 0,

    /// <summary>The Nth weekday of a month (the third Monday of January).</summary>
    NthWeekday = 1,

    /// <summary>The last weekday of a month (the last Monday of May).</summary>
    LastWeekday = 2,

    /// <summary>A number of days from Western (Gregorian) Easter Sunday (Carnival Tuesday is -47).</summary>
    EasterOffset = 3,

    /// <summary>An explicit list of dates (a one-off national day of mourning, a municipal day).</summary>
    ExplicitDates = 4,
}

/// <summary>Where a holiday is observed when its date falls on a weekend.</summary>
public enum HolidayObservance
{
    /// <summary>On its date, whatever the weekday.</summary>
    None = 0,

    /// <summary>Saturday is observed on Friday, Sunday on Monday (United States federal rule for a Monday-Friday workforce).</summary>
    NearestWeekday = 1,

    /// <summary>Sunday is observed on Monday; Saturday stays (Panama).</summary>
    SundayToMonday = 2,

    /// <summary>Saturday and Sunday are both observed on the following Monday.</summary>
    WeekendToMonday = 3,
}

/// <summary>
/// One holiday rule: a name, how its date is found each year, how a weekend date is observed, and the years it applies to.
/// Rules are data so that integrators add municipal days without code.
/// </summary>
public sealed class HolidayRuleDefinition
{
    /// <summary>Gets or sets the holiday's name, for example "Independence Day".</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets how the date is found.</summary>
    public HolidayRuleKind Kind { get; set; }

    /// <summary>Gets or sets the month (1-12) for <see cref="HolidayRuleKind.FixedDate"/>, <see cref="HolidayRuleKind.NthWeekday"/> and <see cref="HolidayRuleKind.LastWeekday"/>.</summary>
    public int Month { get; set; }

    /// <summary>Gets or sets the day of the month for <see cref="HolidayRuleKind.FixedDate"/>.</summary>
    public int Day { get; set; }

    /// <summary>Gets or sets the weekday for <see cref="HolidayRuleKind.NthWeekday"/> and <see cref="HolidayRuleKind.LastWeekday"/>.</summary>
    public IsoDayOfWeek Weekday { get; set; }

    /// <summary>Gets or sets N (1-5) for <see cref="HolidayRuleKind.NthWeekday"/>.</summary>
    public int Occurrence { get; set; }

    /// <summary>Gets or sets the days from Easter Sunday for <see cref="HolidayRuleKind.EasterOffset"/> (negative: before).</summary>
    public int OffsetDays { get; set; }

    /// <summary>Gets the dates (ISO <c>yyyy-MM-dd</c>) for <see cref="HolidayRuleKind.ExplicitDates"/>.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Dates { get; } = new List<string>();

    /// <summary>Gets or sets where a weekend date is observed.</summary>
    /// <value>Defaults to <see cref="HolidayObservance.None"/>.</value>
    public HolidayObservance Observance { get; set; }

    /// <summary>Gets or sets the first year the rule applies to; <see langword="null"/> for no lower bound.</summary>
    public int? FromYear { get; set; }

    /// <summary>Gets or sets the last year the rule applies to; <see langword="null"/> for no upper bound.</summary>
    public int? ToYear { get; set; }

    /// <summary>A copy that later edits to this rule do not reach.</summary>
    internal HolidayRuleDefinition Copy()
    {
        var copy = new HolidayRuleDefinition
        {
            Name = Name,
            Kind = Kind,
            Month = Month,
            Day = Day,
            Weekday = Weekday,
            Occurrence = Occurrence,
            OffsetDays = OffsetDays,
            Observance = Observance,
            FromYear = FromYear,
            ToYear = ToYear,
        };
        foreach (var date in Dates)
        {
            copy.Dates.Add(date);
        }

        return copy;
    }
}

/// <summary>A holiday on a local date, as observed.</summary>
/// <param name="Date">The observed date (a local date in the calendar's zone).</param>
/// <param name="Name">The holiday's name.</param>
public sealed record Holiday(LocalDate Date, string Name);
