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

    private DistrictSet(string name, string[] districts, STRtree<Part> tree, IReadOnlyList<(int District, Polygon Polygon)> polygons)
    {
        Name = name;
        Districts = districts;
        _tree = tree;
        _polygons = polygons;
    }

    public string Name { get; }

    /// <summary>The district names, in order of first appearance in the file.</summary>
    public string[] Districts { get; }

    /// <summary>Builds the index. <paramref name="features"/> are in file order; the district of a polygon is an index into <paramref name="districts"/>.</summary>
    public static DistrictSet Create(string name, string[] districts, IReadOnlyList<(int District, Polygon Polygon)> features)
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
        return new DistrictSet(name, districts, tree, features);
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
