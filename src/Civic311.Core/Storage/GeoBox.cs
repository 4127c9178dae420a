using System;
using System.Globalization;
using Civic311.Requests;

namespace Civic311.Storage;

/// <summary>A latitude/longitude rectangle, edges included. Boxes that cross the antimeridian are not supported.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public readonly struct GeoBox : IEquatable<GeoBox>
{
    /// <summary>Creates a box.</summary>
    /// <param name="south">The southern edge (minimum latitude).</param>
    /// <param name="west">The western edge (minimum longitude).</param>
    /// <param name="north">The northern edge (maximum latitude).</param>
    /// <param name="east">The eastern edge (maximum longitude).</param>
    /// <exception cref="ArgumentOutOfRangeException">An edge is out of range, or south is above north, or west is east of east.</exception>
    public GeoBox(double south, double west, double north, double east)
    {
        if (!GeoPoint.IsValidLatitude(south) || !GeoPoint.IsValidLatitude(north) || south > north)
        {
            throw new ArgumentOutOfRangeException(nameof(south), $"The latitudes must lie in [-90, 90] with south <= north; got south {south}, north {north}.");
        }

        if (!GeoPoint.IsValidLongitude(west) || !GeoPoint.IsValidLongitude(east) || west > east)
        {
            throw new ArgumentOutOfRangeException(nameof(west), $"The longitudes must lie in [-180, 180] with west <= east; got west {west}, east {east}.");
        }

        South = south;
        West = west;
        North = north;
        East = east;
    }

    /// <summary>Gets the southern edge.</summary>
    public double South { get; }

    /// <summary>Gets the western edge.</summary>
    public double West { get; }

    /// <summary>Gets the northern edge.</summary>
    public double North { get; }

    /// <summary>Gets the eastern edge.</summary>
    public double East { get; }

    /// <summary>Tells whether a point lies inside the box or on its edge.</summary>
    /// <param name="point">The point.</param>
    /// <returns><see langword="true"/> when inside.</returns>
    public bool Contains(GeoPoint point) =>
        point.Latitude >= South && point.Latitude <= North && point.Longitude >= West && point.Longitude <= East;

    /// <summary>Tells whether a request's location has a point inside the box or on its edge (the form specifications use).</summary>
    /// <param name="location">The location, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the location has a point and it is inside; a location without a point never is.</returns>
    public bool Contains(ServiceLocation? location) => location?.Point is { } point && Contains(point);

    /// <inheritdoc />
    public bool Equals(GeoBox other) =>
        South.Equals(other.South) && West.Equals(other.West) && North.Equals(other.North) && East.Equals(other.East);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GeoBox other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(South, West, North, East);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{South},{West} .. {North},{East}]");

    /// <summary>Compares two boxes for equality.</summary>
    /// <param name="left">The first box.</param>
    /// <param name="right">The second box.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(GeoBox left, GeoBox right) => left.Equals(right);

    /// <summary>Compares two boxes for inequality.</summary>
    /// <param name="left">The first box.</param>
    /// <param name="right">The second box.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(GeoBox left, GeoBox right) => !left.Equals(right);
}
