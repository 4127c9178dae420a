using System;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Civic311;

/// <summary>
/// The one rule for residents' e-mail addresses and phone numbers, used by submission validation and by every channel,
/// and the redaction applied to every text the SDK logs or stores as a delivery error.
/// </summary>
/// <remarks>
/// <para>
/// An e-mail address is an RFC 5321/5322 addr-spec usable as a delivery mailbox: a dot-atom local part (atext only, no
/// leading, trailing or doubled dot, at most 64 characters), '@', and a domain of at least two LDH labels (letters,
/// digits and '-', 1 to 63 characters, no leading or trailing '-', no '_'), whose last label is not all digits; at most
/// 254 characters in all. Refused on purpose, as most 311 systems and mail providers do: quoted local parts
/// (<c>"a b"@x.org</c>), address literals (<c>a@[192.0.2.1]</c>), display names (<c>Ana &lt;a@x.org&gt;</c>), comments,
/// and any non-ASCII character (so bidi controls, zero-width and other format or control characters can never pass);
/// an internationalized domain is accepted in its A-label form (<c>xn--…</c>).
/// </para>
/// <para>
/// A phone number has 7 to 15 digits (E.164's maximum), optionally with one leading '+', and spaces, '-', '.', '(' and
/// ')' as separators.
/// </para>
/// </remarks>
/// <threadsafety>Stateless and thread-safe.</threadsafety>
public static class PersonalData
{
    /// <summary>The text that replaces an e-mail address in <see cref="Redact(string?)"/>.</summary>
    public const string EmailPlaceholder = "[email]";

    /// <summary>The text that replaces a phone number in <see cref="Redact(string?)"/>.</summary>
    public const string PhonePlaceholder = "[phone]";

    private const int MaxAddressLength = 254;
    private const int MaxLocalPartLength = 64;
    private const int MaxLabelLength = 63;
    private const int MinPhoneDigits = 7;
    private const int MaxPhoneDigits = 15;

    /// <summary>Tells whether a text is an e-mail address by the rule in the remarks of <see cref="PersonalData"/>.</summary>
    /// <param name="value">The text, already trimmed: surrounding white space is refused.</param>
    /// <returns><see langword="true"/> when the address is valid.</returns>
    public static bool IsEmailAddress([NotNullWhen(true)] string? value)
    {
        if (value is null || value.Length > MaxAddressLength)
        {
            return false;
        }

        var at = value.IndexOf('@');
        if (at <= 0 || at > MaxLocalPartLength)
        {
            return false;
        }

        return IsDotAtom(value.AsSpan(0, at)) && IsDomain(value.AsSpan(at + 1));
    }

    /// <summary>Tells whether a text is a phone number by the rule in the remarks of <see cref="PersonalData"/>.</summary>
    /// <param name="value">The text, already trimmed: surrounding white space is refused.</param>
    /// <returns><see langword="true"/> when the number is valid.</returns>
    public static bool IsPhoneNumber([NotNullWhen(true)] string? value)
    {
        if (value is null)
        {
            return false;
        }

        var digits = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not ('+' or ' ' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        return digits is >= MinPhoneDigits and <= MaxPhoneDigits && value.LastIndexOf('+') <= 0;
    }

    /// <summary>
    /// Replaces what looks like an e-mail address with <see cref="EmailPlaceholder"/> and what looks like a phone number
    /// with <see cref="PhonePlaceholder"/> in free text, such as a mail server's reply or an exception message.
    /// </summary>
    /// <remarks>
    /// Errs on the side of redacting: any <c>x@y</c> whose sides are made of address characters counts as an address
    /// (internationalized ones included), and any run of 7 or more digits with phone separators that does not continue
    /// a word or an identifier counts as a phone number, except an ISO date such as <c>2026-11-24</c>. One pass, linear
    /// in the length of the text, without regular expressions.
    /// </remarks>
    /// <param name="text">The text; may be null.</param>
    /// <returns>The text with addresses and numbers replaced; the same instance when there is nothing to replace.</returns>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        StringBuilder? redacted = null;
        var copied = 0; // text[..copied] is already in redacted (or needs no change)
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '@')
            {
                // The local part cannot reach back past the last replacement or another '@', so each character is
                // looked at a bounded number of times.
                var start = i;
                while (start > copied && IsAddressCharacter(text[start - 1]))
                {
                    start--;
                }

                var end = i + 1;
                while (end < text.Length && IsDomainCharacter(text[end]))
                {
                    end++;
                }

                while (end > i + 1 && text[end - 1] is '.' or '-')
                {
                    end--; // a sentence's full stop, not part of the domain
                }

                while (start < i && text[start] == '.')
                {
                    start++;
                }

                if (start < i && end > i + 1)
                {
                    redacted = Replace(redacted, text, copied, start, EmailPlaceholder);
                    copied = i = end;
                    continue;
                }
            }
            else if ((char.IsAsciiDigit(c) || c is '+' or '(') && StartsToken(text, i))
            {
                if (IsIsoDate(text, i))
                {
                    i += 10; // a date, not a number, even when a time follows after a space
                    continue;
                }

                var end = i;
                var lastDigit = -1;
                var digits = 0;
                while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '+' or ' ' or '-' or '.' or '(' or ')'))
                {
                    if (char.IsAsciiDigit(text[end]))
                    {
                        digits++;
                        lastDigit = end;
                    }

                    end++;
                }

                if (lastDigit >= 0)
                {
                    var after = lastDigit + 1;
                    if (digits >= MinPhoneDigits && !ContinuesWord(text, after))
                    {
                        redacted = Replace(redacted, text, copied, i, PhonePlaceholder);
                        copied = after;
                    }

                    i = after;
                    continue;
                }
            }

            i++;
        }

        if (redacted is null)
        {
            return text;
        }

        return redacted.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// Wraps an exception for logging so that its message and its <see cref="object.ToString"/> (type names, inner
    /// exceptions and stack traces included) are redacted by <see cref="Redact(string?)"/>.
    /// </summary>
    /// <remarks>
    /// The wrapper does not expose the original as its inner exception (a logger walking inner exceptions would print their
    /// raw messages); its stack trace is the original's.
    /// </remarks>
    /// <param name="exception">The exception to log.</param>
    /// <returns>An exception to hand to the logger instead of <paramref name="exception"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static Exception Redact(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception as RedactedException ?? new RedactedException(exception);
    }

    private static StringBuilder Replace(StringBuilder? redacted, string text, int copied, int start, string placeholder)
    {
        redacted ??= new StringBuilder(text.Length);
        return redacted.Append(text, copied, start - copied).Append(placeholder);
    }

    private static bool IsDotAtom(ReadOnlySpan<char> local)
    {
        if (local.IsEmpty || local[0] == '.' || local[^1] == '.')
        {
            return false;
        }

        for (var i = 0; i < local.Length; i++)
        {
            var c = local[i];
            if (c == '.' ? local[i - 1] == '.' : !IsAtext(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        var labels = 0;
        var rest = domain;
        ReadOnlySpan<char> last = default;
        while (true)
        {
            var dot = rest.IndexOf('.');
            var label = dot < 0 ? rest : rest[..dot];
            if (!IsLdhLabel(label))
            {
                return false;
            }

            labels++;
            last = label;
            if (dot < 0)
            {
                break;
            }

            rest = rest[(dot + 1)..];
        }

        // A top-level domain is never all digits (RFC 3696 §2): "a@1.2.3.4" is a mistyped literal, not a host name.
        return labels >= 2 && last.ContainsAnyExceptInRange('0', '9');
    }

    private static bool IsLdhLabel(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    // RFC 5322 §3.2.3 atext.
    private static bool IsAtext(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '/' or '=' or '?' or '^' or '_' or '`' or '{' or '|' or '}' or '~';

    // Wider than the validation rule on purpose: redaction must also catch what a server echoes of a refused address.
    private static bool IsAddressCharacter(char c) => IsAtext(c) || c == '.' || (c > '\u007f' && char.IsLetterOrDigit(c));

    private static bool IsDomainCharacter(char c) => char.IsLetterOrDigit(c) || c is '-' or '.' or '_';

    // A number inside a word or an identifier (a GUID, "v1-2345678", "NYC-2026-0001234") is not a phone number; one after
    // a space, a colon or "tel:" is.
    private static bool StartsToken(string text, int i) =>
        i == 0 || !(char.IsLetterOrDigit(text[i - 1]) || text[i - 1] is '_' or '-' or '.' or '/' or '+' or '(' or ')');

    // A number followed by '@' is the local part of an address: left for the address to be redacted whole.
    private static bool ContinuesWord(string text, int after) =>
        after < text.Length && (char.IsLetterOrDigit(text[after]) || text[after] is '_' or '@');

    private static bool IsIsoDate(string text, int i)
    {
        if (text.Length - i < 10 || (text.Length - i > 10 && char.IsAsciiDigit(text[i + 10])))
        {
            return false;
        }

        var run = text.AsSpan(i, 10);
        return run[4] == '-' && run[7] == '-' && !run[..4].ContainsAnyExceptInRange('0', '9')
            && !run[5..7].ContainsAnyExceptInRange('0', '9') && !run[8..].ContainsAnyExceptInRange('0', '9');
    }

    private sealed class RedactedException : Exception
    {
        private readonly string _text;
        private readonly string? _stackTrace;

        public RedactedException(Exception original)
            : base(Redact(original.Message))
        {
            _text = Redact(original.ToString())!;
            _stackTrace = original.StackTrace;
            Source = original.Source;
            HResult = original.HResult;
        }

        public override string? StackTrace => _stackTrace;

        public override string ToString() => _text;
    }
}
