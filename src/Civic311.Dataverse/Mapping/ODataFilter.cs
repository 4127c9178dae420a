using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Dataverse.Mapping;

/// <summary>Translates a <see cref="ServiceRequestQuery"/> into OData <c>$select</c>, <c>$filter</c> and <c>$orderby</c>.</summary>
internal static class ODataFilter
{
    /// <summary>Escapes a string literal: OData doubles a single quote.</summary>
    public static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>The query string (without the leading <c>?</c>) that selects, filters and orders as <paramref name="query"/> says.</summary>
    public static string ForQuery(ServiceRequestQuery query, DataverseSchema schema)
    {
        var filters = new List<string> { $"{schema.Document} ne null" };
        AnyOf(filters, schema.Status, query.Statuses, static s => s.ToString());
        AnyOf(filters, schema.ServiceCode, query.ServiceCodes, static s => s);
        AnyOf(filters, schema.Agency, query.Agencies, static s => s);
        AnyOf(filters, schema.Queue, query.Queues, static s => s);
        if (query.RequestedFrom is { } from)
        {
            filters.Add($"{schema.RequestedTicks} ge {Number(from.ToUnixTimeTicks())}");
        }

        if (query.RequestedTo is { } to)
        {
            filters.Add($"{schema.RequestedTicks} lt {Number(to.ToUnixTimeTicks())}");
        }

        if (query.Area is { } area)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture,
                $"{schema.Latitude} ge {area.South:R} and {schema.Latitude} le {area.North:R} and {schema.Longitude} ge {area.West:R} and {schema.Longitude} le {area.East:R}"));
        }

        if (query.DuplicateOf is { } original)
        {
            filters.Add(schema.DuplicatesOf(original));
        }

        if (query.SlaCheckDueBy is { } dueBy)
        {
            filters.Add($"{schema.NextSlaCheckTicks} ne null and {schema.NextSlaCheckTicks} le {Number(dueBy.ToUnixTimeTicks())}");
        }

        var key = query.OrderBy == ServiceRequestOrder.UpdatedAt ? schema.UpdatedKey : schema.RequestedKey;
        return Compose(schema, string.Join(" and ", filters), key, query.Descending);
    }

    /// <summary>The query string that selects what the store reads of an incident, filtered and ordered by one sort-key column.</summary>
    public static string Compose(DataverseSchema schema, string filter, string sortKeyColumn, bool descending)
    {
        var text = new StringBuilder();
        text.Append("$select=").Append(schema.IncidentSelect)
            .Append("&$filter=").Append(Uri.EscapeDataString(filter))
            .Append("&$orderby=").Append(Uri.EscapeDataString(sortKeyColumn + (descending ? " desc" : " asc")));
        return text.ToString();
    }

    private static void AnyOf<T>(List<string> filters, string column, IReadOnlyList<T> values, Func<T, string> format)
    {
        if (values.Count == 0)
        {
            return;
        }

        var parts = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            parts[i] = $"{column} eq '{Escape(format(values[i]))}'";
        }

        filters.Add(parts.Length == 1 ? parts[0] : "(" + string.Join(" or ", parts) + ")");
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
