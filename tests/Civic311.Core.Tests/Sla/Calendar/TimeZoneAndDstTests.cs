using Civic311.Sla;
using NodaTime;
using static Civic311.Core.Tests.Sla.Calendar.CalendarKit;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>sla.md section 6, items 10-13: daylight saving time, zones without it, skipped midnights and days, other zones.</summary>
public sealed class TimeZoneAndDstTests
{
    private static readonly DateTimeZone Panama = DateTimeZoneProviders.Tzdb["America/Panama"];
    private static readonly DateTimeZone SaoPaulo = DateTimeZoneProviders.Tzdb["America/Sao_Paulo"];
    private static readonly DateTimeZone Apia = DateTimeZoneProviders.Tzdb["Pacific/Apia"];

    private static BusinessCalendar Sundays(string interval, string zone = "America/New_York")
    {
        var hours = new WeeklyHoursDefinition();
        hours.Sunday.Add(interval);
        return Build(hours, zone);
    }

    // Spring forward in New York: Sunday 2026-03-08, 02:00 EST -> 03:00 EDT (07:00 UTC).
    [Fact]
    public void Between_TwentyFourSevenOnSpringForwardDay_IsTwentyThreeHours()
    {
        TwentyFourSeven().Between(StartOfDay(NewYork, 2026, 3, 8), StartOfDay(NewYork, 2026, 3, 9)).Should().Be(Duration.FromHours(23));
    }

    [Fact]
    public void Between_ShiftAcrossSpringForward_CountsThreeHoursForOneToFive()
    {
        var calendar = Sundays("01:00-05:00");

        calendar.Between(StartOfDay(NewYork, 2026, 3, 8), StartOfDay(NewYork, 2026, 3, 9)).Should().Be(Duration.FromHours(3));
        calendar.Add(Utc(2026, 3, 8, 6), Duration.FromHours(3)).Should().Be(Utc(2026, 3, 8, 9), "05:00 EDT is 09:00 UTC");
        calendar.Between(StartOfDay(NewYork, 2026, 3, 1), StartOfDay(NewYork, 2026, 3, 2)).Should().Be(Duration.FromHours(4), "an ordinary Sunday");
    }

    [Fact]
    public void NextOpen_OpeningTimeInsideTheSpringForwardGap_ResolvesForwardToTheEndOfTheGap()
    {
        var calendar = Sundays("02:30-05:00");

        calendar.NextOpen(StartOfDay(NewYork, 2026, 3, 8)).Should().Be(Utc(2026, 3, 8, 7), "03:00 EDT, the first instant after the gap");
        calendar.IsOpenAt(Utc(2026, 3, 8, 7)).Should().BeTrue();
        calendar.IsOpenAt(Utc(2026, 3, 8, 7).PlusTicks(-1)).Should().BeFalse();
        calendar.Between(StartOfDay(NewYork, 2026, 3, 8), StartOfDay(NewYork, 2026, 3, 9)).Should().Be(Duration.FromHours(2));
    }

    [Fact]
    public void Between_ClosingTimeInsideTheSpringForwardGap_ClosesAtTheEndOfTheGap()
    {
        var calendar = Sundays("01:00-02:30");

        calendar.Between(StartOfDay(NewYork, 2026, 3, 8), StartOfDay(NewYork, 2026, 3, 9)).Should().Be(Duration.FromHours(1));
        calendar.Add(Utc(2026, 3, 8, 6), Duration.FromHours(1)).Should().Be(Utc(2026, 3, 8, 7));
    }

    [Fact]
    public void Between_ShiftEntirelyInsideTheSpringForwardGap_HasNoOpenTime()
    {
        var calendar = Sundays("02:10-02:50");

        calendar.Between(StartOfDay(NewYork, 2026, 3, 8), StartOfDay(NewYork, 2026, 3, 9)).Should().Be(Duration.Zero);
        calendar.NextOpen(StartOfDay(NewYork, 2026, 3, 8)).Should().Be(At(2026, 3, 15, 2, 10));
    }

    // Fall back in New York: Sunday 2026-11-01, 02:00 EDT -> 01:00 EST (06:00 UTC); 01:00-02:00 happens twice.
    [Fact]
    public void Between_TwentyFourSevenOnFallBackDay_IsTwentyFiveHours()
    {
        TwentyFourSeven().Between(StartOfDay(NewYork, 2026, 11, 1), StartOfDay(NewYork, 2026, 11, 2)).Should().Be(Duration.FromHours(25));
    }

    [Fact]
    public void Between_ShiftAcrossFallBack_CountsFourHoursForMidnightToThree()
    {
        var calendar = Sundays("00:00-03:00");

        calendar.Between(StartOfDay(NewYork, 2026, 11, 1), StartOfDay(NewYork, 2026, 11, 2)).Should().Be(Duration.FromHours(4));
        calendar.Add(StartOfDay(NewYork, 2026, 11, 1), Duration.FromHours(4)).Should().Be(Utc(2026, 11, 1, 8), "03:00 EST");
    }

    [Fact]
    public void NextOpen_AmbiguousOpeningTime_ResolvesToTheEarlierInstant()
    {
        var calendar = Sundays("01:30-03:00");

        calendar.NextOpen(StartOfDay(NewYork, 2026, 11, 1)).Should().Be(Utc(2026, 11, 1, 5, 30), "01:30 EDT, the first of the two");
        calendar.Between(StartOfDay(NewYork, 2026, 11, 1), StartOfDay(NewYork, 2026, 11, 2)).Should().Be(Duration.FromMinutes(150));
    }

    [Fact]
    public void Between_AmbiguousClosingTime_ResolvesToTheLaterInstant()
    {
        var calendar = Sundays("00:00-01:30");

        calendar.Between(StartOfDay(NewYork, 2026, 11, 1), StartOfDay(NewYork, 2026, 11, 2)).Should().Be(Duration.FromMinutes(150));
        calendar.Add(StartOfDay(NewYork, 2026, 11, 1), Duration.FromMinutes(150)).Should().Be(Utc(2026, 11, 1, 6, 30), "01:30 EST, the second of the two");
    }

    [Fact]
    public void Between_NineToFiveAcrossBothDstChanges_IsUnchanged()
    {
        var calendar = NineToFive();

        calendar.Between(At(2026, 3, 6, 12), At(2026, 3, 9, 12)).Should().Be(Duration.FromHours(8));
        calendar.Between(At(2026, 10, 30, 12), At(2026, 11, 2, 12)).Should().Be(Duration.FromHours(8));
        calendar.Add(At(2026, 3, 6, 16), Duration.FromHours(2)).Should().Be(At(2026, 3, 9, 10));
    }

    [Fact]
    public void Between_PanamaHasNoDst_EveryDayIsTwentyFourHours()
    {
        var calendar = TwentyFourSeven("America/Panama");

        calendar.Between(StartOfDay(Panama, 2026, 3, 8), StartOfDay(Panama, 2026, 3, 9)).Should().Be(Duration.FromHours(24));
        calendar.Between(StartOfDay(Panama, 2026, 11, 1), StartOfDay(Panama, 2026, 11, 2)).Should().Be(Duration.FromHours(24));
        calendar.Between(StartOfDay(Panama, 2026, 1, 1), StartOfDay(Panama, 2027, 1, 1)).Should().Be(Duration.FromDays(365));
    }

    [Fact]
    public void Add_PanamaNineToFive_UsesPanamaLocalTime()
    {
        var calendar = Build(WeeklyHoursDefinition.Weekdays("08:00-16:00"), "America/Panama");

        calendar.Add(At(Panama, 2026, 3, 6, 15), Duration.FromHours(2)).Should().Be(At(Panama, 2026, 3, 9, 9));
        calendar.Add(At(Panama, 2026, 3, 6, 15), Duration.FromHours(2)).Should().Be(Utc(2026, 3, 9, 14), "Panama is UTC-5 all year");
    }

    // Sao Paulo, 2015-10-18: DST began at midnight, so local time ran from 23:59:59 on the 17th to 01:00 on the 18th.
    [Fact]
    public void Between_SaoPauloDayWithoutMidnight_IsTwentyThreeHoursAndDoesNotCrash()
    {
        var calendar = TwentyFourSeven("America/Sao_Paulo");

        calendar.Between(StartOfDay(SaoPaulo, 2015, 10, 17), StartOfDay(SaoPaulo, 2015, 10, 19)).Should().Be(Duration.FromHours(47));
        calendar.IsOpenAt(StartOfDay(SaoPaulo, 2015, 10, 18)).Should().BeTrue();
    }

    [Fact]
    public void NextOpen_SaoPauloMidnightOpening_ResolvesToOneOClock()
    {
        var calendar = Sundays("00:00-02:00", "America/Sao_Paulo");
        var firstInstantOfTheDay = StartOfDay(SaoPaulo, 2015, 10, 18);

        firstInstantOfTheDay.Should().Be(Utc(2015, 10, 18, 3), "01:00 BRST");
        calendar.NextOpen(At(SaoPaulo, 2015, 10, 17, 12)).Should().Be(firstInstantOfTheDay);
        calendar.Between(At(SaoPaulo, 2015, 10, 17, 12), At(SaoPaulo, 2015, 10, 18, 12)).Should().Be(Duration.FromHours(1));
    }

    [Fact]
    public void Build_SaoPauloClosureStartingAtTheSkippedMidnight_ClosesFromTheFirstInstantOfTheDay()
    {
        var definition = Definition(WeeklyHoursDefinition.AllDayEveryDay(), "America/Sao_Paulo").AddClosure("2015-10-18", "2015-10-19", "Skipped midnight");
        var calendar = BusinessCalendar.Build(definition);

        calendar.Between(StartOfDay(SaoPaulo, 2015, 10, 17), StartOfDay(SaoPaulo, 2015, 10, 20)).Should().Be(Duration.FromHours(48));
        calendar.NextOpen(StartOfDay(SaoPaulo, 2015, 10, 18)).Should().Be(StartOfDay(SaoPaulo, 2015, 10, 19));
    }

    // Samoa skipped Friday 2011-12-30: Thursday 29th 23:59:59 (UTC-10) was followed by Saturday 31st 00:00 (UTC+14).
    [Fact]
    public void Between_ApiaSkippedDay_HasNoOpenTimeAndDoesNotCrash()
    {
        var calendar = Build(WeeklyHoursDefinition.Weekdays("09:00-17:00"), "Pacific/Apia");

        calendar.Between(At(Apia, 2011, 12, 29, 9), At(Apia, 2012, 1, 2, 9)).Should().Be(Duration.FromHours(8));
        calendar.Add(At(Apia, 2011, 12, 29, 16), Duration.FromHours(2)).Should().Be(At(Apia, 2012, 1, 2, 10));
        calendar.Subtract(At(Apia, 2012, 1, 2, 10), Duration.FromHours(2)).Should().Be(At(Apia, 2011, 12, 29, 16));
        calendar.NextOpen(At(Apia, 2011, 12, 29, 17)).Should().Be(At(Apia, 2012, 1, 2, 9));
    }

    [Fact]
    public void Between_ApiaTwentyFourSevenAcrossTheSkippedDay_CountsOnlyRealTime()
    {
        var calendar = TwentyFourSeven("Pacific/Apia");

        calendar.Between(StartOfDay(Apia, 2011, 12, 29), StartOfDay(Apia, 2011, 12, 31)).Should().Be(Duration.FromHours(24));
        calendar.Between(StartOfDay(Apia, 2011, 12, 29), StartOfDay(Apia, 2012, 1, 1)).Should().Be(Duration.FromHours(48));
    }

    [Fact]
    public void Between_ApiaOvernightShiftIntoTheSkippedDay_EndsWhenTheDayIsSkipped()
    {
        var calendar = Build(WeeklyHoursDefinition.Weekdays("22:00-06:00"), "Pacific/Apia");

        // Thursday's shift runs from 22:00 (UTC-10) to the jump at Thursday 24:00: 2 h. Friday's shift opens at the
        // first instant after the skipped 22:00, which is Saturday 00:00 (UTC+14), and closes at 06:00: 6 h.
        calendar.Between(At(Apia, 2011, 12, 29, 12), StartOfDay(Apia, 2012, 1, 2)).Should().Be(Duration.FromHours(8));
        calendar.Add(At(Apia, 2011, 12, 29, 12), Duration.FromHours(2)).Should().Be(StartOfDay(Apia, 2011, 12, 31));
        calendar.IsOpenAt(StartOfDay(Apia, 2011, 12, 31)).Should().BeTrue("the two shifts meet at the jump");
        calendar.IsOpenAt(At(Apia, 2011, 12, 31, 6)).Should().BeFalse();
    }

    [Fact]
    public void Build_ApiaHolidayAndClosureOnTheSkippedDay_DoNotCrash()
    {
        var definition = Definition(WeeklyHoursDefinition.Weekdays("09:00-17:00"), "Pacific/Apia")
            .AddClosure("2011-12-30T10:00", "2011-12-30T12:00", "On the skipped day")
            .AddClosure("2011-12-29T16:00", "2011-12-30T12:00", "Into the skipped day");
        definition.HolidayRules.Add(Holiday("Skipped", "2011-12-30"));
        var calendar = BusinessCalendar.Build(definition, 2011, 2);

        calendar.Between(At(Apia, 2011, 12, 29, 9), At(Apia, 2012, 1, 2, 9)).Should().Be(Duration.FromHours(7));
    }

    [Fact]
    public void Add_RequesterInLosAngeles_IsMeasuredInTheCalendarsZone()
    {
        // Monday 2026-03-02 23:30 in Los Angeles is Tuesday 02:30 in New York.
        var calendar = NineToFive();
        var lateMondayInLosAngeles = At(LosAngeles, 2026, 3, 2, 23, 30);

        lateMondayInLosAngeles.InZone(NewYork).Date.Should().Be(new LocalDate(2026, 3, 3));
        calendar.Add(lateMondayInLosAngeles, Duration.FromHours(1)).Should().Be(At(2026, 3, 3, 10));
        calendar.IsOpenAt(At(LosAngeles, 2026, 3, 2, 16, 30)).Should().BeFalse("16:30 in Los Angeles is 19:30 in New York");
        calendar.Between(At(LosAngeles, 2026, 3, 2, 8), lateMondayInLosAngeles).Should().Be(Duration.FromHours(6));
    }

    [Fact]
    public void Add_RequesterInLosAngelesTheEveningBeforeAHoliday_StartsOnTheHolidayInNewYork()
    {
        var definition = NineToFiveDefinition();
        definition.HolidayRules.Add(Holiday("Municipal day", "2026-03-03"));
        var calendar = BusinessCalendar.Build(definition);

        calendar.Add(At(LosAngeles, 2026, 3, 2, 23, 30), Duration.FromHours(1)).Should().Be(At(2026, 3, 4, 10));
    }
}
