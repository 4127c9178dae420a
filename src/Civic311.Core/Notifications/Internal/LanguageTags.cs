using System;
using System.Collections.Generic;

namespace Civic311.Notifications;

/// <summary>BCP 47 language tags: normalizing (<c>ES-pa</c> to <c>es-PA</c>) and the fallback chain (<c>es-PA</c>, <c>es</c>, then the default).</summary>
internal static class LanguageTags
{
    /// <summary>The normalized tag, or <see langword="null"/> when <paramref name="tag"/> is not a language tag.</summary>
    public static string? Normalize(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var subtags = tag.Trim().Replace('_', '-').Split('-');
        for (var i = 0; i < subtags.Length; i++)
        {
            var subtag = subtags[i];
            if (subtag.Length is 0 or > 8 || (i == 0 && subtag.Length is < 2 or > 3))
            {
                return null;
            }

            foreach (var c in subtag)
            {
                if (!char.IsAsciiLetterOrDigit(c) || (i == 0 && !char.IsAsciiLetter(c)))
                {
                    return null;
                }
            }

            subtags[i] = i == 0 ? subtag.ToLowerInvariant()
                : subtag.Length == 2 ? subtag.ToUpperInvariant()
                : subtag.Length == 4 ? char.ToUpperInvariant(subtag[0]) + subtag[1..].ToLowerInvariant()
                : subtag.ToLowerInvariant();
        }

        return string.Join('-', subtags);
    }

    /// <summary>The tags to try, most specific first, ending with <paramref name="defaultLanguage"/>; an invalid tag tries the default only.</summary>
    public static List<string> Chain(string? requested, string defaultLanguage)
    {
        var chain = new List<string>(4);
        if (Normalize(requested) is { } tag)
        {
            while (true)
            {
                chain.Add(tag);
                var dash = tag.LastIndexOf('-');
                if (dash < 0)
                {
                    break;
                }

                tag = tag[..dash];
            }
        }

        if (!chain.Contains(defaultLanguage))
        {
            chain.Add(defaultLanguage);
        }

        return chain;
    }
}
