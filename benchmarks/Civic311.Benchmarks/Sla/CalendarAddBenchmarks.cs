using System;
using BenchmarkDotNet.Attributes;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Benchmarks.Sla;

/// <summary>
/// One <see cref="BusinessCalendar.Add"/> ("when is this SLA due?") on the <see cref="BenchmarkCalendar"/>, against the
/// <see cref="DaySteppingCalendar"/> baseline, for a 1-hour, a 45-business-day and a 90-business-day target. Figures are per Add.
/// </summary>
/// <remarks>
/// <para>
/// Inputs: <see cref="Inputs"/> start instants, uniformly random ticks over 2020-2039 (so three quarters of them fall
/// outside business hours, on weekends, holidays or at night, as real submissions do), made once with a fixed seed. Each
/// invocation does <see cref="Batch"/> Adds on consecutive entries and the next invocation goes on where it stopped, so one
/// invocation is one operation times <see cref="Batch"/> (<c>OperationsPerInvoke</c> divides it back) and the random starts
/// defeat the branch predictor and the caches the way real traffic would. The sum of the results is returned so that the
/// JIT cannot drop the calls.
/// </para>
/// <para>
/// The compiled calendar's cost should not depend on the target: both ends are one O(1) bucket lookup in the timeline. The
/// day-stepping baseline visits every local date up to the result (about 1.4 calendar days per business day), so its cost
/// grows with the target; the Ratio column is per target. <see cref="GlobalSetup"/> checks that both give the same answer
/// for every input measured, and on a few thousand other random inputs, and throws otherwise.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(CalendarBenchmarkConfig))]
public class CalendarAddBenchmarks
{
    /// <summary>Adds per invocation.</summary>
    public const int Batch = 1024;

    /// <summary>Distinct start instants (a power of two, cycled through).</summary>
    public const int Inputs = 4096;

    private const int Mask = Inputs - 1;

    private BusinessCalendar _calendar = null!;
    private DaySteppingCalendar _dayStepping = null!;
    private Instant[] _starts = null!;
    private Duration _target;
    private int _next;

    /// <summary>Gets or sets the target in business hours: 1 (one hour), 360 (45 business days) or 720 (90 business days).</summary>
    [Params(1, 360, 720)]
    public int TargetHours { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _calendar = BenchmarkCalendar.Compiled();
        _dayStepping = BenchmarkCalendar.DayStepping();
        _target = Duration.FromHours(TargetHours);
        _starts = BenchmarkCalendar.RandomInstants(new Random(311 + TargetHours), Inputs);
        foreach (var start in _starts)
        {
            BenchmarkCalendar.CheckAdd(_calendar, _dayStepping, start, _target);
        }

        BenchmarkCalendar.SelfCheck(_calendar, _dayStepping);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "Day-stepping Add")]
    public long DayStepping()
    {
        var calendar = _dayStepping;
        var starts = _starts;
        var target = _target;
        var next = _next;
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += calendar.Add(starts[(next + i) & Mask], target).ToUnixTimeTicks();
        }

        _next = (next + Batch) & Mask;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "BusinessCalendar.Add")]
    public long Compiled()
    {
        var calendar = _calendar;
        var starts = _starts;
        var target = _target;
        var next = _next;
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += calendar.Add(starts[(next + i) & Mask], target).ToUnixTimeTicks();
        }

        _next = (next + Batch) & Mask;
        return sum;
    }
}
