using System;
using BenchmarkDotNet.Attributes;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Benchmarks.Sla;

/// <summary>
/// One <see cref="BusinessCalendar.Between"/> ("how much business time has this request been open?") on the
/// <see cref="BenchmarkCalendar"/>, against the <see cref="DaySteppingCalendar"/> baseline. Figures are per call.
/// </summary>
/// <remarks>
/// Inputs: <see cref="Inputs"/> pairs made once with a fixed seed: a random instant over 2020-2039 and a second one a
/// random 0 to 126 calendar days later (up to 90 business days apart, 45 on average), both at any tick, open or closed.
/// The same batch-of-<see cref="Batch"/> cycling as <see cref="CalendarAddBenchmarks"/>. The compiled calendar answers
/// with two O(1) lookups whatever the distance; the day-stepping baseline visits every date in between (63 on average).
/// <see cref="GlobalSetup"/> checks that both agree on every pair measured and on a few thousand other random inputs.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(CalendarBenchmarkConfig))]
public class CalendarBetweenBenchmarks
{
    /// <summary>Calls per invocation.</summary>
    public const int Batch = 1024;

    /// <summary>Distinct pairs (a power of two, cycled through).</summary>
    public const int Inputs = 4096;

    private const int Mask = Inputs - 1;

    private BusinessCalendar _calendar = null!;
    private DaySteppingCalendar _dayStepping = null!;
    private Instant[] _from = null!;
    private Instant[] _to = null!;
    private int _next;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _calendar = BenchmarkCalendar.Compiled();
        _dayStepping = BenchmarkCalendar.DayStepping();
        var random = new Random(3110);
        _from = BenchmarkCalendar.RandomInstants(random, Inputs);
        _to = new Instant[Inputs];
        for (var i = 0; i < Inputs; i++)
        {
            _to[i] = _from[i] + Duration.FromTicks(random.NextInt64(0, BenchmarkCalendar.BetweenSpan.BclCompatibleTicks + 1));
            BenchmarkCalendar.CheckBetween(_calendar, _dayStepping, _from[i], _to[i]);
        }

        BenchmarkCalendar.SelfCheck(_calendar, _dayStepping);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "Day-stepping Between")]
    public long DayStepping()
    {
        var calendar = _dayStepping;
        var from = _from;
        var to = _to;
        var next = _next;
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            var k = (next + i) & Mask;
            sum += calendar.Between(from[k], to[k]).BclCompatibleTicks;
        }

        _next = (next + Batch) & Mask;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "BusinessCalendar.Between")]
    public long Compiled()
    {
        var calendar = _calendar;
        var from = _from;
        var to = _to;
        var next = _next;
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            var k = (next + i) & Mask;
            sum += calendar.Between(from[k], to[k]).BclCompatibleTicks;
        }

        _next = (next + Batch) & Mask;
        return sum;
    }
}
