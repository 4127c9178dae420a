using System;
using System.Globalization;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>
/// Reads incident columns whatever shape they arrived in: a webhook sends a choice as an <c>OptionSetValue</c>, a Web API
/// re-read as a plain number; a decimal column may come as a whole number.
/// </summary>
internal static class IncidentValues
{
    public static string? Text(DataverseEntity row, string column) =>
        row.Attributes.TryGetValue(column, out var value) ? value switch
        {
            string text when !string.IsNullOrWhiteSpace(text) => text.Trim(),
            Guid guid => guid.ToString("D"),
            _ => null,
        }
        : null;

    public static double? Number(DataverseEntity row, string column) =>
        row.Attributes.TryGetValue(column, out var value) ? value switch
        {
            int i => i,
            long l => l,
            decimal d => (double)d,
            double d => d,
            DataverseMoney m => (double)m.Value,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        }
        : null;

    public static int? Option(DataverseEntity row, string column) =>
        row.Attributes.TryGetValue(column, out var value) ? value switch
        {
            DataverseOptionSetValue option => option.Value,
            int i => i,
            long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
            _ => null,
        }
        : null;

    public static DataverseEntityReference? Reference(DataverseEntity row, string column) =>
        row.Attributes.TryGetValue(column, out var value) ? value as DataverseEntityReference : null;

    /// <summary>A column's value as a lookup key for a translation table: a lookup's id, a choice's number or the text.</summary>
    public static string[] Keys(DataverseEntity row, string column)
    {
        if (!row.Attributes.TryGetValue(column, out var value) || value is null)
        {
            return [];
        }

        return value switch
        {
            DataverseEntityReference reference when reference.Name is { } name => [reference.Id.ToString("D"), name],
            DataverseEntityReference reference => row.FormattedValues.TryGetValue(column, out var label) ? [reference.Id.ToString("D"), label] : [reference.Id.ToString("D")],
            DataverseOptionSetValue option => [option.Value.ToString(CultureInfo.InvariantCulture)],
            bool flag => [flag ? "true" : "false"],
            string text => [text.Trim()],
            IFormattable formattable => [formattable.ToString(null, CultureInfo.InvariantCulture)],
            _ => [value.ToString() ?? string.Empty],
        };
    }
}
