using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Civic311.Catalog;
using Civic311.Requests;
using Civic311.Routing;
using NetTopologySuite.Geometries;
using NodaTime;

namespace Civic311.Benchmarks.Routing;

/// <summary>
/// A city-sized routing configuration, made once with a fixed seed: 100 service codes (10 agencies), 200 district polygons
/// (a 20 x 10 grid of irregular 8-sided cells over New York's extent, neighbours sharing jittered vertices) and 1,000
/// rules: 10 per service code with district, channel and keyword conditions (some combined with any/not), one rule in 30
/// for every service type (liaison reports by district), and a last catch-all per service code.
/// </summary>
internal sealed class RoutingBenchmarkData
{
    public const int ServiceCodes = 100;
    public const int Rules = 1000;
    private const int Columns = 20;
    private const int Rows = 10;
    private const double West = -74.05, East = -73.75, South = 40.55, North = 40.90;

    private static readonly string[] Phrases =
    [
        "Hay un bache enorme frente a la escuela", "Árbol caído bloquea la acera", "no heat since yesterday", "street light out on the corner",
        "water leaking from hydrant", "basura acumulada en la esquina", "loud music every night", "sin agua caliente", "pothole near the bus stop", "",
    ];

    private static readonly string[] Keywords = ["bache", "árbol caído", "heat", "light", "hydrant", "basura", "music", "agua caliente"];

    private RoutingBenchmarkData(ServiceCatalog catalog, RoutingDefinition definition, Polygon[] districts, RoutingInput[] inputs)
    {
        Catalog = catalog;
        Definition = definition;
        Districts = districts;
        Inputs = inputs;
    }

    public ServiceCatalog Catalog { get; }

    public RoutingDefinition Definition { get; }

    /// <summary>The district polygons; district i is named "D" + i.</summary>
    public Polygon[] Districts { get; }

    public RoutingInput[] Inputs { get; }

    public static RoutingBenchmarkData Create(int inputs)
    {
        var random = new Random(311);
        var catalogDefinition = new ServiceCatalogDefinition();
        for (var a = 0; a < 10; a++)
        {
            var agency = new AgencyDefinition { Code = "A" + a, Name = "Agency " + a, TimeZone = "America/New_York" }.AddQueue("A" + a + "-MAIN").AddQueue("A" + a + "-FIELD").AddQueue("A" + a + "-LIAISON");
            catalogDefinition.Agencies.Add(agency);
        }

        for (var s = 0; s < ServiceCodes; s++)
        {
            catalogDefinition.AddServiceType(new ServiceTypeDefinition { Code = Code(s), Name = "Service " + s, Group = "G" + (s % 10), Agency = "A" + (s % 10) });
        }

        catalogDefinition.Agencies.Add(new AgencyDefinition { Code = "311", Name = "Triage", TimeZone = "America/New_York" }.AddQueue("TRIAGE"));
        var catalog = ServiceCatalog.Build(catalogDefinition);

        var districts = Grid(random);
        var definition = new RoutingDefinition { Fallback = new RoutingActionDefinition { Agency = "311", Queue = "TRIAGE" } }
            .AddDistricts("district", GeoJson(districts), "name");
        for (var r = 0; r < Rules - ServiceCodes; r++)
        {
            var code = r % ServiceCodes;
            var agency = "A" + (code % 10);
            if (r % 30 == 29)
            {
                definition.AddRule("liaison-" + r, RoutingConditionDefinition.AllOf(RoutingConditionDefinition.ChannelIs(Channel.Liaison), SomeDistricts(random)), Action(agency, "-LIAISON"));
                continue;
            }

            var extra = (r / ServiceCodes % 4) switch
            {
                0 => SomeDistricts(random),
                1 => RoutingConditionDefinition.AllOf(SomeDistricts(random), RoutingConditionDefinition.ChannelIs(Channel.Phone, Channel.Web)),
                2 => RoutingConditionDefinition.Mentions(Keywords[random.Next(Keywords.Length)], Keywords[random.Next(Keywords.Length)]),
                _ => RoutingConditionDefinition.AnyOf(SomeDistricts(random), RoutingConditionDefinition.Negate(RoutingConditionDefinition.ChannelIs(Channel.Phone))),
            };
            definition.AddRule("rule-" + r, RoutingConditionDefinition.AllOf(RoutingConditionDefinition.ServiceIs(Code(code)), extra), Action(agency, "-FIELD"));
        }

        for (var s = 0; s < ServiceCodes; s++)
        {
            definition.AddRule("default-" + Code(s), RoutingConditionDefinition.ServiceIs(Code(s)), Action("A" + (s % 10), "-MAIN"));
        }

        var requests = new RoutingInput[inputs];
        for (var i = 0; i < inputs; i++)
        {
            // 2 % outside the grid (the fallback's outside-districts path), the rest anywhere inside it.
            var outside = random.Next(50) == 0;
            var point = outside ? new GeoPoint(41.2, -73.2) : new GeoPoint(South + (random.NextDouble() * (North - South)), West + (random.NextDouble() * (East - West)));
            requests[i] = new RoutingInput(Code(random.Next(ServiceCodes)), Instant.FromUtc(2026, 3, 4, 15, 0))
            {
                Location = point,
                Channel = (Channel)random.Next(10),
                Description = Phrases[random.Next(Phrases.Length)],
            };
        }

        return new RoutingBenchmarkData(catalog, definition, districts, requests);
    }

    private static string Code(int s) => "S" + s.ToString("000", CultureInfo.InvariantCulture);

    private static RoutingActionDefinition Action(string agency, string queue) => new() { Agency = agency, Queue = agency + queue };

    private static RoutingConditionDefinition SomeDistricts(Random random) =>
        RoutingConditionDefinition.InDistrict("district", Enumerable.Range(0, random.Next(1, 30)).Select(_ => "D" + random.Next(Columns * Rows)).Distinct().ToArray());

    /// <summary>A grid of cells whose corners and edge midpoints are jittered, shared between neighbours so the cells tile.</summary>
    private static Polygon[] Grid(Random random)
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var dx = (East - West) / Columns;
        var dy = (North - South) / Rows;

        // Vertices on a (2 * Columns + 1) x (2 * Rows + 1) lattice: even positions are corners, odd ones edge midpoints.
        var lattice = new Coordinate[(2 * Columns) + 1, (2 * Rows) + 1];
        for (var i = 0; i <= 2 * Columns; i++)
        {
            for (var j = 0; j <= 2 * Rows; j++)
            {
                var border = i == 0 || j == 0 || i == 2 * Columns || j == 2 * Rows;
                var jitter = border ? 0 : 0.18;
                lattice[i, j] = new Coordinate(
                    West + (i * dx / 2) + ((random.NextDouble() - 0.5) * jitter * dx),
                    South + (j * dy / 2) + ((random.NextDouble() - 0.5) * jitter * dy));
            }
        }

        var cells = new Polygon[Columns * Rows];
        for (var c = 0; c < Columns; c++)
        {
            for (var r = 0; r < Rows; r++)
            {
                int i = 2 * c, j = 2 * r;
                var ring = new[]
                {
                    lattice[i, j], lattice[i + 1, j], lattice[i + 2, j], lattice[i + 2, j + 1],
                    lattice[i + 2, j + 2], lattice[i + 1, j + 2], lattice[i, j + 2], lattice[i, j + 1], lattice[i, j],
                };
                cells[(r * Columns) + c] = factory.CreatePolygon(ring.Select(p => p.Copy()).ToArray());
            }
        }

        return cells;
    }

    private static string GeoJson(Polygon[] districts)
    {
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (var d = 0; d < districts.Length; d++)
        {
            text.Append(d == 0 ? string.Empty : ",").Append("{\"type\":\"Feature\",\"properties\":{\"name\":\"D").Append(d).Append("\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
            var coordinates = districts[d].ExteriorRing.Coordinates;
            for (var k = 0; k < coordinates.Length; k++)
            {
                text.Append(k == 0 ? string.Empty : ",").Append(string.Create(CultureInfo.InvariantCulture, $"[{coordinates[k].X:R},{coordinates[k].Y:R}]"));
            }

            text.Append("]]}}");
        }

        return text.Append("]}").ToString();
    }
}
