using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Civic311.Dataverse.Http;

/// <summary>
/// The continuation token of a query: Dataverse's <c>@odata.nextLink</c> (followed verbatim, as the Web API asks; never
/// <c>$skip</c>), prefixed with a fingerprint of the query that produced it, so that a token handed to another query
/// (another filter or order) is refused instead of silently returning the wrong rows.
/// </summary>
internal static class ContinuationToken
{
    private const char Separator = '~';

    /// <summary>The token for the page after <paramref name="page"/>, or <see langword="null"/> on the last page.</summary>
    public static string? Write(JsonElement page, string query) =>
        page.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String && link.GetString() is { Length: > 0 } next
            ? Fingerprint(query) + Separator + next
            : null;

    /// <summary>The next-page link a token carries, after checking it belongs to <paramref name="query"/> and this environment.</summary>
    /// <exception cref="ArgumentException">The token is malformed, of another query, or points elsewhere.</exception>
    public static Uri Read(string continuationToken, string query, Uri apiRoot)
    {
        var token = continuationToken;
        var separator = token.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0 || !Uri.TryCreate(token[(separator + 1)..], UriKind.Absolute, out var link) || !apiRoot.IsBaseOf(link))
        {
            throw new ArgumentException("The continuation token is not one this store returned.", nameof(continuationToken));
        }

        if (!token.AsSpan(0, separator).SequenceEqual(Fingerprint(query)))
        {
            throw new ArgumentException("The continuation token belongs to a query with another filter or order; start that query from its first page.", nameof(continuationToken));
        }

        return link;
    }

    private static string Fingerprint(string query) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(query)), 0, 8);
}
