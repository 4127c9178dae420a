using System.Linq;
using Civic311.Sla.Holidays;
using NodaTime;

namespace Civic311.Core.Tests.Sla.Holidays;

/// <summary>
/// The us-federal set against 5 U.S.C. 6103 and OPM's published lists (a Saturday holiday is observed on the Friday before,
/// a Sunday holiday on the Monday after).
/// </summary>
public sealed class UnitedStatesFederalHolidaysTests
{
    private static Holiday H(int year, int month, int day, string name) => new(new LocalDate(year, month, day), name);

    private static Holiday[] Year(int year) => HolidayRules.Expand(HolidaySets.UnitedStatesFederal(), year, year).ToArray();

    private static LocalDate[] DatesOf(string name, int fromYear, int toYear) =>
        HolidayRules.Expand(HolidaySets.UnitedStatesFederal(), fromYear, toYear).Where(h => h.Name == name).Select(h => h.Date).ToArray();

    [Fact]
    public void Expand_2025_IsOpmsList()
    {
        Year(2025).Should().Equal(
            H(2025, 1, 1, "New Year's Day"),
            H(2025, 1, 20, "Birthday of Martin Luther King, Jr."),
            H(2025, 2, 17, "Washington's Birthday"),
            H(2025, 5, 26, "Memorial Day"),
            H(2025, 6, 19, "Juneteenth National Independence Day"),
            H(2025, 7, 4, "Independence Day"),
            H(2025, 9, 1, "Labor Day"),
            H(2025, 10, 13, "Columbus Day"),
            H(2025, 11, 11, "Veterans Day"),
            H(2025, 11, 27, "Thanksgiving Day"),
            H(2025, 12, 25, "Christmas Day"));
    }

    [Fact]
    public void Expand_2026_IsOpmsListWithIndependenceDayOnFriday()
    {
        // 4 July 2026 is a Saturday: observed on Friday 3 July.
        Year(2026).Should().Equal(
            H(2026, 1, 1, "New Year's Day"),
            H(2026, 1, 19, "Birthday of Martin Luther King, Jr."),
            H(2026, 2, 16, "Washington's Birthday"),
            H(2026, 5, 25, "Memorial Day"),
            H(2026, 6, 19, "Juneteenth National Independence Day"),
            H(2026, 7, 3, "Independence Day"),
            H(2026, 9, 7, "Labor Day"),
            H(2026, 10, 12, "Columbus Day"),
            H(2026, 11, 11, "Veterans Day"),
            H(2026, 11, 26, "Thanksgiving Day"),
            H(2026, 12, 25, "Christmas Day"));
    }

    [Fact]
    public void Expand_2027_HasFourWeekendHolidaysMovedAndNewYears2028()
    {
        // Juneteenth (Sat) -> Fri 18 June; Independence Day (Sun) -> Mon 5 July; Christmas (Sat) -> Fri 24 December;
        // New Year's Day 2028 (Sat) -> Fri 31 December 2027, a holiday of 2027.
        Year(2027).Should().Equal(
            H(2027, 1, 1, "New Year's Day"),
            H(2027, 1, 18, "Birthday of Martin Luther King, Jr."),
            H(2027, 2, 15, "Washington's Birthday"),
            H(2027, 5, 31, "Memorial Day"),
            H(2027, 6, 18, "Juneteenth National Independence Day"),
            H(2027, 7, 5, "Independence Day"),
            H(2027, 9, 6, "Labor Day"),
            H(2027, 10, 11, "Columbus Day"),
            H(2027, 11, 11, "Veterans Day"),
            H(2027, 11, 25, "Thanksgiving Day"),
            H(2027, 12, 24, "Christmas Day"),
            H(2027, 12, 31, "New Year's Day"));
        Year(2028).Should().NotContain(h => h.Name == "New Year's Day");
    }

    [Fact]
    public void Expand_NewYearsDay2022_IsObservedOnFriday31December2021()
    {
        Year(2021).Should().Contain(H(2021, 12, 31, "New Year's Day"));
        Year(2022).Select(h => h.Name).Should().NotContain("New Year's Day");
    }

    [Fact]
    public void Expand_EveryYear_ObservesEveryHolidayOnAWeekday()
    {
        HolidayRules.Expand(HolidaySets.UnitedStatesFederal(), 1971, 2100)
            .Should().OnlyContain(h => h.Date.DayOfWeek != IsoDayOfWeek.Saturday && h.Date.DayOfWeek != IsoDayOfWeek.Sunday);
    }

    [Fact]
    public void Expand_MartinLutherKingDay_StartsIn1986()
    {
        DatesOf("Birthday of Martin Luther King, Jr.", 1984, 1987).Should().Equal(new LocalDate(1986, 1, 20), new LocalDate(1987, 1, 19));
    }

    [Fact]
    public void Expand_Juneteenth_StartsIn2021OnFriday18June()
    {
        // 19 June 2021 was a Saturday.
        DatesOf("Juneteenth National Independence Day", 2019, 2022).Should().Equal(new LocalDate(2021, 6, 18), new LocalDate(2022, 6, 20));
    }

    [Fact]
    public void Expand_MondayHolidayAct_AppliesFrom1971()
    {
        // Before 1971: 22 February and 30 May (weekdays in 1967 and 1968), no Columbus Day.
        // From 1971: third Monday of February, last Monday of May, second Monday of October.
        DatesOf("Washington's Birthday", 1967, 1968).Should().Equal(new LocalDate(1967, 2, 22), new LocalDate(1968, 2, 22));
        DatesOf("Washington's Birthday", 1971, 1971).Should().Equal(new LocalDate(1971, 2, 15));
        DatesOf("Memorial Day", 1967, 1968).Should().Equal(new LocalDate(1967, 5, 30), new LocalDate(1968, 5, 30));
        DatesOf("Memorial Day", 1971, 1971).Should().Equal(new LocalDate(1971, 5, 31));
        DatesOf("Columbus Day", 1967, 1972).Should().Equal(new LocalDate(1971, 10, 11), new LocalDate(1972, 10, 9));
    }

    [Fact]
    public void Expand_VeteransDay_WasOnTheFourthMondayOfOctoberFrom1971To1977()
    {
        DatesOf("Veterans Day", 1970, 1979).Should().Equal(
            new LocalDate(1970, 11, 11),
            new LocalDate(1971, 10, 25),
            new LocalDate(1972, 10, 23),
            new LocalDate(1973, 10, 22),
            new LocalDate(1974, 10, 28),
            new LocalDate(1975, 10, 27),
            new LocalDate(1976, 10, 25),
            new LocalDate(1977, 10, 24),
            new LocalDate(1978, 11, 10),
            new LocalDate(1979, 11, 12));
    }

    [Fact]
    public void Expand_EveryYear_HasElevenHolidaysOnDistinctDates_NewYearsDayMovingToTheYearBefore()
    {
        for (var year = 2021; year <= 2060; year++)
        {
            var expected = 11
                - (new LocalDate(year, 1, 1).DayOfWeek == IsoDayOfWeek.Saturday ? 1 : 0)
                + (new LocalDate(year + 1, 1, 1).DayOfWeek == IsoDayOfWeek.Saturday ? 1 : 0);
            var holidays = Year(year);

            holidays.Should().HaveCount(expected, "year {0}", year);
            holidays.Select(h => h.Date).Should().OnlyHaveUniqueItems();
        }
    }

    [Fact]
    public void TryGet_NameInAnyCaseWithSpaces_FindsTheSet()
    {
        HolidaySets.TryGet(" US-Federal ", out var rules).Should().BeTrue();
        rules.Should().BeEquivalentTo(HolidaySets.UnitedStatesFederal());
        HolidaySets.TryGet("PANAMA", out rules).Should().BeTrue();
        rules.Should().BeEquivalentTo(HolidaySets.Panama());
        HolidaySets.TryGet("us federal", out rules).Should().BeFalse();
        rules.Should().BeNull();
        HolidaySets.Names.Should().Equal(HolidaySets.UnitedStatesFederalName, HolidaySets.PanamaName);
    }

    [Fact]
    public void UnitedStatesFederal_EachCall_ReturnsNewRuleObjects()
    {
        var first = HolidaySets.UnitedStatesFederal();
        first[0].Month = 3;

        HolidaySets.UnitedStatesFederal()[0].Month.Should().Be(1);
        HolidaySets.UnitedStatesFederal().Should().NotContain(r => ReferenceEquals(r, first[0]));
    }
}
