using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Civic311.Internal;

/// <summary>Argument checks for misuse of the API (a bug in the caller, not bad user input).</summary>
internal static class Guard
{
    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        if (value is null)
        {
            ThrowNull(name);
        }

        return value;
    }

    public static string NotNullOrWhiteSpace([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            ThrowEmpty(value, name);
        }

        return value;
    }

    public static T Defined<T>(T value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{value}' is not a defined {typeof(T).Name} value.");
        }

        return value;
    }

    [DoesNotReturn]
    private static void ThrowNull(string? name) => throw new ArgumentNullException(name);

    [DoesNotReturn]
    private static void ThrowEmpty(string? value, string? name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }

        throw new ArgumentException("The value must not be empty or white space.", name);
    }
}
