using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>The system query options of one request, validated: unsupported ones are refused, never ignored.</summary>
internal sealed partial class QueryOptions
{
    private static readonly string[] NotInEmulator = ["$expand", "$apply", "$search", "$compute", "$levels", "$format", "$index"];

    public IReadOnlyList<string>? Select { get; private init; }

    public FilterNode? Filter { get; private init; }

    public IReadOnlyList<(string Property, bool Descending, DataverseColumnType? Type)> OrderBy { get; private init; } = [];

    public int? Top { get; private init; }

    public bool Count { get; private init; }

    public string? SkipToken { get; private init; }

    /// <summary>The query's options as sent (still encoded) except <c>$skiptoken</c>: the base of the next link.</summary>
    public IReadOnlyList<string> RawOptions { get; private init; } = [];

    public static QueryOptions Parse(string? rawQuery, Func<string, QueryProperty> resolve, bool collection)
    {
        string? select = null, filter = null, orderBy = null, top = null, count = null, skipToken = null;
        var raw = new List<string>();
        foreach (var pair in (rawQuery ?? string.Empty).TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!name.Equals("$skiptoken", StringComparison.Ordinal))
            {
                raw.Add(pair);
            }

            switch (name)
            {
                case "$select": select = value; break;
                case "$filter" when collection: filter = value; break;
                case "$orderby" when collection: orderBy = value; break;
                case "$top" when collection: top = value; break;
                case "$count" when collection: count = value; break;
                case "$skiptoken" when collection: skipToken = value; break;
                case "$skip":
                    throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, "The query parameter $skip is not supported");
                case "fetchXml" or "savedQuery" or "userQuery":
                    throw EmulatorError.Unsupported($"The emulator does not support the '{name}' query parameter.");
                default:
                    if (NotInEmulator.Contains(name))
                    {
                        throw EmulatorError.Unsupported($"The emulator does not support the query option {name}.");
                    }

                    if (name.StartsWith('$') || name.StartsWith('@'))
                    {
                        throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, $"The query parameter {name} is not supported");
                    }

                    break;
            }
        }

        return new QueryOptions
        {
            Select = select?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => resolve(p).RowProperty).Distinct().ToList(),
            Filter = filter is null ? null : FilterParser.Parse(filter, resolve),
            OrderBy = orderBy is null ? [] : ParseOrderBy(orderBy, resolve),
            Top = top is null ? null : int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, $"Invalid value '{top}' for $top: a positive integer is expected."),
            Count = count switch
            {
                null or "false" => false,
                "true" => true,
                _ => throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, $"Invalid value '{count}' for $count: true or false is expected."),
            },
            SkipToken = skipToken,
            RawOptions = raw,
        };
    }

    private static List<(string, bool, DataverseColumnType?)> ParseOrderBy(string text, Func<string, QueryProperty> resolve)
    {
        var result = new List<(string, bool, DataverseColumnType?)>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var descending = parts.Length switch
            {
                1 => false,
                2 when parts[1] == "asc" => false,
                2 when parts[1] == "desc" => true,
                _ => throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, $"Syntax error in $orderby: '{item}'."),
            };
            if (parts[0].Contains('/', StringComparison.Ordinal))
            {
                throw EmulatorError.Unsupported($"The emulator does not support ordering by a lookup path ('{parts[0]}').");
            }

            var property = resolve(parts[0]);
            result.Add((property.RowProperty, descending, property.Type));
        }

        return result;
    }

    /// <summary>Filters, sorts (the primary key breaks ties, so pages are stable) and pages <paramref name="rows"/>.</summary>
    public QueryPage Run(IEnumerable<JsonObject> rows, string primaryKey, int? maxPageSize)
    {
        var matched = (Filter is null ? rows : rows.Where(Filter.Matches)).ToList();
        matched.Sort((a, b) =>
        {
            foreach (var (property, descending, _) in OrderBy)
            {
                var order = CompareForSort(a[property], b[property]);
                if (order != 0)
                {
                    return descending ? -order : order;
                }
            }

            return KeyOf(a, primaryKey).CompareTo(KeyOf(b, primaryKey));
        });

        // $top is ignored when odata.maxpagesize is set (page-results.md).
        var limit = maxPageSize is null && Top is { } top ? top : int.MaxValue;
        var pageSize = Math.Min(maxPageSize ?? 5000, 5000);
        var start = 0;
        var pageNumber = 1;
        if (SkipToken is not null)
        {
            (pageNumber, var last) = ReadCookie(SkipToken);
            var index = last is { } id ? matched.FindIndex(r => KeyOf(r, primaryKey) == id) : -1;
            start = index >= 0 ? index + 1 : (pageNumber - 1) * pageSize;
        }

        var end = Math.Min(Math.Min(matched.Count, limit), start + pageSize);
        var page = start < end ? matched.GetRange(start, end - start) : [];
        string? cookie = null;
        if (end < Math.Min(matched.Count, limit) && page.Count > 0)
        {
            cookie = WriteCookie(pageNumber + 1, primaryKey, KeyOf(page[0], primaryKey), KeyOf(page[^1], primaryKey));
        }

        return new QueryPage(page, Count ? Math.Min(matched.Count, 5000) : null, cookie);
    }

    private static Guid KeyOf(JsonObject row, string primaryKey) =>
        row[primaryKey] is { } v && Guid.TryParse(v.GetValue<string>(), out var id) ? id : Guid.Empty;

    /// <summary>The shape of the service's paging cookie; clients must treat it as opaque and follow the next link verbatim.</summary>
    private static string WriteCookie(int nextPage, string primaryKey, Guid first, Guid last)
    {
        var inner = $"<cookie page=\"{nextPage - 1}\"><{primaryKey} last=\"{{{last.ToString("D").ToUpperInvariant()}}}\" first=\"{{{first.ToString("D").ToUpperInvariant()}}}\" /></cookie>";
        return $"<cookie pagenumber=\"{nextPage}\" pagingcookie=\"{Uri.EscapeDataString(Uri.EscapeDataString(inner))}\" istracking=\"False\" />";
    }

    private static (int PageNumber, Guid? Last) ReadCookie(string token)
    {
        var page = PageNumberPattern().Match(token);
        if (!page.Success)
        {
            throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, "The $skiptoken is not valid: follow @odata.nextLink verbatim.");
        }

        var cookie = CookiePattern().Match(token);
        var inner = cookie.Success ? Uri.UnescapeDataString(Uri.UnescapeDataString(cookie.Groups[1].Value)) : string.Empty;
        var last = LastPattern().Match(inner);
        return (int.Parse(page.Groups[1].Value, CultureInfo.InvariantCulture), last.Success ? Guid.Parse(last.Groups[1].Value) : null);
    }

    /// <summary>Nulls sort first ascending (as in SQL Server); strings case-insensitively; numbers by value.</summary>
    private static int CompareForSort(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        }

        var kind = a.GetValueKind();
        if (kind != b.GetValueKind())
        {
            return kind.CompareTo(b.GetValueKind());
        }

        return kind switch
        {
            JsonValueKind.String => string.Compare(a.GetValue<string>(), b.GetValue<string>(), StringComparison.OrdinalIgnoreCase),
            JsonValueKind.Number => decimal.Parse(a.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                .CompareTo(decimal.Parse(b.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => string.CompareOrdinal(a.ToJsonString(), b.ToJsonString()),
        };
    }

    [GeneratedRegex("pagenumber=\"(\\d+)\"")]
    private static partial Regex PageNumberPattern();

    [GeneratedRegex("pagingcookie=\"([^\"]*)\"")]
    private static partial Regex CookiePattern();

    [GeneratedRegex("last=\"\\{?([0-9A-Fa-f-]{36})\\}?\"")]
    private static partial Regex LastPattern();
}

internal sealed record QueryPage(List<JsonObject> Rows, int? Count, string? NextCookie);
