using System;
using Civic311.Internal;

namespace Civic311.Catalog;

/// <summary>
/// A queue code with one <c>{set}</c> placeholder, for example <c>WARD-{ward}</c>: one queue per district of the district
/// set <c>ward</c>, the placeholder replaced by the district name (<c>WARD-3</c>). Agencies declare such a pattern instead
/// of listing every queue; routing actions use one to send each district to its own queue.
/// </summary>
internal readonly record struct QueuePattern(string Prefix, string Set, string Suffix)
{
    /// <summary>Reads a pattern; <see langword="false"/> when <paramref name="code"/> has no placeholder or is not exactly one well-formed one around valid code characters.</summary>
    public static bool TryParse(string? code, out QueuePattern pattern)
    {
        pattern = default;
        var open = code?.IndexOf('{') ?? -1;
        var close = open < 0 ? -1 : code!.IndexOf('}', open);
        if (close < 0 || code!.IndexOf('{', open + 1) >= 0 || code.IndexOf('}', close + 1) >= 0 || code.IndexOf('}') < open)
        {
            return false;
        }

        var set = code[(open + 1)..close].Trim();
        var prefix = code[..open];
        var suffix = code[(close + 1)..];

        // The literal parts must still be a valid code once a one-character district is put in.
        if (set.Length == 0 || !Codes.IsValid(prefix + "0" + suffix))
        {
            return false;
        }

        pattern = new QueuePattern(prefix, set, suffix);
        return true;
    }

    /// <summary>Whether the text contains a placeholder brace at all (so a malformed pattern is reported as one).</summary>
    public static bool LooksLikePattern(string? code) => code is not null && code.AsSpan().IndexOfAny('{', '}') >= 0;

    /// <summary>The queue code for one district.</summary>
    public string Produce(string district) => Prefix + district + Suffix;

    /// <summary>Whether a concrete queue code is one this pattern produces for some district (prefix and suffix compare case-insensitively).</summary>
    public bool Matches(string code) =>
        code.Length > Prefix.Length + Suffix.Length
        && code.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
        && code.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether two patterns declare the same queues (placeholder set names compare case-insensitively).</summary>
    public bool SameAs(QueuePattern other) =>
        string.Equals(Prefix, other.Prefix, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Set, other.Set, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Suffix, other.Suffix, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Prefix}{{{Set}}}{Suffix}";
}
