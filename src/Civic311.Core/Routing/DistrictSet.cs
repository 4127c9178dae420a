using System;
using System.Collections.Generic;
using System.Linq;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index;
using NetTopologySuite.Index.Strtree;

namespace Civic311.Routing;

/// <summary>
/// A compiled district set: an STRtree over the envelopes of every polygon, each polygon prepared (an indexed
/// point-in-area locator), so finding the district of a point touches only the few polygons whose envelope contains it.
/// </summary>
internal sealed class DistrictSet
{
    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly STRtree<Part> _tree;

    private readonly IReadOnlyList<(int District, Polygon Polygon)> _polygons;

    private DistrictSet(string name, string[] districts, string[] keys, bool normalized, STRtree<Part> tree, IReadOnlyList<(int District, Polygon Polygon)> polygons)
    {
        Normalized = normalized;
        Name = name;
        Districts = districts;
        Keys = keys;
        _tree = tree;
        _polygons = polygons;
    }

    public string Name { get; }

    /// <summary>The district names, in order of first appearance in the file.</summary>
    public string[] Districts { get; }

    /// <summary>The names rules compare and queue patterns use: normalised when the set asks for it, else the names.</summary>
    public string[] Keys { get; }

    /// <summary>Whether names compare normalised (<see cref="DistrictSetDefinition.NormalizeNames"/>).</summary>
    public bool Normalized { get; }

    /// <summary>The name a district is compared by (see <see cref="DistrictSetDefinition.NormalizeNames"/>).</summary>
    public static string Key(string name, bool normalize)
    {
        var text = name.Trim();
        if (!normalize)
        {
            return text;
        }

        var start = text.Length;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }

        if (start < text.Length && (start == 0 || text[start - 1] == ' '))
        {
            var number = text[start..].TrimStart('0');
            return number.Length == 0 ? "0" : number;
        }

        return string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Builds the index. <paramref name="features"/> are in file order; the district of a polygon is an index into <paramref name="districts"/>.</summary>
    public static DistrictSet Create(string name, string[] districts, string[] keys, bool normalized, IReadOnlyList<(int District, Polygon Polygon)> features)
    {
        var tree = new STRtree<Part>();
        var probe = new Coordinate();
        for (var order = 0; order < features.Count; order++)
        {
            var (district, polygon) = features[order];
            var prepared = (PreparedPolygon)PreparedGeometryFactory.Prepare(polygon);
            var locator = prepared.PointLocator;

            // The locator builds its index on first use; build it now so that concurrent lookups only read.
            probe.X = polygon.Coordinate.X;
            probe.Y = polygon.Coordinate.Y;
            locator.Locate(probe);
            tree.Insert(polygon.EnvelopeInternal, new Part(district, order, locator));
        }

        tree.Build();
        return new DistrictSet(name, districts, keys, normalized, tree, features);
    }

    /// <summary>The polygons of one district, as one geometry (for tests and tools; not used when routing).</summary>
    public Geometry Shape(int district)
    {
        var polygons = _polygons.Where(p => p.District == district).Select(p => p.Polygon).ToArray();
        return polygons[0].Factory.CreateMultiPolygon(polygons);
    }

    /// <summary>The district containing the point (borders count as inside; on overlaps the earliest feature wins), or -1.</summary>
    public int Locate(double longitude, double latitude)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Point.X = longitude;
        scratch.Point.Y = latitude;
        scratch.Envelope.Init(longitude, longitude, latitude, latitude);
        scratch.BestOrder = int.MaxValue;
        scratch.BestDistrict = RoutingState.Outside;
        _tree.Query(scratch.Envelope, scratch);
        return scratch.BestDistrict;
    }

    private sealed record Part(int District, int Order, IPointOnGeometryLocator Locator);

    /// <summary>Per-thread reusable lookup objects, so a lookup allocates nothing.</summary>
    private sealed class Scratch : IItemVisitor<Part>
    {
        public Coordinate Point { get; } = new();

        public Envelope Envelope { get; } = new();

        public int BestOrder { get; set; }

        public int BestDistrict { get; set; }

        public void VisitItem(Part item)
        {
            if (item.Order < BestOrder && item.Locator.Locate(Point) != Location.Exterior)
            {
                BestOrder = item.Order;
                BestDistrict = item.District;
            }
        }
    }
}
