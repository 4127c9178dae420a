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
    /// <summary>The index of the first control character (other than tab and line breaks when <paramref name="freeText"/>), or -1.</summary>
    public static int IndexIn(string text, bool freeText = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(freeText && c is '\t' or '\n' or '\r'))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Adds an invalid-format problem at <paramref name="field"/> when a value that is not free text holds a control
    /// character, showing the value printable.
    /// </summary>
    /// <returns>Whether the value was refused.</returns>
    public static bool Refuse(string? text, string field, ref ErrorList problems)
    {
        if (text is null || IndexIn(text) is not (>= 0 and var at))
        {
            return false;
        }

        problems.Add(field, ValidationErrorCodes.InvalidFormat, Describe(text, at));
        return true;
    }

    /// <summary>
    /// Adds an invalid-format problem when free text holds a control character other than tab and line breaks; the
    /// message names <paramref name="what"/>, not the value (free text may hold personal data, and errors get logged).
    /// </summary>
    /// <returns>Whether the text was refused.</returns>
    public static bool RefuseInText(string? text, string field, string what, ref ErrorList problems)
    {
        if (text is null || IndexIn(text, freeText: true) is not (>= 0 and var at))
        {
            return false;
        }

        problems.Add(field, ValidationErrorCodes.InvalidFormat, $"The {what} holds the control character {Code(text, at)}; only tab and line breaks are allowed.");
        return true;
    }

    /// <summary>The error message for a control character at <paramref name="index"/>, with the value shown printable.</summary>
    public static string Describe(string text, int index) =>
        $"'{Printable(text)}' holds the control character {Code(text, index)}; it is refused rather than cut off there.";

    private static string Code(string text, int index) => $"U+{(int)text[index]:X4} at position {index + 1}";

    /// <summary>
    /// The text with control characters and bidirectional controls written as \uXXXX, or the text itself when it has
    /// none: error messages and paths quote input, and a raw NUL, escape sequence or right-to-left override in them would
    /// cut or reorder what a log or a form shows.
    /// </summary>
    public static string Escape(string text)
    {
        var first = 0;
        while (first < text.Length && !NeedsEscape(text[first]))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (NeedsEscape(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F';

    /// <summary>The text escaped as <see cref="Escape"/> does, cut at 80 characters (for messages that quote it).</summary>
    public static string Printable(string text) => text.Length > 80 ? Escape(text[..80]) + "…" : Escape(text);
}
