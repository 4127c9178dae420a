using System.Collections.Generic;
using System.Text.Json.Serialization;
using Civic311.Internal;
using Civic311.Sla.Holidays;

namespace Civic311.Sla;

/// <summary>
/// The editable description of an agency's business hours: a time zone, weekly hours (effective-dated), holidays and
/// closures. <see cref="BusinessCalendar.Build(BusinessCalendarDefinition)"/> validates it and compiles it into an immutable <see cref="BusinessCalendar"/>.
/// </summary>
/// <remarks>
/// Hours are written <c>"HH:mm-HH:mm"</c> in the calendar's local time. An end of <c>24:00</c> closes at midnight; an end
/// earlier than the start is an overnight shift (<c>"22:00-06:00"</c>) and belongs to the day it starts on.
/// </remarks>
/// <threadsafety>Not thread-safe: fill it on one thread, then build.</threadsafety>
public sealed class BusinessCalendarDefinition
{
    /// <summary>Gets or sets the calendar id, for example <c>dsny-field</c>; agencies refer to it.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the IANA time zone id, for example <c>America/Panama</c>.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Gets the weekly hours; several entries with different <see cref="WeeklyHoursDefinition.EffectiveFrom"/> dates change the hours over time.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<WeeklyHoursDefinition> WeeklyHours { get; } = new List<WeeklyHoursDefinition>();

    /// <summary>Gets the names of shipped holiday sets to observe: <c>us-federal</c>, <c>panama</c>.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> HolidaySets { get; } = new List<string>();

    /// <summary>Gets the calendar's own holiday rules (municipal days), in addition to the sets.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<HolidayRuleDefinition> HolidayRules { get; } = new List<HolidayRuleDefinition>();

    /// <summary>Gets the closures: partial days (an early close on 24 December) and multi-day closures (an emergency).</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<ClosureDefinition> Closures { get; } = new List<ClosureDefinition>();

    /// <summary>Reads a definition from UTF-8 JSON (camelCase names, as the properties here).</summary>
    /// <param name="utf8Json">The JSON stream.</param>
    /// <returns>The definition; <see cref="BusinessCalendar.Build(BusinessCalendarDefinition)"/> validates it.</returns>
    /// <exception cref="Civic311ValidationException">The JSON is malformed or a value has the wrong type (the error names its path and line).</exception>
    public static BusinessCalendarDefinition FromJson(System.IO.Stream utf8Json) => CalendarJson.Read(utf8Json);

    /// <summary>Reads a definition from a JSON string.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="Civic311ValidationException">The JSON is malformed or a value has the wrong type.</exception>
    public static BusinessCalendarDefinition FromJson(string json) => CalendarJson.Read(json);

    /// <summary>Adds weekly hours and returns this definition, for chaining.</summary>
    /// <param name="hours">The weekly hours.</param>
    /// <returns>This definition.</returns>
    public BusinessCalendarDefinition AddWeeklyHours(WeeklyHoursDefinition hours)
    {
        WeeklyHours.Add(Guard.NotNull(hours));
        return this;
    }

    /// <summary>Adds a closure and returns this definition, for chaining.</summary>
    /// <param name="start">The local start, <c>yyyy-MM-ddTHH:mm</c>.</param>
    /// <param name="end">The local end (exclusive), <c>yyyy-MM-ddTHH:mm</c>.</param>
    /// <param name="name">Why, for example "Christmas Eve early close".</param>
    /// <returns>This definition.</returns>
    public BusinessCalendarDefinition AddClosure(string start, string end, string name)
    {
        Closures.Add(new ClosureDefinition { Start = start, End = end, Name = name });
        return this;
    }
}

/// <summary>The open hours of each weekday, from a date on.</summary>
public sealed class WeeklyHoursDefinition
{
    /// <summary>Gets or sets the first local date (<c>yyyy-MM-dd</c>) these hours apply to; <see langword="null"/> for always.</summary>
    public string? EffectiveFrom { get; set; }

    /// <summary>Gets Monday's intervals, for example <c>"08:00-12:00"</c> and <c>"13:00-17:00"</c>.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Monday { get; } = new List<string>();

    /// <summary>Gets Tuesday's intervals.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Tuesday { get; } = new List<string>();

    /// <summary>Gets Wednesday's intervals.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Wednesday { get; } = new List<string>();

    /// <summary>Gets Thursday's intervals.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Thursday { get; } = new List<string>();

    /// <summary>Gets Friday's intervals.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Friday { get; } = new List<string>();

    /// <summary>Gets Saturday's intervals.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Saturday { get; } = new List<string>();

    /// <summary>Gets Sunday's intervals.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Sunday { get; } = new List<string>();

    /// <summary>The same intervals Monday to Friday; weekends closed.</summary>
    /// <param name="intervals">The intervals, for example <c>"08:30-16:30"</c>.</param>
    /// <returns>The weekly hours.</returns>
    public static WeeklyHoursDefinition Weekdays(params string[] intervals)
    {
        Guard.NotNull(intervals);
        var hours = new WeeklyHoursDefinition();
        foreach (var interval in intervals)
        {
            hours.Monday.Add(interval);
            hours.Tuesday.Add(interval);
            hours.Wednesday.Add(interval);
            hours.Thursday.Add(interval);
            hours.Friday.Add(interval);
        }

        return hours;
    }

    /// <summary>Open around the clock, every day.</summary>
    /// <returns>The weekly hours.</returns>
    public static WeeklyHoursDefinition AllDayEveryDay()
    {
        var hours = Weekdays("00:00-24:00");
        hours.Saturday.Add("00:00-24:00");
        hours.Sunday.Add("00:00-24:00");
        return hours;
    }

    internal IList<string> For(NodaTime.IsoDayOfWeek day) => day switch
    {
        NodaTime.IsoDayOfWeek.Monday => Monday,
        NodaTime.IsoDayOfWeek.Tuesday => Tuesday,
        NodaTime.IsoDayOfWeek.Wednesday => Wednesday,
        NodaTime.IsoDayOfWeek.Thursday => Thursday,
        NodaTime.IsoDayOfWeek.Friday => Friday,
        NodaTime.IsoDayOfWeek.Saturday => Saturday,
        _ => Sunday,
    };
}

/// <summary>A period the calendar is closed, in local date-times: a partial day or several days.</summary>
public sealed class ClosureDefinition
{
    /// <summary>Gets or sets the local start, <c>yyyy-MM-ddTHH:mm</c> (or a date, meaning its midnight).</summary>
    public string? Start { get; set; }

    /// <summary>Gets or sets the local end (exclusive), <c>yyyy-MM-ddTHH:mm</c> (or a date, meaning its midnight).</summary>
    public string? End { get; set; }

    /// <summary>Gets or sets why the calendar is closed.</summary>
    public string? Name { get; set; }
}
