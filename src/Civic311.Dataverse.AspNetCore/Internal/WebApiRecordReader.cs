using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Http;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>
/// Reads rows through the Web API with the store's connection (its token, throttling and retries), turning the Web API's
/// shapes into the webhook's: a lookup <c>_x_value</c> with its <c>lookuplogicalname</c> annotation becomes a
/// <see cref="DataverseEntityReference"/> under <c>x</c>, formatted values go to <see cref="DataverseEntity.FormattedValues"/>.
/// </summary>
internal sealed class WebApiRecordReader : IDataverseRecordReader
{
    private const string LookupAnnotation = "@Microsoft.Dynamics.CRM.lookuplogicalname";
    private const string FormattedAnnotation = "@OData.Community.Display.V1.FormattedValue";

    private readonly DataverseConnection _connection;

    public WebApiRecordReader(DataverseConnection connection)
    {
        _connection = connection;
    }

    /// <summary>A reader with its own connection (for tests and hosts without the store).</summary>
    internal static WebApiRecordReader Create(HttpClient http, DataverseOptions options) =>
        new(new DataverseConnection(http, options.TokenProvider ?? throw new ArgumentException("A TokenProvider is required.", nameof(options)), options));

    public async ValueTask<DataverseEntity?> ReadAsync(string logicalName, Guid id, IReadOnlyCollection<string> columns, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logicalName);
        ArgumentNullException.ThrowIfNull(columns);
        var select = string.Join(',', SelectNames(logicalName, columns));
        // Standard tables' entity sets are their plural logical names; the receiver reads incident and contact.
        var url = $"{EntitySet(logicalName)}({id:D})" + (select.Length > 0 ? $"?$select={select}" : string.Empty);
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, url)) { Headers = { { "Prefer", "odata.include-annotations=\"*\"" } } },
            $"read {logicalName}", url, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(text);
        return ToEntity(logicalName, id, document.RootElement);
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

    // The Web API selects a lookup by its _x_value property. Lookup columns are named ...id by Dataverse convention (ownerid,
    // customerid, subjectid, custom ones too); the primary key is the one ...id column that is not a lookup.
    private static IEnumerable<string> SelectNames(string logicalName, IReadOnlyCollection<string> columns)
    {
        foreach (var column in columns)
        {
            yield return column.EndsWith("id", StringComparison.Ordinal) && column != logicalName + "id" ? $"_{column}_value" : column;
        }
    }

    // _ownerid_value -> ownerid
    private static string ColumnName(string name) =>
        name.StartsWith('_') && name.EndsWith("_value", StringComparison.Ordinal) ? name[1..^6] : name;

    private static string EntitySet(string logicalName) => logicalName switch
    {
        "incident" => "incidents",
        "contact" => "contacts",
        "account" => "accounts",
        "systemuser" => "systemusers",
        _ => logicalName + "s",
    };
}
