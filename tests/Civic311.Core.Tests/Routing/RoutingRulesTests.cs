using System.Linq;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Application;
using static Civic311.Core.Tests.Routing.RoutingKit;
using static Civic311.Routing.RoutingConditionDefinition;

namespace Civic311.Core.Tests.Routing;

/// <summary>Rule order, the fallback, districts outside, decisions and explanations.</summary>
public sealed class RoutingRulesTests
{
    private static RoutingRules ThreeRules() => Build(Definition()
        .AddRule("west-potholes", AllOf(ServiceIs("POTHOLE"), InDistrict("zone", "West")), new RoutingActionDefinition { Agency = "DOT", Queue = "DOT-WEST", Owner = "team-west", Priority = Priority.High, SlaPolicy = "fast-track", Tags = { "roads", "west" } })
        .AddRule("liaisons", ReporterKindIs("liaison"), Action("DOT", "DOT-LIAISON"))
        .AddRule("streets", GroupIs("Streets"), Action("DOT", "DOT-ROADWAY")));

    [Fact]
    public void Route_SeveralRulesMatch_FirstInOrderWins()
    {
        var decision = ThreeRules().Route(Input("POTHOLE", InWest) with { ReporterKind = "liaison" });

        decision.RuleName.Should().Be("west-potholes");
        decision.RuleIndex.Should().Be(0);
        decision.Agency.Should().Be("DOT");
        decision.Queue.Should().Be("DOT-WEST");
        decision.Owner.Should().Be("team-west");
        decision.Priority.Should().Be(Priority.High);
        decision.SlaPolicy.Should().Be("fast-track");
        decision.Tags.Should().Equal("roads", "west");
        decision.IsFallback.Should().BeFalse();
    }

    [Fact]
    public void Route_GeneralRuleBeforeIndexedRule_KeepsRuleOrder()
    {
        // "liaisons" applies to every service type, "streets" only to Streets: the merge must keep definition order.
        ThreeRules().Route(Input("STREETLIGHT") with { ReporterKind = "liaison" }).RuleName.Should().Be("liaisons");
        ThreeRules().Route(Input("STREETLIGHT")).RuleName.Should().Be("streets");
    }

    [Fact]
    public void Route_NoRuleMatches_UsesTheFallback()
    {
        var decision = ThreeRules().Route(Input("TREE", InWest));

        decision.IsFallback.Should().BeTrue();
        decision.RuleName.Should().BeNull();
        decision.RuleIndex.Should().BeNull();
        (decision.Agency, decision.Queue).Should().Be(("311", "TRIAGE"));
        decision.IsOutsideDistricts.Should().BeFalse();
        decision.Summary.Should().Be("routed to the fallback 311/TRIAGE: no rule matched");
    }

    [Fact]
    public void Route_LocationOutsideEveryDistrict_GoesToTheFallbackVisibly()
    {
        var decision = Build(Definition().AddRule("zoned", InDistrict("zone"), Action("DOT", "DOT-ROADWAY"))).Route(Input(at: Outside));

        decision.IsFallback.Should().BeTrue();
        decision.IsOutsideDistricts.Should().BeTrue();
        decision.OutsideDistricts.Should().Equal("zone");
        decision.Summary.Should().Be("routed to the fallback 311/TRIAGE: no rule matched; the location 41.5,-73 is outside every district of zone");
    }

    [Fact]
    public void Route_RuleMatchesOutsideItsDistricts_SaysSo()
    {
        var decision = Build(Definition().AddRule("not-west", Negate(InDistrict("zone", "West")), Action("DOT", "DOT-ROADWAY"))).Route(Input(at: Outside));

        decision.RuleName.Should().Be("not-west");
        decision.OutsideDistricts.Should().Equal("zone");
    }

    [Fact]
    public void Route_NoLocation_IsNotOutside()
    {
        var decision = Build(Definition().AddRule("zoned", InDistrict("zone"), Action("DOT", "DOT-ROADWAY"))).Route(Input(at: null));

        decision.IsFallback.Should().BeTrue();
        decision.IsOutsideDistricts.Should().BeFalse();
    }

    [Fact]
    public void Route_SameRuleTwice_ReturnsTheSameCachedDecision()
    {
        var rules = ThreeRules();

        rules.Route(Input("POTHOLE", InWest)).Should().BeSameAs(rules.Route(Input("POTHOLE", InWest)));
    }

    [Fact]
    public void Summary_MatchedRule_NamesTheRuleTargetAndConditions()
    {
        ThreeRules().Route(Input("POTHOLE", InWest)).Summary
            .Should().Be("routed by rule 'west-potholes' (#0) to DOT/DOT-WEST: service type is POTHOLE and zone is West");
    }

    [Fact]
    public void Explain_EveryRule_SaysWhetherEvaluatedMatchedAndWhyNot()
    {
        var explanation = ThreeRules().Explain(Input("POTHOLE", InEast));

        explanation.Decision.RuleName.Should().Be("streets");
        explanation.Districts.Should().ContainKey("zone").WhoseValue.Should().Be("East");
        explanation.Rules.Should().Equal(
            new RuleTrace(0, "west-potholes", true, false, "district zone: point is in East, rule wants West"),
            new RuleTrace(1, "liaisons", true, false, "reporter kind: not given"),
            new RuleTrace(2, "streets", true, true, "service group is Streets (POTHOLE)"));
    }

    [Fact]
    public void Explain_RulesForOtherServiceTypesAndAfterTheMatch_AreNotEvaluated()
    {
        var explanation = ThreeRules().Explain(Input("TREE", InWest) with { ReporterKind = "Liaison" });

        explanation.Rules[0].Should().Be(new RuleTrace(0, "west-potholes", false, false, "not evaluated: applies only to service type POTHOLE; the request is TREE"));
        explanation.Rules[1].Should().Be(new RuleTrace(1, "liaisons", true, true, "reporter kind is Liaison"));
        explanation.Rules[2].Should().Be(new RuleTrace(2, "streets", false, false, "not evaluated: rule 'liaisons' (#1) matched first"));
    }

    [Fact]
    public void Explain_Combinators_GiveTheDecidingFacts()
    {
        var rules = OneRule(AnyOf(AllOf(ServiceIs("TREE"), ChannelIs(Channel.Phone)), Negate(InDistrict("zone", "West"))));

        rules.Explain(Input("POTHOLE", InWest)).Rules[0].Reason.Should().Be(
            "none of: service type: POTHOLE is not TREE; not (zone is West) fails: zone is West");
        rules.Explain(Input("POTHOLE", InEast)).Rules[0].Reason.Should().Be(
            "not (zone is West): district zone: point is in East, rule wants West");
    }

    [Fact]
    public void Explain_OutsideAndTime_DescribeTheFacts()
    {
        var rules = Build(Definition()
            .AddRule("zoned", InDistrict("zone", "West"), Action("DOT", "DOT-ROADWAY"))
            .AddRule("night", Between("22:00", "06:00"), Action("DOT", "DOT-NIGHT")));

        var explanation = rules.Explain(Input(at: Outside));

        explanation.Rules[0].Reason.Should().Be("district zone: point 41.5,-73 is outside every zone district");
        explanation.Rules[1].Reason.Should().Be("time: Wednesday 10:00 (America/New_York) is not 22:00-06:00 on any day");
        explanation.Decision.OutsideDistricts.Should().Equal("zone");
        explanation.Districts["zone"].Should().BeNull();
        explanation.ToString().Should().StartWith(explanation.Decision.Summary).And.Contain("#1 'night': no: time:");
    }

    [Theory]
    [InlineData("POTHOLE", 40.75, -73.97, "liaison")]
    [InlineData("POTHOLE", 40.75, -73.92, null)]
    [InlineData("STREETLIGHT", 41.5, -73.0, null)]
    [InlineData("TREE", 40.65, -73.92, "liaison")]
    [InlineData("UNKNOWN", 40.75, -73.97, null)]
    public void Explain_AnyInput_GivesTheDecisionRouteGives(string code, double latitude, double longitude, string? kind)
    {
        var rules = ThreeRules();
        var input = Input(code, new GeoPoint(latitude, longitude)) with { ReporterKind = kind };

        var routed = rules.Route(input);
        var explained = rules.Explain(input).Decision;

        (explained.RuleIndex, explained.Queue, explained.Summary).Should().Be((routed.RuleIndex, routed.Queue, routed.Summary));
        rules.Explain(input).Rules.Count(r => r.Matched).Should().Be(routed.IsFallback ? 0 : 1);
    }

    [Fact]
    public void Route_InputWithoutServiceCode_Throws()
    {
        var act = () => ThreeRules().Route(default);

        act.Should().Throw<System.ArgumentException>().WithParameterName("input");
    }

    [Fact]
    public void FindDistrict_UnknownSet_Throws()
    {
        var act = () => ThreeRules().FindDistrict("ward", InWest);

        act.Should().Throw<System.ArgumentException>();
        ThreeRules().DistrictSets.Should().Equal("zone");
        ThreeRules().Count.Should().Be(3);
    }

    [Fact]
    public async System.Threading.Tasks.Task From_ServiceRequest_TakesTheRoutingFields()
    {
        var input = await RoutingInputFromRequest();

        input.ServiceCode.Should().Be("POTHOLE");
        input.Location.Should().Be(new GeoPoint(8.9824, -79.5199));
        input.Channel.Should().Be(Channel.Liaison);
        input.ReporterKind.Should().Be("liaison");
        input.Description.Should().Be("Bache profundo");
        input.Attributes!["LANES"].ToString().Should().Be("LEFT");
    }

    private static async System.Threading.Tasks.Task<RoutingInput> RoutingInputFromRequest()
    {
        var options = Civic311.Storage.Specification.TestCatalog.Options();
        var clock = new Civic311.Testing.FakeClock(Civic311.Storage.Specification.TestCatalog.Start);
        var service = new ServiceRequests(new Civic311.InMemory.InMemoryServiceRequestStore(), options, clock);
        var request = await service.SubmitAsync(new ServiceRequestSubmission
        {
            ServiceCode = "POTHOLE",
            Description = "Bache profundo",
            Latitude = 8.9824,
            Longitude = -79.5199,
            Channel = Channel.Liaison,
            Reporter = new ReporterContact { Kind = " liaison " },
            Attributes = Attributes(("LANES", "LEFT")),
        });
        request.Reporter!.Kind.Should().Be("liaison", "the submission is trimmed");
        return request.ToRoutingInput();
    }
}
