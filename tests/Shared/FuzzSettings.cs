using System;
using System.Collections.Generic;
using System.Globalization;

namespace Civic311.Tests.Shared;

/// <summary>
/// The fuzz tests' seeds and counts: fixed in CI; <c>CIVIC311_FUZZ_SEED</c> (a number, or anything else such as
/// <c>random</c> for a random one) runs that one seed instead, and <c>CIVIC311_FUZZ_COUNT</c> sets the cases per seed.
/// </summary>
internal static class FuzzSettings
{
    /// <summary>The seed the environment asks for, else the CI seeds.</summary>
    public static IReadOnlyList<int> Seeds(params int[] ciSeeds)
    {
        var value = Environment.GetEnvironmentVariable("CIVIC311_FUZZ_SEED");
        if (string.IsNullOrWhiteSpace(value))
        {
            return ciSeeds;
        }

        return [int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed) ? seed : Random.Shared.Next()];
    }

    /// <summary>The cases per seed the environment asks for, else <paramref name="ciCount"/>.</summary>
    public static int Count(int ciCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("CIVIC311_FUZZ_COUNT"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : ciCount;
}
