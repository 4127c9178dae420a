using System;
using System.Linq;
using Civic311.Sla.Holidays;
using NodaTime;

namespace Civic311.Core.Tests.Sla.Holidays;

public sealed class HolidayRuleExpansionTests
{
    private static HolidayRuleDefinition Fixed(int month, int day, HolidayObservance observance = HolidayObservance.None, string name = "Fixed") =>
        new() { Name = name, Kind = HolidayRuleKind.FixedDate, Month = month, Day = day, Observance = observance };

    private static HolidayRuleDefinition Nth(int month, IsoDayOfWeek weekday, int occurrence) =>
        new() { Name = "Nth", Kind = HolidayRuleKind.NthWeekday, Month = month, Weekday = weekday, Occurrence = occurrence };

    private static HolidayRuleDefinition Last(int month, IsoDayOfWeek weekday) =>
        new() { Name = "Last", Kind = HolidayRuleKind.LastWeekday, Month = month, Weekday = weekday };

    private static HolidayRuleDefinition Easter(int offsetDays) =>
        new() { Name = "Easter", Kind = HolidayRuleKind.EasterOffset, OffsetDays = offsetDays };

    private static HolidayRuleDefinition Explicit(HolidayObservance observance, params string[] dates)
    {
        var rule = new HolidayRuleDefinition { Name = "Explicit", Kind = HolidayRuleKind.ExplicitDates, Observance = observance };
        foreach (var date in dates)
        {
            rule.Dates.Add(date);
        }

        return rule;
    }

    private static LocalDate[] Dates(HolidayRuleDefinition rule, int fromYear, int toYear) =>
        HolidayRules.Expand([rule], fromYear, toYear).Select(h => h.Date).ToArray();

    private static LocalDate D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Expand_FixedDateOnAWeekday_IsOnItsDateWhateverTheObservance()
    {
        // 2026-07-15 is a Wednesday.
        foreach (var observance in Enum.GetValues<HolidayObservance>())
        {
            Dates(Fixed(7, 15, observance), 2026, 2026).Should().Equal([D(2026, 7, 15)], "observance {0} only moves weekend dates", observance);
        }
    }

    // 2026-07-04 is a Saturday, 2027-07-04 a Sunday.
    [Theory]
    [InlineData(HolidayObservance.None, 2026, 7, 4)]
    [InlineData(HolidayObservance.NearestWeekday, 2026, 7, 3)]
    [InlineData(HolidayObservance.SundayToMonday, 2026, 7, 4)]
    [InlineData(HolidayObservance.WeekendToMonday, 2026, 7, 6)]
    public void Expand_FixedDateOnASaturday_IsObservedPerPolicy(HolidayObservance observance, int year, int month, int day)
    {
        Dates(Fixed(7, 4, observance), 2026, 2026).Should().Equal(D(year, month, day));
    }

    [Theory]
    [InlineData(HolidayObservance.None, 2027, 7, 4)]
    [InlineData(HolidayObservance.NearestWeekday, 2027, 7, 5)]
    [InlineData(HolidayObservance.SundayToMonday, 2027, 7, 5)]
    [InlineData(HolidayObservance.WeekendToMonday, 2027, 7, 5)]
    public void Expand_FixedDateOnASunday_IsObservedPerPolicy(HolidayObservance observance, int year, int month, int day)
    {
        Dates(Fixed(7, 4, observance), 2027, 2027).Should().Equal(D(year, month, day));
    }

    [Fact]
    public void Expand_NthWeekday_FindsTheNthOccurrence()
    {
        // Third Monday of January 2026 (January starts on a Thursday): 19 January.
        Dates(Nth(1, IsoDayOfWeek.Monday, 3), 2026, 2026).Should().Equal(D(2026, 1, 19));

        // First Monday of September 2025, when the month starts on that Monday: 1 September.
        Dates(Nth(9, IsoDayOfWeek.Monday, 1), 2025, 2025).Should().Equal(D(2025, 9, 1));

        // Fourth Thursday of November 2026: 26 November.
        Dates(Nth(11, IsoDayOfWeek.Thursday, 4), 2026, 2026).Should().Equal(D(2026, 11, 26));
    }

    [Fact]
    public void Expand_FifthWeekdayThatDoesNotExist_HasNoHolidayThatYear()
    {
        // January has a fifth Friday in 2026 (2..30) and 2027 (1..29) but not in 2028 (7, 14, 21, 28).
        Dates(Nth(1, IsoDayOfWeek.Friday, 5), 2026, 2028).Should().Equal(D(2026, 1, 30), D(2027, 1, 29));

        // February has a fifth Monday only when it is a leap month starting on a Monday (2016: 1..29).
        Dates(Nth(2, IsoDayOfWeek.Monday, 5), 2015, 2017).Should().Equal(D(2016, 2, 29));
        Dates(Nth(2, IsoDayOfWeek.Monday, 5), 2026, 2027).Should().BeEmpty();
    }

    [Fact]
    public void Expand_LastWeekday_FindsTheLastOccurrence()
    {
        // Last Monday of May: 25 May 2026; 31 May 2027, the month's last day.
        Dates(Last(5, IsoDayOfWeek.Monday), 2026, 2027).Should().Equal(D(2026, 5, 25), D(2027, 5, 31));

        // Last Sunday of February in a leap year: 29 February 2032.
        Dates(Last(2, IsoDayOfWeek.Sunday), 2032, 2032).Should().Equal(D(2032, 2, 29));
    }

    [Fact]
    public void Expand_EasterOffset_CountsFromEasterSunday()
    {
        // Carnival Tuesday (-47), Good Friday (-2), Easter Monday (+1), Corpus Christi (+60) in 2026 (Easter: 5 April).
        Dates(Easter(-47), 2026, 2026).Should().Equal(D(2026, 2, 17));
        Dates(Easter(-2), 2026, 2026).Should().Equal(D(2026, 4, 3));
        Dates(Easter(1), 2025, 2025).Should().Equal(D(2025, 4, 21));
        Dates(Easter(60), 2026, 2026).Should().Equal(D(2026, 6, 4));
    }

    [Fact]
    public void Expand_EasterOffsetIntoThePreviousYear_BelongsToTheYearOfItsDate()
    {
        // 180 days before Easter 2026 (5 April) is 7 October 2025; before Easter 2025 (20 April) it is 22 October 2024.
        Dates(Easter(-180), 2025, 2025).Should().Equal(D(2025, 10, 7));
    }

    [Fact]
    public void Expand_ExplicitDates_ReturnsTheDatesOfTheRequestedYears()
    {
        var rule = Explicit(HolidayObservance.None, "2025-03-14", "2026-11-27", "2026-01-02", "2027-06-01");

        Dates(rule, 2026, 2026).Should().Equal(D(2026, 1, 2), D(2026, 11, 27));
        Dates(rule, 2024, 2028).Should().Equal(D(2025, 3, 14), D(2026, 1, 2), D(2026, 11, 27), D(2027, 6, 1));
    }

    [Fact]
    public void Expand_ExplicitDateOnAWeekend_IsObservedPerPolicy()
    {
        // 2026-11-28 is a Saturday, 2026-11-29 a Sunday.
        Dates(Explicit(HolidayObservance.NearestWeekday, "2026-11-28", "2026-11-29"), 2026, 2026).Should().Equal(D(2026, 11, 27), D(2026, 11, 30));
        Dates(Explicit(HolidayObservance.SundayToMonday, "2026-11-28", "2026-11-29"), 2026, 2026).Should().Equal(D(2026, 11, 28), D(2026, 11, 30));
    }

    [Fact]
    public void Expand_TwentyNinthOfFebruary_ExistsInLeapYearsOnly()
    {
        Dates(Fixed(2, 29), 2023, 2029).Should().Equal(D(2024, 2, 29), D(2028, 2, 29));

        // 1900 and 2100 are not leap years; 2000 is.
        Dates(Fixed(2, 29), 1900, 1900).Should().BeEmpty();
        Dates(Fixed(2, 29), 2000, 2000).Should().Equal(D(2000, 2, 29));
        Dates(Fixed(2, 29), 2100, 2100).Should().BeEmpty();

        // 29 February 2032 is a Sunday: observed on Monday 1 March.
        Dates(Fixed(2, 29, HolidayObservance.SundayToMonday), 2032, 2032).Should().Equal(D(2032, 3, 1));
    }

    [Fact]
    public void Expand_FromYearAndToYear_AreInclusiveBounds()
    {
        var rule = Fixed(7, 15);
        rule.FromYear = 2025;
        rule.ToYear = 2027;

        Dates(rule, 2023, 2029).Should().Equal(D(2025, 7, 15), D(2026, 7, 15), D(2027, 7, 15));
    }

    [Fact]
    public void Expand_FromYearAndToYear_BoundExplicitDatesToo()
    {
        var rule = Explicit(HolidayObservance.None, "2024-05-01", "2025-05-01", "2026-05-01");
        rule.FromYear = 2025;
        rule.ToYear = 2025;

        Dates(rule, 2020, 2030).Should().Equal(D(2025, 5, 1));
    }

    [Fact]
    public void Expand_HolidayObservedInThePreviousYear_BelongsToThatYear()
    {
        // New Year's Day 2022 is a Saturday, observed on Friday 31 December 2021.
        var rule = Fixed(1, 1, HolidayObservance.NearestWeekday);

        Dates(rule, 2021, 2021).Should().Equal(D(2021, 1, 1), D(2021, 12, 31));
        Dates(rule, 2022, 2022).Should().BeEmpty();
        Dates(rule, 2021, 2022).Should().Equal(D(2021, 1, 1), D(2021, 12, 31));
    }

    [Fact]
    public void Expand_HolidayObservedInTheNextYear_BelongsToThatYear()
    {
        // 31 December 2022 is a Saturday: moved to Monday 2 January 2023 under WeekendToMonday.
        var rule = Fixed(12, 31, HolidayObservance.WeekendToMonday);

        Dates(rule, 2022, 2022).Should().BeEmpty();

        // 31 December 2023 is a Sunday, observed on Monday 1 January 2024.
        Dates(rule, 2023, 2023).Should().Equal(D(2023, 1, 2));
        Dates(rule, 2024, 2024).Should().Equal(D(2024, 1, 1), D(2024, 12, 31));
    }

    [Fact]
    public void Expand_YearBoundsApplyToTheHolidaysOwnYear_NotToItsObservedYear()
    {
        // A rule from 2022 on still produces New Year's Day 2022, which is observed on 31 December 2021.
        var rule = Fixed(1, 1, HolidayObservance.NearestWeekday);
        rule.FromYear = 2022;

        Dates(rule, 2021, 2021).Should().Equal(D(2021, 12, 31));
    }

    [Fact]
    public void Expand_TwoRulesOnOneDate_BothAppearSortedByDateThenName()
    {
        var holidays = HolidayRules.Expand(
            [Fixed(12, 25, name: "Zeta"), Fixed(12, 24, name: "Eve"), Fixed(12, 25, name: "Alpha")],
            2026,
            2026);

        holidays.Should().Equal(
            new Holiday(D(2026, 12, 24), "Eve"),
            new Holiday(D(2026, 12, 25), "Alpha"),
            new Holiday(D(2026, 12, 25), "Zeta"));
    }

    [Fact]
    public void Expand_Name_IsTrimmed()
    {
        HolidayRules.Expand([Fixed(7, 15, name: "  Founders' Day ")], 2026, 2026).Should().Equal(new Holiday(D(2026, 7, 15), "Founders' Day"));
    }

    [Fact]
    public void Expand_YearsOutOfRangeOrReversed_Throws()
    {
        HolidayRuleDefinition[] rules = [Fixed(7, 15)];

        FluentActions.Invoking(() => HolidayRules.Expand(rules, HolidayRules.MinYear - 1, 2026)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => HolidayRules.Expand(rules, 2026, HolidayRules.MaxYear + 1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => HolidayRules.Expand(rules, 2027, 2026)).Should().Throw<ArgumentOutOfRangeException>();
        HolidayRules.Expand(rules, HolidayRules.MinYear, HolidayRules.MaxYear).Should().HaveCount(HolidayRules.MaxYear - HolidayRules.MinYear + 1);
    }

    [Fact]
    public void Expand_InvalidRule_ThrowsWithEveryProblem()
    {
        var act = () => HolidayRules.Expand([Fixed(7, 15), Fixed(13, 1, name: " "), null!], 2026, 2026);

        act.Should().Throw<Civic311ValidationException>()
            .Which.Errors.Select(e => (e.Field, e.Code)).Should().Equal(
                ("[1].name", ValidationErrorCodes.Required),
                ("[1].month", ValidationErrorCodes.OutOfRange),
                ("[2]", ValidationErrorCodes.Required));
    }

    [Fact]
    public void Expand_NullRules_Throws()
    {
        FluentActions.Invoking(() => HolidayRules.Expand(null!, 2026, 2026)).Should().Throw<ArgumentNullException>();
    }
}
