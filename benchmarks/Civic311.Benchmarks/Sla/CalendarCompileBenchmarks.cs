using BenchmarkDotNet.Attributes;
using Civic311.Sla;

namespace Civic311.Benchmarks.Sla;

/// <summary>
/// <see cref="BusinessCalendar.Build(BusinessCalendarDefinition, int, int)"/> of the <see cref="BenchmarkCalendar"/> for
/// 20 years (the SDK's default, 2020-2039) against 1 year (2020) as the baseline. Figures are per build.
/// </summary>
/// <remarks>
/// A build validates the definition, hashes it for the version id, expands the holidays and the weekly hours of every
/// date into UTC intervals with NodaTime, subtracts the closures, and builds the prefix sums and both bucket indexes. The
/// 1-year baseline shows the fixed part (validation, hashing, the time zone), so the ratio shows how the per-date work
/// scales. The definition is made once; each invocation builds a new calendar from it (one build per invocation: a
/// build takes milliseconds, far above the timer's resolution).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(CalendarBenchmarkConfig))]
public class CalendarCompileBenchmarks
{
    private BusinessCalendarDefinition _definition = null!;

    [GlobalSetup]
    public void GlobalSetup() => _definition = BenchmarkCalendar.Definition();

    [Benchmark(Baseline = true, Description = "Build 1 year")]
    public BusinessCalendar OneYear() => BusinessCalendar.Build(_definition, BenchmarkCalendar.FirstYear, 1);

    [Benchmark(Description = "Build 20 years")]
    public BusinessCalendar TwentyYears() => BusinessCalendar.Build(_definition, BenchmarkCalendar.FirstYear, BenchmarkCalendar.Years);
}
