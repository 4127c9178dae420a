using System;
using BenchmarkDotNet.Attributes;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Benchmarks.Sla;

/// <summary>
/// "Due in N business days" (<see cref="SlaClock.DueFrom"/> of a <see cref="SlaTimeKind.BusinessDays"/> target ending at
/// the end of the Nth working day, and one counting from the next opening to the same time of day) and "due in N calendar
/// days" on the <see cref="BenchmarkCalendar"/>, for 1, 45 and 90 days, against counting
/// working days date by date with <see cref="BusinessCalendar.Between"/> (how the SDK did it before the calendar counted
/// its working days when compiling). Figures are per due instant.
/// </summary>
/// <remarks>
/// Inputs are random instants over 2020-2039 as in <see cref="CalendarAddBenchmarks"/>. The compiled answer is two O(1)
/// lookups whatever N; the baseline's cost grows with N. <see cref="GlobalSetup"/> checks both agree on every input.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(CalendarBenchmarkConfig))]
public class BusinessDaysDueBenchmarks
{
    // The batch and the cycled random starts of the other calendar benchmarks, so their figures compare.
    private const int Batch = CalendarAddBenchmarks.Batch;
    private const int Mask = CalendarAddBenchmarks.Inputs - 1;

    private BusinessCalendar _calendar = null!;
    private SlaTarget _target = null!;
    private SlaTarget _fromNextOpening = null!;
    private SlaTarget _calendarDays = null!;
    private Instant[] _starts = null!;
    private int _next;

    /// <summary>Gets or sets the number of working days.</summary>
    [Params(1, 45, 90)]
    public int Days { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _calendar = BenchmarkCalendar.Compiled();
        _target = SlaTarget.BusinessDays(SlaTarget.Resolution, Days, BusinessDayEnd.ClosingOfDay);
        _fromNextOpening = SlaTarget.BusinessDays(SlaTarget.Resolution, Days, BusinessDayEnd.SameTimeOfDay).StartingAt(SlaClockStart.AtNextOpening);
        _calendarDays = SlaTarget.CalendarDays(SlaTarget.Resolution, Days);
        _starts = BenchmarkCalendar.RandomInstants(new Random(2026 + Days), CalendarAddBenchmarks.Inputs);
        foreach (var start in _starts)
        {
            var compiled = SlaClock.DueFrom(_target, _calendar, start);
            var counted = CountDayByDay(start);
            if (compiled != counted)
            {
                throw new InvalidOperationException($"From {start}, {Days} business days: compiled {compiled}, counted {counted}.");
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "Count working days date by date")]
    public long DayByDay()
    {
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += CountDayByDay(_starts[_next++ & Mask]).ToUnixTimeTicks();
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "SlaClock.DueFrom, business days")]
    public long Compiled() => DueFromEach(_target);

    [Benchmark(OperationsPerInvoke = Batch, Description = "SlaClock.DueFrom, business days from the next opening, same time of day")]
    public long FromNextOpening() => DueFromEach(_fromNextOpening);

    [Benchmark(OperationsPerInvoke = Batch, Description = "SlaClock.DueFrom, calendar days (local dates)")]
    public long CalendarDays() => DueFromEach(_calendarDays);

    private long DueFromEach(SlaTarget target)
    {
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += SlaClock.DueFrom(target, _calendar, _starts[_next++ & Mask]).ToUnixTimeTicks();
        }

        return sum;
    }

    private Instant CountDayByDay(Instant start)
    {
        var zone = _calendar.TimeZone;
        var date = start.InZone(zone).Date;
        for (var counted = 0; counted < Days;)
        {
            date = date.PlusDays(1);
            if (_calendar.Between(zone.AtStartOfDay(date).ToInstant(), zone.AtStartOfDay(date.PlusDays(1)).ToInstant()) > Duration.Zero)
            {
                counted++;
            }
        }

        var dayStart = zone.AtStartOfDay(date).ToInstant();
        return _calendar.Add(dayStart, _calendar.Between(dayStart, zone.AtStartOfDay(date.PlusDays(1)).ToInstant()));
    }
}
