using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace Civic311.Requests;

/// <summary>A parsed tracking-number format; formats numbers without intermediate strings.</summary>
internal sealed class TrackingNumberFormat
{
    private readonly Segment[] _segments;
    private readonly bool _hasYear;
    private readonly int _fixedLength;
    private ScopeOfYear? _scope;

    private TrackingNumberFormat(string format, Segment[] segments, bool hasYear)
    {
        Format = format;
        _segments = segments;
        _hasYear = hasYear;
        foreach (var segment in segments)
        {
            _fixedLength += segment.Kind switch
            {
                SegmentKind.Literal => segment.Literal!.Length,
                SegmentKind.Year4 => 4,
                SegmentKind.Year2 => 2,
                _ => 0,
            };
        }
    }

    public string Format { get; }

    public static bool TryParse(string? format, out TrackingNumberFormat? parsed, out string? error)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(format))
        {
            error = "The tracking-number format is required, for example '311-{yy}-{seq:7}'.";
            return false;
        }

        var segments = new List<Segment>();
        var sequences = 0;
        var hasYear = false;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c == '{')
            {
                var close = format.IndexOf('}', i);
                if (close < 0)
                {
                    error = $"The tracking-number format '{format}' has a '{{' at position {i + 1} without a closing '}}'.";
                    return false;
                }

                var token = format[(i + 1)..close];
                switch (token)
                {
                    case "yyyy":
                        segments.Add(new Segment(SegmentKind.Year4, null, 0));
                        hasYear = true;
                        break;
                    case "yy":
                        segments.Add(new Segment(SegmentKind.Year2, null, 0));
                        hasYear = true;
                        break;
                    case "seq":
                        segments.Add(new Segment(SegmentKind.Sequence, null, 1));
                        sequences++;
                        break;
                    default:
                        if (token.StartsWith("seq:", StringComparison.Ordinal)
                            && int.TryParse(token.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
                            && width is >= 1 and <= 18)
                        {
                            segments.Add(new Segment(SegmentKind.Sequence, null, width));
                            sequences++;
                            break;
                        }

                        error = $"The tracking-number format '{format}' has an unknown token '{{{token}}}'; use {{yyyy}}, {{yy}}, {{seq}} or {{seq:N}} with N from 1 to 18.";
                        return false;
                }

                i = close + 1;
                continue;
            }

            var start = i;
            while (i < format.Length && format[i] != '{')
            {
                if (!(char.IsAsciiLetterOrDigit(format[i]) || format[i] is '-' or '_' or '.'))
                {
                    error = $"The tracking-number format '{format}' has the character '{format[i]}' at position {i + 1}; literal text may only hold ASCII letters, digits, '-', '_' and '.' (tracking numbers travel in URLs and phone calls).";
                    return false;
                }

                i++;
            }

            segments.Add(new Segment(SegmentKind.Literal, format[start..i], 0));
        }

        if (sequences != 1)
        {
            error = $"The tracking-number format '{format}' must contain exactly one {{seq}} or {{seq:N}} token; it has {sequences}.";
            return false;
        }

        parsed = new TrackingNumberFormat(format, segments.ToArray(), hasYear);
        error = null;
        return true;
    }

    /// <summary>The sequence a number is drawn from: one per year when the format shows the year.</summary>
    public string ScopeFor(int year)
    {
        if (!_hasYear)
        {
            return "tracking";
        }

        // Cache the scope of the current year (one immutable pair, swapped atomically): submit is a hot path.
        var cached = Volatile.Read(ref _scope);
        if (cached is not null && cached.Year == year)
        {
            return cached.Scope;
        }

        var scope = "tracking-" + year.ToString("D4", CultureInfo.InvariantCulture);
        Volatile.Write(ref _scope, new ScopeOfYear(year, scope));
        return scope;
    }

    public string FormatNumber(int year, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        var digits = CountDigits(sequence);
        var length = _fixedLength;
        foreach (var segment in _segments)
        {
            if (segment.Kind == SegmentKind.Sequence)
            {
                length += Math.Max(digits, segment.Width);
            }
        }

        return string.Create(length, (this, year, sequence, digits), static (span, state) =>
        {
            var (self, year, sequence, digits) = state;
            var position = 0;
            foreach (var segment in self._segments)
            {
                switch (segment.Kind)
                {
                    case SegmentKind.Literal:
                        segment.Literal.AsSpan().CopyTo(span[position..]);
                        position += segment.Literal!.Length;
                        break;
                    case SegmentKind.Year4:
                        WriteNumber(span.Slice(position, 4), year % 10000);
                        position += 4;
                        break;
                    case SegmentKind.Year2:
                        WriteNumber(span.Slice(position, 2), year % 100);
                        position += 2;
                        break;
                    default:
                        var width = Math.Max(digits, segment.Width);
                        WriteNumber(span.Slice(position, width), sequence);
                        position += width;
                        break;
                }
            }
        });
    }

    private static void WriteNumber(Span<char> destination, long value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
    }

    private static int CountDigits(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    private enum SegmentKind
    {
        Literal,
        Year4,
        Year2,
        Sequence,
    }

    private readonly record struct Segment(SegmentKind Kind, string? Literal, int Width);

    private sealed record ScopeOfYear(int Year, string Scope);
}
