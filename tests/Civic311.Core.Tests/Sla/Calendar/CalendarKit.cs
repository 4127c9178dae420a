using System.Collections.Generic;
using System.Linq;
using Civic311.Sla;
using Civic311.Sla.Holidays;
using NodaTime;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>Builders and instants shared by the business-calendar tests.</summary>
internal static class CalendarKit
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    public static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    /// <summary>A definition in <paramref name="zone"/> with one weekly-hours entry.</summary>
    public static BusinessCalendarDefinition Definition(WeeklyHoursDefinition hours, string zone = "America/New_York", string id = "test-calendar") =>
        new BusinessCalendarDefinition { Id = id, TimeZone = zone }.AddWeeklyHours(hours);

    /// <summary>Monday to Friday, 09:00-17:00, New York.</summary>
    public static BusinessCalendarDefinition NineToFiveDefinition(params string[] holidaySets)
    {
        var definition = Definition(WeeklyHoursDefinition.Weekdays("09:00-17:00"));
        foreach (var set in holidaySets)
        {
            definition.HolidaySets.Add(set);
        }

        return definition;
    }

    public static BusinessCalendar NineToFive(params string[] holidaySets) => BusinessCalendar.Build(NineToFiveDefinition(holidaySets));

    public static BusinessCalendar Build(WeeklyHoursDefinition hours, string zone = "America/New_York") => BusinessCalendar.Build(Definition(hours, zone));

    public static BusinessCalendar TwentyFourSeven(string zone = "America/New_York") => Build(WeeklyHoursDefinition.AllDayEveryDay(), zone);

    /// <summary>A holiday rule on explicit dates, observed on the date itself.</summary>
    public static HolidayRuleDefinition Holiday(string name, params string[] dates)
    {
        var rule = new HolidayRuleDefinition { Name = name, Kind = HolidayRuleKind.ExplicitDates };
        foreach (var date in dates)
        {
            rule.Dates.Add(date);
        }

        return rule;
    }

    /// <summary>A local date-time in New York, which must exist and be unambiguous.</summary>
    public static Instant At(int year, int month, int day, int hour, int minute = 0) => At(NewYork, year, month, day, hour, minute);

    public static Instant At(DateTimeZone zone, int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new LocalDateTime(year, month, day, hour, minute, second).InZoneStrictly(zone).ToInstant();

    /// <summary>An instant given by its UTC date-time.</summary>
    public static Instant Utc(int year, int month, int day, int hour, int minute = 0) =>
        Instant.FromUtc(year, month, day, hour, minute);

    public static Instant StartOfDay(DateTimeZone zone, int year, int month, int day) =>
        zone.AtStartOfDay(new LocalDate(year, month, day)).ToInstant();

    /// <summary>The errors of <see cref="BusinessCalendar.Validate"/>, as "field code" strings for readable assertions.</summary>
    public static IReadOnlyList<string> Problems(BusinessCalendarDefinition definition) =>
        BusinessCalendar.Validate(definition).Select(e => $"{e.Field} {e.Code}").ToList();
}
