using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Civic311.Sla.Holidays;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>
/// A deliberately simple model of a calendar, written from the documented rules rather than from the engine: walk the
/// local dates one by one, map each interval's opening and closing time to instants (skipped: the first instant after the
/// gap; ambiguous: the earlier instant for openings and closure bounds, the later for closings), take the union, remove
/// the closures, and answer by scanning the list. Exact only for instants in [<see cref="From"/>, <see cref="To"/>].
/// </summary>
internal sealed class ReferenceCalendar
{
    private static readonly LocalDateTimePattern ClosurePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");
    private readonly List<(Instant Start, Instant End)> _open;

    public ReferenceCalendar(CalendarSpec spec, LocalDate firstDate, LocalDate endDate)
    {
        var zone = spec.TimeZone;
        From = zone.AtStartOfDay(firstDate).ToInstant();
        To = zone.AtStartOfDay(endDate).ToInstant();

        var holidays = new HashSet<LocalDate>(spec.HolidayDates.Select(d => LocalDatePattern.Iso.Parse(d).Value));
        if (spec.UsFederal)
        {
            holidays.UnionWith(HolidayRules.Expand(HolidaySets.UnitedStatesFederal(), firstDate.Year - 1, endDate.Year).Select(h => h.Date));
        }

        var versions = spec.Hours
            .Select(h => (From: h.EffectiveFrom is null ? LocalDate.MinIsoValue : LocalDatePattern.Iso.Parse(h.EffectiveFrom).Value, h.Days))
            .OrderBy(v => v.From)
            .ToList();

        // Overnight shifts of the day before firstDate reach into it, so start one day earlier.
        var raw = new List<(Instant Start, Instant End)>();
        for (var date = firstDate.PlusDays(-1); date < endDate; date = date.PlusDays(1))
        {
            if (holidays.Contains(date))
            {
                continue;
            }

            var day = date;
            var days = versions.LastOrDefault(v => v.From <= day, versions[0]).Days;
            foreach (var text in days[(int)date.DayOfWeek - 1])
            {
                var (startMinute, endMinute) = Minutes(text);
                var start = Resolve(zone, date.AtMidnight().PlusMinutes(startMinute), opening: true);
                var end = Resolve(zone, date.AtMidnight().PlusMinutes(endMinute), opening: false);
                if (end > start)
                {
                    raw.Add((start, end));
                }
            }
        }

        var closures = spec.Closures
            .Select(c => (Start: Resolve(zone, ParseClosure(c.Start), opening: true), End: Resolve(zone, ParseClosure(c.End), opening: true)))
            .ToList();
        _open = Subtract(Union(raw), Union(closures));
    }

    /// <summary>The first instant the model is exact for.</summary>
    public Instant From { get; }

    /// <summary>The last instant the model is exact for.</summary>
    public Instant To { get; }

    public IReadOnlyList<(Instant Start, Instant End)> Open => _open;

    public Duration Between(Instant a, Instant b)
    {
        Check(a);
        Check(b);
        if (b < a)
        {
            return -Between(b, a);
        }

        var total = Duration.Zero;
        foreach (var (start, end) in _open)
        {
            var from = start > a ? start : a;
            var to = end < b ? end : b;
            if (to > from)
            {
                total += to - from;
            }
        }

        return total;
    }

    public bool IsOpenAt(Instant t)
    {
        Check(t);
        return _open.Any(i => i.Start <= t && t < i.End);
    }

    /// <summary>The earliest instant with <paramref name="d"/> of open time after <paramref name="t"/>; null when it lies past <see cref="To"/>.</summary>
    public Instant? Add(Instant t, Duration d)
    {
        Check(t);
        if (d == Duration.Zero)
        {
            return t;
        }

        foreach (var (start, end) in _open)
        {
            if (end <= t)
            {
                continue;
            }

            var from = start > t ? start : t;
            if (from >= To)
            {
                break;
            }

            var available = (end < To ? end : To) - from;
            if (d <= available)
            {
                return from + d;
            }

            d -= available;
        }

        return null;
    }

    /// <summary>The latest instant with <paramref name="d"/> of open time before <paramref name="t"/>; null when it lies before <see cref="From"/>.</summary>
    public Instant? Subtract(Instant t, Duration d)
    {
        Check(t);
        if (d == Duration.Zero)
        {
            return t;
        }

        for (var i = _open.Count - 1; i >= 0; i--)
        {
            var (start, end) = _open[i];
            if (start >= t)
            {
                continue;
            }

            var to = end < t ? end : t;
            if (to <= From)
            {
                break;
            }

            var available = to - (start > From ? start : From);
            if (d <= available)
            {
                return to - d;
            }

            d -= available;
        }

        return null;
    }

    /// <summary>The first open instant at or after <paramref name="t"/>; null when there is none before <see cref="To"/>.</summary>
    public Instant? NextOpen(Instant t)
    {
        Check(t);
        foreach (var (start, end) in _open)
        {
            if (end > t)
            {
                var next = start > t ? start : t;
                return next < To ? next : null;
            }
        }

        return null;
    }

    private void Check(Instant t)
    {
        if (t < From || t > To)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"The reference model covers {From} to {To} only.");
        }
    }

    private static (int Start, int End) Minutes(string text)
    {
        var parts = text.Split('-');
        var start = Minute(parts[0]);
        var end = parts[1] == "24:00" ? 1440 : Minute(parts[1]);
        return (start, end <= start ? end + 1440 : end);
    }

    private static int Minute(string hhmm) =>
        (int.Parse(hhmm[..2], CultureInfo.InvariantCulture) * 60) + int.Parse(hhmm[3..], CultureInfo.InvariantCulture);

    private static LocalDateTime ParseClosure(string text) =>
        text.Length == 10 ? LocalDatePattern.Iso.Parse(text).Value.AtMidnight() : ClosurePattern.Parse(text).Value;

    private static Instant Resolve(DateTimeZone zone, LocalDateTime local, bool opening)
    {
        var mapping = zone.MapLocal(local);
        return mapping.Count switch
        {
            1 => mapping.Single().ToInstant(),
            2 => (opening ? mapping.First() : mapping.Last()).ToInstant(),
            _ => mapping.LateInterval.Start, // in a gap: the first instant after it
        };
    }

    private static List<(Instant Start, Instant End)> Union(IEnumerable<(Instant Start, Instant End)> intervals)
    {
        var merged = new List<(Instant Start, Instant End)>();
        foreach (var (start, end) in intervals.Where(i => i.End > i.Start).OrderBy(i => i.Start))
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, end > merged[^1].End ? end : merged[^1].End);
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return merged;
    }

    private static List<(Instant Start, Instant End)> Subtract(List<(Instant Start, Instant End)> open, List<(Instant Start, Instant End)> closed)
    {
        var result = new List<(Instant Start, Instant End)>();
        foreach (var (start, end) in open)
        {
            var pieces = new List<(Instant Start, Instant End)> { (start, end) };
            foreach (var (closedStart, closedEnd) in closed)
            {
                pieces = pieces.SelectMany(p => closedEnd <= p.Start || closedStart >= p.End
                    ? [p]
                    : new[] { (p.Start, closedStart), (closedEnd, p.End) }.Where(x => x.Item2 > x.Item1)).ToList();
            }

            result.AddRange(pieces);
        }

        return result;
    }
}
