using System;
using System.Globalization;
using Civic311.Requests;

namespace Civic311.Storage;

/// <summary>
/// The points within a distance of a centre on the Earth's surface (a sphere of the mean radius, great-circle distance),
/// edge included: what "requests near a point" means.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public readonly struct GeoCircle : IEquatable<GeoCircle>
{
    /// <summary>The mean radius of the Earth in metres (IUGG).</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>Creates a circle.</summary>
    /// <param name="center">The centre.</param>
    /// <param name="radiusMeters">The radius in metres: finite, from 0 to half the Earth's circumference.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="radiusMeters"/> is negative, not finite or larger than half the circumference.</exception>
    public GeoCircle(GeoPoint center, double radiusMeters)
    {
        if (!double.IsFinite(radiusMeters) || radiusMeters < 0 || radiusMeters > Math.PI * EarthRadiusMeters)
        {
            throw new ArgumentOutOfRangeException(nameof(radiusMeters), radiusMeters, $"The radius must be a finite number of metres from 0 to {Math.PI * EarthRadiusMeters:F0}.");
        }

        Center = center;
        RadiusMeters = radiusMeters;
    }

    /// <summary>Gets the centre.</summary>
    public GeoPoint Center { get; }

    /// <summary>Gets the radius in metres.</summary>
    public double RadiusMeters { get; }

    /// <summary>
    /// Gets the smallest latitude/longitude box that holds the circle (every longitude when the circle reaches a pole or
    /// crosses the antimeridian, which <see cref="GeoBox"/> cannot): what a store with no distance function filters on first.
    /// </summary>
    public GeoBox BoundingBox
    {
        get
        {
            // A margin far below any position's precision keeps points on the circle inside the box despite rounding.
            const double Margin = 1e-9;
            var angular = RadiusMeters / EarthRadiusMeters;
            var latitude = Center.Latitude * Math.PI / 180;
            var south = ((latitude - angular) * 180 / Math.PI) - Margin;
            var north = ((latitude + angular) * 180 / Math.PI) + Margin;
            if (south <= -90 || north >= 90)
            {
                return new GeoBox(Math.Max(south, -90), -180, Math.Min(north, 90), 180);
            }

            // The widest longitude span of a small circle: asin(sin r / cos φ).
            var span = (Math.Asin(Math.Min(1, Math.Sin(angular) / Math.Cos(latitude))) * 180 / Math.PI) + Margin;
            var west = Center.Longitude - span;
            var east = Center.Longitude + span;
            return west < -180 || east > 180 ? new GeoBox(south, -180, north, 180) : new GeoBox(south, west, north, east);
        }
    }

    /// <summary>The great-circle distance between two points in metres (haversine).</summary>
    /// <param name="from">The first point.</param>
    /// <param name="to">The second point.</param>
    /// <returns>The distance in metres.</returns>
    public static double DistanceMeters(GeoPoint from, GeoPoint to)
    {
        const double ToRadians = Math.PI / 180;
        var dLat = (to.Latitude - from.Latitude) * ToRadians;
        var dLon = (to.Longitude - from.Longitude) * ToRadians;
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(from.Latitude * ToRadians) * Math.Cos(to.Latitude * ToRadians) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Tells whether a point lies within the radius of the centre.</summary>
    /// <param name="point">The point.</param>
    /// <returns><see langword="true"/> when inside or on the edge.</returns>
    public bool Contains(GeoPoint point) => DistanceMeters(Center, point) <= RadiusMeters;

    /// <summary>Tells whether a request's location has a point within the circle (the form specifications use).</summary>
    /// <param name="location">The location, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the location has a point and it is inside; a location without a point never is.</returns>
    public bool Contains(ServiceLocation? location) => location?.Point is { } point && Contains(point);

    /// <inheritdoc />
    public bool Equals(GeoCircle other) => Center.Equals(other.Center) && RadiusMeters.Equals(other.RadiusMeters);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GeoCircle other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Center, RadiusMeters);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RadiusMeters:R} m around {Center}");

    /// <summary>Compares two circles for equality.</summary>
    /// <param name="left">The first circle.</param>
    /// <param name="right">The second circle.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(GeoCircle left, GeoCircle right) => left.Equals(right);

    /// <summary>Compares two circles for inequality.</summary>
    /// <param name="left">The first circle.</param>
    /// <param name="right">The second circle.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(GeoCircle left, GeoCircle right) => !left.Equals(right);
}
