namespace Civic311.Requests;

/// <summary>Where the problem is: a point, an address, or both, with an optional zip code and district.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record ServiceLocation
{
    /// <summary>Gets the WGS84 point, when known.</summary>
    public GeoPoint? Point { get; init; }

    /// <summary>Gets the street address or a description of the place, when known.</summary>
    public string? Address { get; init; }

    /// <summary>Gets the zip or postal code, when known.</summary>
    public string? ZipCode { get; init; }

    /// <summary>Gets the district (ward, borough, council district, municipality), when known.</summary>
    public string? District { get; init; }
}
