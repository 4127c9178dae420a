using System;
using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>
/// Runs FsCheck properties from [Fact]s. The seed is fixed per property (derived from its name), so a run is repeatable
/// and CI is deterministic. Set CIVIC311_PROPERTY_SEED to "random" to explore new cases, or to "seed,gamma" (as printed
/// by a failure) to replay one; set CIVIC311_PROPERTY_RUNS to multiply the number of cases. A failure prints the seed,
/// the original case and the shrunk case.
/// </summary>
internal static class PropertyRunner
{
    public static void Check(string name, Property property, int maxTest)
    {
        var multiplier = int.TryParse(Environment.GetEnvironmentVariable("CIVIC311_PROPERTY_RUNS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 1;
        var config = Config.QuickThrowOnFailure.WithName(name).WithMaxTest(maxTest * multiplier).WithQuietOnSuccess(true);
        var seed = Environment.GetEnvironmentVariable("CIVIC311_PROPERTY_SEED");
        if (!string.Equals(seed, "random", StringComparison.OrdinalIgnoreCase))
        {
            var rnd = seed is { } text && text.Split(',') is [var s, var g]
                ? new Rnd(ulong.Parse(s.Trim(' ', '('), CultureInfo.InvariantCulture), ulong.Parse(g.Trim(' ', ')'), CultureInfo.InvariantCulture))
                : new Rnd(StableHash(name), (StableHash(name + "/gamma") << 1) | 1);
            config = config.WithReplay(FSharpOption<Replay>.Some(new Replay(rnd, FSharpOption<int>.None)));
        }

        FsCheck.Check.One(config, property);
    }

    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL; // FNV-1a
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
