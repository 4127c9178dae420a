using Civic311.Sla;
using NodaTime;
using static Civic311.Core.Tests.Sla.Calendar.CalendarKit;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>sla.md section 6, items 8-9: holidays (observed dates, back-to-back) and closures (partial, across midnight, multi-day).</summary>
public sealed class HolidayAndClosureTests
{
    [Fact]
    public void Add_OverAWeekdayHoliday_SkipsTheWholeDay()
    {
        var definition = NineToFiveDefinition();
        definition.HolidayRules.Add(Holiday("Municipal day", "2026-03-10"));
        var calendar = BusinessCalendar.Build(definition);

        calendar.Add(At(2026, 3, 9, 16), Duration.FromHours(2)).Should().Be(At(2026, 3, 11, 10));
        calendar.IsOpenAt(At(2026, 3, 10, 12)).Should().BeFalse();
        calendar.NextOpen(At(2026, 3, 10, 12)).Should().Be(At(2026, 3, 11, 9));
        calendar.Between(At(2026, 3, 9, 0), At(2026, 3, 12, 0)).Should().Be(Duration.FromHours(16));
    }

    [Fact]
    public void Add_OverBackToBackHolidays_SkipsBothDaysAndTheWeekend()
    {
        // Thursday 2026-04-02 and Friday 2026-04-03.
        var definition = NineToFiveDefinition();
        definition.HolidayRules.Add(Holiday("Holy Thursday", "2026-04-02"));
        definition.HolidayRules.Add(Holiday("Good Friday", "2026-04-03"));
        var calendar = BusinessCalendar.Build(definition);

        calendar.Add(At(2026, 4, 1, 16), Duration.FromHours(2)).Should().Be(At(2026, 4, 6, 10));
        calendar.Subtract(At(2026, 4, 6, 10), Duration.FromHours(2)).Should().Be(At(2026, 4, 1, 16));
        calendar.Between(At(2026, 4, 1, 16), At(2026, 4, 6, 10)).Should().Be(Duration.FromHours(2));
    }

    [Fact]
    public void Add_UsFederalSaturdayHoliday_IsObservedOnFriday()
    {
        // Independence Day 2026 is a Saturday: observed Friday 3 July.
        var calendar = NineToFive("us-federal");

        calendar.IsOpenAt(At(2026, 7, 3, 12)).Should().BeFalse();
        calendar.Add(At(2026, 7, 2, 16), Duration.FromHours(2)).Should().Be(At(2026, 7, 6, 10));
    }

    [Fact]
    public void IsOpenAt_UsFederalSaturdayHolidayOnASaturdayShift_StaysOpenOnTheDateItself()
    {
        // The observed day moves to Friday, so a Saturday shift on 4 July 2026 still works.
        var hours = WeeklyHoursDefinition.Weekdays("09:00-17:00");
        hours.Saturday.Add("09:00-13:00");
        var definition = Definition(hours);
        definition.HolidaySets.Add("us-federal");
        var calendar = BusinessCalendar.Build(definition);

        calendar.IsOpenAt(At(2026, 7, 4, 10)).Should().BeTrue();
        calendar.IsOpenAt(At(2026, 7, 3, 10)).Should().BeFalse();
    }

    [Fact]
    public void Add_UsFederalSundayHoliday_IsObservedOnMonday()
    {
        // Independence Day 2027 is a Sunday: observed Monday 5 July.
        var calendar = NineToFive("us-federal");

        calendar.IsOpenAt(At(2027, 7, 5, 12)).Should().BeFalse();
        calendar.Add(At(2027, 7, 2, 16), Duration.FromHours(2)).Should().Be(At(2027, 7, 6, 10));
    }

    [Fact]
    public void IsOpenAt_NewYearOnASaturday_IsObservedOnTheLastFridayOfThePreviousYear()
    {
        // 1 January 2022 is a Saturday: observed Friday 31 December 2021.
        var calendar = NineToFive("us-federal");

        calendar.IsOpenAt(At(2021, 12, 31, 12)).Should().BeFalse();
        calendar.Add(At(2021, 12, 30, 16), Duration.FromHours(2)).Should().Be(At(2022, 1, 3, 10));
    }

    [Fact]
    public void Add_ChristmasEveEarlyClose_ClosesAtNoonThenSkipsChristmas()
    {
        // Thursday 24 December 2026 closes at 12:00; Friday 25 December is Christmas Day.
        var definition = NineToFiveDefinition("us-federal").AddClosure("2026-12-24T12:00", "2026-12-24T17:00", "Christmas Eve early close");
        var calendar = BusinessCalendar.Build(definition);

        calendar.Add(At(2026, 12, 24, 10), Duration.FromHours(2)).Should().Be(At(2026, 12, 24, 12), "the early close is a closing time");
        calendar.Add(At(2026, 12, 24, 10), Duration.FromHours(4)).Should().Be(At(2026, 12, 28, 11));
        calendar.Between(StartOfDay(NewYork, 2026, 12, 24), StartOfDay(NewYork, 2026, 12, 25)).Should().Be(Duration.FromHours(3));
        calendar.IsOpenAt(At(2026, 12, 24, 12)).Should().BeFalse();
        calendar.IsOpenAt(At(2026, 12, 24, 12).PlusTicks(-1)).Should().BeTrue();
    }

    [Fact]
    public void Between_ClosureSpanningMidnight_RemovesBothParts()
    {
        // 24x7, closed from 24 December 12:00 to 26 December 00:00.
        var definition = Definition(WeeklyHoursDefinition.AllDayEveryDay()).AddClosure("2026-12-24T12:00", "2026-12-26T00:00", "Christmas");
        var calendar = BusinessCalendar.Build(definition);

        calendar.Between(StartOfDay(NewYork, 2026, 12, 24), StartOfDay(NewYork, 2026, 12, 27)).Should().Be(Duration.FromHours(36));
        calendar.Add(At(2026, 12, 24, 11), Duration.FromHours(2)).Should().Be(At(2026, 12, 26, 1));
        calendar.Subtract(At(2026, 12, 26, 1), Duration.FromHours(2)).Should().Be(At(2026, 12, 24, 11));
        calendar.NextOpen(At(2026, 12, 25, 9)).Should().Be(StartOfDay(NewYork, 2026, 12, 26));
    }

    [Fact]
    public void Add_MultiDayClosure_SkipsEveryDayItCovers()
    {
        // An emergency closes the office from Tuesday 00:00 to Friday 12:00.
        var definition = NineToFiveDefinition().AddClosure("2026-03-03", "2026-03-06T12:00", "Snow emergency");
        var calendar = BusinessCalendar.Build(definition);

        calendar.Add(At(2026, 3, 2, 16), Duration.FromHours(2)).Should().Be(At(2026, 3, 6, 13));
        calendar.Between(At(2026, 3, 2, 9), At(2026, 3, 6, 17)).Should().Be(Duration.FromHours(13));
        calendar.NextOpen(At(2026, 3, 4, 10)).Should().Be(At(2026, 3, 6, 12));
    }

    [Fact]
    public void Between_OverlappingAndTouchingClosures_AreClosedOnce()
    {
        var definition = NineToFiveDefinition()
            .AddClosure("2026-03-02T10:00", "2026-03-02T12:00", "A")
            .AddClosure("2026-03-02T11:00", "2026-03-02T13:00", "B")
            .AddClosure("2026-03-02T13:00", "2026-03-02T14:00", "C");
        var calendar = BusinessCalendar.Build(definition);

        calendar.Between(At(2026, 3, 2, 0), At(2026, 3, 3, 0)).Should().Be(Duration.FromHours(4));
        calendar.NextOpen(At(2026, 3, 2, 10)).Should().Be(At(2026, 3, 2, 14));
    }

    [Fact]
    public void Between_ClosureOutsideOpenHours_ChangesNothing()
    {
        var definition = NineToFiveDefinition().AddClosure("2026-03-02T18:00", "2026-03-03T08:00", "Night maintenance");
        var calendar = BusinessCalendar.Build(definition);

        calendar.Between(At(2026, 3, 2, 0), At(2026, 3, 4, 0)).Should().Be(Duration.FromHours(16));
    }

    [Fact]
    public void Between_HolidayDateIsTheScheduleZonesLocalDate_NotTheUtcDate()
    {
        // A holiday on Tuesday 10 March in New York ends at 04:00 UTC on Wednesday, when New York is still on Tuesday.
        var definition = Definition(WeeklyHoursDefinition.AllDayEveryDay());
        definition.HolidayRules.Add(Holiday("Municipal day", "2026-03-10"));
        var calendar = BusinessCalendar.Build(definition);

        calendar.IsOpenAt(Utc(2026, 3, 11, 3, 30)).Should().BeFalse("it is 23:30 on Tuesday in New York");
        calendar.IsOpenAt(Utc(2026, 3, 10, 3, 30)).Should().BeTrue("it is 23:30 on Monday in New York");
        calendar.Between(Utc(2026, 3, 10, 0), Utc(2026, 3, 12, 0)).Should().Be(Duration.FromHours(24));
    }
}
