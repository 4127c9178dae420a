using System.IO;
using System.Linq;
using System.Text;
using Civic311.Requests;
using Civic311.Routing;
using Microsoft.Extensions.FileProviders;
using NodaTime;
using static Civic311.Core.Tests.Routing.RoutingKit;

namespace Civic311.Core.Tests.Routing;

/// <summary>Routing definitions from and to JSON.</summary>
public sealed class RoutingDefinitionTests
{
    internal const string FullJson = """
        {
          // every condition kind and every action field
          "districts": [ { "name": "zone", "file": "zone.geojson", "nameProperty": "name" } ],
          "rules": [
            { "name": "west-potholes",
              "when": { "all": [ { "service": ["POTHOLE"] }, { "district": { "set": "zone", "in": ["West"] } } ] },
              "then": { "agency": "DOT", "queue": "DOT-WEST", "owner": "team-west", "priority": "high", "slaPolicy": "fast", "tags": ["roads"] } },
            { "name": "night", "when": { "time": { "from": "22:00", "to": "06:00", "days": ["saturday", "sunday"] } }, "then": { "agency": "DOT", "queue": "DOT-NIGHT" } },
            { "name": "liaison", "when": { "any": [ { "reporterKind": ["liaison"] }, { "channel": ["liaison"] } ] }, "then": { "agency": "DOT", "queue": "DOT-LIAISON" } },
            { "name": "trees", "when": { "keywords": ["árbol caído"] }, "then": { "agency": "DPR", "queue": "DPR-FORESTRY" } },
            { "name": "urgent-lanes", "when": { "all": [ { "priority": ["urgent"] }, { "attribute": { "code": "LANES_BLOCKED", "in": ["yes"] } } ] }, "then": { "agency": "DOT", "queue": "DOT-ROADWAY" } },
            { "name": "heat-closed", "when": { "all": [ { "group": ["Housing"] }, { "not": { "agencyOpen": true } } ] }, "then": { "agency": "HPD", "queue": "HPD-HEAT" } },
            { "name": "custom", "when": { "custom": "always" }, "then": { "agency": "311", "queue": "TRIAGE", "tags": [] } },
          ],
          "fallback": { "agency": "311", "queue": "TRIAGE" }
        }
        """;

    [Fact]
    public void FromJson_FullConfiguration_BuildsAndRoundTrips()
    {
        var directory = Directory.CreateTempSubdirectory("civic311-routing-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "zone.geojson"), ZoneGeoJson);
            using var files = new PhysicalFileProvider(directory.FullName);
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(FullJson));
            var definition = RoutingDefinition.FromJson(stream, files);

            var json = definition.ToJson();
            var again = RoutingDefinition.FromJson(json, files);

            again.ToJson().Should().Be(json);
            json.Should().Contain("\"priority\": \"high\"").And.Contain("\"days\": [\n").And.NotContain("null");
            definition.Rules.Should().HaveCount(7);
            definition.Rules[0].Then!.Priority.Should().Be(Priority.High);
            definition.Rules[1].When!.Time!.Days.Should().Equal(IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday);

            var first = Build(definition, new Always());
            var second = Build(again, new Always());
            var input = Input("POTHOLE", InWest);
            second.Route(input).Summary.Should().Be(first.Route(input).Summary).And.Contain("west-potholes");
            second.Route(Input("TREE") with { Description = "Un ARBOL caido" }).RuleName.Should().Be("trees");
            second.Route(Input("HEAT", when: WednesdayMorning + Duration.FromDays(3))).RuleName.Should().Be("heat-closed");
            second.Route(Input("HEAT")).RuleName.Should().Be("custom");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void FromJson_FileWithoutFileProvider_IsReportedByBuild()
    {
        var definition = RoutingDefinition.FromJson(FullJson);

        var act = () => Build(definition, new Always());

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle(e => e.Field == "districts[0].file"
            && e.Message.Contains("'zone.geojson'") && e.Message.Contains("no file provider"));
    }

    [Fact]
    public void Build_FileInASubfolderOfTheProvider_IsLoaded()
    {
        var directory = Directory.CreateTempSubdirectory("civic311-routing-");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.FullName, "geo"));
            File.WriteAllText(Path.Combine(directory.FullName, "geo", "zone.geojson"), ZoneGeoJson);
            using var files = new PhysicalFileProvider(directory.FullName);
            var definition = RoutingDefinition.FromJson(
                """{ "districts": [ { "name": "zone", "file": "geo/zone.geojson", "nameProperty": "name" } ], "fallback": { "agency": "311", "queue": "TRIAGE" } }""",
                files);

            var rules = RoutingRules.Build(definition, RoutingKit.Catalog);

            rules.FindDistrict("zone", InWest).Should().Be("West");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Build_FileMissingFromTheProvider_NamesTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("civic311-routing-");
        try
        {
            using var files = new PhysicalFileProvider(directory.FullName);
            var definition = RoutingDefinition.FromJson(FullJson, files);

            var act = () => Build(definition, new Always());

            act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Which
                .Should().Match<ValidationError>(e => e.Field == "districts[0].file" && e.Code == ValidationErrorCodes.Unknown
                    && e.Message.Contains("'zone.geojson'") && e.Message.Contains("not found"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("zone.geojson")]
    [InlineData("geo/wards.json")]
    [InlineData(@"C:\data\wards")]
    public void Build_GeoJsonThatLooksLikeAPath_SaysSo(string value)
    {
        var definition = RoutingDefinition.FromJson(
            $$"""{ "districts": [ { "name": "zone", "geoJson": {{System.Text.Json.JsonSerializer.Serialize(value)}}, "nameProperty": "name" } ], "fallback": { "agency": "311", "queue": "TRIAGE" } }""");

        var act = () => RoutingRules.Build(definition, RoutingKit.Catalog);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Field.Should().Be("districts[0].geoJson");
        error.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        error.Message.Should().Be($"'districts[0].geoJson' holds what looks like a file path ('{value}'); give the GeoJSON text itself, or put the path in 'file' and give the routing definition a file provider (RoutingDefinition.FileProvider).");
    }

    [Theory]
    [InlineData("""{"rules":[{"name":"x","when":{"servce":["POTHOLE"]}}]}""", "$.rules[0].when.servce")]
    [InlineData("""{"rules":[{"name":"x","when":{"channel":["fax"]}}]}""", "$.rules[0].when.channel[0]")]
    [InlineData("""{"rules":[{"name":"x","then":{"priority":"high, low"}}]}""", "$.rules[0].then.priority")]
    [InlineData("""{"rules": null}""", "$.rules")]
    public void FromJson_MalformedValue_NamesItsPath(string json, string path)
    {
        var act = () => RoutingDefinition.FromJson(json);

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Which.Field.Should().Be(path);
    }

    [Fact]
    public void ToJson_DefinitionBuiltInCode_ReadsBackTheSame()
    {
        var definition = Definition().AddRule("r", RoutingConditionDefinition.AllOf(
            RoutingConditionDefinition.ChannelIs(Channel.MobileApp), RoutingConditionDefinition.Negate(RoutingConditionDefinition.Mentions("bache"))), Action("DOT", "DOT-ROADWAY"));

        var json = definition.ToJson();
        var again = RoutingDefinition.FromJson(json);

        again.ToJson().Should().Be(json);
        again.Rules.Single().When!.All![1].Not!.Keywords.Should().Equal("bache");
        again.Districts.Single().GeoJson.Should().Be(ZoneGeoJson);
    }

    private static readonly string Bowtie = FeatureCollection(Feature("Harbor",
        """{"type":"Polygon","coordinates":[[[-74.0,40.7],[-73.9,40.8],[-73.9,40.7],[-74.0,40.8],[-74.0,40.7]]]}"""));

    [Fact]
    public void AddDistricts_FromAStreamWithRepair_LoadsTheRepairedPolygon()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("\uFEFF" + Bowtie));
        var definition = Definition().AddDistricts("harbor", stream, "name", repair: true);

        var rules = Build(definition, new Always());

        definition.Districts[1].GeoJson.Should().Be(Bowtie, "the text is kept, without the byte order mark, so ToJson writes it");
        rules.FindDistrict("harbor", new Civic311.GeoPoint(40.75, -73.99)).Should().Be("Harbor", "the left lobe of the bow tie");
    }

    [Fact]
    public void AddDistricts_SelfIntersectingWithoutRepair_NamesTheFeatureByItsName()
    {
        var definition = Definition().AddDistricts("harbor", Bowtie, "name");

        var act = () => Build(definition, new Always());

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Which.Should().Match<ValidationError>(e =>
            e.Field == "districts[1].features[0].geometry" && e.Message.Contains("feature 0 ('Harbor')") && e.Message.Contains("'repair'"));
    }

    [Fact]
    public void AddDistricts_FromAStreamNotUtf8_IsRefusedNamingTheSet()
    {
        using var stream = new MemoryStream([0x7B, 0xFF, 0xFE, 0x7D]);

        var act = () => Definition().AddDistricts("harbor", stream, "name");

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle(e => e.Field == "districts[1].geoJson" && e.Message.Contains("UTF-8"));
    }

    internal sealed class Always : IRoutingCondition
    {
        public string Name => "always";

        public bool Evaluate(in RoutingInput input, out string? reason)
        {
            reason = "always";
            return true;
        }
    }
}
