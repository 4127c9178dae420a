using System.Linq;
using Civic311.Sla;
using Civic311.Sla.Holidays;
using NodaTime;

namespace Civic311.Core.Tests.Sla.Holidays;

/// <summary>How a compiled <see cref="BusinessCalendar"/> applies holiday sets and rules (09:00-17:00, Monday to Friday).</summary>
public sealed class BusinessCalendarHolidayTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone PanamaCity = DateTimeZoneProviders.Tzdb["America/Panama"];

    private static BusinessCalendarDefinition Definition(DateTimeZone zone, params string[] holidaySets)
    {
        var definition = new BusinessCalendarDefinition { Id = "service-center", TimeZone = zone.Id }
            .AddWeeklyHours(WeeklyHoursDefinition.Weekdays("09:00-17:00"));
        foreach (var set in holidaySets)
        {
            definition.HolidaySets.Add(set);
        }

        return definition;
    }

    private static BusinessCalendar UsFederal() => BusinessCalendar.Build(Definition(NewYork, "us-federal"));

    private static BusinessCalendar Panama() => BusinessCalendar.Build(Definition(PanamaCity, "panama"));

    private static HolidayRuleDefinition Municipal(string name, params string[] dates)
    {
        var rule = new HolidayRuleDefinition { Name = name, Kind = HolidayRuleKind.ExplicitDates };
        foreach (var date in dates)
        {
            rule.Dates.Add(date);
        }

        return rule;
    }

    private static Instant At(DateTimeZone zone, int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(zone).ToInstant();

    private static Duration OpenTimeOn(BusinessCalendar calendar, int year, int month, int day)
    {
        var date = new LocalDate(year, month, day);
        return calendar.Between(calendar.TimeZone.AtStartOfDay(date).ToInstant(), calendar.TimeZone.AtStartOfDay(date.PlusDays(1)).ToInstant());
    }

    [Fact]
    public void Between_OverAUsFederalHoliday_IsZero()
    {
        var calendar = UsFederal();

        OpenTimeOn(calendar, 2026, 11, 25).Should().Be(Duration.FromHours(8));
        OpenTimeOn(calendar, 2026, 11, 26).Should().Be(Duration.Zero); // Thanksgiving
        OpenTimeOn(calendar, 2026, 6, 19).Should().Be(Duration.Zero); // Juneteenth
        OpenTimeOn(calendar, 2026, 12, 25).Should().Be(Duration.Zero); // Christmas
        calendar.IsOpenAt(At(NewYork, 2026, 11, 26, 12)).Should().BeFalse();
        calendar.NextOpen(At(NewYork, 2026, 11, 26, 12)).Should().Be(At(NewYork, 2026, 11, 27, 9));
    }

    [Fact]
    public void Between_OverAPanamaHoliday_IsZero()
    {
        var calendar = Panama();

        OpenTimeOn(calendar, 2025, 11, 3).Should().Be(Duration.Zero); // Separación de Colombia
        OpenTimeOn(calendar, 2026, 2, 17).Should().Be(Duration.Zero); // Martes de Carnaval
        OpenTimeOn(calendar, 2026, 4, 3).Should().Be(Duration.Zero); // Viernes Santo
        calendar.IsOpenAt(At(PanamaCity, 2025, 11, 3, 12)).Should().BeFalse();
    }

    [Fact]
    public void Between_OverFourthOfNovemberAndCarnivalMondayInPanama_IsAFullDay()
    {
        var calendar = Panama();

        OpenTimeOn(calendar, 2025, 11, 4).Should().Be(Duration.FromHours(8));
        OpenTimeOn(calendar, 2026, 2, 16).Should().Be(Duration.FromHours(8));
    }

    [Fact]
    public void Add_OverBackToBackPanamaHolidays_SkipsBoth()
    {
        // 2024: 3 November (a Sunday) is rested on Monday 4, then 5 November (Tuesday). Friday 16:00 + 2 h is Wednesday 10:00.
        var calendar = Panama();

        calendar.Add(At(PanamaCity, 2024, 11, 1, 16), Duration.FromHours(2)).Should().Be(At(PanamaCity, 2024, 11, 6, 10));
        calendar.Between(At(PanamaCity, 2024, 11, 1, 17), At(PanamaCity, 2024, 11, 6, 9)).Should().Be(Duration.Zero);
    }

    [Fact]
    public void Add_OverThanksgivingAndAMunicipalFriday_SkipsBoth()
    {
        var definition = Definition(NewYork, "us-federal");
        definition.HolidayRules.Add(Municipal("Day after Thanksgiving", "2026-11-27"));
        var calendar = BusinessCalendar.Build(definition);

        calendar.Add(At(NewYork, 2026, 11, 25, 16), Duration.FromHours(2)).Should().Be(At(NewYork, 2026, 11, 30, 10));
        calendar.Subtract(At(NewYork, 2026, 11, 30, 10), Duration.FromHours(2)).Should().Be(At(NewYork, 2026, 11, 25, 16));
        OpenTimeOn(calendar, 2026, 11, 27).Should().Be(Duration.Zero);
        OpenTimeOn(UsFederal(), 2026, 11, 27).Should().Be(Duration.FromHours(8));
    }

    [Fact]
    public void Between_OnTheObservedDayOfAWeekendHoliday_IsZero()
    {
        var us = UsFederal();

        // Independence Day 2027 is a Sunday: Monday 5 July is closed, Friday 2 July open.
        OpenTimeOn(us, 2027, 7, 5).Should().Be(Duration.Zero);
        OpenTimeOn(us, 2027, 7, 2).Should().Be(Duration.FromHours(8));

        // Independence Day 2026 is a Saturday: Friday 3 July is closed, Monday 6 July open.
        OpenTimeOn(us, 2026, 7, 3).Should().Be(Duration.Zero);
        OpenTimeOn(us, 2026, 7, 6).Should().Be(Duration.FromHours(8));
        us.Add(At(NewYork, 2026, 7, 2, 16), Duration.FromHours(2)).Should().Be(At(NewYork, 2026, 7, 6, 10));

        // Panama: 20 December 2026 is a Sunday, rested on Monday 21; 20 December 2025 is a Saturday and moves nowhere.
        var panama = Panama();
        OpenTimeOn(panama, 2026, 12, 21).Should().Be(Duration.Zero);
        OpenTimeOn(panama, 2025, 12, 19).Should().Be(Duration.FromHours(8));
        OpenTimeOn(panama, 2025, 12, 22).Should().Be(Duration.FromHours(8));
    }

    [Fact]
    public void Between_OnThirtyFirstDecember2021_IsZeroForNewYearsDay2022()
    {
        OpenTimeOn(UsFederal(), 2021, 12, 31).Should().Be(Duration.Zero);

        // Compiled from 2022 only, the calendar extends backwards and still finds it.
        var fromTwentyTwentyTwo = BusinessCalendar.Build(Definition(NewYork, "us-federal"), 2022, 1);
        OpenTimeOn(fromTwentyTwentyTwo, 2021, 12, 31).Should().Be(Duration.Zero);
        OpenTimeOn(fromTwentyTwentyTwo, 2021, 12, 30).Should().Be(Duration.FromHours(8));
    }

    [Fact]
    public void IsOpenAt_HolidayDates_AreLocalDatesInTheCalendarsZone()
    {
        var definition = new BusinessCalendarDefinition { Id = "always", TimeZone = NewYork.Id }.AddWeeklyHours(WeeklyHoursDefinition.AllDayEveryDay());
        definition.HolidaySets.Add("us-federal");
        var calendar = BusinessCalendar.Build(definition);

        // 2026-11-26T04:30Z is 23:30 on Wednesday 25 in New York: open. 2026-11-27T03:00Z is 22:00 on Thanksgiving: closed.
        calendar.IsOpenAt(Instant.FromUtc(2026, 11, 26, 4, 30)).Should().BeTrue();
        calendar.IsOpenAt(Instant.FromUtc(2026, 11, 26, 5, 30)).Should().BeFalse();
        calendar.IsOpenAt(Instant.FromUtc(2026, 11, 27, 3, 0)).Should().BeFalse();
        calendar.IsOpenAt(Instant.FromUtc(2026, 11, 27, 5, 0)).Should().BeTrue();
        OpenTimeOn(calendar, 2026, 11, 26).Should().Be(Duration.Zero);
    }

    [Fact]
    public void IsOpenAt_OvernightShiftIntoAHoliday_RunsButTheHolidaysOwnShiftDoesNot()
    {
        var hours = new WeeklyHoursDefinition();
        foreach (var day in new[] { hours.Monday, hours.Tuesday, hours.Wednesday, hours.Thursday, hours.Friday, hours.Saturday, hours.Sunday })
        {
            day.Add("22:00-06:00");
        }

        var definition = new BusinessCalendarDefinition { Id = "night-crew", TimeZone = NewYork.Id }.AddWeeklyHours(hours);
        definition.HolidaySets.Add("us-federal");
        var calendar = BusinessCalendar.Build(definition);

        // Wednesday night's shift belongs to Wednesday and runs into Thanksgiving morning; Thanksgiving night's shift is off.
        calendar.IsOpenAt(At(NewYork, 2026, 11, 26, 3)).Should().BeTrue();
        calendar.IsOpenAt(At(NewYork, 2026, 11, 26, 23)).Should().BeFalse();
        calendar.IsOpenAt(At(NewYork, 2026, 11, 27, 3)).Should().BeFalse();
        calendar.IsOpenAt(At(NewYork, 2026, 11, 27, 23)).Should().BeTrue();
    }

    [Fact]
    public void Validate_UnknownHolidaySetNames_AreReported()
    {
        var definition = Definition(NewYork, "us-federal", "mars", "", "us federal");

        BusinessCalendar.Validate(definition).Select(e => (e.Field, e.Code)).Should().Equal(
            ("holidaySets[1]", ValidationErrorCodes.Unknown),
            ("holidaySets[2]", ValidationErrorCodes.Unknown),
            ("holidaySets[3]", ValidationErrorCodes.Unknown));
        BusinessCalendar.Validate(definition)[0].Message.Should().Be("'mars' is not a holiday set; use us-federal, panama.");
        FluentActions.Invoking(() => BusinessCalendar.Build(definition)).Should().Throw<Civic311ValidationException>()
            .Which.Errors.Select(e => e.Field).Should().Equal("holidaySets[1]", "holidaySets[2]", "holidaySets[3]");
    }

    [Fact]
    public void Validate_NullHolidaySetName_IsReported()
    {
        var definition = Definition(NewYork);
        definition.HolidaySets.Add(null!);

        BusinessCalendar.Validate(definition).Select(e => (e.Field, e.Code)).Should().Equal(("holidaySets[0]", ValidationErrorCodes.Unknown));
    }

    [Fact]
    public void Build_HolidaySetNameInAnyCase_IsFound()
    {
        var calendar = BusinessCalendar.Build(Definition(PanamaCity, " PANAMA "));

        OpenTimeOn(calendar, 2025, 11, 3).Should().Be(Duration.Zero);
    }

    [Fact]
    public void Validate_InvalidHolidayRules_AreReportedWithTheirPathAlongsideOtherProblems()
    {
        var definition = Definition(NewYork, "atlantis");
        definition.HolidayRules.Add(Municipal("Founders' Day", "2026-03-14"));
        definition.HolidayRules.Add(new HolidayRuleDefinition { Name = "Bad", Kind = HolidayRuleKind.FixedDate, Month = 13, Day = 1 });
        definition.HolidayRules.Add(Municipal(" ", "2026-02-30"));

        BusinessCalendar.Validate(definition).Select(e => (e.Field, e.Code)).Should().Equal(
            ("holidaySets[0]", ValidationErrorCodes.Unknown),
            ("holidayRules[1].month", ValidationErrorCodes.OutOfRange),
            ("holidayRules[2].name", ValidationErrorCodes.Required),
            ("holidayRules[2].dates[0]", ValidationErrorCodes.InvalidFormat));
    }

    [Fact]
    public void Build_EditingTheDefinitionsHolidayRulesAfterwards_DoesNotChangeTheCalendar()
    {
        var definition = Definition(NewYork);
        var municipal = Municipal("Founders' Day", "2031-03-14");
        definition.HolidayRules.Add(municipal);
        var calendar = BusinessCalendar.Build(definition, 2026, 1);

        // The calendar compiles 2031 only when asked; it must still use the rules it was built from.
        municipal.Dates[0] = "2031-03-17";
        municipal.Name = null;

        OpenTimeOn(calendar, 2031, 3, 14).Should().Be(Duration.Zero);
        OpenTimeOn(calendar, 2031, 3, 17).Should().Be(Duration.FromHours(8));
    }
}
