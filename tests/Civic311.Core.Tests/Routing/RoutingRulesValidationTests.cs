using System.Collections.Generic;
using System.Linq;
using Civic311.Requests;
using Civic311.Routing;
using static Civic311.Core.Tests.Routing.RoutingKit;
using static Civic311.Routing.RoutingConditionDefinition;

namespace Civic311.Core.Tests.Routing;

/// <summary>Build lists every problem of a routing definition, with its path.</summary>
public sealed class RoutingRulesValidationTests
{
    private static IReadOnlyList<ValidationError> Errors(RoutingDefinition definition, RoutingBuildOptions? options = null)
    {
        RoutingRules.TryBuild(definition, RoutingKit.Catalog, options, out var rules, out var errors).Should().BeFalse();
        rules.Should().BeNull();
        return errors;
    }

    private static (string Field, string Code) Only(RoutingDefinition definition)
    {
        var errors = Errors(definition);
        errors.Should().ContainSingle();
        return (errors[0].Field, errors[0].Code);
    }

    [Fact]
    public void Build_ValidDefinition_Succeeds()
    {
        RoutingRules.TryBuild(Definition().AddRule("r", ServiceIs("POTHOLE"), Action("DOT", "DOT-ROADWAY")), RoutingKit.Catalog, null, out var rules, out var errors).Should().BeTrue();
        errors.Should().BeEmpty();
        rules!.Count.Should().Be(1);
    }

    [Fact]
    public void Build_UnknownAgency_IsListed()
    {
        Only(Definition().AddRule("r", ServiceIs("POTHOLE"), Action("NOPE", "Q"))).Should().Be(("rules[0].then.agency", ValidationErrorCodes.Unknown));
    }

    [Fact]
    public void Build_QueueTheAgencyDoesNotDeclare_IsUnknown()
    {
        Only(Definition().AddRule("r", ServiceIs("POTHOLE"), Action("DOT", "DPR-FORESTRY"))).Should().Be(("rules[0].then.queue", ValidationErrorCodes.Unknown));
    }

    [Fact]
    public void Build_QueueOfAnAgencyWithoutQueues_IsUnknown()
    {
        var errors = Errors(new RoutingDefinition { Fallback = Action("MIDA", "ANY") });

        errors.Should().ContainSingle().Which.Message.Should().Contain("declares no queues");
        errors[0].Field.Should().Be("fallback.queue");
    }

    [Fact]
    public void Build_NoFallback_IsRequired()
    {
        var definition = Definition();
        definition.Fallback = null;

        Only(definition).Should().Be(("fallback", ValidationErrorCodes.Required));
    }

    [Fact]
    public void Build_UnknownServiceCodeAndGroup_AreListedWithTheirPaths()
    {
        var errors = Errors(Definition().AddRule("r", AllOf(ServiceIs("POTHOLE", "NOPE"), AnyOf(ChannelIs(Channel.Web), GroupIs("Nowhere"))), Action("DOT", "DOT-ROADWAY")));

        errors.Select(e => (e.Field, e.Code)).Should().Equal(
            ("rules[0].when.all[0].service[1]", ValidationErrorCodes.Unknown),
            ("rules[0].when.all[1].any[1].group[0]", ValidationErrorCodes.Unknown));
    }

    [Fact]
    public void Build_RulesAfterACatchAll_AreUnreachable()
    {
        var errors = Errors(Definition()
            .AddRule("everything", null, Action("DOT", "DOT-ROADWAY"))
            .AddRule("later", ServiceIs("TREE"), Action("DPR", "DPR-FORESTRY"))
            .AddRule("even-later", ChannelIs(Channel.Web), Action("DPR", "DPR-FORESTRY")));

        errors.Select(e => e.Field).Should().Equal("rules[1]", "rules[2]");
        errors[0].Message.Should().Contain("'everything'");
    }

    [Fact]
    public void Build_RuleAfterACatchAllForItsServiceTypes_IsUnreachable()
    {
        var errors = Errors(Definition()
            .AddRule("streets", GroupIs("Streets"), Action("DOT", "DOT-ROADWAY"))
            .AddRule("west-potholes", AllOf(ServiceIs("POTHOLE"), InDistrict("zone", "West")), Action("DOT", "DOT-WEST"))
            .AddRule("trees", ServiceIs("TREE"), Action("DPR", "DPR-FORESTRY")));

        errors.Should().ContainSingle().Which.Field.Should().Be("rules[1]");
        errors[0].Message.Should().Contain("POTHOLE");
    }

    [Fact]
    public void Build_ServiceConditionsThatExcludeEachOther_CanNeverMatch()
    {
        Only(Definition().AddRule("r", AllOf(ServiceIs("POTHOLE"), GroupIs("Parks")), Action("DOT", "DOT-ROADWAY")))
            .Should().Be(("rules[0].when", ValidationErrorCodes.Inconsistent));
    }

    [Fact]
    public void Build_ConditionWithTwoKindsOrNone_IsListed()
    {
        var errors = Errors(Definition()
            .AddRule("two", new RoutingConditionDefinition { Service = ["POTHOLE"], Keywords = ["bache"] }, Action("DOT", "DOT-ROADWAY"))
            .AddRule("none", AllOf(new RoutingConditionDefinition()), Action("DOT", "DOT-ROADWAY"))
            .AddRule("empty-any", AnyOf(), Action("DOT", "DOT-ROADWAY")));

        errors.Select(e => (e.Field, e.Code)).Should().Equal(
            ("rules[0].when", ValidationErrorCodes.Inconsistent),
            ("rules[1].when.all[0]", ValidationErrorCodes.Required),
            ("rules[2].when.any", ValidationErrorCodes.Required));
    }

    [Fact]
    public void Build_UnknownDistrictSetAndDistrict_AreListed()
    {
        var errors = Errors(Definition()
            .AddRule("a", InDistrict("ward", "1"), Action("DOT", "DOT-ROADWAY"))
            .AddRule("b", Negate(InDistrict("zone", "North")), Action("DOT", "DOT-ROADWAY")));

        errors.Select(e => (e.Field, e.Code)).Should().Equal(
            ("rules[0].when.district.set", ValidationErrorCodes.Unknown),
            ("rules[1].when.not.district.in[0]", ValidationErrorCodes.Unknown));
        errors[1].Message.Should().Contain("West, East, South");
    }

    [Fact]
    public void Build_UnknownNameProperty_ListsTheSetAndFeature()
    {
        var definition = new RoutingDefinition { Fallback = Action("311", "TRIAGE") }.AddDistricts("ward", FeatureCollection(
            Feature("1", Square(0, 0, 1, 1), "ward_id"),
            Feature("2", Square(1, 0, 2, 1), "WARD")), "ward_id");

        var error = Errors(definition).Should().ContainSingle().Subject;

        error.Field.Should().Be("districts[0].nameProperty");
        error.Code.Should().Be(ValidationErrorCodes.Unknown);
        error.Message.Should().Be("District set 'ward', feature 1 has no property 'ward_id' (it has: WARD).");
    }

    [Fact]
    public void Build_InvalidAndEmptyPolygonsAndWrongGeometry_AreEachListed()
    {
        const string bowTie = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}";
        const string empty = "{\"type\":\"Polygon\",\"coordinates\":[]}";
        const string point = "{\"type\":\"Point\",\"coordinates\":[0,0]}";
        const string open = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}";
        var definition = new RoutingDefinition { Fallback = Action("311", "TRIAGE") }.AddDistricts("ward", FeatureCollection(
            Feature("ok", Square(5, 5, 6, 6)), Feature("bow-tie", bowTie), Feature("empty", empty), Feature("point", point), Feature("open", open)), "name");

        var errors = Errors(definition);

        errors.Select(e => (e.Field, e.Code)).Should().Equal(
            ("districts[0].features[1].geometry", ValidationErrorCodes.InvalidFormat),
            ("districts[0].features[2].geometry", ValidationErrorCodes.Required),
            ("districts[0].features[3].geometry.type", ValidationErrorCodes.NotInList),
            ("districts[0].features[4].geometry", ValidationErrorCodes.InvalidFormat));
        errors[0].Message.Should().Contain("Self-intersection").And.Contain("repair");
        errors[3].Message.Should().Contain("closed");
    }

    [Fact]
    public void Build_InvalidPolygonWithRepair_IsFixed()
    {
        const string bowTie = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}";
        var definition = new RoutingDefinition { Fallback = Action("311", "TRIAGE") }.AddDistricts("ward", FeatureCollection(Feature("bow-tie", bowTie)), "name");
        definition.Districts[0].Repair = true;
        definition.AddRule("r", InDistrict("ward", "bow-tie"), Action("DOT", "DOT-ROADWAY"));

        var rules = RoutingRules.Build(definition, RoutingKit.Catalog);

        rules.FindDistrict("ward", new GeoPoint(1.0, 0.2)).Should().Be("bow-tie", "the left triangle is kept");
        rules.FindDistrict("ward", new GeoPoint(0.2, 1.0)).Should().BeNull("the bottom triangle is outside");
    }

    [Fact]
    public void Build_GeoJsonProblems_AreListed()
    {
        var definition = new RoutingDefinition { Fallback = Action("311", "TRIAGE") }
            .AddDistricts("a", "{ not json", "name")
            .AddDistricts("b", "{\"type\":\"Feature\"}", "name")
            .AddDistricts("a", FeatureCollection(), "name");
        definition.Districts.Add(new DistrictSetDefinition { Name = "c", File = "missing.geojson", NameProperty = "name" });
        definition.Districts.Add(new DistrictSetDefinition { Name = "d", GeoJson = "geo/x.geojson", NameProperty = "name" });
        definition.Districts.Add(new DistrictSetDefinition { Name = "e", NameProperty = "" });

        Errors(definition).Select(e => (e.Field, e.Code)).Should().Equal(
            ("districts[0].geoJson", ValidationErrorCodes.InvalidFormat),
            ("districts[1].geoJson", ValidationErrorCodes.InvalidFormat),
            ("districts[2].name", ValidationErrorCodes.Duplicate),
            ("districts[3].file", ValidationErrorCodes.Required),
            ("districts[4].geoJson", ValidationErrorCodes.InvalidFormat),
            ("districts[5].nameProperty", ValidationErrorCodes.Required));
    }

    [Fact]
    public void Build_LeafProblems_AreEachListed()
    {
        var errors = Errors(Definition()
            .AddRule("attr", AttributeIs("NOPE"), Action("DOT", "DOT-ROADWAY"))
            .AddRule("kw", Mentions("ok", " ", "!!"), Action("DOT", "DOT-ROADWAY"))
            .AddRule("time", Between("25:00", "06:00"), Action("DOT", "DOT-ROADWAY"))
            .AddRule("same", Between("06:00", "06:00"), Action("DOT", "DOT-ROADWAY"))
            .AddRule("custom", CustomCondition("missing"), Action("DOT", "DOT-ROADWAY"))
            .AddRule("kind", ReporterKindIs(), Action("DOT", "DOT-ROADWAY"))
            .AddRule("open", AgencyIsOpen(), Action("DOT", "DOT-ROADWAY")));

        errors.Select(e => (e.Field, e.Code)).Should().Equal(
            ("rules[0].when.attribute.code", ValidationErrorCodes.Unknown),
            ("rules[1].when.keywords[1]", ValidationErrorCodes.Required),
            ("rules[2].when.time.from", ValidationErrorCodes.InvalidFormat),
            ("rules[3].when.time.to", ValidationErrorCodes.Inconsistent),
            ("rules[4].when.custom", ValidationErrorCodes.Unknown),
            ("rules[5].when.reporterKind", ValidationErrorCodes.Required),
            ("rules[6].when.agencyOpen", ValidationErrorCodes.Unknown));
        errors[^1].Message.Should().Contain("HPD").And.Contain("hpd-hours");
    }

    [Fact]
    public void Build_KeywordWithoutLettersOrDigits_IsInvalid()
    {
        Only(Definition().AddRule("kw", Mentions("ok", "!!"), Action("DOT", "DOT-ROADWAY"))).Should().Be(("rules[0].when.keywords[1]", ValidationErrorCodes.InvalidFormat));
    }

    [Fact]
    public void Build_ManyProblemsAtOnce_ListsEveryOne()
    {
        var definition = Definition()
            .AddRule("", ServiceIs("NOPE"), Action("NOPE", "Q"))
            .AddRule("dup", ServiceIs("TREE"), new RoutingActionDefinition { Agency = "DPR", Queue = "DPR-FORESTRY", Tags = { "a", "A", " " } })
            .AddRule("DUP", InDistrict("zone", "Atlantis"), Action("DOT", "DOT-NOWHERE"));
        definition.Rules.Add(new RoutingRuleDefinition { Name = "no-action", When = ServiceIs("HEAT") });

        var errors = Errors(definition);

        errors.Select(e => e.Field).Should().Equal(
            "rules[0].name", "rules[0].when.service[0]", "rules[0].then.agency",
            "rules[1].then.tags[1]", "rules[1].then.tags[2]",
            "rules[2].name", "rules[2].when.district.in[0]", "rules[2].then.queue",
            "rules[3].then");
        new Civic311ValidationException("routing configuration", errors).Message.Should().StartWith("The routing configuration is invalid (9 problems):");
    }

    [Fact]
    public void Build_DuplicateCustomConditions_AreListed()
    {
        var options = new RoutingBuildOptions { Conditions = { new Named("x"), new Named("X") } };

        Errors(Definition(), options).Should().ContainSingle().Which.Field.Should().Be("options.conditions[1]");
    }

    [Fact]
    public void Build_Throws_WithEveryProblem()
    {
        var act = () => RoutingRules.Build(new RoutingDefinition(), RoutingKit.Catalog);

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle(e => e.Field == "fallback");
    }

    private sealed class Named(string name) : IRoutingCondition
    {
        public string Name => name;

        public bool Evaluate(in RoutingInput input, out string? reason)
        {
            reason = null;
            return true;
        }
    }
}
