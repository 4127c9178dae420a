using System.Linq;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Catalog;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Testing;

namespace Civic311.Core.Tests.Routing;

/// <summary>A queue pattern (<c>WARD-{ward}</c>): one rule and one declared pattern route a 22-ward city to 22 queues.</summary>
public sealed class QueuePatternTests
{
    private const int Wards = 22;

    /// <summary>22 wards named "1".."22": vertical strips 0.01 degrees wide from longitude -74.00, latitude 40.70..40.80.</summary>
    private static string WardGeoJson(System.Func<int, string>? name = null) =>
        RoutingKit.FeatureCollection(Enumerable.Range(1, Wards)
            .Select(w => RoutingKit.Feature((name ?? (n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))(w), RoutingKit.Square(-74.00 + ((w - 1) * 0.01), 40.70, -74.00 + (w * 0.01), 40.80)))
            .ToArray());

    private static GeoPoint InWard(int ward) => new(40.75, -74.00 + ((ward - 1) * 0.01) + 0.005);

    private static readonly GeoPoint Outside = new(41.50, -73.00);

    private static ServiceCatalogDefinition CatalogDefinition(params string[] wardQueues)
    {
        var agency = new AgencyDefinition { Code = "SAN", Name = "Sanitation", TimeZone = "America/New_York" }.AddQueue("TRIAGE");
        foreach (var queue in wardQueues.Length == 0 ? ["WARD-{ward}"] : wardQueues)
        {
            agency.AddQueue(queue);
        }

        var definition = new ServiceCatalogDefinition();
        definition.Agencies.Add(agency);
        return definition.AddServiceType(new ServiceTypeDefinition { Code = "GRAFFITI", Name = "Graffiti", Group = "Sanitation", Agency = "SAN" });
    }

    private static RoutingDefinition Definition(string queue = "WARD-{ward}", string? geoJson = null) =>
        new RoutingDefinition { Fallback = new() { Agency = "SAN", Queue = "TRIAGE" } }
            .AddDistricts("ward", geoJson ?? WardGeoJson(), "name")
            .AddRule("by-ward", RoutingConditionDefinition.ServiceIs("GRAFFITI"), new RoutingActionDefinition { Agency = "SAN", Queue = queue });

    private static RoutingInput Input(GeoPoint? at) => new("GRAFFITI", RoutingKit.WednesdayMorning) { Location = at };

    private static string[] Errors(RoutingDefinition definition, ServiceCatalogDefinition? catalog = null)
    {
        RoutingRules.TryBuild(definition, ServiceCatalog.Build(catalog ?? CatalogDefinition()), null, out _, out var errors).Should().BeFalse();
        return errors.Select(e => $"{e.Field}: {e.Message}").ToArray();
    }

    [Fact]
    public void Route_OnePatternRule_SendsEveryWardToItsOwnQueue()
    {
        var rules = RoutingRules.Build(Definition(), ServiceCatalog.Build(CatalogDefinition()));

        for (var ward = 1; ward <= Wards; ward++)
        {
            var decision = rules.Route(Input(InWard(ward)));
            decision.Queue.Should().Be($"WARD-{ward}");
            decision.RuleName.Should().Be("by-ward");
            decision.Summary.Should().Contain($"ward {ward} by the pattern WARD-{{ward}}");
        }
    }

    [Fact]
    public void Route_PointInNoWard_FallsToTheNextRule()
    {
        var rules = RoutingRules.Build(Definition(), ServiceCatalog.Build(CatalogDefinition()));

        rules.Route(Input(Outside)).IsFallback.Should().BeTrue();
        rules.Route(Input(null)).Queue.Should().Be("TRIAGE");
        var explanation = rules.Explain(Input(Outside));
        explanation.Decision.IsFallback.Should().BeTrue();
        explanation.Rules[0].Matched.Should().BeFalse();
        explanation.Rules[0].Reason.Should().Contain("in none");
    }

    [Fact]
    public void Explain_SaysWhichDistrictGaveTheQueue()
    {
        var rules = RoutingRules.Build(Definition(), ServiceCatalog.Build(CatalogDefinition()));

        var explanation = rules.Explain(Input(InWard(7)));

        explanation.Decision.Queue.Should().Be("WARD-7");
        explanation.Decision.Should().BeEquivalentTo(rules.Route(Input(InWard(7))));
        explanation.Rules[0].Reason.Should().EndWith("queue WARD-7 from ward 7");
    }

    [Fact]
    public void Build_EveryProducedQueueListed_IsAcceptedWithoutAPattern()
    {
        var listed = Enumerable.Range(1, Wards).Select(w => $"WARD-{w}").ToArray();

        RoutingRules.Build(Definition(), ServiceCatalog.Build(CatalogDefinition(listed))).Route(Input(InWard(22))).Queue.Should().Be("WARD-22");
    }

    [Fact]
    public void Build_OneProducedQueueNotDeclared_NamesTheDistrict()
    {
        var listed = Enumerable.Range(1, Wards - 1).Select(w => $"WARD-{w}").ToArray();

        Errors(Definition(), CatalogDefinition(listed)).Should().ContainSingle()
            .Which.Should().Be("rules[0].then.queue: The queue pattern 'WARD-{ward}' gives district '22' of the set 'ward' the queue 'WARD-22', which agency 'SAN' does not declare (declare the pattern 'WARD-{ward}' or that queue in its 'queues').");
    }

    [Fact]
    public void Build_PatternNamesNoDistrictSet_IsAnError()
    {
        Errors(Definition("WARD-{precinct}")).Should().ContainSingle()
            .Which.Should().Be("rules[0].then.queue: The queue pattern 'WARD-{precinct}' names no district set 'precinct' (the sets are ward).");
    }

    [Fact]
    public void Build_DistrictGivesAnInvalidQueueCode_NamesEveryDistrict()
    {
        var errors = Errors(Definition(geoJson: WardGeoJson(w => w == 3 || w == 9 ? $"Ward {w}" : w.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        errors.Should().HaveCount(2);
        errors[0].Should().StartWith("rules[0].then.queue: The queue pattern 'WARD-{ward}' gives district 'Ward 3' of the set 'ward' the queue 'WARD-Ward 3', which is not a valid queue code");
        errors[1].Should().Contain("district 'Ward 9'");
    }

    [Theory]
    [InlineData("WARD-{ward")]
    [InlineData("WARD-{ward}-{ward}")]
    [InlineData("WARD {ward}")]
    [InlineData("WARD-{}")]
    public void Build_MalformedPattern_IsAnError(string pattern)
    {
        Errors(Definition(pattern)).Should().ContainSingle().Which.Should().StartWith($"rules[0].then.queue: The queue pattern '{pattern}' must have exactly one '{{set}}' placeholder");
    }

    [Fact]
    public void Build_PatternInTheFallback_IsAnError()
    {
        var definition = Definition();
        definition.Fallback = new() { Agency = "SAN", Queue = "WARD-{ward}" };

        Errors(definition).Should().ContainSingle().Which.Should().StartWith("fallback.queue: The fallback cannot use a queue pattern");
    }

    [Fact]
    public void Catalog_MalformedQueuePattern_IsAnErrorAndAPatternDeclaresItsQueues()
    {
        ServiceCatalog.TryBuild(CatalogDefinition("WARD-{a}{b}"), out _, out var errors).Should().BeFalse();
        errors.Should().ContainSingle().Which.Field.Should().Be("agencies[0].queues[1].code");

        var agency = ServiceCatalog.Build(CatalogDefinition()).Agencies[0];
        agency.HasQueue("WARD-3").Should().BeTrue();
        agency.HasQueue("ward-22").Should().BeTrue();
        agency.HasQueue("WARD-").Should().BeFalse();
        agency.HasQueue("PARK-3").Should().BeFalse();
    }

    [Fact]
    public void Json_PatternRule_RoundTripsAndBuilds()
    {
        var json = Definition().ToJson();

        json.Should().Contain("\"queue\": \"WARD-{ward}\"");
        var read = RoutingDefinition.FromJson(json);
        read.ToJson().Should().Be(json);
        RoutingRules.Build(read, ServiceCatalog.Build(CatalogDefinition())).Route(Input(InWard(12))).Queue.Should().Be("WARD-12");
    }

    [Fact]
    public async Task Submit_LandsInTheWardQueue()
    {
        var options = new Civic311Options { Catalog = CatalogDefinition(), TimeZone = "America/New_York", Routing = Definition() };
        var service = new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(RoutingKit.WednesdayMorning));
        var point = InWard(15);

        var request = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "GRAFFITI", Latitude = point.Latitude, Longitude = point.Longitude, Channel = Channel.Web });

        request.Agency.Should().Be("SAN");
        request.Queue.Should().Be("WARD-15");
    }
}
