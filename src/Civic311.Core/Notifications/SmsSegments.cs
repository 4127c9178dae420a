using System;
using Civic311.Internal;

namespace Civic311.Notifications;

/// <summary>How an SMS text is encoded on the air.</summary>
public enum SmsEncoding
{
    /// <summary>The GSM 03.38 7-bit alphabet: 160 characters in one segment, 153 per segment when split; extension characters (<c>€ [ ] { } \ ^ ~ |</c> and form feed) count twice.</summary>
    Gsm7 = 0,

    /// <summary>UCS-2 (UTF-16), used when any character is outside GSM 03.38 (for example <c>á</c>, <c>í</c>, <c>ó</c>, <c>ú</c> or an emoji): 70 code units in one segment, 67 per segment when split.</summary>
    Ucs2 = 1,
}

/// <summary>The length of an SMS text and how many segments (billed messages) it takes.</summary>
/// <remarks>
/// The default value describes an empty GSM-7 text of zero segments. A character never straddles two segments: an
/// extension character or a surrogate pair that does not fit starts the next one.
/// </remarks>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public readonly struct SmsSegments : IEquatable<SmsSegments>
{
    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Gsm7Extension = "\f^{}\\[~]|€";

    private SmsSegments(SmsEncoding encoding, int units, int segments)
    {
        Encoding = encoding;
        Units = units;
        Segments = segments;
    }

    /// <summary>Gets the encoding the text needs.</summary>
    public SmsEncoding Encoding { get; }

    /// <summary>Gets the length in the encoding's units: GSM-7 septets (extension characters count 2) or UTF-16 code units.</summary>
    public int Units { get; }

    /// <summary>Gets how many segments the text takes (0 for an empty text).</summary>
    public int Segments { get; }

    /// <summary>Gets how many units fit in one segment of a message this long: 160 or 153 for GSM-7, 70 or 67 for UCS-2.</summary>
    public int UnitsPerSegment => Encoding == SmsEncoding.Gsm7 ? (Segments > 1 ? 153 : 160) : (Segments > 1 ? 67 : 70);

    /// <summary>Counts a text.</summary>
    /// <param name="text">The SMS text.</param>
    /// <returns>Its encoding, length and segments.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static SmsSegments Count(string text)
    {
        Guard.NotNull(text);
        var septets = 0;
        foreach (var c in text)
        {
            if (Gsm7Basic.Contains(c, StringComparison.Ordinal))
            {
                septets++;
            }
            else if (Gsm7Extension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                return CountUcs2(text);
            }
        }

        if (septets <= 160)
        {
            return new SmsSegments(SmsEncoding.Gsm7, septets, septets == 0 ? 0 : 1);
        }

        var segments = 1;
        var used = 0;
        foreach (var c in text)
        {
            var size = Gsm7Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1;
            if (used + size > 153)
            {
                segments++;
                used = 0;
            }

            used += size;
        }

        return new SmsSegments(SmsEncoding.Gsm7, septets, segments);
    }

    private static SmsSegments CountUcs2(string text)
    {
        if (text.Length <= 70)
        {
            return new SmsSegments(SmsEncoding.Ucs2, text.Length, 1);
        }

        var segments = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var size = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (used + size > 67)
            {
                segments++;
                used = 0;
            }

            used += size;
            i += size - 1;
        }

        return new SmsSegments(SmsEncoding.Ucs2, text.Length, segments);
    }

    /// <inheritdoc />
    public bool Equals(SmsSegments other) => Encoding == other.Encoding && Units == other.Units && Segments == other.Segments;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SmsSegments other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Encoding, Units, Segments);

    /// <summary>Compares two values for equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(SmsSegments left, SmsSegments right) => left.Equals(right);

    /// <summary>Compares two values for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(SmsSegments left, SmsSegments right) => !left.Equals(right);

    /// <summary>Describes the count, for example <c>Gsm7 161 units in 2 segments</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Encoding} {Units} units in {Segments} segment{(Segments == 1 ? string.Empty : "s")}";
}
