using System.Linq;
using Civic311.Catalog;
using Civic311.Routing;

namespace Civic311.Core.Tests.Routing;

/// <summary>
/// <see cref="DistrictSetDefinition.NormalizeNames"/>: "03", "3" and "Ward 3" are one district when a set asks for it,
/// and stay three different names when it does not.
/// </summary>
public sealed class DistrictNameNormalizationTests
{
    // Three wards as strips from longitude -74.00; the file spells them "Ward 01", "Ward 02", "Ward 03".
    private static string Wards(params string[] names) =>
        RoutingKit.FeatureCollection(names.Select((n, i) => RoutingKit.Feature(n, RoutingKit.Square(-74.00 + (i * 0.01), 40.70, -74.00 + ((i + 1) * 0.01), 40.80))).ToArray());

    private static GeoPoint InWard(int ward) => new(40.75, -74.00 + ((ward - 1) * 0.01) + 0.005);

    private static ServiceCatalog Catalog(params string[] queues)
    {
        var agency = new AgencyDefinition { Code = "SAN", Name = "Sanitation", TimeZone = "America/New_York" }.AddQueue("TRIAGE").AddQueue("WARD-3-CREW");
        foreach (var queue in queues)
        {
            agency.AddQueue(queue);
        }

        var definition = new ServiceCatalogDefinition();
        definition.Agencies.Add(agency);
        return ServiceCatalog.Build(definition.AddServiceType(new ServiceTypeDefinition { Code = "GRAFFITI", Name = "Graffiti", Group = "Sanitation", Agency = "SAN" }));
    }

    private static RoutingDefinition Definition(bool normalize, string inWard, string geoJson)
    {
        var definition = new RoutingDefinition { Fallback = new() { Agency = "SAN", Queue = "TRIAGE" } };
        definition.Districts.Add(new DistrictSetDefinition { Name = "ward", GeoJson = geoJson, NameProperty = "name", NormalizeNames = normalize });
        return definition.AddRule("ward-3", RoutingConditionDefinition.InDistrict("ward", inWard), new RoutingActionDefinition { Agency = "SAN", Queue = "WARD-3-CREW" });
    }

    private static RoutingInput Input(GeoPoint at) => new("GRAFFITI", RoutingKit.WednesdayMorning) { Location = at };

    [Theory]
    [InlineData("3")]
    [InlineData("03")]
    [InlineData("Ward 3")]
    [InlineData("  ward   003 ")]
    public void Normalized_EverySpellingOfANumber_NamesTheSameDistrict(string inWard)
    {
        var rules = RoutingRules.Build(Definition(normalize: true, inWard, Wards("Ward 01", "Ward 02", "Ward 03")), Catalog());

        rules.Route(Input(InWard(3))).Queue.Should().Be("WARD-3-CREW");
        rules.Route(Input(InWard(2))).IsFallback.Should().BeTrue();
        rules.FindDistrict("ward", InWard(3)).Should().Be("Ward 03", "lookups answer the name as the file spells it");
    }

    [Theory]
    [InlineData("3")]
    [InlineData("Ward 3")]
    public void NotNormalized_ByDefault_OnlyTheNameAsWrittenMatches(string inWard)
    {
        RoutingRules.TryBuild(Definition(normalize: false, inWard, Wards("Ward 01", "Ward 02", "Ward 03")), Catalog(), null, out _, out var errors).Should().BeFalse();

        errors.Should().ContainSingle(e => e.Field == "rules[0].when.district.in[0]" && e.Code == ValidationErrorCodes.Unknown);
        RoutingRules.TryBuild(Definition(normalize: false, "ward 03", Wards("Ward 01", "Ward 02", "Ward 03")), Catalog(), null, out _, out _).Should().BeTrue("names still compare case-insensitively");
    }

    [Fact]
    public void Normalized_TwoNamesThatNormaliseAlike_AreRefusedNamingBothFeatures()
    {
        RoutingRules.TryBuild(Definition(normalize: true, "3", Wards("Ward 3", "District 03", "Ward 1")), Catalog(), null, out _, out var errors).Should().BeFalse();

        var error = errors.Should().ContainSingle(e => e.Code == ValidationErrorCodes.Duplicate).Which;
        error.Field.Should().Be("districts[0].normalizeNames");
        error.Message.Should().Contain("feature 0 ('Ward 3')").And.Contain("feature 1 ('District 03')").And.Contain("'3'");
    }

    [Fact]
    public void Normalized_NamesWithoutANumber_CompareTrimmedWithSpacesCollapsed()
    {
        var geoJson = RoutingKit.FeatureCollection(
            RoutingKit.Feature("Staten  Island", RoutingKit.Square(-74.00, 40.70, -73.99, 40.80)),
            RoutingKit.Feature("Bronx", RoutingKit.Square(-73.99, 40.70, -73.98, 40.80)));

        var rules = RoutingRules.Build(Definition(normalize: true, "staten island", geoJson), Catalog());

        rules.Route(Input(InWard(1))).Queue.Should().Be("WARD-3-CREW");
    }

    [Fact]
    public void Normalized_AQueuePattern_UsesTheNormalisedName()
    {
        var definition = new RoutingDefinition { Fallback = new() { Agency = "SAN", Queue = "TRIAGE" } };
        definition.Districts.Add(new DistrictSetDefinition { Name = "ward", GeoJson = Wards("Ward 01", "Ward 02", "Ward 03"), NameProperty = "name", NormalizeNames = true });
        definition.AddRule("by-ward", RoutingConditionDefinition.ServiceIs("GRAFFITI"), new RoutingActionDefinition { Agency = "SAN", Queue = "WARD-{ward}" });

        var rules = RoutingRules.Build(definition, Catalog("WARD-{ward}"));

        rules.Route(Input(InWard(2))).Queue.Should().Be("WARD-2");
        RoutingDefinition.FromJson(definition.ToJson()).Districts[0].NormalizeNames.Should().BeTrue("the switch survives JSON");
    }
}
