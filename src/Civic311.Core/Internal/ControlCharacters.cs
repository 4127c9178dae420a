using System;
using System.Globalization;
using System.Text;

namespace Civic311.Internal;

/// <summary>
/// Control characters in input. NodaTime's parsers stop at U+0000, so "2026-11-24T13:30:00Z\u0000&lt;script&gt;" would be
/// read as the date with the rest silently dropped; and PostgreSQL text cannot hold U+0000 at all. Values that are not
/// free text refuse every control character; free text keeps tab and line breaks only.
/// </summary>
internal static class ControlCharacters
{
    /// <summary>The index of the first control character (any, in a value that is not free text), or -1.</summary>
    public static int IndexIn(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the first control character other than tab, line feed and carriage return, or -1.</summary>
    public static int IndexInText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The error message for a control character at <paramref name="index"/>, with the value shown printable.</summary>
    public static string Describe(string text, int index) =>
        $"'{Printable(text)}' holds the control character U+{(int)text[index]:X4} at position {index + 1}; it is refused rather than cut off there.";

    /// <summary>The same message without the value (free text may hold personal data, and error messages get logged).</summary>
    public static string DescribeWithoutValue(string field, string text, int index) =>
        $"The {field} holds the control character U+{(int)text[index]:X4} at position {index + 1}; only tab and line breaks are allowed.";

    /// <summary>The text with control characters written as \uXXXX (for messages), cut at 80 characters.</summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 80) + 8);
        foreach (var c in text.Length > 80 ? text.AsSpan(0, 80) : text.AsSpan())
        {
            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return text.Length > 80 ? builder.Append('…').ToString() : builder.ToString();
    }
}
