using Civic311.Sla;
using NodaTime;

namespace Civic311.Core.Tests.Sla;

public sealed class BusinessCalendarBasicsTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static BusinessCalendar NineToFive(params string[] holidaySets)
    {
        var definition = new BusinessCalendarDefinition { Id = "nine-to-five", TimeZone = "America/New_York" }
            .AddWeeklyHours(WeeklyHoursDefinition.Weekdays("09:00-17:00"));
        foreach (var set in holidaySets)
        {
            definition.HolidaySets.Add(set);
        }

        return BusinessCalendar.Build(definition);
    }

    private static Instant At(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    [Fact]
    public void Add_WithinOneDay_MovesByTheBusinessTime()
    {
        // 2026-03-02 is a Monday.
        NineToFive().Add(At(2026, 3, 2, 10), Duration.FromHours(4)).Should().Be(At(2026, 3, 2, 14));
    }

    [Fact]
    public void Add_FromBeforeOpening_StartsCountingAtOpening()
    {
        NineToFive().Add(At(2026, 3, 2, 7), Duration.FromHours(1)).Should().Be(At(2026, 3, 2, 10));
    }

    [Fact]
    public void Add_FromFridayEvening_LandsOnMonday()
    {
        NineToFive().Add(At(2026, 3, 6, 18), Duration.FromHours(1)).Should().Be(At(2026, 3, 9, 10));
    }

    [Fact]
    public void Add_LandingExactlyOnClosingTime_StaysAtClosingTime()
    {
        NineToFive().Add(At(2026, 3, 2, 13), Duration.FromHours(4)).Should().Be(At(2026, 3, 2, 17));
    }

    [Fact]
    public void Subtract_LandingExactlyOnABoundary_ReturnsTheOpeningTime()
    {
        NineToFive().Subtract(At(2026, 3, 3, 13), Duration.FromHours(4)).Should().Be(At(2026, 3, 3, 9));
    }

    [Fact]
    public void Between_BothEndsOutsideHours_CountsOnlyOpenTime()
    {
        NineToFive().Between(At(2026, 3, 6, 18), At(2026, 3, 9, 18)).Should().Be(Duration.FromHours(8));
        NineToFive().Between(At(2026, 3, 9, 18), At(2026, 3, 6, 18)).Should().Be(Duration.FromHours(-8));
    }

    [Fact]
    public void Add_OverAHoliday_SkipsIt()
    {
        // Thursday 2026-11-26 is Thanksgiving: Wednesday 16:00 + 2 h runs to Friday 10:00.
        NineToFive("us-federal").Add(At(2026, 11, 25, 16), Duration.FromHours(2)).Should().Be(At(2026, 11, 27, 10));
    }

    [Fact]
    public void Between_TwentyFourSevenOverSpringForward_CountsTwentyThreeHours()
    {
        var calendar = BusinessCalendar.Build(new BusinessCalendarDefinition { Id = "always", TimeZone = "America/New_York" }
            .AddWeeklyHours(WeeklyHoursDefinition.AllDayEveryDay()));
        var day = new LocalDate(2026, 3, 8);

        calendar.Between(NewYork.AtStartOfDay(day).ToInstant(), NewYork.AtStartOfDay(day.PlusDays(1)).ToInstant()).Should().Be(Duration.FromHours(23));
    }

    [Fact]
    public void Add_BeyondTheCompiledRange_ExtendsTheCalendar()
    {
        var calendar = NineToFive();
        var result = calendar.Add(At(2026, 3, 2, 9), Duration.FromHours(8 * 260 * 30));

        result.InZone(NewYork).Year.Should().BeGreaterThan(2050);
        calendar.Between(At(2026, 3, 2, 9), result).Should().Be(Duration.FromHours(8 * 260 * 30));
        calendar.CompiledTo.Year.Should().BeGreaterThan(2050);
    }
}
