using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using NodaTime;

namespace Civic311.Sla;

/// <summary>
/// The open intervals of a range of local dates as UTC ticks, with prefix sums of open time and two bucket indexes, so
/// that "open time before t" and its inverse cost O(1) and allocate nothing. Immutable.
/// </summary>
internal sealed class Timeline
{
    public const long BusinessBucketTicks = NodaConstants.TicksPerHour;

    /// <summary>What the one-lookup answers return when the case needs the general path.</summary>
    public const long NoQuickAnswer = long.MinValue;
    private const long DayTicks = NodaConstants.TicksPerDay;

    private readonly long[] _starts;
    private readonly long[] _ends;
    private readonly long[] _cum;     // open ticks before _starts[i]
    private readonly long[] _cumEnd;  // open ticks up to _ends[i]
    private readonly int[] _byDay;    // first interval with end > bucket start, per 24 h of wall time from _origin
    private readonly int[] _byBusinessHour; // first interval with cumEnd >= k hours of open time
    private readonly long _origin;
    private readonly int[] _workingDates;  // the date index of each working day, in order
    private readonly Day[] _days;          // per local date, and one more whose midnight ends the last date

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
        // What "N days" targets ask of a date, side by side so that one answer reads one or two cache lines.
        var dates = midnights.Length - 1;
        _days = new Day[dates + 1];
        var working = new List<int>(dates);
        for (var d = 0; d < dates; d++)
        {
            ref var day = ref _days[d];
            day.Midnight = midnights[d];
            day.WorkingBefore = working.Count;
            day.Steady = steady[d];
            day.OpeningAfter = NextOpen(midnights[d + 1]) is { } next && next < validTo ? next : long.MaxValue;
            var openAtEnd = OpenBefore(midnights[d + 1]);
            if (openAtEnd > OpenBefore(midnights[d]))
            {
                working.Add(d);
                // The first opening at or after this date's midnight: the previous date's opening after.
                var firstOpening = d > 0 ? _days[d - 1].OpeningAfter : NextOpen(midnights[d])!.Value;
                day.LastClosing = InstantAfterOpen(openAtEnd);

                // The first break (none: both at the last closing), and whether the date is open from its end to the last
                // closing, so that the next opening of a time on a date open in one or two spans needs no search.
                var span = FirstEndingAfter(firstOpening);
                if (_ends[span] >= day.LastClosing)
                {
                    day.BreakStart = day.BreakEnd = day.LastClosing;
                    day.OneBreak = true;
                }
                else
                {
                    day.BreakStart = _ends[span];
                    day.BreakEnd = _starts[span + 1];
                    day.OneBreak = openAtEnd - OpenBefore(day.BreakEnd) == day.LastClosing - day.BreakEnd;
                }
            }
        }

        _days[dates].Midnight = midnights[dates];
        _days[dates].WorkingBefore = working.Count;

        // The date each opening after falls on (as DateIndexAt finds it), so that a start moved there needs no search;
        // openings after only grow from date to date, so one forward walk finds them all.
        var openingDate = 0;
        for (var d = 0; d < dates; d++)
        {
            ref var day = ref _days[d];
            if (day.OpeningAfter == long.MaxValue)
            {
                day.OpeningAfterDate = day.WorkingThrough = -1;
                day.OpeningTimeOfDay = -1;
                continue;
            }

            while (midnights[openingDate + 1] <= day.OpeningAfter)
            {
                openingDate++;
            }

            day.OpeningAfterDate = openingDate;
            day.WorkingThrough = _days[openingDate + 1].WorkingBefore;
            day.OpeningTimeOfDay = steady[openingDate] ? day.OpeningAfter - midnights[openingDate] : -1;
        }

        _workingDates = working.ToArray();
        FirstEpochDay = first.ToDateOnly().DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    }

    /// <summary>Days from 1970-01-01 to <see cref="First"/>: local date k starts at local ticks (FirstEpochDay + k) x 1 day.</summary>
    public long FirstEpochDay { get; }

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
        var k = (long)_days[dateIndex + 1].WorkingBefore + n - 1;
        return k < _workingDates.Length ? _workingDates[k] : -1;
    }

    /// <summary>The instant (ticks) the local date at <paramref name="dateIndex"/> starts; the index after the last date gives its end.</summary>
    public long MidnightOf(int dateIndex) => _days[dateIndex].Midnight;

    /// <summary>The number of local dates expanded.</summary>
    public int DateCount => _days.Length - 1;

    /// <summary>Whether the date at <paramref name="dateIndex"/> keeps one UTC offset from its local midnight for 24 hours.</summary>
    public bool IsSteady(int dateIndex) => _days[dateIndex].Steady;

    /// <summary>The last closing (ticks) of the working date at <paramref name="dateIndex"/> (its midnight when it runs past it).</summary>
    public long LastClosingOf(int dateIndex) => _days[dateIndex].LastClosing;

    /// <summary>The first opening (ticks) after the date at <paramref name="dateIndex"/>; <see cref="long.MaxValue"/> past the timeline.</summary>
    public long OpeningAfter(int dateIndex) => _days[dateIndex].OpeningAfter;

    /// <summary>
    /// <see cref="NextOpen(long)"/> for <paramref name="ticks"/> (covered) on the date at <paramref name="dateIndex"/>, from the
    /// date records, in <paramref name="opening"/>; returns the index of the date it falls on, or -1 past the timeline.
    /// </summary>
    public int NextOpeningOn(int dateIndex, long ticks, out long opening)
    {
        // The first opening at or after this date's midnight is the previous date's opening after.
        ref readonly var before = ref _days[dateIndex - 1];
        if (ticks <= before.OpeningAfter)
        {
            opening = before.OpeningAfter;
            return before.OpeningAfterDate;
        }

        // Past the first opening, so a working date: after its last closing comes the next date's opening; before it, the
        // date opens again the same day: open before its first break, at the break's end in it, open after it if that was
        // the only break.
        ref readonly var day = ref _days[dateIndex];
        if (ticks >= day.LastClosing)
        {
            opening = day.OpeningAfter;
            return day.OpeningAfterDate;
        }

        opening = ticks < day.BreakStart || (ticks >= day.BreakEnd && day.OneBreak) ? ticks
            : ticks < day.BreakEnd ? day.BreakEnd
            : NextOpen(ticks) is { } next && next < ValidTo ? next : long.MaxValue;
        return opening == long.MaxValue ? -1 : dateIndex;
    }

    /// <summary>
    /// "<paramref name="n"/> working days (n ≥ 1) from the next opening, at the same time of day" for <paramref name="ticks"/>
    /// (covered) on the date at <paramref name="dateIndex"/>, from two date records and the working-day index; or
    /// <see cref="NoQuickAnswer"/> when an offset change, a break, or the timeline's end needs the general path.
    /// </summary>
    /// <remarks>
    /// The cases of <see cref="NextOpeningOn"/>, each with the working days up to the date it opens on and the local time of
    /// day it opens at read from the record already at hand, so that no answer waits on a third record before the last.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WorkingDaysFromNextOpening(int dateIndex, long ticks, int n)
    {
        ref readonly var before = ref _days[dateIndex - 1];
        int working;
        long timeOfDay;
        if (ticks <= before.OpeningAfter)
        {
            working = before.WorkingThrough;
            timeOfDay = before.OpeningTimeOfDay;
        }
        else
        {
            ref readonly var day = ref _days[dateIndex];
            if (ticks >= day.LastClosing)
            {
                working = day.WorkingThrough;
                timeOfDay = day.OpeningTimeOfDay;
            }
            else if (ticks < day.BreakStart || (ticks >= day.BreakEnd && day.OneBreak))
            {
                working = day.WorkingBefore + 1; // open now, so a working date
                timeOfDay = day.Steady ? ticks - day.Midnight : -1;
            }
            else if (ticks < day.BreakEnd)
            {
                working = day.WorkingBefore + 1; // in the first break: it opens again at the break's end, the same day
                timeOfDay = day.Steady ? day.BreakEnd - day.Midnight : -1;
            }
            else
            {
                return NoQuickAnswer;
            }
        }

        var k = (long)working + n - 1;
        if (timeOfDay < 0 || working < 0 || k >= _workingDates.Length)
        {
            return NoQuickAnswer;
        }

        ref readonly var due = ref _days[_workingDates[k]];
        return due.Steady ? due.Midnight + timeOfDay : NoQuickAnswer;
    }

    /// <summary>
    /// The last closing of the <paramref name="n"/>th working day (n ≥ 1) after the date at <paramref name="dateIndex"/>, or
    /// <see cref="NoQuickAnswer"/> when it lies beyond the timeline.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long LastClosingOfNthWorkingDateAfter(int dateIndex, int n)
    {
        var k = (long)_days[dateIndex + 1].WorkingBefore + n - 1;
        return k < _workingDates.Length ? _days[_workingDates[k]].LastClosing : NoQuickAnswer;
    }

    /// <summary>The index of the local date that <paramref name="ticks"/> (covered) falls on, without a time zone lookup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DateIndexAt(long ticks)
    {
        // Dates last 24 h give or take an offset change, so the estimate is off by a step or two at most.
        var last = _days.Length - 2;
        var d = (int)Math.Clamp((ticks - _days[0].Midnight) / DayTicks, 0, last);
        while (d > 0 && ticks < _days[d].Midnight)
        {
            d--;
        }

        while (d < last && ticks >= _days[d + 1].Midnight)
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

    private struct Day
    {
        public long Midnight;     // the instant the local date starts
        public long LastClosing;  // working dates: the last closing of the date
        public long OpeningAfter; // the first opening after the date, or long.MaxValue past the timeline
        public long BreakStart;   // working dates: the first closing before the last one, else the last closing
        public long BreakEnd;     // working dates: the opening that ends that break, else the last closing
        public long OpeningTimeOfDay; // OpeningAfter's ticks since its date's midnight, or -1 when that date is not steady
        public int WorkingBefore; // working dates among the dates before this one
        public int OpeningAfterDate; // the date OpeningAfter falls on (as DateIndexAt finds it), or -1 past the timeline
        public int WorkingThrough;   // working dates up to and including OpeningAfterDate, or -1 past the timeline
        public bool Steady;       // 24 h from local midnight at one UTC offset
        public bool OneBreak;     // working dates: open without a break from BreakEnd to the last closing
    }
}
