using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NodaTime;

namespace Civic311.Sla.Holidays;

/// <summary>
/// Holiday rule sets shipped with Civic311, by name: <c>us-federal</c> (5 U.S.C. 6103) and <c>panama</c> (Panama's national
/// holidays). Integrators add municipal days with their own rules. Each call returns new rule objects.
/// </summary>
public static class HolidaySets
{
    /// <summary>The name of the United States federal holiday set.</summary>
    public const string UnitedStatesFederalName = "us-federal";

    /// <summary>The name of Panama's national holiday set.</summary>
    public const string PanamaName = "panama";

    /// <summary>Gets the names of the shipped sets.</summary>
    public static IReadOnlyList<string> Names { get; } = [UnitedStatesFederalName, PanamaName];

    /// <summary>
    /// United States federal holidays (5 U.S.C. 6103(a)): a Saturday holiday is observed on Friday and a Sunday holiday on
    /// Monday, as for a Monday-to-Friday workforce (5 U.S.C. 6103(b) and Executive Order 11582, section 3(a), as OPM applies
    /// them). Exact from 1971; Inauguration Day (Washington, D.C. area only) and one-off closures by executive order are not included.
    /// </summary>
    /// <returns>New rule objects.</returns>
    public static IReadOnlyList<HolidayRuleDefinition> UnitedStatesFederal() =>
    [
        Fixed("New Year's Day", 1, 1, HolidayObservance.NearestWeekday),

        // Pub. L. 98-144 (1983), first observed on 20 January 1986.
        Nth("Birthday of Martin Luther King, Jr.", 1, IsoDayOfWeek.Monday, 3, fromYear: 1986),

        // The Uniform Monday Holiday Act (Pub. L. 90-363, in force 1 January 1971) moved Washington's Birthday from 22 February
        // and Memorial Day from 30 May to Mondays, made Columbus Day a legal public holiday, and moved Veterans Day to the fourth
        // Monday of October until Pub. L. 94-97 put it back on 11 November from 1978.
        Fixed("Washington's Birthday", 2, 22, HolidayObservance.NearestWeekday, toYear: 1970),
        Nth("Washington's Birthday", 2, IsoDayOfWeek.Monday, 3, fromYear: 1971),
        Fixed("Memorial Day", 5, 30, HolidayObservance.NearestWeekday, toYear: 1970),
        Last("Memorial Day", 5, IsoDayOfWeek.Monday, fromYear: 1971),

        // Juneteenth National Independence Day Act (Pub. L. 117-17, 17 June 2021).
        Fixed("Juneteenth National Independence Day", 6, 19, HolidayObservance.NearestWeekday, fromYear: 2021),
        Fixed("Independence Day", 7, 4, HolidayObservance.NearestWeekday),
        Nth("Labor Day", 9, IsoDayOfWeek.Monday, 1),
        Nth("Columbus Day", 10, IsoDayOfWeek.Monday, 2, fromYear: 1971),

        // Armistice Day from 1938 (52 Stat. 351), Veterans Day since 1954.
        Fixed("Veterans Day", 11, 11, HolidayObservance.NearestWeekday, fromYear: 1938, toYear: 1970),
        Nth("Veterans Day", 10, IsoDayOfWeek.Monday, 4, fromYear: 1971, toYear: 1977),
        Fixed("Veterans Day", 11, 11, HolidayObservance.NearestWeekday, fromYear: 1978),
        Nth("Thanksgiving Day", 11, IsoDayOfWeek.Thursday, 4),
        Fixed("Christmas Day", 12, 25, HolidayObservance.NearestWeekday),
    ];

    /// <summary>
    /// Panama's national days of rest ("días de fiesta o duelo nacional", Código de Trabajo art. 46 as amended by Ley 28 of 4 May
    /// 2015 and Ley 291 of 31 March 2022): a day that falls on a Sunday is rested on the Monday (art. 47); a Saturday stays.
    /// Exact from 2015, when Ley 28 ended the "días puente". Not included: Carnival Monday and other days the Executive closes
    /// public offices by decree each year, 4 November (not a day of rest), and district days such as 8 July in Changuinola.
    /// </summary>
    /// <returns>New rule objects.</returns>
    public static IReadOnlyList<HolidayRuleDefinition> Panama() =>
    [
        Fixed("Año Nuevo", 1, 1, HolidayObservance.SundayToMonday),
        Fixed("Día de los Mártires", 1, 9, HolidayObservance.SundayToMonday),

        // Art. 46 names Carnival Tuesday only; public offices close on Carnival Monday by a decree each year (for 2026,
        // Decreto Ejecutivo 3 of 12 January 2026), which integrators add as an explicit date.
        Easter("Martes de Carnaval", -47),
        Easter("Viernes Santo", -2),
        Fixed("Día del Trabajo", 5, 1, HolidayObservance.SundayToMonday),

        // Art. 46.1.g: the day the president-elect takes office, 1 July every five years (Constitución, art. 176); the first
        // under the 2015 text was 2019. Art. 47 moves it to the Monday like any day fixed in law (1 July 2029 is a Sunday).
        Explicit("Toma de posesión del Presidente de la República", HolidayObservance.SundayToMonday, InaugurationDays()),
        Fixed("Separación de Panamá de Colombia", 11, 3, HolidayObservance.SundayToMonday),
        Fixed("Consolidación de la Separación de Panamá de Colombia (Colón)", 11, 5, HolidayObservance.SundayToMonday),
        Fixed("Primer Grito de Independencia de la Villa de Los Santos", 11, 10, HolidayObservance.SundayToMonday),
        Fixed("Independencia de Panamá de España", 11, 28, HolidayObservance.SundayToMonday),
        Fixed("Día de las Madres", 12, 8, HolidayObservance.SundayToMonday),

        // Ley 291 of 31 March 2022 made 20 December a day of national mourning with rest (art. 46.2.c), from 2022.
        Fixed("Día de Duelo Nacional", 12, 20, HolidayObservance.SundayToMonday, fromYear: 2022),
        Fixed("Navidad", 12, 25, HolidayObservance.SundayToMonday),
    ];

    /// <summary>Finds a shipped set by name (case-insensitive).</summary>
    /// <param name="name">The set's name.</param>
    /// <param name="rules">New rule objects of the set, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public static bool TryGet(string name, [NotNullWhen(true)] out IReadOnlyList<HolidayRuleDefinition>? rules)
    {
        ArgumentNullException.ThrowIfNull(name);
        rules = name.Trim().ToUpperInvariant() switch
        {
            "US-FEDERAL" => UnitedStatesFederal(),
            "PANAMA" => Panama(),
            _ => null,
        };
        return rules is not null;
    }

    private static HolidayRuleDefinition Fixed(string name, int month, int day, HolidayObservance observance, int? fromYear = null, int? toYear = null) =>
        new() { Name = name, Kind = HolidayRuleKind.FixedDate, Month = month, Day = day, Observance = observance, FromYear = fromYear, ToYear = toYear };

    private static HolidayRuleDefinition Nth(string name, int month, IsoDayOfWeek weekday, int occurrence, int? fromYear = null, int? toYear = null) =>
        new() { Name = name, Kind = HolidayRuleKind.NthWeekday, Month = month, Weekday = weekday, Occurrence = occurrence, FromYear = fromYear, ToYear = toYear };

    private static HolidayRuleDefinition Last(string name, int month, IsoDayOfWeek weekday, int? fromYear = null) =>
        new() { Name = name, Kind = HolidayRuleKind.LastWeekday, Month = month, Weekday = weekday, FromYear = fromYear };

    private static HolidayRuleDefinition Easter(string name, int offsetDays) =>
        new() { Name = name, Kind = HolidayRuleKind.EasterOffset, OffsetDays = offsetDays };

    private static HolidayRuleDefinition Explicit(string name, HolidayObservance observance, IEnumerable<string> dates)
    {
        var rule = new HolidayRuleDefinition { Name = name, Kind = HolidayRuleKind.ExplicitDates, Observance = observance };
        foreach (var date in dates)
        {
            rule.Dates.Add(date);
        }

        return rule;
    }

    private static IEnumerable<string> InaugurationDays()
    {
        for (var year = 2019; year <= HolidayRules.MaxYear; year += 5)
        {
            yield return year.ToString("D4", CultureInfo.InvariantCulture) + "-07-01";
        }
    }
}
