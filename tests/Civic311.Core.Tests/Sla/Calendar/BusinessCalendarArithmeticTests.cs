using Civic311.Sla;
using NodaTime;
using static Civic311.Core.Tests.Sla.Calendar.CalendarKit;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>sla.md section 6, items 1-4: basic arithmetic on Monday-Friday 09:00-17:00 (2026-03-02 is a Monday).</summary>
public sealed class BusinessCalendarArithmeticTests
{
    private readonly BusinessCalendar _calendar = NineToFive();

    [Theory]
    [InlineData(2, 10, 0, 4, 2, 14, 0)] // Mon 10:00 + 4 h -> Mon 14:00
    [InlineData(2, 7, 0, 1, 2, 10, 0)] // Mon 07:00 + 1 h -> Mon 10:00
    [InlineData(6, 18, 0, 1, 9, 10, 0)] // Fri 18:00 + 1 h -> Mon 10:00
    [InlineData(2, 16, 0, 2, 3, 10, 0)] // Mon 16:00 + 2 h -> Tue 10:00
    [InlineData(2, 9, 0, 40, 6, 17, 0)] // a whole week lands on Friday's closing time
    [InlineData(2, 9, 0, 41, 9, 10, 0)] // one hour more crosses the weekend
    [InlineData(7, 12, 0, 8, 9, 17, 0)] // Saturday: counting starts on Monday
    public void Add_OnNineToFive_LandsWhereTheOpenHoursRunOut(int day, int hour, int minute, int hours, int expectedDay, int expectedHour, int expectedMinute)
    {
        _calendar.Add(At(2026, 3, day, hour, minute), Duration.FromHours(hours))
            .Should().Be(At(2026, 3, expectedDay, expectedHour, expectedMinute));
    }

    [Fact]
    public void Add_LandingExactlyOnClosingTime_ReturnsTheClosingTimeNotTheNextOpening()
    {
        _calendar.Add(At(2026, 3, 2, 13), Duration.FromHours(4)).Should().Be(At(2026, 3, 2, 17));
        _calendar.Add(At(2026, 3, 6, 9), Duration.FromHours(8)).Should().Be(At(2026, 3, 6, 17), "Friday's closing time, not Monday 09:00");
    }

    [Fact]
    public void Subtract_LandingExactlyOnOpeningTime_ReturnsTheOpeningTimeNotThePreviousClosing()
    {
        _calendar.Subtract(At(2026, 3, 3, 13), Duration.FromHours(4)).Should().Be(At(2026, 3, 3, 9));
        _calendar.Subtract(At(2026, 3, 9, 17), Duration.FromHours(8)).Should().Be(At(2026, 3, 9, 9), "Monday's opening time, not Friday 17:00");
    }

    [Fact]
    public void Subtract_AcrossTheWeekend_LandsOnFriday()
    {
        _calendar.Subtract(At(2026, 3, 9, 10), Duration.FromHours(2)).Should().Be(At(2026, 3, 6, 16));
        _calendar.Subtract(At(2026, 3, 8, 12), Duration.FromHours(1)).Should().Be(At(2026, 3, 6, 16), "Sunday counts back from Friday's closing time");
    }

    [Fact]
    public void AddAndSubtract_NegativeBusinessTime_RunTheOtherWay()
    {
        _calendar.Add(At(2026, 3, 9, 10), Duration.FromHours(-2)).Should().Be(At(2026, 3, 6, 16));
        _calendar.Subtract(At(2026, 3, 6, 16), Duration.FromHours(-2)).Should().Be(At(2026, 3, 9, 10));
    }

    [Theory]
    [InlineData(2, 10, 0)] // open
    [InlineData(2, 17, 0)] // at closing
    [InlineData(2, 20, 0)] // evening
    [InlineData(7, 12, 0)] // Saturday
    public void AddAndSubtract_Zero_ReturnTheInstantItselfEvenWhenClosed(int day, int hour, int minute)
    {
        var instant = At(2026, 3, day, hour, minute);

        _calendar.Add(instant, Duration.Zero).Should().Be(instant);
        _calendar.Subtract(instant, Duration.Zero).Should().Be(instant);
    }

    [Fact]
    public void Between_BothEndsOutsideHours_CountsTheOpenTimeInBetween()
    {
        // Fri 18:00 -> Mon 18:00 is Monday's 8 h (seatgeek/businesstime #13 returned 0).
        _calendar.Between(At(2026, 3, 6, 18), At(2026, 3, 9, 18)).Should().Be(Duration.FromHours(8));
        _calendar.Between(At(2026, 3, 7, 1), At(2026, 3, 8, 23)).Should().Be(Duration.Zero, "a weekend has no open time");
        _calendar.Between(At(2026, 3, 2, 6), At(2026, 3, 2, 8)).Should().Be(Duration.Zero);
    }

    [Fact]
    public void Between_ReversedEnds_IsNegative()
    {
        _calendar.Between(At(2026, 3, 9, 18), At(2026, 3, 6, 18)).Should().Be(Duration.FromHours(-8));
    }

    [Fact]
    public void Between_SameInstant_IsZero()
    {
        _calendar.Between(At(2026, 3, 2, 10), At(2026, 3, 2, 10)).Should().Be(Duration.Zero);
    }

    [Fact]
    public void Add_SubMinuteStart_KeepsTheSecondsAndTicks()
    {
        var start = At(NewYork, 2026, 3, 2, 10, 0, 30);
        _calendar.Add(start, Duration.FromHours(1)).Should().Be(At(NewYork, 2026, 3, 2, 11, 0, 30));

        var precise = start.PlusTicks(7);
        _calendar.Add(precise, Duration.FromMinutes(90)).Should().Be(At(NewYork, 2026, 3, 2, 11, 30, 30).PlusTicks(7));
        _calendar.Add(precise, Duration.FromTicks(1)).Should().Be(precise.PlusTicks(1));
    }

    [Fact]
    public void Add_SubMinuteBusinessTimeCrossingTheNight_KeepsTheRemainder()
    {
        // 16:59:59.9999999 + 2 ticks: one tick before closing, one after Tuesday's opening.
        var start = At(2026, 3, 2, 17).PlusTicks(-1);

        _calendar.Add(start, Duration.FromTicks(2)).Should().Be(At(2026, 3, 3, 9).PlusTicks(1));
        _calendar.Between(start, At(2026, 3, 3, 9).PlusTicks(1)).Should().Be(Duration.FromTicks(2));
    }

    [Fact]
    public void Between_SubMinuteEnds_CountsTicks()
    {
        _calendar.Between(At(NewYork, 2026, 3, 2, 16, 59, 30), At(NewYork, 2026, 3, 3, 9, 0, 15))
            .Should().Be(Duration.FromSeconds(45));
    }

    [Fact]
    public void Subtract_InvertsAdd_OnTheWorkedExamples()
    {
        var start = At(2026, 3, 2, 10);
        var deadline = _calendar.Add(start, Duration.FromHours(12));

        deadline.Should().Be(At(2026, 3, 3, 14));
        _calendar.Subtract(deadline, Duration.FromHours(12)).Should().Be(start);
    }
}
