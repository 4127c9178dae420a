using System;
using System.Text;

namespace Civic311.Dataverse.Mapping;

/// <summary>The OData text the store writes: string literals, and the query string around a translated <c>$filter</c>.</summary>
internal static class ODataFilter
{
    /// <summary>Escapes a string literal: OData doubles a single quote.</summary>
    public static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>The query string that selects what the store reads of an incident, filtered and ordered by one sort-key column.</summary>
    public static string Compose(DataverseSchema schema, string filter, string sortKeyColumn, bool descending)
    {
        var text = new StringBuilder();
        text.Append("$select=").Append(schema.IncidentSelect)
            .Append("&$filter=").Append(Uri.EscapeDataString(filter))
            .Append("&$orderby=").Append(Uri.EscapeDataString(sortKeyColumn + (descending ? " desc" : " asc")));
        return text.ToString();
    }
}
