using System;
using System.Globalization;

namespace Civic311.Notifications;

/// <summary>
/// The culture a template formats dates in. With the platform's culture data (ICU) it is the recipient's culture. Without
/// it (<c>InvariantGlobalization</c>, common in containers, where asking for "es" throws or answers with invariant data)
/// English and Spanish come from the data below, the same patterns and names ICU gives for "en" and "es" (its narrow
/// no-break space before AM/PM too), so a message reads the same either way; any other language formats as English.
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
        abbreviatedDays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]);

    private static readonly CultureInfo Spanish = Build(
        longDate: "dddd, d 'de' MMMM 'de' yyyy",
        shortDate: "d/M/yyyy",
        shortTime: "H:mm",
        longTime: "H:mm:ss",
        monthDay: "d 'de' MMMM",
        yearMonth: "MMMM 'de' yyyy",
        am: "a.\u00A0m.",
        pm: "p.\u00A0m.",
        months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        abbreviatedMonths: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
        days: ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
        abbreviatedDays: ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"]);

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

    /// <summary>The culture built from this class's data for <paramref name="name"/>'s language (English for any but Spanish).</summary>
    internal static CultureInfo BuiltIn(string name) =>
        name.StartsWith("es", StringComparison.OrdinalIgnoreCase) && (name.Length == 2 || name[2] == '-') ? Spanish : English;

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
        string[] months, string[] abbreviatedMonths, string[] days, string[] abbreviatedDays)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
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
