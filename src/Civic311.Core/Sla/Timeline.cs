using System;
using System.Collections.Generic;
using NodaTime;

namespace Civic311.Sla;

/// <summary>
/// The open intervals of a range of local dates as UTC ticks, with prefix sums of open time and two bucket indexes, so
/// that "open time before t" and its inverse cost O(1) and allocate nothing. Immutable.
/// </summary>
internal sealed class Timeline
{
    public const long BusinessBucketTicks = NodaConstants.TicksPerHour;
    private const long DayTicks = NodaConstants.TicksPerDay;

    private readonly long[] _starts;
    private readonly long[] _ends;
    private readonly long[] _cum;     // open ticks before _starts[i]
    private readonly long[] _cumEnd;  // open ticks up to _ends[i]
    private readonly int[] _byDay;    // first interval with end > bucket start, per 24 h of wall time from _origin
    private readonly int[] _byBusinessHour; // first interval with cumEnd >= k hours of open time
    private readonly long _origin;
    private readonly int[] _workingBefore; // working days among the local dates before date index i
    private readonly int[] _workingDates;  // the date index of each working day, in order
    private readonly long[] _midnights;    // the instant each local date starts, and the end of the last one
    private readonly bool[] _steady;       // the date is 24 h from local midnight at one UTC offset (no change inside)

    // midnights: the instant (ticks) each local date from first to end (inclusive) starts; steady: per date, whether its
    // local time of day is the time since its midnight.
    public Timeline(LocalDate first, LocalDate end, long validFrom, long validTo, List<long> starts, List<long> ends, long[] midnights, bool[] steady)
    {
        First = first;
        End = end;
        ValidFrom = validFrom;
        ValidTo = validTo;
        _starts = starts.ToArray();
        _ends = ends.ToArray();
        _cum = new long[_starts.Length];
        _cumEnd = new long[_starts.Length];
        long total = 0;
        for (var i = 0; i < _starts.Length; i++)
        {
            _cum[i] = total;
            total += _ends[i] - _starts[i];
            _cumEnd[i] = total;
        }

        Total = total;
        _origin = validFrom;
        var days = (int)((validTo - validFrom) / DayTicks) + 2;
        _byDay = new int[days];
        var index = 0;
        for (var d = 0; d < days; d++)
        {
            var bucketStart = _origin + (d * DayTicks);
            while (index < _ends.Length && _ends[index] <= bucketStart)
            {
                index++;
            }

            _byDay[d] = index;
        }

        var hours = (int)(total / BusinessBucketTicks) + 2;
        _byBusinessHour = new int[hours];
        index = 0;
        for (var h = 0; h < hours; h++)
        {
            var businessTime = h * BusinessBucketTicks;
            while (index < _cumEnd.Length && _cumEnd[index] < businessTime)
            {
                index++;
            }

            _byBusinessHour[h] = index;
        }

        OpenBeforeValidTo = OpenBefore(validTo);
        OpenBeforeValidFrom = OpenBefore(validFrom);

        // A working day is a local date with open time. Counting them once makes "the Nth working day after" O(1).
        _midnights = midnights;
        _steady = steady;
        var dates = midnights.Length - 1;
        _workingBefore = new int[dates + 1];
        var working = new List<int>(dates);
        for (var d = 0; d < dates; d++)
        {
            _workingBefore[d] = working.Count;
            if (OpenBefore(midnights[d + 1]) > OpenBefore(midnights[d]))
            {
                working.Add(d);
            }
        }

        _workingBefore[dates] = working.Count;
        _workingDates = working.ToArray();
    }

    /// <summary>The first local date expanded.</summary>
    public LocalDate First { get; }

    /// <summary>The local date after the last one expanded.</summary>
    public LocalDate End { get; }

    /// <summary>From this instant (ticks) on, every interval that covers it is in the timeline.</summary>
    public long ValidFrom { get; }

    /// <summary>Before this instant (ticks), every interval that covers it is in the timeline.</summary>
    public long ValidTo { get; }

    /// <summary>Open ticks in the whole timeline.</summary>
    public long Total { get; }

    public bool Covers(long ticks) => ticks >= ValidFrom && ticks <= ValidTo;

    /// <summary>Open ticks before <paramref name="ticks"/>, which must be covered.</summary>
    public long OpenBefore(long ticks)
    {
        var i = FirstEndingAfter(ticks);
        if (i == _starts.Length)
        {
            return Total;
        }

        return ticks > _starts[i] ? _cum[i] + (ticks - _starts[i]) : _cum[i];
    }

    /// <summary>The earliest instant with <paramref name="open"/> ticks of open time before it (lands on a closing time).</summary>
    public long InstantAfterOpen(long open)
    {
        var i = _byBusinessHour[(int)(open / BusinessBucketTicks)];
        while (_cumEnd[i] < open)
        {
            i++;
        }

        return _starts[i] + (open - _cum[i]);
    }

    /// <summary>The latest instant with <paramref name="open"/> ticks of open time before it (lands on an opening time).</summary>
    public long LatestInstantAtOpen(long open)
    {
        var i = _byBusinessHour[(int)(open / BusinessBucketTicks)];
        while (i < _cumEnd.Length && _cumEnd[i] <= open)
        {
            i++;
        }

        return i == _cumEnd.Length ? _ends[^1] : _starts[i] + (open - _cum[i]);
    }

    public bool IsOpen(long ticks)
    {
        var i = FirstEndingAfter(ticks);
        return i < _starts.Length && _starts[i] <= ticks;
    }

    /// <summary>The first open instant at or after <paramref name="ticks"/>, or <see langword="null"/> when the timeline has none.</summary>
    public long? NextOpen(long ticks)
    {
        var i = FirstEndingAfter(ticks);
        return i == _starts.Length ? null : Math.Max(ticks, _starts[i]);
    }

    /// <summary>Open ticks before <see cref="ValidTo"/>: the most open time an Add may reach (computed once).</summary>
    public long OpenBeforeValidTo { get; }

    /// <summary>Open ticks before <see cref="ValidFrom"/>: the least open time a Subtract may reach (computed once).</summary>
    public long OpenBeforeValidFrom { get; }

    /// <summary>
    /// The index of the <paramref name="n"/>th working day (n ≥ 1) after the date at <paramref name="dateIndex"/>, or -1
    /// when it lies beyond the timeline. The first date's count is exact only once it is covered (see <see cref="ValidFrom"/>).
    /// </summary>
    public int NthWorkingDateAfter(int dateIndex, int n)
    {
        var k = (long)_workingBefore[dateIndex + 1] + n - 1;
        return k < _workingDates.Length ? _workingDates[k] : -1;
    }

    /// <summary>The instant (ticks) the local date at <paramref name="dateIndex"/> starts; the index after the last date gives its end.</summary>
    public long MidnightOf(int dateIndex) => _midnights[dateIndex];

    /// <summary>The number of local dates expanded.</summary>
    public int DateCount => _midnights.Length - 1;

    /// <summary>Whether the date at <paramref name="dateIndex"/> keeps one UTC offset from its local midnight for 24 hours.</summary>
    public bool IsSteady(int dateIndex) => _steady[dateIndex];

    /// <summary>The index of the local date that <paramref name="ticks"/> (covered) falls on, without a time zone lookup.</summary>
    public int DateIndexAt(long ticks)
    {
        // Dates last 24 h give or take an offset change, so the estimate is off by a step or two at most.
        var last = _midnights.Length - 2;
        var d = (int)Math.Clamp((ticks - _midnights[0]) / DayTicks, 0, last);
        while (d > 0 && ticks < _midnights[d])
        {
            d--;
        }

        while (d < last && ticks >= _midnights[d + 1])
        {
            d++;
        }

        return d;
    }

    private int FirstEndingAfter(long ticks)
    {
        var bucket = (ticks - _origin) / DayTicks;
        var i = bucket <= 0 ? 0 : bucket >= _byDay.Length ? _byDay[^1] : _byDay[bucket];
        while (i < _ends.Length && _ends[i] <= ticks)
        {
            i++;
        }

        return i;
    }
}
