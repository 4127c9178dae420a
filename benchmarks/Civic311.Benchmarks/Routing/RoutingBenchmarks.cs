using System;
using BenchmarkDotNet.Attributes;
using Civic311.Benchmarks.Sla;
using Civic311.Routing;

namespace Civic311.Benchmarks.Routing;

/// <summary>
/// One routing decision with 1,000 rules and 200 district polygons (<see cref="RoutingBenchmarkData"/>):
/// <see cref="RoutingRules.Route"/> against the <see cref="NaiveRouter"/> baseline (every rule in order, plain polygon
/// containment). Figures are per request.
/// </summary>
/// <remarks>
/// 4,096 random requests (any of the 100 service codes, a random point in the grid or, 2 % of them, outside it, any channel,
/// one of ten descriptions) are made once with a fixed seed; each invocation routes <see cref="Batch"/> consecutive ones
/// and the next goes on from there. <see cref="GlobalSetup"/> checks that both routers pick the same rule for every request
/// measured, and throws otherwise.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(CalendarBenchmarkConfig))]
public class RoutingBenchmarks
{
    /// <summary>Requests per invocation.</summary>
    public const int Batch = 1024;

    private const int Inputs = 4096;
    private const int Mask = Inputs - 1;

    private RoutingRules _rules = null!;
    private NaiveRouter _naive = null!;
    private RoutingInput[] _inputs = null!;
    private int _next;

    [GlobalSetup]
    public void GlobalSetup()
    {
        var data = RoutingBenchmarkData.Create(Inputs);
        _rules = RoutingRules.Build(data.Definition, data.Catalog);
        _naive = new NaiveRouter(data.Definition, data.Districts, data.Catalog);
        _inputs = data.Inputs;
        if (_rules.Count != RoutingBenchmarkData.Rules)
        {
            throw new InvalidOperationException($"Expected {RoutingBenchmarkData.Rules} rules, compiled {_rules.Count}.");
        }

        var fallbacks = 0;
        foreach (var input in _inputs)
        {
            var compiled = _rules.Route(input).RuleIndex ?? -1;
            var naive = _naive.Route(input);
            if (compiled != naive)
            {
                throw new InvalidOperationException($"{input.ServiceCode} at {input.Location}: compiled rule {compiled}, naive rule {naive}.");
            }

            fallbacks += compiled < 0 ? 1 : 0;
        }

        Console.WriteLine($"// Self-check: {Inputs} requests routed alike by both; {fallbacks} to the fallback.");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "Naive: every rule in order, Geometry.Contains")]
    public int Naive()
    {
        var naive = _naive;
        var inputs = _inputs;
        var next = _next;
        var sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += naive.Route(inputs[(next + i) & Mask]);
        }

        _next = (next + Batch) & Mask;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "RoutingRules.Route")]
    public int Compiled()
    {
        var rules = _rules;
        var inputs = _inputs;
        var next = _next;
        var sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += rules.Route(inputs[(next + i) & Mask]).RuleIndex ?? -1;
        }

        _next = (next + Batch) & Mask;
        return sum;
    }
}
