using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Core.Tests.Sla.Calendar;
using Civic311.Requests;
using Civic311.Routing;
using FsCheck;
using FsCheck.Fluent;
using NetTopologySuite.Geometries;
using static Civic311.Core.Tests.Routing.RoutingKit;
using static Civic311.Routing.RoutingConditionDefinition;

namespace Civic311.Core.Tests.Routing;

/// <summary>
/// The compiled rules (service-type buckets, STRtree, prepared polygons, lazy facts) decide exactly as a naive reading of
/// the definition: every rule in order, plain polygon containment, first match wins.
/// </summary>
public sealed class RoutingRulesPropertyTests
{
    private static readonly string[] Codes = ["POTHOLE", "STREETLIGHT", "TREE", "HEAT"];
    private static readonly string[] Groups = ["Streets", "Parks", "Housing"];
    private static readonly string[] Zones = ["West", "East", "South"];
    private static readonly string[] Words = ["bache", "árbol caído", "luz", "calor"];
    private static readonly string[] Descriptions = ["Hay un BACHE", "un arbol caido", "sin luz", "no hay calor en el edificio", "nada", ""];
    private static readonly GeoPoint?[] Points = [InWest, InEast, InSouth, Outside, null, new GeoPoint(40.75, -73.95), new GeoPoint(40.65, -73.95)];

    [Fact]
    public void Route_RandomRulesAndInputs_DecidesAsTheNaiveInOrderEvaluation()
    {
        var built = 0;
        var cases = Arb.From(Gen.Choose(0, int.MaxValue));
        var property = Prop.ForAll(cases, (int seed) =>
        {
            var random = new Random(seed);
            var definition = RandomDefinition(random);
            if (!RoutingRules.TryBuild(definition, RoutingKit.Catalog, null, out var rules, out _))
            {
                return; // an unreachable or never-matching rule: the build rejects it, nothing to compare
            }

            built++;
            var zones = rules.GetDistrictSet("zone");
            var shapes = Enumerable.Range(0, zones.Districts.Length).Select(d => (zones.Districts[d], zones.Shape(d))).ToArray();
            for (var i = 0; i < 40; i++)
            {
                var input = RandomInput(random);
                var expected = Naive(definition, input, shapes);
                var actual = rules.Route(input);
                if (actual.RuleIndex != expected.Rule || !actual.OutsideDistricts.SequenceEqual(expected.Outside))
                {
                    throw new Xunit.Sdk.XunitException(
                        $"seed {seed}, input {input.ServiceCode} at {input.Location} {input.Channel} {input.Priority} '{input.Description}' {input.ReporterKind}: " +
                        $"compiled rule {actual.RuleIndex?.ToString() ?? "fallback"} outside [{string.Join(",", actual.OutsideDistricts)}], " +
                        $"naive rule {expected.Rule?.ToString() ?? "fallback"} outside [{string.Join(",", expected.Outside)}]\n{definition.ToJson()}");
                }
            }
        });

        PropertyRunner.Check(nameof(Route_RandomRulesAndInputs_DecidesAsTheNaiveInOrderEvaluation), property, 300);
        built.Should().BeGreaterThan(100, "most generated rule sets are valid");
    }

    private static RoutingDefinition RandomDefinition(Random random)
    {
        var definition = Definition();
        var count = random.Next(1, 14);
        for (var i = 0; i < count; i++)
        {
            definition.AddRule("r" + i, RandomCondition(random, 2), Action("DOT", "DOT-ROADWAY"));
        }

        if (random.Next(4) == 0)
        {
            definition.AddRule("last", null, Action("DOT", "DOT-NIGHT"));
        }

        return definition;
    }

    private static RoutingConditionDefinition RandomCondition(Random random, int depth)
    {
        var kind = random.Next(depth > 0 ? 11 : 8);
        return kind switch
        {
            0 => ServiceIs(Some(random, Codes)),
            1 => GroupIs(Some(random, Groups)),
            2 => random.Next(3) == 0 ? InDistrict("zone") : InDistrict("zone", Some(random, Zones)),
            3 => ChannelIs(Some(random, Enum.GetValues<Channel>())),
            4 => PriorityIs(Some(random, Enum.GetValues<Priority>())),
            5 => Mentions(Some(random, Words)),
            6 => ReporterKindIs(Some(random, ["liaison", "staff"])),
            7 => random.Next(2) == 0 ? AttributeIs("LANES_BLOCKED") : AttributeIs("LANES_BLOCKED", "yes"),
            8 => AllOf(Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomCondition(random, depth - 1)).ToArray()),
            9 => AnyOf(Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomCondition(random, depth - 1)).ToArray()),
            _ => Negate(RandomCondition(random, depth - 1)),
        };
    }

    private static T[] Some<T>(Random random, T[] values) =>
        values.OrderBy(_ => random.Next()).Take(random.Next(1, Math.Min(3, values.Length) + 1)).ToArray();

    private static RoutingInput RandomInput(Random random) =>
        new(random.Next(8) == 0 ? "UNKNOWN" : Codes[random.Next(Codes.Length)], WednesdayMorning)
        {
            Location = Points[random.Next(Points.Length)],
            Channel = (Channel)random.Next(10),
            Priority = (Priority)random.Next(4),
            Description = Descriptions[random.Next(Descriptions.Length)],
            ReporterKind = random.Next(3) == 0 ? "Liaison" : null,
            Attributes = random.Next(3) == 0 ? Attributes(("LANES_BLOCKED", random.Next(2) == 0 ? "yes" : "no")) : null,
        };

    private static (int? Rule, string[] Outside) Naive(RoutingDefinition definition, RoutingInput input, (string Name, Geometry Shape)[] zones)
    {
        var point = input.Location is { } p ? new GeometryFactory().CreatePoint(new Coordinate(p.Longitude, p.Latitude)) : null;
        var district = point is null ? null : zones.FirstOrDefault(z => z.Shape.Covers(point)).Name;
        var outside = point is not null && district is null ? new[] { "zone" } : [];
        for (var i = 0; i < definition.Rules.Count; i++)
        {
            var when = definition.Rules[i].When;
            if (when is null || Holds(when, input, district, point is not null))
            {
                return (i, UsesDistricts(when) ? outside : []);
            }
        }

        return (null, definition.Rules.Any(r => UsesDistricts(r.When)) ? outside : []);
    }

    private static bool UsesDistricts(RoutingConditionDefinition? c) =>
        c is not null && (c.District is not null || c.Not is { } n && UsesDistricts(n) || (c.All ?? c.Any ?? []).Any(UsesDistricts));

    private static bool Holds(RoutingConditionDefinition c, RoutingInput input, string? district, bool located)
    {
        var type = RoutingKit.Catalog.ServiceTypes.FirstOrDefault(t => t.Code.Equals(input.ServiceCode, StringComparison.OrdinalIgnoreCase));
        if (c.All is { } all)
        {
            return all.All(x => Holds(x, input, district, located));
        }

        if (c.Any is { } any)
        {
            return any.Any(x => Holds(x, input, district, located));
        }

        if (c.Not is { } not)
        {
            return !Holds(not, input, district, located);
        }

        if (c.Service is { } codes)
        {
            return type is not null && codes.Contains(type.Code);
        }

        if (c.Group is { } groups)
        {
            return type?.Group is { } g && groups.Contains(g, StringComparer.OrdinalIgnoreCase);
        }

        if (c.District is { } d)
        {
            return district is not null && (d.In is null || d.In.Contains(district, StringComparer.OrdinalIgnoreCase));
        }

        if (c.Channel is { } channels)
        {
            return channels.Contains(input.Channel);
        }

        if (c.Priority is { } priorities)
        {
            return priorities.Contains(input.Priority);
        }

        if (c.Keywords is { } words)
        {
            return !string.IsNullOrEmpty(input.Description) && words.Any(w => RoutingText.Normalize(input.Description).Contains(RoutingText.Normalize(w), StringComparison.Ordinal));
        }

        if (c.ReporterKind is { } kinds)
        {
            return input.ReporterKind is { } kind && kinds.Contains(kind, StringComparer.OrdinalIgnoreCase);
        }

        var attribute = c.Attribute!;
        return input.Attributes is { } attributes && attributes.TryGetValue(attribute.Code!, out var values)
            && values.Any(v => !string.IsNullOrEmpty(v) && (attribute.In is null || attribute.In.Contains(v, StringComparer.OrdinalIgnoreCase)));
    }
}
