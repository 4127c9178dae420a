using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>
/// Reads rows through the Dataverse package's <see cref="DataverseRowReader"/> (normally the store's, with its token,
/// throttling and retries), turning the Web API's shapes into the webhook's: a lookup <c>_x_value</c> with its
/// <c>lookuplogicalname</c> annotation becomes a <see cref="DataverseEntityReference"/> under <c>x</c>, formatted values go
/// to <see cref="DataverseEntity.FormattedValues"/>.
/// </summary>
internal sealed class WebApiRecordReader : IDataverseRecordReader
{
    private const string LookupAnnotation = "@Microsoft.Dynamics.CRM.lookuplogicalname";
    private const string FormattedAnnotation = "@OData.Community.Display.V1.FormattedValue";

    private readonly DataverseRowReader _rows;

    public WebApiRecordReader(DataverseRowReader rows)
    {
        _rows = rows;
    }

    public async ValueTask<DataverseEntity?> ReadAsync(string logicalName, Guid id, IReadOnlyCollection<string> columns, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logicalName);
        ArgumentNullException.ThrowIfNull(columns);
        return await _rows.ReadAsync(logicalName, id, columns, cancellationToken).ConfigureAwait(false) is { } row ? ToEntity(logicalName, id, row) : null;
    }

    internal static DataverseEntity ToEntity(string logicalName, Guid id, JsonElement row)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        var formatted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in row.EnumerateObject())
        {
            var name = property.Name;
            var at = name.IndexOf('@', StringComparison.Ordinal);
            if (at == 0)
            {
                continue; // @odata.context, @odata.etag
            }

            if (at > 0)
            {
                if (name.EndsWith(FormattedAnnotation, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
                {
                    formatted[ColumnName(name[..at])] = property.Value.GetString()!;
                }

                continue;
            }

            var path = $"$.{name}";
            if (name.StartsWith('_') && name.EndsWith("_value", StringComparison.Ordinal))
            {
                var column = ColumnName(name);
                attributes[column] = property.Value.ValueKind == JsonValueKind.String && row.TryGetProperty(name + LookupAnnotation, out var table)
                    ? new DataverseEntityReference(property.Value.GetGuid(), table.GetString()!, row.TryGetProperty(name + FormattedAnnotation, out var label) ? label.GetString() : null)
                    : RemoteExecutionContextParser.ReadValue(property.Value, path);
                continue;
            }

            attributes[name] = RemoteExecutionContextParser.ReadValue(property.Value, path);
        }

        return new DataverseEntity(logicalName, id, attributes.AsReadOnly(), formatted.AsReadOnly());
    }

    // _ownerid_value -> ownerid
    private static string ColumnName(string name) =>
        name.StartsWith('_') && name.EndsWith("_value", StringComparison.Ordinal) ? name[1..^6] : name;
}
