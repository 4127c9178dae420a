using System;
using System.Collections.Generic;
using Civic311.Sla.Holidays;
using NodaTime;
using NodaTime.TimeZones;

namespace Civic311.Sla;

/// <summary>A validated calendar definition, ready to be expanded into open intervals for any range of dates.</summary>
internal sealed class CalendarRules
{
    private static readonly ZoneLocalMappingResolver OpeningResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    // A closing time inside a repeated hour closes at the later occurrence, so the shift keeps its whole length.
    private static readonly ZoneLocalMappingResolver ClosingResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnLater, Resolvers.ReturnStartOfIntervalAfter);

    public CalendarRules(
        string id,
        DateTimeZone zone,
        IReadOnlyList<WeeklyVersion> weekly,
        IReadOnlyList<HolidayRuleDefinition> holidayRules,
        IReadOnlyList<(long Start, long End)> closures)
    {
        Id = id;
        Zone = zone;
        Weekly = weekly;
        HolidayRules = holidayRules;
        Closures = closures;
    }

    public string Id { get; }

    public DateTimeZone Zone { get; }

    /// <summary>Weekly hours versions, sorted by their first date (the first has <see cref="LocalDate.MinIsoValue"/>).</summary>
    public IReadOnlyList<WeeklyVersion> Weekly { get; }

    public IReadOnlyList<HolidayRuleDefinition> HolidayRules { get; }

    /// <summary>Closures as merged, sorted UTC tick ranges.</summary>
    public IReadOnlyList<(long Start, long End)> Closures { get; }

    public static long OpeningTicks(LocalDateTime local, DateTimeZone zone) => local.InZone(zone, OpeningResolver).ToInstant().ToUnixTimeTicks();

    public static long ClosingTicks(LocalDateTime local, DateTimeZone zone) => local.InZone(zone, ClosingResolver).ToInstant().ToUnixTimeTicks();

    /// <summary>The open intervals of the days in [<paramref name="first"/>, <paramref name="end"/>), as UTC ticks, sorted and merged.</summary>
    public (List<long> Starts, List<long> Ends) Expand(LocalDate first, LocalDate end)
    {
        var holidays = new HashSet<LocalDate>();
        foreach (var holiday in Holidays.HolidayRules.Expand(HolidayRules, Math.Max(Holidays.HolidayRules.MinYear, first.Year), Math.Min(Holidays.HolidayRules.MaxYear, end.Year)))
        {
            holidays.Add(holiday.Date);
        }

        var raw = new List<(long Start, long End)>();
        var version = 0;
        for (var date = first; date < end; date = date.PlusDays(1))
        {
            while (version + 1 < Weekly.Count && Weekly[version + 1].From <= date)
            {
                version++;
            }

            if (holidays.Contains(date))
            {
                continue; // an overnight shift that started the day before still runs: it belongs to that day
            }

            foreach (var span in Weekly[version].Day(date.DayOfWeek))
            {
                var start = OpeningTicks(date + span.Start, Zone);
                var endLocal = span.EndsNextDay ? date.PlusDays(1) + span.End : date + span.End;
                var stop = ClosingTicks(endLocal, Zone);
                if (stop > start)
                {
                    raw.Add((start, stop));
                }
            }
        }

        raw.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var starts = new List<long>(raw.Count);
        var ends = new List<long>(raw.Count);
        var closure = 0;
        foreach (var (rawStart, rawEnd) in raw)
        {
            // Subtract the closures (sorted, merged) from this interval.
            // Starts are sorted, so the first closure that ends after this start only moves forward.
            var start = rawStart;
            var c = closure;
            while (c < Closures.Count && Closures[c].End <= start)
            {
                c++;
            }

            closure = c;
            while (start < rawEnd)
            {
                if (c < Closures.Count && Closures[c].Start < rawEnd)
                {
                    if (Closures[c].Start > start)
                    {
                        Append(starts, ends, start, Closures[c].Start);
                    }

                    start = Math.Max(start, Closures[c].End);
                    c++;
                }
                else
                {
                    Append(starts, ends, start, rawEnd);
                    break;
                }
            }
        }

        return (starts, ends);
    }

    private static void Append(List<long> starts, List<long> ends, long start, long end)
    {
        if (ends.Count > 0 && start <= ends[^1])
        {
            ends[^1] = Math.Max(ends[^1], end); // touching or overlapping (24x7 days, DST overlaps): one interval
        }
        else
        {
            starts.Add(start);
            ends.Add(end);
        }
    }

    /// <summary>One open span of a weekday: local start and end, the end possibly on the next day.</summary>
    internal readonly record struct DaySpan(LocalTime Start, LocalTime End, bool EndsNextDay);

    /// <summary>The weekly hours from a date on.</summary>
    internal sealed class WeeklyVersion(LocalDate from, DaySpan[][] days)
    {
        public LocalDate From { get; } = from;

        public DaySpan[][] Days { get; } = days;

        public DaySpan[] Day(IsoDayOfWeek day) => Days[(int)day - 1];
    }
}
