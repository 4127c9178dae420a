using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Http;
using NodaTime;

namespace Civic311.Dataverse;

/// <summary>
/// Reads one Dataverse row by id through the Web API, with the store's handling of tokens, service protection and retries:
/// a case, or the contact that reported it. The row comes back as the Web API answers it, with every annotation: a lookup
/// is its <c>_x_value</c> property with the <c>@Microsoft.Dynamics.CRM.lookuplogicalname</c> annotation, and choice and
/// lookup columns carry <c>@OData.Community.Display.V1.FormattedValue</c> labels.
/// </summary>
/// <remarks>
/// <see cref="DataverseServiceRequestStore.Rows"/> reads through the store's own connection; a reader created here has a
/// connection of its own.
/// </remarks>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed class DataverseRowReader : IDisposable
{
    private readonly DataverseConnection _connection;
    private readonly bool _ownsConnection;

    /// <summary>Creates a reader with a connection of its own.</summary>
    /// <param name="http">The HTTP client.</param>
    /// <param name="options">The connection settings (the same as the store's), validated now.</param>
    /// <param name="clock">The clock (token expiry).</param>
    /// <exception cref="Civic311ValidationException">The options are invalid.</exception>
    public DataverseRowReader(HttpClient http, DataverseOptions options, IClock clock)
        : this(DataverseConnection.Create(http, options, clock), ownsConnection: true)
    {
    }

    internal DataverseRowReader(DataverseConnection connection, bool ownsConnection)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
    }

    /// <summary>Reads a row.</summary>
    /// <param name="logicalName">The table's logical name, for example <c>incident</c> or <c>contact</c>.</param>
    /// <param name="id">The row's id.</param>
    /// <param name="columns">
    /// The columns wanted, by logical name; lookups by their column name (for example <c>ownerid</c>, selected as
    /// <c>_ownerid_value</c>). Empty for every column.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The row's JSON object, or <see langword="null"/> when it does not exist.</returns>
    /// <exception cref="DataverseException">Dataverse refused the read, or did not answer after every retry.</exception>
    public async Task<JsonElement?> ReadAsync(string logicalName, Guid id, IReadOnlyCollection<string> columns, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logicalName);
        ArgumentNullException.ThrowIfNull(columns);
        var select = string.Join(',', SelectNames(logicalName, columns));
        var url = $"{EntitySet(logicalName)}({id:D})" + (select.Length > 0 ? $"?$select={select}" : string.Empty);
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, url)) { Headers = { { "Prefer", "odata.include-annotations=\"*\"" } } },
            $"read {logicalName}", url, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return document.RootElement.Clone();
    }

    /// <summary>Releases the token cache of a reader with its own connection; a store's reader is released with the store.</summary>
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
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

    // Standard tables' entity sets are their plural logical names; the webhook receiver reads incident and contact.
    private static string EntitySet(string logicalName) => logicalName switch
    {
        "incident" => "incidents",
        "contact" => "contacts",
        "account" => "accounts",
        "systemuser" => "systemusers",
        _ => logicalName + "s",
    };
}
