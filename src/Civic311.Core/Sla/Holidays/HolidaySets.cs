using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
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
    /// United States federal holidays (5 U.S.C. 6103): a Saturday holiday is observed on Friday and a Sunday holiday on
    /// Monday, as for a Monday-to-Friday workforce.
    /// </summary>
    /// <returns>New rule objects.</returns>
    public static IReadOnlyList<HolidayRuleDefinition> UnitedStatesFederal() =>
    [
        Fixed("New Year's Day", 1, 1, HolidayObservance.NearestWeekday),
        Nth("Birthday of Martin Luther King, Jr.", 1, IsoDayOfWeek.Monday, 3, fromYear: 1986),
        Nth("Washington's Birthday", 2, IsoDayOfWeek.Monday, 3, fromYear: 1971),
        Last("Memorial Day", 5, IsoDayOfWeek.Monday, fromYear: 1971),
        Fixed("Juneteenth National Independence Day", 6, 19, HolidayObservance.NearestWeekday, fromYear: 2021),
        Fixed("Independence Day", 7, 4, HolidayObservance.NearestWeekday),
        Nth("Labor Day", 9, IsoDayOfWeek.Monday, 1),
        Nth("Columbus Day", 10, IsoDayOfWeek.Monday, 2, fromYear: 1971),
        Fixed("Veterans Day", 11, 11, HolidayObservance.NearestWeekday),
        Nth("Thanksgiving Day", 11, IsoDayOfWeek.Thursday, 4),
        Fixed("Christmas Day", 12, 25, HolidayObservance.NearestWeekday),
    ];

    /// <summary>
    /// Panama's national holidays (Código de Trabajo, art. 46, and later laws): a holiday on a Sunday is observed on the
    /// Monday. Carnival Monday and Tuesday and Good Friday follow Easter.
    /// </summary>
    /// <returns>New rule objects.</returns>
    public static IReadOnlyList<HolidayRuleDefinition> Panama() =>
    [
        Fixed("Año Nuevo", 1, 1, HolidayObservance.SundayToMonday),
        Fixed("Día de los Mártires", 1, 9, HolidayObservance.SundayToMonday),
        Easter("Lunes de Carnaval", -48),
        Easter("Martes de Carnaval", -47),
        Easter("Viernes Santo", -2),
        Fixed("Día del Trabajo", 5, 1, HolidayObservance.SundayToMonday),
        Fixed("Separación de Panamá de Colombia", 11, 3, HolidayObservance.SundayToMonday),
        Fixed("Día de la Bandera", 11, 4, HolidayObservance.SundayToMonday),
        Fixed("Día de Colón", 11, 5, HolidayObservance.SundayToMonday),
        Fixed("Primer Grito de Independencia de la Villa de Los Santos", 11, 10, HolidayObservance.SundayToMonday),
        Fixed("Independencia de Panamá de España", 11, 28, HolidayObservance.SundayToMonday),
        Fixed("Día de las Madres", 12, 8, HolidayObservance.SundayToMonday),
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

    private static HolidayRuleDefinition Fixed(string name, int month, int day, HolidayObservance observance, int? fromYear = null) =>
        new() { Name = name, Kind = HolidayRuleKind.FixedDate, Month = month, Day = day, Observance = observance, FromYear = fromYear };

    private static HolidayRuleDefinition Nth(string name, int month, IsoDayOfWeek weekday, int occurrence, int? fromYear = null) =>
        new() { Name = name, Kind = HolidayRuleKind.NthWeekday, Month = month, Weekday = weekday, Occurrence = occurrence, FromYear = fromYear };

    private static HolidayRuleDefinition Last(string name, int month, IsoDayOfWeek weekday, int? fromYear = null) =>
        new() { Name = name, Kind = HolidayRuleKind.LastWeekday, Month = month, Weekday = weekday, FromYear = fromYear };

    private static HolidayRuleDefinition Easter(string name, int offsetDays) =>
        new() { Name = name, Kind = HolidayRuleKind.EasterOffset, OffsetDays = offsetDays };
}
