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

    public Timeline(LocalDate first, LocalDate end, long validFrom, long validTo, List<long> starts, List<long> ends)
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
