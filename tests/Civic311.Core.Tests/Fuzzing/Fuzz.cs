using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Tests.Shared;
using Xunit.Sdk;

namespace Civic311.Core.Tests.Fuzzing;

/// <summary>
/// How the fuzz tests run: fixed seeds and bounded counts in CI; <c>CIVIC311_FUZZ_SEED</c> (a number, or <c>random</c>)
/// runs one other seed and <c>CIVIC311_FUZZ_COUNT</c> sets the cases per seed, to explore more. A failure names the
/// seed, the case and the input.
/// </summary>
internal static class Fuzz
{
    public static IReadOnlyList<int> Seeds { get; } = FuzzSettings.Seeds(19, 311, 2026);

    public static int Count(int ciCount) => FuzzSettings.Count(ciCount);

    /// <summary>
    /// Runs <paramref name="check"/> over <paramref name="count"/> inputs per seed. The check returns whether the input was
    /// accepted; the run fails unless both outcomes occur, so a mutator that only ever breaks (or never breaks) the
    /// input cannot pass unnoticed.
    /// </summary>
    public static void Run<T>(int count, Func<Mutator, T> input, Func<T, bool> check, Func<T, string> describe)
    {
        var accepted = 0;
        var refused = 0;
        var cases = Count(count);
        foreach (var seed in Seeds)
        {
            var mutator = new Mutator(seed);
            for (var i = 0; i < cases; i++)
            {
                var value = input(mutator);
                try
                {
                    if (check(value))
                    {
                        accepted++;
                    }
                    else
                    {
                        refused++;
                    }
                }
                catch (Exception ex)
                {
                    throw new XunitException($"seed {seed}, case {i}: {ex.GetType().Name}: {ex.Message}\ninput: {Cut(describe(value))}", ex);
                }
            }
        }

        if (accepted == 0 || refused == 0)
        {
            throw new XunitException($"The mutations reached one outcome only ({accepted} accepted, {refused} refused over seeds {string.Join(", ", Seeds)}).");
        }
    }

    /// <summary>
    /// Runs <paramref name="act"/>: <see langword="true"/> when it returns, <see langword="false"/> when it refuses with
    /// a <see cref="Civic311ValidationException"/> whose every error names a field and says why; any other exception escapes
    /// as a failure.
    /// </summary>
    public static bool Accepts(Action act)
    {
        try
        {
            act();
            return true;
        }
        catch (Civic311ValidationException ex)
        {
            ShouldBeClear(ex.Errors);
            return false;
        }
    }

    /// <summary>Fails unless every error names a field, a code and a message (and holds no raw control character).</summary>
    public static void ShouldBeClear(IReadOnlyList<ValidationError> errors)
    {
        if (errors.Count == 0)
        {
            throw new XunitException("A validation exception listed no error.");
        }

        foreach (var error in errors)
        {
            if (string.IsNullOrWhiteSpace(error.Field) || string.IsNullOrWhiteSpace(error.Code) || string.IsNullOrWhiteSpace(error.Message))
            {
                throw new XunitException($"An error without field, code or message: '{error.Field}' '{error.Code}' '{error.Message}'.");
            }

            if ((error.Field + error.Message).Any(c => char.IsControl(c) || c is '\u202E' or '\u2066'))
            {
                throw new XunitException($"The error at '{error.Field}' holds a raw control or bidirectional character: {error.Message}");
            }
        }
    }

    private static string Cut(string text) => text.Length <= 3000 ? text : text[..3000] + $"… ({text.Length} characters)";
}
