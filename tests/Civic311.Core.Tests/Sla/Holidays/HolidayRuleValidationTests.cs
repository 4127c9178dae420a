using System.Collections.Generic;
using System.Linq;
using Civic311.Sla.Holidays;
using NodaTime;

namespace Civic311.Core.Tests.Sla.Holidays;

public sealed class HolidayRuleValidationTests
{
    private static HolidayRuleDefinition Fixed(int month = 7, int day = 15) =>
        new() { Name = "Fixed", Kind = HolidayRuleKind.FixedDate, Month = month, Day = day };

    private static HolidayRuleDefinition Nth(int month = 1, IsoDayOfWeek weekday = IsoDayOfWeek.Monday, int occurrence = 3) =>
        new() { Name = "Nth", Kind = HolidayRuleKind.NthWeekday, Month = month, Weekday = weekday, Occurrence = occurrence };

    private static HolidayRuleDefinition Last(int month = 5, IsoDayOfWeek weekday = IsoDayOfWeek.Monday) =>
        new() { Name = "Last", Kind = HolidayRuleKind.LastWeekday, Month = month, Weekday = weekday };

    private static HolidayRuleDefinition Easter(int offsetDays) =>
        new() { Name = "Easter", Kind = HolidayRuleKind.EasterOffset, OffsetDays = offsetDays };

    private static HolidayRuleDefinition Explicit(params string?[] dates)
    {
        var rule = new HolidayRuleDefinition { Name = "Explicit", Kind = HolidayRuleKind.ExplicitDates };
        foreach (var date in dates)
        {
            rule.Dates.Add(date!);
        }

        return rule;
    }

    private static (string Field, string Code)[] Problems(params HolidayRuleDefinition[] rules) =>
        HolidayRules.Validate(rules).Select(e => (e.Field, e.Code)).ToArray();

    [Fact]
    public void Validate_ValidRulesOfEveryKind_ReportsNothing()
    {
        Problems(Fixed(), Fixed(2, 29), Fixed(12, 31), Nth(occurrence: 1), Nth(occurrence: 5), Last(), Easter(-180), Easter(180), Explicit("1900-01-01", "2299-12-31"))
            .Should().BeEmpty();
    }

    [Fact]
    public void Validate_ShippedSets_AreValid()
    {
        HolidayRules.Validate(HolidaySets.UnitedStatesFederal()).Should().BeEmpty();
        HolidayRules.Validate(HolidaySets.Panama()).Should().BeEmpty();
    }

    [Fact]
    public void Validate_NullRule_IsRequired()
    {
        Problems(Fixed(), null!).Should().Equal(("[1]", ValidationErrorCodes.Required));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_MissingName_IsRequired(string? name)
    {
        var rule = Fixed();
        rule.Name = name;

        Problems(rule).Should().Equal(("[0].name", ValidationErrorCodes.Required));
    }

    [Fact]
    public void Validate_UndefinedKind_IsNotInList()
    {
        var rule = Fixed();
        rule.Kind = (HolidayRuleKind)9;

        Problems(rule).Should().Equal(("[0].kind", ValidationErrorCodes.NotInList));
    }

    [Fact]
    public void Validate_UndefinedObservance_IsNotInList()
    {
        var rule = Fixed();
        rule.Observance = (HolidayObservance)9;

        Problems(rule).Should().Equal(("[0].observance", ValidationErrorCodes.NotInList));
    }

    [Theory]
    [InlineData(HolidayRuleKind.FixedDate, 0)]
    [InlineData(HolidayRuleKind.FixedDate, 13)]
    [InlineData(HolidayRuleKind.NthWeekday, 0)]
    [InlineData(HolidayRuleKind.NthWeekday, 13)]
    [InlineData(HolidayRuleKind.LastWeekday, -1)]
    [InlineData(HolidayRuleKind.LastWeekday, 13)]
    public void Validate_MonthOutOfRange_IsOutOfRange(HolidayRuleKind kind, int month)
    {
        var rule = kind switch
        {
            HolidayRuleKind.FixedDate => Fixed(month: month),
            HolidayRuleKind.NthWeekday => Nth(month: month),
            _ => Last(month: month),
        };

        Problems(rule).Should().Equal(("[0].month", ValidationErrorCodes.OutOfRange));
    }

    [Fact]
    public void Validate_MonthOfAnEasterOrExplicitRule_IsIgnored()
    {
        var easter = Easter(-2);
        easter.Month = 13;
        var explicitDates = Explicit("2026-01-02");
        explicitDates.Month = 0;

        Problems(easter, explicitDates).Should().BeEmpty();
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 32)]
    [InlineData(2, 30)]
    [InlineData(4, 31)]
    [InlineData(6, 31)]
    [InlineData(9, 31)]
    [InlineData(11, 31)]
    public void Validate_DayNotInMonth_IsOutOfRange(int month, int day)
    {
        Problems(Fixed(month, day)).Should().Equal(("[0].day", ValidationErrorCodes.OutOfRange));
    }

    [Theory]
    [InlineData(HolidayRuleKind.NthWeekday, IsoDayOfWeek.None)]
    [InlineData(HolidayRuleKind.NthWeekday, (IsoDayOfWeek)8)]
    [InlineData(HolidayRuleKind.LastWeekday, IsoDayOfWeek.None)]
    [InlineData(HolidayRuleKind.LastWeekday, (IsoDayOfWeek)8)]
    public void Validate_MissingWeekday_IsRequired(HolidayRuleKind kind, IsoDayOfWeek weekday)
    {
        var rule = kind == HolidayRuleKind.NthWeekday ? Nth(weekday: weekday) : Last(weekday: weekday);

        Problems(rule).Should().Equal(("[0].weekday", ValidationErrorCodes.Required));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void Validate_OccurrenceOutOfRange_IsOutOfRange(int occurrence)
    {
        Problems(Nth(occurrence: occurrence)).Should().Equal(("[0].occurrence", ValidationErrorCodes.OutOfRange));
    }

    [Theory]
    [InlineData(181)]
    [InlineData(-181)]
    public void Validate_EasterOffsetBeyond180Days_IsOutOfRange(int offsetDays)
    {
        Problems(Easter(offsetDays)).Should().Equal(("[0].offsetDays", ValidationErrorCodes.OutOfRange));
    }

    [Fact]
    public void Validate_ExplicitRuleWithoutDates_IsRequired()
    {
        Problems(Explicit()).Should().Equal(("[0].dates", ValidationErrorCodes.Required));
    }

    [Fact]
    public void Validate_BadExplicitDates_AreInvalidFormatEach()
    {
        Problems(Explicit("2026-01-02", "2026-13-01", "tomorrow", null, "1899-12-31", "2300-01-01", "2026-02-29", "2026-1-2")).Should().Equal(
            ("[0].dates[1]", ValidationErrorCodes.InvalidFormat),
            ("[0].dates[2]", ValidationErrorCodes.InvalidFormat),
            ("[0].dates[3]", ValidationErrorCodes.InvalidFormat),
            ("[0].dates[4]", ValidationErrorCodes.InvalidFormat),
            ("[0].dates[5]", ValidationErrorCodes.InvalidFormat),
            ("[0].dates[6]", ValidationErrorCodes.InvalidFormat),
            ("[0].dates[7]", ValidationErrorCodes.InvalidFormat));
    }

    [Fact]
    public void Validate_DatesOnARuleThatIsNotExplicit_AreInconsistent()
    {
        var rule = Fixed();
        rule.Dates.Add("2026-07-15");

        Problems(rule).Should().Equal(("[0].dates", ValidationErrorCodes.Inconsistent));
    }

    [Fact]
    public void Validate_ToYearBeforeFromYear_IsOutOfRange()
    {
        var reversed = Fixed();
        reversed.FromYear = 2027;
        reversed.ToYear = 2026;
        var oneYear = Fixed();
        oneYear.FromYear = 2026;
        oneYear.ToYear = 2026;

        Problems(reversed, oneYear).Should().Equal(("[0].toYear", ValidationErrorCodes.OutOfRange));
    }

    [Fact]
    public void Validate_ManyProblems_AreAllReportedAtOnceInOrder()
    {
        var nameless = Fixed(2, 30);
        nameless.Name = null;
        var badNth = Nth(month: 14, weekday: IsoDayOfWeek.None, occurrence: 9);
        badNth.FromYear = 2030;
        badNth.ToYear = 2020;
        var badExplicit = Explicit("2026-01-02", "nope");
        badExplicit.Observance = (HolidayObservance)7;

        Problems(nameless, Fixed(), badNth, null!, badExplicit, Easter(365)).Should().Equal(
            ("[0].name", ValidationErrorCodes.Required),
            ("[0].day", ValidationErrorCodes.OutOfRange),
            ("[2].month", ValidationErrorCodes.OutOfRange),
            ("[2].weekday", ValidationErrorCodes.Required),
            ("[2].occurrence", ValidationErrorCodes.OutOfRange),
            ("[2].toYear", ValidationErrorCodes.OutOfRange),
            ("[3]", ValidationErrorCodes.Required),
            ("[4].observance", ValidationErrorCodes.NotInList),
            ("[4].dates[1]", ValidationErrorCodes.InvalidFormat),
            ("[5].offsetDays", ValidationErrorCodes.OutOfRange));
    }

    [Fact]
    public void Validate_Messages_SayWhatIsWrong()
    {
        var errors = HolidayRules.Validate([Fixed(4, 31), Explicit("someday")]);

        errors.Select(e => e.Message).Should().Equal(
            "Day 31 does not exist in month 4.",
            "'someday' is not a date yyyy-MM-dd from 1900 to 2299.");
    }

    [Fact]
    public void Validate_NullRules_Throws()
    {
        FluentActions.Invoking(() => HolidayRules.Validate(null!)).Should().Throw<System.ArgumentNullException>();
    }

    [Fact]
    public void Validate_EmptyRules_ReportsNothing()
    {
        HolidayRules.Validate(new List<HolidayRuleDefinition>()).Should().BeEmpty();
    }
}
