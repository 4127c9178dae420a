using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Civic311.Catalog;
using Civic311.Requests;
using Civic311.Routing;
using Microsoft.Extensions.FileProviders;
using NetTopologySuite.Geometries;
using NodaTime;
using Xunit.Abstractions;

namespace Civic311.Core.Tests.Routing.Nyc;

/// <summary>
/// Routes the NYC 311 extract of 25 December 2013 (../shared/data) with a hand-written catalog and routing configuration
/// (nyc-catalog.json, nyc-routing.json beside this file: complaint type to agency by service group, then the borough from
/// the NYC borough polygons to the agency's borough queue) and compares with the data's Agency and Borough columns.
/// </summary>
public sealed class NycRoutingTests(ITestOutputHelper output)
{
    private const double MaxBorderDistanceMetres = 200;

    // Marble Hill is part of the borough of Manhattan but lies north of the Harlem River, joined to the Bronx; the data
    // files its requests under BRONX while the borough polygons (rightly) put it in Manhattan, about 300 m from the Bronx.
    private static readonly Envelope MarbleHill = new(-73.9165, -73.9040, 40.8700, 40.8790);

    [Fact]
    public void Route_Nyc2013Extract_AgreesWithTheAgencyAndBoroughColumns()
    {
        var (catalog, rules) = Load();
        var codes = catalog.ServiceTypes.ToDictionary(t => t.Name, t => t.Code, StringComparer.Ordinal);
        var rows = ReadRows(SharedData.File("nyc311-2013-12-25.csv"));
        rows.Should().HaveCount(2386);

        int agencyAgree = 0, located = 0, boroughAgree = 0;
        var differences = new List<(string Key, GeoPoint Point, string Expected, string Routed, double Metres)>();
        var boroughs = rules.GetDistrictSet("borough");
        foreach (var row in rows)
        {
            var point = row.Point;
            var decision = rules.Route(new RoutingInput(codes[row.ComplaintType], Instant.FromUtc(2013, 12, 25, 12, 0)) { Location = point });
            agencyAgree += decision.Agency == row.Agency ? 1 : 0;
            if (point is not { } p)
            {
                continue;
            }

            located++;
            var routed = decision.Queue[(decision.Agency.Length + 1)..].Replace('-', ' ');
            if (routed == row.Borough)
            {
                boroughAgree++;
                continue;
            }

            var expected = Array.FindIndex(boroughs.Districts, d => d.Equals(row.Borough, StringComparison.OrdinalIgnoreCase));
            var metres = expected < 0 ? double.PositiveInfinity : DistanceToBorderMetres(boroughs.Shape(expected), p);
            differences.Add((row.Key, p, row.Borough, routed, metres));
        }

        var agencyRate = (double)agencyAgree / rows.Count;
        var boroughRate = (double)boroughAgree / located;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Agency: {agencyAgree} of {rows.Count} rows agree ({agencyRate:P2})."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Borough: {boroughAgree} of {located} located rows agree ({boroughRate:P2})."));
        foreach (var d in differences)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {d.Key} at {d.Point}: data says {d.Expected}, routed to {d.Routed}; {d.Metres:F1} m from the border of {d.Expected}."));
        }

        agencyAgree.Should().Be(rows.Count, "every complaint type belongs to exactly one agency in the catalog");
        located.Should().Be(2304);
        boroughRate.Should().BeGreaterThanOrEqualTo(0.998);
        differences.Should().HaveCount(3);
        var marbleHill = differences.Where(d => MarbleHill.Contains(d.Point.Longitude, d.Point.Latitude)).ToList();
        marbleHill.Should().OnlyContain(d => d.Expected == "BRONX" && d.Routed == "MANHATTAN" && d.Metres < 400, "Marble Hill is Manhattan on the Bronx side");
        differences.Except(marbleHill).Should().OnlyContain(d => d.Metres < MaxBorderDistanceMetres, "the other disagreements sit on a borough border (coarse polygons)");
    }

    [Fact]
    public void Explain_NycRowInBrooklyn_NamesTheRuleAndTheBorough()
    {
        var (_, rules) = Load();

        // Unique Key 26984072: Blocked Driveway, 952 East 58 Street, Brooklyn.
        var explanation = rules.Explain(new RoutingInput("BLOCKED-DRIVEWAY", Instant.FromUtc(2013, 12, 26, 4, 59)) { Location = new GeoPoint(40.63186547963468, -73.92053369143751) });

        explanation.Decision.Queue.Should().Be("NYPD-BROOKLYN");
        explanation.Decision.Summary.Should().Be("routed by rule 'NYPD-BROOKLYN' (#73) to NYPD/NYPD-BROOKLYN: service group is Police and borough is Brooklyn");
        explanation.Districts["borough"].Should().Be("Brooklyn");
        explanation.Rules.Count(r => r.Evaluated).Should().Be(2, "only the six NYPD rules can apply and Bronx comes before Brooklyn");
        explanation.Rules[72].Reason.Should().Be("district borough: point is in Brooklyn, rule wants Bronx");
    }

    internal static (ServiceCatalog Catalog, RoutingRules Rules) Load()
    {
        var here = Path.Combine(Repository.Root, "tests", "Civic311.Core.Tests", "Routing", "Nyc");
        using var catalogJson = File.OpenRead(Path.Combine(here, "nyc-catalog.json"));
        var catalog = ServiceCatalog.Build(ServiceCatalogDefinition.FromJson(catalogJson));
        using var routingJson = File.OpenRead(Path.Combine(here, "nyc-routing.json"));
        using var sharedData = new PhysicalFileProvider(SharedData.Require("geo/nyc-boroughs.geojson"));
        return (catalog, RoutingRules.Build(RoutingDefinition.FromJson(routingJson, sharedData), catalog));
    }

    /// <summary>The distance from a point to a polygon's border, in metres, on a local equirectangular projection around the point.</summary>
    private static double DistanceToBorderMetres(Geometry shape, GeoPoint point)
    {
        var projected = shape.Copy();
        projected.Apply(new Equirectangular(point.Latitude, point.Longitude));
        projected.GeometryChanged();
        return projected.Boundary.Distance(projected.Factory.CreatePoint(new Coordinate(0, 0)));
    }

    private sealed class Equirectangular(double latitude, double longitude) : ICoordinateSequenceFilter
    {
        private const double MetresPerDegree = 111_320;
        private readonly double _cos = Math.Cos(latitude * Math.PI / 180);

        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, (seq.GetX(i) - longitude) * _cos * MetresPerDegree);
            seq.SetY(i, (seq.GetY(i) - latitude) * MetresPerDegree);
        }
    }

    private sealed record Row(string Key, string Agency, string ComplaintType, string Borough, GeoPoint? Point);

    private static List<Row> ReadRows(string path)
    {
        var records = CsvRecords(File.ReadAllText(path, Encoding.UTF8)).ToList();
        var header = records[0];
        int Column(string name) => header.IndexOf(name);
        int key = Column("Unique Key"), agency = Column("Agency"), type = Column("Complaint Type"), borough = Column("Borough"), lat = Column("Latitude"), lon = Column("Longitude");
        return records.Skip(1).Select(r => new Row(
            r[key],
            r[agency],
            r[type],
            r[borough],
            double.TryParse(r[lat], NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && double.TryParse(r[lon], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                ? new GeoPoint(y, x)
                : null)).ToList();
    }

    /// <summary>RFC 4180 records: commas between fields, CRLF or LF between records, double quotes around fields that need them.</summary>
    private static IEnumerable<List<string>> CsvRecords(string text)
    {
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    yield return record;
                    record = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }
}
