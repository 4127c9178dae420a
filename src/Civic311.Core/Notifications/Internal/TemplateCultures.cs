using System;
using System.Collections.Generic;
using System.Globalization;

namespace Civic311.Notifications;

/// <summary>
/// The culture a template formats dates in. With the platform's culture data (ICU) it is the recipient's culture. Without
/// it (<c>InvariantGlobalization</c>, common in containers, where asking for "es" throws or answers with invariant data)
/// English and Spanish come from the data below, the same patterns and names ICU gives for "en" and "es" (its narrow
/// no-break space before AM/PM too), and their numbers use ICU's separators (Spain and most of South America write
/// 1.234,5; Mexico, Central America, the Caribbean, Peru and the United States write 1,234.5), so a message reads the same
/// either way; any other language formats as English.
/// </summary>
internal static class TemplateCultures
{
    private static readonly bool HasCultureData = ProbeCultureData();

    private static readonly CultureInfo English = Build(
        longDate: "dddd, MMMM d, yyyy",
        shortDate: "M/d/yyyy",
        shortTime: "h:mm\u202Ftt",
        longTime: "h:mm:ss\u202Ftt",
        monthDay: "MMMM d",
        yearMonth: "MMMM yyyy",
        am: "AM",
        pm: "PM",
        months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        abbreviatedMonths: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        abbreviatedDays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        decimalSeparator: ".",
        groupSeparator: ",");

    // CLDR's es-419 writes 1,234.5; these regions keep it, the others (and Spain) write 1.234,5.
    private static readonly string[] PointRegions = ["419", "BZ", "CU", "DO", "GT", "HN", "MX", "NI", "PA", "PE", "PR", "SV", "US"];

    private static readonly CultureInfo Spanish = BuildSpanish("d/M/yyyy", "H:mm", "H:mm:ss", decimalSeparator: ",", groupSeparator: ".");

    private static readonly CultureInfo SpanishWithPoint = BuildSpanish("d/M/yyyy", "H:mm", "H:mm:ss", decimalSeparator: ".", groupSeparator: ",");

    // The regions whose dates and times ICU writes differently from "es" (checked against ICU in TemplateCulturesTests).
    private static readonly Dictionary<string, CultureInfo> SpanishRegions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PA"] = BuildSpanish("MM/dd/yyyy", "h:mm\u202Ftt", "h:mm:ss\u202Ftt", ".", ","),
        ["US"] = BuildSpanish("d/M/yyyy", "h:mm\u202Ftt", "h:mm:ss\u202Ftt", ".", ","),
        ["MX"] = BuildSpanish("dd/MM/yyyy", "HH:mm", "HH:mm:ss", ".", ","),
        ["419"] = BuildSpanish("d/M/yyyy", "HH:mm", "HH:mm:ss", ".", ","),
    };

    private static CultureInfo BuildSpanish(string shortDate, string shortTime, string longTime, string decimalSeparator, string groupSeparator) => Build(
        longDate: "dddd, d 'de' MMMM 'de' yyyy",
        shortDate: shortDate,
        shortTime: shortTime,
        longTime: longTime,
        monthDay: "d 'de' MMMM",
        yearMonth: "MMMM 'de' yyyy",
        am: "a.\u00A0m.",
        pm: "p.\u00A0m.",
        months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        abbreviatedMonths: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
        days: ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
        abbreviatedDays: ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
        decimalSeparator: decimalSeparator,
        groupSeparator: groupSeparator);

    /// <summary>The culture for <paramref name="name"/> (a BCP 47 tag), or for <paramref name="fallback"/> when the platform does not know it.</summary>
    public static CultureInfo For(string name, string fallback)
    {
        if (!HasCultureData)
        {
            return BuiltIn(name);
        }

        try
        {
            return CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.GetCultureInfo(fallback);
        }
    }

    /// <summary>The culture built from this class's data for <paramref name="name"/>'s language (English for any but Spanish) and, for Spanish, region.</summary>
    internal static CultureInfo BuiltIn(string name)
    {
        if (!name.StartsWith("es", StringComparison.OrdinalIgnoreCase) || (name.Length > 2 && name[2] != '-'))
        {
            return English;
        }

        var region = name.Length > 3 ? name[3..].Split('-')[^1] : string.Empty;
        return SpanishRegions.TryGetValue(region, out var regional) ? regional
            : Array.Exists(PointRegions, r => string.Equals(r, region, StringComparison.OrdinalIgnoreCase)) ? SpanishWithPoint : Spanish;
    }

    // Invariant mode either refuses a named culture or hands back one with invariant data: both mean no data to use.
    private static bool ProbeCultureData()
    {
        try
        {
            return CultureInfo.GetCultureInfo("es").DateTimeFormat.GetMonthName(1) == "enero";
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    private static CultureInfo Build(
        string longDate, string shortDate, string shortTime, string longTime, string monthDay, string yearMonth, string am, string pm,
        string[] months, string[] abbreviatedMonths, string[] days, string[] abbreviatedDays, string decimalSeparator, string groupSeparator)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        var numbers = culture.NumberFormat;
        numbers.NumberDecimalSeparator = numbers.PercentDecimalSeparator = numbers.CurrencyDecimalSeparator = decimalSeparator;
        numbers.NumberGroupSeparator = numbers.PercentGroupSeparator = numbers.CurrencyGroupSeparator = groupSeparator;
        var format = culture.DateTimeFormat;
        format.LongDatePattern = longDate;
        format.ShortDatePattern = shortDate;
        format.ShortTimePattern = shortTime;
        format.LongTimePattern = longTime;
        format.FullDateTimePattern = longDate + " " + longTime;
        format.MonthDayPattern = monthDay;
        format.YearMonthPattern = yearMonth;
        format.AMDesignator = am;
        format.PMDesignator = pm;
        format.DateSeparator = "/";
        format.TimeSeparator = ":";

        // .NET's month arrays have a 13th, empty, entry for 13-month calendars.
        format.MonthNames = [.. months, string.Empty];
        format.MonthGenitiveNames = [.. months, string.Empty];
        format.AbbreviatedMonthNames = [.. abbreviatedMonths, string.Empty];
        format.AbbreviatedMonthGenitiveNames = [.. abbreviatedMonths, string.Empty];
        format.DayNames = days;
        format.AbbreviatedDayNames = abbreviatedDays;
        return CultureInfo.ReadOnly(culture);
    }
}
