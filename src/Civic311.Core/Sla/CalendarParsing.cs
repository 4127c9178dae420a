using System;
using System.Collections.Generic;
using Civic311.Internal;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Sla;

/// <summary>Parses and checks the text parts of a calendar definition, reporting every problem.</summary>
internal static class CalendarParsing
{
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
    // The closure times whose instant exists in every zone (offsets are within 18 hours).
    private static readonly LocalDateTime FirstClosureTime = new(-9998, 1, 2, 0, 0);
    private static readonly LocalDateTime LastClosureTime = new(9999, 12, 31, 0, 0);

    private static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    public static CalendarRules.WeeklyVersion[] WeeklyVersions(IList<WeeklyHoursDefinition> definitions, ref ErrorList problems)
    {
        if (definitions.Count == 0)
        {
            problems.Add("weeklyHours", ValidationErrorCodes.Required, "The calendar has no weekly hours; add at least one entry (use \"00:00-24:00\" every day for 24x7).");
            return [];
        }

        var versions = new List<CalendarRules.WeeklyVersion>(definitions.Count);
        var seenFrom = new HashSet<LocalDate>();
        for (var v = 0; v < definitions.Count; v++)
        {
            var path = $"weeklyHours[{v}]";
            var definition = definitions[v];
            if (definition is null)
            {
                problems.Add(path, ValidationErrorCodes.Required, "The weekly hours entry is null.");
                continue;
            }

            var from = LocalDate.MinIsoValue;
            var fromIsValid = true;
            if (definition.EffectiveFrom is not null)
            {
                var parsed = LocalDatePattern.Iso.Parse(definition.EffectiveFrom);
                if (ControlCharacters.Refuse(definition.EffectiveFrom, path + ".effectiveFrom", ref problems))
                {
                    fromIsValid = false;
                }
                else if (!parsed.Success)
                {
                    problems.Add(path + ".effectiveFrom", ValidationErrorCodes.InvalidFormat, $"'{definition.EffectiveFrom}' is not a date yyyy-MM-dd.");
                    fromIsValid = false; // not also "a second entry without a date"
                }
                else if (parsed.Value.Year is < SupportedYears.Min or > SupportedYears.Max)
                {
                    problems.Add(path + ".effectiveFrom", ValidationErrorCodes.OutOfRange, $"{parsed.Value:uuuu-MM-dd} is outside the years calendars cover, {SupportedYears.Min} to {SupportedYears.Max}.");
                    fromIsValid = false;
                }
                else
                {
                    from = parsed.Value;
                }
            }

            if (fromIsValid && !seenFrom.Add(from))
            {
                problems.Add(path + ".effectiveFrom", ValidationErrorCodes.Duplicate, from == LocalDate.MinIsoValue
                    ? "Two weekly hours entries have no effective date; give every entry after the first an effectiveFrom date."
                    : $"Two weekly hours entries start on {from:uuuu-MM-dd}.");
            }

            var days = new CalendarRules.DaySpan[7][];
            var any = false;
            foreach (var day in new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday })
            {
                var dayPath = $"{path}.{day.ToString().ToLowerInvariant()}";
                var spans = ParseDay(definition.For(day), dayPath, ref problems);
                days[(int)day - 1] = spans;
                any |= definition.For(day).Count > 0; // intervals that fail to parse are reported as such, not as "no open time"
            }

            CheckOvernightSpill(days, path, ref problems);
            if (!any)
            {
                problems.Add(path, ValidationErrorCodes.Required, "These weekly hours have no open time on any day; a calendar that never opens cannot measure business time.");
            }

            versions.Add(new CalendarRules.WeeklyVersion(from, days));
        }

        versions.Sort(static (a, b) => a.From.CompareTo(b.From));
        if (versions.Count > 0 && versions[0].From != LocalDate.MinIsoValue)
        {
            // Before the first effective date the first version applies, so every date has hours.
            versions[0] = new CalendarRules.WeeklyVersion(LocalDate.MinIsoValue, versions[0].Days);
        }

        return versions.ToArray();
    }

    public static (long Start, long End)[] Closures(IList<ClosureDefinition> definitions, DateTimeZone zone, ref ErrorList problems)
    {
        var closures = new List<(long Start, long End)>(definitions.Count);
        for (var i = 0; i < definitions.Count; i++)
        {
            var path = $"closures[{i}]";
            var closure = definitions[i];
            if (closure is null)
            {
                problems.Add(path, ValidationErrorCodes.Required, "The closure entry is null.");
                continue;
            }

            var start = ParseLocalDateTime(closure.Start, path + ".start", ref problems);
            var end = ParseLocalDateTime(closure.End, path + ".end", ref problems);
            if (string.IsNullOrWhiteSpace(closure.Name))
            {
                problems.Add(path + ".name", ValidationErrorCodes.Required, "The closure needs a name (why the calendar is closed).");
            }

            if (start is { } s && end is { } e)
            {
                if (e <= s)
                {
                    problems.Add(path + ".end", ValidationErrorCodes.Inconsistent, $"The closure ends at {e:uuuu-MM-dd'T'HH:mm}, not after its start {s:uuuu-MM-dd'T'HH:mm}.");
                }
                else
                {
                    closures.Add((CalendarRules.OpeningTicks(s, zone), CalendarRules.OpeningTicks(e, zone)));
                }
            }
        }

        closures.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(long Start, long End)>(closures.Count);
        foreach (var closure in closures)
        {
            if (merged.Count > 0 && closure.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, closure.End));
            }
            else
            {
                merged.Add(closure);
            }
        }

        return merged.ToArray();
    }

    private static LocalDateTime? ParseLocalDateTime(string? text, string field, ref ErrorList problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(field, ValidationErrorCodes.Required, "A local date-time yyyy-MM-ddTHH:mm (or a date yyyy-MM-dd, meaning its midnight) is required.");
            return null;
        }

        if (ControlCharacters.Refuse(text, field, ref problems))
        {
            return null;
        }

        var dateTime = DateTimePattern.Parse(text.Trim());
        var local = dateTime.Success ? dateTime.Value : LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } date ? date.Value.AtMidnight() : (LocalDateTime?)null;
        if (local is { } value)
        {
            if (value < FirstClosureTime || value > LastClosureTime)
            {
                // Within a day of NodaTime's limits the zone's offset would push the instant out of range.
                problems.Add(field, ValidationErrorCodes.OutOfRange,
                    $"{value:uuuu-MM-dd'T'HH:mm} is outside {FirstClosureTime:uuuu-MM-dd'T'HH:mm} to {LastClosureTime:uuuu-MM-dd'T'HH:mm} (end a closure without end at 9999-12-31).");
                return null;
            }

            return value;
        }

        problems.Add(field, ValidationErrorCodes.InvalidFormat, $"'{text}' is not a local date-time yyyy-MM-ddTHH:mm or a date yyyy-MM-dd.");
        return null;
    }

    private static CalendarRules.DaySpan[] ParseDay(IList<string> intervals, string path, ref ErrorList problems)
    {
        var spans = new List<CalendarRules.DaySpan>(intervals.Count);
        var minutes = new List<(int Start, int End, int Index)>(intervals.Count);
        for (var i = 0; i < intervals.Count; i++)
        {
            var field = $"{path}[{i}]";
            if (!TryParseInterval(intervals[i], out var start, out var end, out var startMinute, out var endMinute, out var error))
            {
                problems.Add(field, ValidationErrorCodes.InvalidFormat, error);
                continue;
            }

            // endMinute counts from the start day's midnight: past 1440 the interval ends the next day.
            spans.Add(new CalendarRules.DaySpan(start, end, endMinute >= 1440));
            minutes.Add((startMinute, endMinute, i));
        }

        minutes.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var latest = 0; // the earlier interval that ends last: a long interval can overlap several later ones
        for (var i = 1; i < minutes.Count; i++)
        {
            if (minutes[i].Start < minutes[latest].End)
            {
                problems.Add($"{path}[{minutes[i].Index}]", ValidationErrorCodes.Inconsistent, $"'{intervals[minutes[i].Index]}' overlaps '{intervals[minutes[latest].Index]}'.");
            }

            if (minutes[i].End > minutes[latest].End)
            {
                latest = i;
            }
        }

        spans.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return spans.ToArray();
    }

    private static void CheckOvernightSpill(CalendarRules.DaySpan[][] days, string path, ref ErrorList problems)
    {
        for (var d = 0; d < 7; d++)
        {
            var next = days[(d + 1) % 7];
            foreach (var span in days[d])
            {
                if (!span.EndsNextDay || span.End == LocalTime.Midnight)
                {
                    continue;
                }

                foreach (var other in next)
                {
                    if (other.Start < span.End)
                    {
                        var day = (IsoDayOfWeek)(d + 1);
                        problems.Add($"{path}.{day.ToString().ToLowerInvariant()}", ValidationErrorCodes.Inconsistent, $"The overnight interval ending at {span.End:HH:mm} runs into the next day's interval starting at {other.Start:HH:mm}.");
                    }
                }
            }
        }
    }

    private static bool TryParseInterval(string? text, out LocalTime start, out LocalTime end, out int startMinute, out int endMinute, out string error)
    {
        start = end = default;
        startMinute = endMinute = 0;
        if (text is not null && ControlCharacters.IndexIn(text) is >= 0 and var bad)
        {
            error = ControlCharacters.Describe(text, bad);
            return false;
        }

        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (text is null || dash < 0)
        {
            error = $"'{text}' is not an interval \"HH:mm-HH:mm\" (for example \"08:30-16:30\", \"22:00-06:00\" or \"00:00-24:00\").";
            return false;
        }

        var startText = text[..dash].Trim();
        var endText = text[(dash + 1)..].Trim();
        var parsedStart = TimePattern.Parse(startText);
        if (!parsedStart.Success)
        {
            error = $"'{startText}' in '{text}' is not a time HH:mm.";
            return false;
        }

        start = parsedStart.Value;
        startMinute = (start.Hour * 60) + start.Minute;
        if (endText == "24:00")
        {
            end = LocalTime.Midnight;
            endMinute = 1440;
            error = string.Empty;
            return true;
        }

        var parsedEnd = TimePattern.Parse(endText);
        if (!parsedEnd.Success)
        {
            error = $"'{endText}' in '{text}' is not a time HH:mm (or 24:00).";
            return false;
        }

        end = parsedEnd.Value;
        endMinute = (end.Hour * 60) + end.Minute;
        if (endMinute == startMinute)
        {
            error = $"'{text}' is empty: it starts and ends at the same time (use \"00:00-24:00\" for a whole day).";
            return false;
        }

        if (endMinute < startMinute)
        {
            endMinute += 1440; // an overnight shift, ending the next day
        }

        error = string.Empty;
        return true;
    }
}
