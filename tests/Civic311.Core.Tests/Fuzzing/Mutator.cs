using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Civic311.Core.Tests.Fuzzing;

/// <summary>
/// Seeded mutation of valid inputs: byte-level edits of a JSON document (delete, duplicate, truncate, swap, insert a
/// hostile token) and value-level edits (a string or number replaced by a hostile one, or by another value of the same
/// document). The same seed gives the same inputs, so a failure is reproduced by its seed and case number.
/// </summary>
internal sealed class Mutator(int seed)
{
    /// <summary>Values that have broken parsers: control and format characters, the edges of every range, deep nesting.</summary>
    public static readonly string[] HostileStrings =
    [
        "", " ", "\u0000", "x\u0000<script>", "\u0001", "\u001F", "\u007F", "\u202Eevil", "a\u200Bb", "\uFEFF", "\uFFFF", "\uD800",
        "<script>alert(1)</script>", "{{description}}", "\\{{{description}}}", "'; DROP TABLE x; --", "../../etc/passwd",
        "9999-12-31T23:59", "9999-12-31T23:59:59-14:00", "-9998-01-01T00:00:00+14:00", "0001-01-01", "2026-02-30", "2026-13-01",
        "24:00-00:00", "00:00-24:00", "25:99-26:00", "17:00-09:00", "08:30-17:00", "Mars/Olympus", "UTC", "America/New_York",
        "60000000000000000000000000d", "-2h", "0h", "999999999d", "1.5h", "PT1H", "10000001m", "NaN", "Infinity", "-0",
        "monday", "MONDAY", "nearestWeekday", "endOfDay", "businessDays", "calendarTime", "resolution", "urgent", "number",
        "singlevaluelist", "POTHOLE", "DOT", "a@b..c", ".a@b.c", "a@-b.c", "+1 212 555 0100", new string('x', 5000), "é", "日本",
    ];

    private static readonly string[] HostileNumbers =
    [
        "0", "-1", "1", "2147483647", "-2147483648", "2147483648", "9223372036854775808", "-9223372036854775809", "1e308",
        "-1e308", "1e999", "0.5", "-0.0", "1E+2", "79228162514264337593543950335", "60000000000000000000000000", "100", "101",
    ];

    private static readonly string[] HostileTokens =
    [
        "null", "true", "false", "[]", "{}", "[null]", "{\"x\":1}", ",", ":", "\"", "{", "}", "[", "]", "/*", "*/", "//",
        "\\u0000", "\\ud800", "\\", "\u0000", "\u00A0", "\r\n", new string('[', 2000) + new string(']', 2000),
        new string('[', 100000),
    ];

    private readonly Random _random = new(seed);

    /// <summary>Gets the seed the mutations derive from.</summary>
    public int Seed { get; } = seed;

    /// <summary>One to three random edits of <paramref name="json"/>.</summary>
    public string MutateJson(string json)
    {
        var text = json;
        var edits = 1 + _random.Next(3);
        for (var i = 0; i < edits; i++)
        {
            text = _random.Next(9) switch
            {
                0 => Delete(text),
                1 => DuplicateSpan(text),
                2 => text.Length == 0 ? text : text[.._random.Next(text.Length)],
                3 => Swap(text),
                4 => Insert(text, Pick(HostileTokens)),
                5 or 6 => ReplaceString(text, _random.Next(3) == 0 ? OtherStringOf(text) : Pick(HostileStrings)),
                _ => ReplaceNumber(text, Pick(HostileNumbers)),
            };
        }

        return text;
    }

    /// <summary>Picks one element.</summary>
    public T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    /// <summary>Returns <see langword="true"/> with probability one in <paramref name="n"/>.</summary>
    public bool OneIn(int n) => _random.Next(n) == 0;

    /// <summary>A hostile or ordinary double for coordinates.</summary>
    public double Coordinate(double usual) => _random.Next(8) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => double.MaxValue,
        3 => -90.000001,
        4 => 180.5,
        5 => double.Epsilon,
        _ => usual + ((_random.NextDouble() - 0.5) * 0.01),
    };

    /// <summary>A random integer in [0, <paramref name="max"/>).</summary>
    public int Next(int max) => _random.Next(max);

    private string Delete(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var start = _random.Next(text.Length);
        return text.Remove(start, Math.Min(text.Length - start, 1 + _random.Next(20)));
    }

    private string DuplicateSpan(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var start = _random.Next(text.Length);
        var span = text.Substring(start, Math.Min(text.Length - start, 1 + _random.Next(60)));
        return text.Insert(_random.Next(text.Length + 1), span);
    }

    private string Swap(string text)
    {
        if (text.Length < 2)
        {
            return text;
        }

        var chars = text.ToCharArray();
        var a = _random.Next(chars.Length);
        var b = _random.Next(chars.Length);
        (chars[a], chars[b]) = (chars[b], chars[a]);
        return new string(chars);
    }

    private string Insert(string text, string token) => text.Insert(_random.Next(text.Length + 1), token);

    private string ReplaceString(string text, string value)
    {
        var strings = StringTokens(text);
        if (strings.Count == 0)
        {
            return text;
        }

        var (start, length) = Pick(strings);
        return string.Concat(text.AsSpan(0, start), JsonString(value), text.AsSpan(start + length));
    }

    private string OtherStringOf(string text)
    {
        var strings = StringTokens(text);
        if (strings.Count == 0)
        {
            return "x";
        }

        var (start, length) = Pick(strings);
        return text.Substring(start + 1, length - 2);
    }

    private string ReplaceNumber(string text, string number)
    {
        var numbers = new List<(int Start, int Length)>();
        for (var i = 0; i < text.Length; i++)
        {
            if ((char.IsAsciiDigit(text[i]) || text[i] == '-') && (i == 0 || text[i - 1] is ':' or ' ' or '[' or ','))
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or 'e' or 'E' or '+' or '-'))
                {
                    end++;
                }

                numbers.Add((i, end - i));
                i = end;
            }
        }

        if (numbers.Count == 0)
        {
            return Insert(text, number);
        }

        var (start, length) = Pick(numbers);
        return string.Concat(text.AsSpan(0, start), number, text.AsSpan(start + length));
    }

    // The quoted tokens of a document (keys and values), escapes included.
    private static List<(int Start, int Length)> StringTokens(string text)
    {
        var tokens = new List<(int, int)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '"')
            {
                continue;
            }

            var end = i + 1;
            while (end < text.Length && text[end] != '"')
            {
                end += text[end] == '\\' ? 2 : 1;
            }

            if (end >= text.Length)
            {
                break;
            }

            tokens.Add((i, end - i + 1));
            i = end;
        }

        return tokens;
    }

    private static string JsonString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
