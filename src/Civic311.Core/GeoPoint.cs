using System;
using System.Globalization;

namespace Civic311;

/// <summary>A WGS84 position in decimal degrees.</summary>
/// <remarks>The <see langword="default"/> value is 0°, 0° (a valid point in the Gulf of Guinea).</remarks>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public readonly struct GeoPoint : IEquatable<GeoPoint>
{
    /// <summary>Creates a point.</summary>
    /// <param name="latitude">Latitude in degrees, from -90 to 90.</param>
    /// <param name="longitude">Longitude in degrees, from -180 to 180.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is out of range or not a finite number.</exception>
    public GeoPoint(double latitude, double longitude)
    {
        if (!IsValidLatitude(latitude))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be a finite number from -90 to 90 degrees.");
        }

        if (!IsValidLongitude(longitude))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be a finite number from -180 to 180 degrees.");
        }

        Latitude = latitude;
        Longitude = longitude;
    }

    /// <summary>Gets the latitude in degrees.</summary>
    public double Latitude { get; }

    /// <summary>Gets the longitude in degrees.</summary>
    public double Longitude { get; }

    /// <summary>Tells whether a latitude is a finite number from -90 to 90.</summary>
    /// <param name="latitude">The latitude.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidLatitude(double latitude) => double.IsFinite(latitude) && latitude is >= -90 and <= 90;

    /// <summary>Tells whether a longitude is a finite number from -180 to 180.</summary>
    /// <param name="longitude">The longitude.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidLongitude(double longitude) => double.IsFinite(longitude) && longitude is >= -180 and <= 180;

    /// <inheritdoc />
    public bool Equals(GeoPoint other) => Latitude.Equals(other.Latitude) && Longitude.Equals(other.Longitude);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GeoPoint other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Latitude, Longitude);

    /// <summary>Returns "latitude,longitude" with invariant formatting.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Latitude:R},{Longitude:R}");

    /// <summary>Compares two points for equality.</summary>
    /// <param name="left">The first point.</param>
    /// <param name="right">The second point.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(GeoPoint left, GeoPoint right) => left.Equals(right);

    /// <summary>Compares two points for inequality.</summary>
    /// <param name="left">The first point.</param>
    /// <param name="right">The second point.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(GeoPoint left, GeoPoint right) => !left.Equals(right);
}
