using System;
using System.Collections.Generic;
using Civic311.Sla.Holidays;
using NodaTime;
using NodaTime.TimeZones;

namespace Civic311.Benchmarks.Sla;

/// <summary>
/// BASELINE ONLY, not part of the SDK: the straightforward way to do business-time arithmetic, walking the calendar one
/// local date at a time. It is what <see cref="Civic311.Sla.BusinessCalendar"/> is measured against.
/// </summary>
/// <remarks>
/// <para>
/// For every local date it visits, it maps that day's opening and closing times to instants with NodaTime (the same
/// resolvers as the SDK: an opening in a skipped hour opens when the gap ends, a closing in a repeated hour closes at the
/// later occurrence), skips holidays with a <see cref="HashSet{T}"/> of <see cref="HolidayRules.Expand"/> results, cuts out
/// closures, and then consumes (Add) or sums (Between) the open time it finds. Nothing is precomputed except the holiday and
/// closure sets, so the cost grows with the number of days crossed: O(days), against O(1) for the compiled timeline.
/// </para>
/// <para>
/// It answers exactly like <see cref="Civic311.Sla.BusinessCalendar"/> (Add lands on a closing time, Between counts the
/// open time in [from, to)), which each benchmark's setup checks. To stay simple it only supports what the benchmark
/// calendar uses: one set of weekly hours, spans that open and close on the same day (no overnight shifts), and dates in
/// the years it was built for. Its only allocations are NodaTime's: mapping a local date-time to an instant with a
/// resolver creates a small <see cref="ZoneLocalMapping"/> object, four per open day here.
/// </para>
/// </remarks>
public sealed class DaySteppingCalendar
{
    /// <summary>Open pieces of one day, at most: the spans of a weekday, each cut in two by a closure at most a few times.</summary>
    private const int MaxPiecesPerDay = 32;

    private static readonly ZoneLocalMappingResolver OpeningResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    private static readonly ZoneLocalMappingResolver ClosingResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnLater, Resolvers.ReturnStartOfIntervalAfter);

    private readonly DateTimeZone _zone;
    private readonly (LocalTime Open, LocalTime Close)[][] _week;
    private readonly HashSet<LocalDate> _holidays = [];
    private readonly (long Start, long End)[] _closures;
    private readonly HashSet<LocalDate> _closureDates = [];
    private readonly int _firstYear;
    private readonly int _lastYear;

    /// <summary>Creates the calendar.</summary>
    /// <param name="zone">The time zone.</param>
    /// <param name="week">Open spans per weekday, Monday first (7 entries); each span closes after it opens, on the same day.</param>
    /// <param name="holidayRules">Holiday rules; a holiday closes the whole date.</param>
    /// <param name="closures">Closures as local date-times, end exclusive.</param>
    /// <param name="firstYear">The first year it answers for.</param>
    /// <param name="lastYear">The last year it answers for.</param>
    public DaySteppingCalendar(
        DateTimeZone zone,
        (LocalTime Open, LocalTime Close)[][] week,
        IEnumerable<HolidayRuleDefinition> holidayRules,
        IEnumerable<(LocalDateTime Start, LocalDateTime End)> closures,
        int firstYear,
        int lastYear)
    {
        ArgumentNullException.ThrowIfNull(week);
        if (week.Length != 7)
        {
            throw new ArgumentException("Seven weekdays, Monday first.", nameof(week));
        }

        foreach (var day in week)
        {
            if (day.Length * 4 > MaxPiecesPerDay)
            {
                throw new ArgumentException("Too many spans in one day.", nameof(week));
            }

            for (var i = 0; i < day.Length; i++)
            {
                if (day[i].Close <= day[i].Open || (i > 0 && day[i].Open < day[i - 1].Close))
                {
                    throw new ArgumentException("Spans must be sorted, not overlap, and close after they open on the same day.", nameof(week));
                }
            }
        }

        _zone = zone;
        _week = week;
        _firstYear = firstYear;
        _lastYear = lastYear;
        foreach (var holiday in HolidayRules.Expand(holidayRules, firstYear, lastYear))
        {
            _holidays.Add(holiday.Date);
        }

        // Closures as the SDK reads them (both ends mapped like an opening time), sorted and merged; plus the local
        // dates they touch, so that the usual day without a closure pays one set lookup.
        var list = new List<(long Start, long End)>();
        foreach (var (start, end) in closures)
        {
            list.Add((start.InZone(zone, OpeningResolver).ToInstant().ToUnixTimeTicks(), end.InZone(zone, OpeningResolver).ToInstant().ToUnixTimeTicks()));
            for (var date = start.Date; date <= end.Date; date = date.PlusDays(1))
            {
                _closureDates.Add(date);
            }
        }

        list.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(long Start, long End)>();
        foreach (var closure in list)
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

        _closures = merged.ToArray();
    }

    /// <summary>The earliest instant by which <paramref name="businessTime"/> of open time has passed after <paramref name="start"/>.</summary>
    /// <param name="start">Where to start.</param>
    /// <param name="businessTime">How much open time (zero or more).</param>
    /// <returns>The instant; a closing time when the result lands exactly on one.</returns>
    public Instant Add(Instant start, Duration businessTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(businessTime, Duration.Zero);
        var remaining = businessTime.BclCompatibleTicks;
        if (remaining == 0)
        {
            return start;
        }

        var t = start.ToUnixTimeTicks();
        Span<long> opens = stackalloc long[MaxPiecesPerDay];
        Span<long> closes = stackalloc long[MaxPiecesPerDay];

        // Spans close on the day they open, so nothing of an earlier date is still open at the start.
        for (var date = start.InZone(_zone).Date; ; date = date.PlusDays(1))
        {
            var count = OpenPieces(date, opens, closes);
            for (var i = 0; i < count; i++)
            {
                if (closes[i] <= t)
                {
                    continue;
                }

                var from = Math.Max(opens[i], t);
                var available = closes[i] - from;
                if (remaining <= available)
                {
                    return Instant.FromUnixTimeTicks(from + remaining);
                }

                remaining -= available;
            }
        }
    }

    /// <summary>The open time in [<paramref name="from"/>, <paramref name="to"/>); negative when <paramref name="to"/> is earlier.</summary>
    /// <param name="from">The start.</param>
    /// <param name="to">The end.</param>
    /// <returns>The business time.</returns>
    public Duration Between(Instant from, Instant to)
    {
        if (to < from)
        {
            return -Between(to, from);
        }

        var a = from.ToUnixTimeTicks();
        var b = to.ToUnixTimeTicks();
        Span<long> opens = stackalloc long[MaxPiecesPerDay];
        Span<long> closes = stackalloc long[MaxPiecesPerDay];
        long sum = 0;
        var last = to.InZone(_zone).Date;
        for (var date = from.InZone(_zone).Date; date <= last; date = date.PlusDays(1))
        {
            var count = OpenPieces(date, opens, closes);
            for (var i = 0; i < count; i++)
            {
                var overlap = Math.Min(closes[i], b) - Math.Max(opens[i], a);
                if (overlap > 0)
                {
                    sum += overlap;
                }
            }
        }

        return Duration.FromTicks(sum);
    }

    /// <summary>Fills in the open pieces of one local date as UTC ticks, in order, and returns how many there are.</summary>
    private int OpenPieces(LocalDate date, Span<long> opens, Span<long> closes)
    {
        if (date.Year < _firstYear || date.Year > _lastYear)
        {
            throw new InvalidOperationException($"The day-stepping calendar was built for {_firstYear} to {_lastYear}, not {date}.");
        }

        if (_holidays.Contains(date))
        {
            return 0;
        }

        var spans = _week[(int)date.DayOfWeek - 1];
        var hasClosure = _closureDates.Contains(date);
        var count = 0;
        foreach (var (openTime, closeTime) in spans)
        {
            var open = (date + openTime).InZone(_zone, OpeningResolver).ToInstant().ToUnixTimeTicks();
            var close = (date + closeTime).InZone(_zone, ClosingResolver).ToInstant().ToUnixTimeTicks();
            if (close <= open)
            {
                continue;
            }

            if (!hasClosure)
            {
                opens[count] = open;
                closes[count] = close;
                count++;
                continue;
            }

            // Cut the closures (sorted, merged) out of [open, close).
            var start = open;
            foreach (var (closureStart, closureEnd) in _closures)
            {
                if (closureEnd <= start)
                {
                    continue;
                }

                if (closureStart >= close)
                {
                    break;
                }

                if (closureStart > start)
                {
                    opens[count] = start;
                    closes[count] = closureStart;
                    count++;
                }

                start = Math.Max(start, closureEnd);
                if (start >= close)
                {
                    break;
                }
            }

            if (start < close)
            {
                opens[count] = start;
                closes[count] = close;
                count++;
            }
        }

        return count;
    }
}
