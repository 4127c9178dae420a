namespace Civic311.Dataverse.Mapping;

/// <summary>
/// The logical names of the columns Civic311 adds to the Dataverse <c>incident</c> table, derived from the publisher prefix
/// exactly as <see cref="DataverseProvisioning"/> creates them and <see cref="DataverseServiceRequestStore"/> writes them:
/// for views, filters and plug-ins of one's own, and for a webhook receiver that reads what the store wrote.
/// </summary>
/// <threadsafety>Immutable; thread-safe.</threadsafety>
public sealed class IncidentColumns
{
    /// <summary>Derives the names from a publisher prefix.</summary>
    /// <param name="prefix">The publisher prefix, as in <see cref="DataverseOptions.Prefix"/>; see <see cref="IsValidPrefix"/>.</param>
    /// <exception cref="System.ArgumentException">The prefix is not a valid publisher prefix.</exception>
    public IncidentColumns(string prefix)
    {
        if (!IsValidPrefix(prefix))
        {
            throw new System.ArgumentException($"'{prefix}' is not a publisher prefix: 2 to 8 letters or digits, starting with a letter, not 'mscrm'.", nameof(prefix));
        }

        var schema = new DataverseSchema(prefix);
        Prefix = schema.Prefix;
        TrackingNumber = schema.TrackingNumber;
        ServiceCode = schema.ServiceCode;
        Latitude = schema.Latitude;
        Longitude = schema.Longitude;
        Address = schema.Address;
        Document = schema.Document;
        LastChangeId = schema.LastChangeId;
    }

    /// <summary>Gets the publisher prefix, in lower case as Dataverse names columns.</summary>
    public string Prefix { get; }

    /// <summary>Gets the tracking number's column (with an alternate key), for example <c>civic_trackingnumber</c>.</summary>
    public string TrackingNumber { get; }

    /// <summary>Gets the service code's column, for example <c>civic_servicecode</c>.</summary>
    public string ServiceCode { get; }

    /// <summary>Gets the latitude's column (decimal degrees).</summary>
    public string Latitude { get; }

    /// <summary>Gets the longitude's column (decimal degrees).</summary>
    public string Longitude { get; }

    /// <summary>Gets the address's column.</summary>
    public string Address { get; }

    /// <summary>Gets the column that holds the request as Civic311's document, the source of truth; only the store writes it.</summary>
    public string Document { get; }

    /// <summary>Gets the column that holds the id of the last change the store wrote; only the store writes it.</summary>
    public string LastChangeId { get; }

    /// <summary>Whether a prefix is a Dataverse publisher prefix: 2 to 8 letters or digits, starting with a letter, not <c>mscrm</c>.</summary>
    /// <param name="prefix">The prefix.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidPrefix(string? prefix) => DataverseSchema.IsValidPrefix(prefix);
}
