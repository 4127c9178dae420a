using Civic311.Sla;
using NodaTime;
using static Civic311.Core.Tests.Sla.Calendar.CalendarKit;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>sla.md section 6, items 6-7: split shifts, adjacent intervals, 24x7, 00:00-24:00 and overnight shifts.</summary>
public sealed class CalendarShapeTests
{
    [Fact]
    public void Add_SplitShift_SkipsTheLunchBreak()
    {
        var calendar = Build(WeeklyHoursDefinition.Weekdays("08:00-12:00", "13:00-17:00"));

        calendar.Add(At(2026, 3, 2, 11), Duration.FromHours(2)).Should().Be(At(2026, 3, 2, 14));
        calendar.Add(At(2026, 3, 2, 8), Duration.FromHours(4)).Should().Be(At(2026, 3, 2, 12), "landing on the lunch closing stays there");
        calendar.Subtract(At(2026, 3, 2, 14), Duration.FromHours(1)).Should().Be(At(2026, 3, 2, 13), "counting back lands on the afternoon opening");
        calendar.Between(At(2026, 3, 2, 11, 30), At(2026, 3, 2, 13, 30)).Should().Be(Duration.FromHours(1));
        calendar.IsOpenAt(At(2026, 3, 2, 12, 30)).Should().BeFalse();
        calendar.NextOpen(At(2026, 3, 2, 12, 30)).Should().Be(At(2026, 3, 2, 13));
    }

    [Fact]
    public void Add_AdjacentIntervals_MergeIntoOneWithoutAClosingInBetween()
    {
        // Listed out of order on purpose.
        var calendar = Build(WeeklyHoursDefinition.Weekdays("12:00-17:00", "09:00-12:00"));

        calendar.IsOpenAt(At(2026, 3, 2, 12)).Should().BeTrue();
        calendar.Add(At(2026, 3, 2, 9), Duration.FromHours(8)).Should().Be(At(2026, 3, 2, 17));
        calendar.Add(At(2026, 3, 2, 9), Duration.FromHours(3)).Should().Be(At(2026, 3, 2, 12));
        calendar.Subtract(At(2026, 3, 2, 13), Duration.FromHours(1)).Should().Be(At(2026, 3, 2, 12));
        calendar.Between(At(2026, 3, 2, 0), At(2026, 3, 3, 0)).Should().Be(Duration.FromHours(8));
    }

    [Fact]
    public void Add_TwentyFourSeven_IsPlainElapsedTime()
    {
        var calendar = TwentyFourSeven();
        var start = At(2026, 3, 6, 18);

        calendar.Add(start, Duration.FromHours(100)).Should().Be(start + Duration.FromHours(100));
        calendar.Subtract(start, Duration.FromHours(100)).Should().Be(start - Duration.FromHours(100));
        calendar.Between(start, start + Duration.FromDays(400)).Should().Be(Duration.FromDays(400));
        calendar.IsOpenAt(StartOfDay(NewYork, 2026, 3, 7)).Should().BeTrue("midnight between two 00:00-24:00 days is not a closing");
    }

    [Fact]
    public void Between_AllDayInterval_CountsTheWholeDayUpToMidnight()
    {
        var calendar = Build(WeeklyHoursDefinition.Weekdays("00:00-24:00"));

        calendar.Between(StartOfDay(NewYork, 2026, 3, 2), StartOfDay(NewYork, 2026, 3, 9)).Should().Be(Duration.FromHours(5 * 24));
        calendar.Add(At(2026, 3, 6, 12), Duration.FromHours(12)).Should().Be(StartOfDay(NewYork, 2026, 3, 7), "Friday's 24:00 is a closing time");
        calendar.IsOpenAt(StartOfDay(NewYork, 2026, 3, 7)).Should().BeFalse();
        calendar.IsOpenAt(StartOfDay(NewYork, 2026, 3, 7).PlusTicks(-1)).Should().BeTrue();
        calendar.NextOpen(At(2026, 3, 7, 12)).Should().Be(StartOfDay(NewYork, 2026, 3, 9));
    }

    [Fact]
    public void Between_EveningToMidnight_EndsAtTwentyFour()
    {
        var calendar = Build(WeeklyHoursDefinition.Weekdays("18:00-24:00"));

        calendar.Between(At(2026, 3, 2, 0), At(2026, 3, 3, 12)).Should().Be(Duration.FromHours(6));
        calendar.Add(At(2026, 3, 2, 23), Duration.FromHours(2)).Should().Be(At(2026, 3, 3, 19));
    }

    [Fact]
    public void Between_OvernightShift_BelongsToItsStartDay()
    {
        // Friday 22:00 -> Saturday 06:00 is Friday's shift; Saturday and Sunday have none of their own.
        var calendar = Build(WeeklyHoursDefinition.Weekdays("22:00-06:00"));

        calendar.IsOpenAt(At(2026, 3, 7, 5)).Should().BeTrue("Saturday 05:00 is inside Friday's night shift");
        calendar.IsOpenAt(At(2026, 3, 8, 5)).Should().BeFalse("Saturday has no shift, so Sunday morning is closed");
        calendar.IsOpenAt(At(2026, 3, 2, 5)).Should().BeFalse("Sunday has no shift, so Monday morning is closed");
        calendar.IsOpenAt(At(2026, 3, 3, 5)).Should().BeTrue("Tuesday 05:00 is inside Monday's night shift");
        calendar.Between(At(2026, 3, 6, 12), At(2026, 3, 9, 12)).Should().Be(Duration.FromHours(8));
        calendar.Add(At(2026, 3, 6, 12), Duration.FromHours(8)).Should().Be(At(2026, 3, 7, 6));
        calendar.Add(At(2026, 3, 6, 12), Duration.FromHours(9)).Should().Be(At(2026, 3, 9, 23));
    }

    [Fact]
    public void Between_OvernightShiftWithHolidayOnTheNextDay_KeepsTheWholeShift()
    {
        // A holiday on Saturday 2026-03-07 does not cut Friday's night shift.
        var definition = Definition(WeeklyHoursDefinition.Weekdays("22:00-06:00"));
        definition.HolidayRules.Add(Holiday("Saturday holiday", "2026-03-07"));
        var calendar = BusinessCalendar.Build(definition);

        calendar.Between(At(2026, 3, 6, 12), At(2026, 3, 9, 12)).Should().Be(Duration.FromHours(8));
        calendar.IsOpenAt(At(2026, 3, 7, 3)).Should().BeTrue();
    }

    [Fact]
    public void Between_OvernightShiftOnAHoliday_DropsTheWholeShiftIncludingTheNextMorning()
    {
        var definition = Definition(WeeklyHoursDefinition.Weekdays("22:00-06:00"));
        definition.HolidayRules.Add(Holiday("Friday holiday", "2026-03-06"));
        var calendar = BusinessCalendar.Build(definition);

        calendar.IsOpenAt(At(2026, 3, 7, 3)).Should().BeFalse();
        calendar.Between(At(2026, 3, 5, 12), At(2026, 3, 9, 12)).Should().Be(Duration.FromHours(8), "only Thursday's shift remains");
    }

    [Fact]
    public void Between_OvernightShiftTouchingTheNextDaysShift_MergesIntoOneInterval()
    {
        var hours = new WeeklyHoursDefinition();
        hours.Friday.Add("22:00-06:00");
        hours.Saturday.Add("06:00-10:00");
        var calendar = Build(hours);

        calendar.IsOpenAt(At(2026, 3, 7, 6)).Should().BeTrue();
        calendar.Add(At(2026, 3, 6, 22), Duration.FromHours(12)).Should().Be(At(2026, 3, 7, 10));
        calendar.Between(At(2026, 3, 6, 0), At(2026, 3, 8, 0)).Should().Be(Duration.FromHours(12));
    }

    [Fact]
    public void Between_SundayOvernightShift_RunsIntoMonday()
    {
        var hours = new WeeklyHoursDefinition();
        hours.Sunday.Add("20:00-04:00");
        var calendar = Build(hours);

        calendar.IsOpenAt(At(2026, 3, 2, 3)).Should().BeTrue();
        calendar.Between(At(2026, 3, 1, 0), At(2026, 3, 8, 0)).Should().Be(Duration.FromHours(8));
    }

    [Fact]
    public void Add_DifferentHoursPerDay_UsesEachDaysOwnHours()
    {
        var hours = WeeklyHoursDefinition.Weekdays("09:00-17:00");
        hours.Saturday.Add("10:00-14:00");
        var calendar = Build(hours);

        calendar.Add(At(2026, 3, 6, 16), Duration.FromHours(3)).Should().Be(At(2026, 3, 7, 12));
        calendar.Add(At(2026, 3, 6, 16), Duration.FromHours(6)).Should().Be(At(2026, 3, 9, 10));
    }
}
