using System;

namespace Civic311.Internal;

/// <summary>Rules for the codes that name agencies, service types and attributes (they travel in URLs and CRM columns).</summary>
internal static class Codes
{
    public const int MaxLength = 64;

    public static bool IsValid(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Describe(string? code) =>
        string.IsNullOrEmpty(code)
            ? "is required"
            : code.Length > MaxLength
                ? $"'{code}' is longer than {MaxLength} characters"
                : $"'{code}' may only contain ASCII letters, digits, '-', '_' and '.'";

    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;
}
