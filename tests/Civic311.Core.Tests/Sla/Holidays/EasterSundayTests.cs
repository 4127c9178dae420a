using Civic311.Sla.Holidays;
using NodaTime;

namespace Civic311.Core.Tests.Sla.Holidays;

public sealed class EasterSundayTests
{
    // Published Western (Gregorian) Easter dates, including the earliest possible (22 March: 1818, 2285) and the latest
    // (25 April: 1943, 2038).
    [Theory]
    [InlineData(1818, 3, 22)]
    [InlineData(1900, 4, 15)]
    [InlineData(1943, 4, 25)]
    [InlineData(1961, 4, 2)]
    [InlineData(2000, 4, 23)]
    [InlineData(2008, 3, 23)]
    [InlineData(2011, 4, 24)]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2038, 4, 25)]
    [InlineData(2285, 3, 22)]
    public void EasterSunday_KnownYear_IsThePublishedDate(int year, int month, int day)
    {
        HolidayRules.EasterSunday(year).Should().Be(new LocalDate(year, month, day));
    }

    [Fact]
    public void EasterSunday_EveryYearInRange_IsASundayFrom22MarchTo25April()
    {
        for (var year = HolidayRules.MinYear; year <= HolidayRules.MaxYear; year++)
        {
            var easter = HolidayRules.EasterSunday(year);

            easter.DayOfWeek.Should().Be(IsoDayOfWeek.Sunday, "Easter {0} is {1}", year, easter);
            easter.Should().BeGreaterThanOrEqualTo(new LocalDate(year, 3, 22)).And.BeLessThanOrEqualTo(new LocalDate(year, 4, 25));
        }
    }
}
