using System.Linq;
using Civic311.Sla.Holidays;
using NodaTime;

namespace Civic311.Core.Tests.Sla.Holidays;

/// <summary>
/// The panama set against the Código de Trabajo: art. 46 (as amended by Ley 28 de 2015 and Ley 291 de 2022) lists the days of
/// rest; art. 47 moves a day that falls on a Sunday to the Monday. Saturdays stay.
/// </summary>
public sealed class PanamaHolidaysTests
{
    private const string Inauguration = "Toma de posesión del Presidente de la República";

    private static Holiday H(int year, int month, int day, string name) => new(new LocalDate(year, month, day), name);

    private static Holiday[] Year(int year) => HolidayRules.Expand(HolidaySets.Panama(), year, year).ToArray();

    private static LocalDate[] DatesOf(string name, int fromYear, int toYear) =>
        HolidayRules.Expand(HolidaySets.Panama(), fromYear, toYear).Where(h => h.Name == name).Select(h => h.Date).ToArray();

    [Fact]
    public void Expand_2025_IsTheLegalList()
    {
        // 20 December 2025 is a Saturday and stays there.
        Year(2025).Should().Equal(
            H(2025, 1, 1, "Año Nuevo"),
            H(2025, 1, 9, "Día de los Mártires"),
            H(2025, 3, 4, "Martes de Carnaval"),
            H(2025, 4, 18, "Viernes Santo"),
            H(2025, 5, 1, "Día del Trabajo"),
            H(2025, 11, 3, "Separación de Panamá de Colombia"),
            H(2025, 11, 5, "Consolidación de la Separación de Panamá de Colombia (Colón)"),
            H(2025, 11, 10, "Primer Grito de Independencia de la Villa de Los Santos"),
            H(2025, 11, 28, "Independencia de Panamá de España"),
            H(2025, 12, 8, "Día de las Madres"),
            H(2025, 12, 20, "Día de Duelo Nacional"),
            H(2025, 12, 25, "Navidad"));
    }

    [Fact]
    public void Expand_2026_IsTheLegalListWithTwentiethOfDecemberOnMonday()
    {
        // 28 November 2026 is a Saturday and stays; 20 December 2026 is a Sunday, rested on Monday 21.
        Year(2026).Should().Equal(
            H(2026, 1, 1, "Año Nuevo"),
            H(2026, 1, 9, "Día de los Mártires"),
            H(2026, 2, 17, "Martes de Carnaval"),
            H(2026, 4, 3, "Viernes Santo"),
            H(2026, 5, 1, "Día del Trabajo"),
            H(2026, 11, 3, "Separación de Panamá de Colombia"),
            H(2026, 11, 5, "Consolidación de la Separación de Panamá de Colombia (Colón)"),
            H(2026, 11, 10, "Primer Grito de Independencia de la Villa de Los Santos"),
            H(2026, 11, 28, "Independencia de Panamá de España"),
            H(2026, 12, 8, "Día de las Madres"),
            H(2026, 12, 21, "Día de Duelo Nacional"),
            H(2026, 12, 25, "Navidad"));
    }

    [Fact]
    public void Expand_2024_HasTheInaugurationAndThreeSundayHolidaysOnMonday()
    {
        // 3 and 10 November and 8 December 2024 were Sundays; 1 July 2024 the inauguration.
        Year(2024).Should().Equal(
            H(2024, 1, 1, "Año Nuevo"),
            H(2024, 1, 9, "Día de los Mártires"),
            H(2024, 2, 13, "Martes de Carnaval"),
            H(2024, 3, 29, "Viernes Santo"),
            H(2024, 5, 1, "Día del Trabajo"),
            H(2024, 7, 1, Inauguration),
            H(2024, 11, 4, "Separación de Panamá de Colombia"),
            H(2024, 11, 5, "Consolidación de la Separación de Panamá de Colombia (Colón)"),
            H(2024, 11, 11, "Primer Grito de Independencia de la Villa de Los Santos"),
            H(2024, 11, 28, "Independencia de Panamá de España"),
            H(2024, 12, 9, "Día de las Madres"),
            H(2024, 12, 20, "Día de Duelo Nacional"),
            H(2024, 12, 25, "Navidad"));
    }

    [Fact]
    public void Expand_SundayHolidays_MoveToMonday_AsMitradelAnnounced()
    {
        // Mitradel: Monday 26 December 2016 and Monday 2 January 2017 (Christmas and New Year on Sundays); Monday 10 January 2022.
        Year(2016).Should().Contain(H(2016, 12, 26, "Navidad")).And.NotContain(h => h.Date == new LocalDate(2016, 12, 25));
        Year(2017).Should().Contain(H(2017, 1, 2, "Año Nuevo")).And.NotContain(h => h.Date == new LocalDate(2017, 1, 1));
        Year(2022).Should().Contain(H(2022, 1, 10, "Día de los Mártires"));
    }

    [Fact]
    public void Expand_SaturdayHolidays_StayOnSaturday()
    {
        HolidayRules.Expand(HolidaySets.Panama(), 2015, 2060)
            .Where(h => h.Date.DayOfWeek == IsoDayOfWeek.Saturday).Should().NotBeEmpty();
        HolidayRules.Expand(HolidaySets.Panama(), 2015, 2060)
            .Should().NotContain(h => h.Date.DayOfWeek == IsoDayOfWeek.Sunday);
    }

    [Fact]
    public void Expand_FourthOfNovemberAndCarnivalMonday_AreNotDaysOfRest()
    {
        // 4 November 2025 and 2026 are weekdays; Carnival Monday 2026 is 16 February.
        Year(2025).Should().NotContain(h => h.Date == new LocalDate(2025, 11, 4));
        Year(2026).Should().NotContain(h => h.Date == new LocalDate(2026, 11, 4));
        Year(2026).Should().NotContain(h => h.Date == new LocalDate(2026, 2, 16));
    }

    [Fact]
    public void Expand_TwentiethOfDecember_IsADayOfRestFrom2022()
    {
        // Ley 291 of 31 March 2022. 20 December 2020 was a Sunday: no Monday either.
        DatesOf("Día de Duelo Nacional", 2019, 2023).Should().Equal(new LocalDate(2022, 12, 20), new LocalDate(2023, 12, 20));
        Year(2020).Should().NotContain(h => h.Date == new LocalDate(2020, 12, 21));
    }

    [Fact]
    public void Expand_Inauguration_IsFirstJulyEveryFiveYearsFrom2019_OnMondayWhenSunday()
    {
        // 1 July 2029 is a Sunday.
        DatesOf(Inauguration, 2014, 2040).Should().Equal(
            new LocalDate(2019, 7, 1),
            new LocalDate(2024, 7, 1),
            new LocalDate(2029, 7, 2),
            new LocalDate(2034, 7, 1),
            new LocalDate(2039, 7, 1));
        DatesOf(Inauguration, 2295, 2299).Should().Equal(new LocalDate(2299, 7, 1));
    }

    [Fact]
    public void Expand_CarnivalTuesdayAndGoodFriday_FollowEaster()
    {
        foreach (var year in new[] { 2019, 2024, 2025, 2026, 2038 })
        {
            var easter = HolidayRules.EasterSunday(year);

            DatesOf("Martes de Carnaval", year, year).Should().Equal(easter.PlusDays(-47));
            DatesOf("Viernes Santo", year, year).Should().Equal(easter.PlusDays(-2));
            easter.PlusDays(-47).DayOfWeek.Should().Be(IsoDayOfWeek.Tuesday);
        }
    }

    [Fact]
    public void Panama_EachCall_ReturnsNewRuleObjects()
    {
        var first = HolidaySets.Panama();
        first.Single(r => r.Name == Inauguration).Dates.Clear();

        HolidaySets.Panama().Single(r => r.Name == Inauguration).Dates.Should().Contain("2024-07-01");
    }
}
