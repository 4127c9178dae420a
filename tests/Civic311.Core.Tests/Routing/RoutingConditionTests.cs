using System;
using Civic311.Requests;
using Civic311.Routing;
using Microsoft.Extensions.Primitives;
using NodaTime;
using static Civic311.Core.Tests.Routing.RoutingKit;
using static Civic311.Routing.RoutingConditionDefinition;

namespace Civic311.Core.Tests.Routing;

/// <summary>Each condition kind and combinator, through one rule "r" (to DOT/DOT-ROADWAY) before the fallback.</summary>
public sealed class RoutingConditionTests
{
    [Theory]
    [InlineData("POTHOLE", true)]
    [InlineData("pothole", true)]
    [InlineData("STREETLIGHT", true)]
    [InlineData("TREE", false)]
    [InlineData("NOT-IN-CATALOG", false)]
    public void Route_ServiceCondition_MatchesListedCodesCaseInsensitively(string code, bool matches)
    {
        var rules = OneRule(ServiceIs("POTHOLE", "STREETLIGHT"));

        rules.Route(Input(code)).IsFallback.Should().Be(!matches);
    }

    [Theory]
    [InlineData("POTHOLE", true)]
    [InlineData("STREETLIGHT", true)]
    [InlineData("TREE", false)]
    public void Route_GroupCondition_MatchesEveryServiceTypeOfTheGroup(string code, bool matches)
    {
        OneRule(GroupIs("streets")).Route(Input(code)).IsFallback.Should().Be(!matches);
    }

    [Fact]
    public void Route_DistrictCondition_MatchesPointsInTheListedDistricts()
    {
        var rules = OneRule(InDistrict("zone", "West", "south"));

        rules.Route(Input(at: InWest)).RuleName.Should().Be("r");
        rules.Route(Input(at: InSouth)).RuleName.Should().Be("r", "the second square of the South MultiPolygon counts");
        rules.Route(Input(at: InEast)).IsFallback.Should().BeTrue();
        rules.Route(Input(at: null)).IsFallback.Should().BeTrue("a request without a point is in no district");
    }

    [Fact]
    public void Route_DistrictConditionWithoutNames_MatchesAnyDistrictOfTheSet()
    {
        var rules = OneRule(InDistrict("zone"));

        rules.Route(Input(at: InEast)).RuleName.Should().Be("r");
        rules.Route(Input(at: Outside)).IsFallback.Should().BeTrue();
    }

    [Fact]
    public void Route_PointOnASharedBorder_CountsAsInsideTheFirstFeature()
    {
        var rules = OneRule(InDistrict("zone", "West"));

        rules.Route(Input(at: new GeoPoint(40.75, -73.95))).RuleName.Should().Be("r", "the border is inside, and West comes first in the file");
        rules.FindDistrict("zone", new GeoPoint(40.75, -73.95)).Should().Be("West");
    }

    [Fact]
    public void Route_ChannelCondition_MatchesListedChannels()
    {
        var rules = OneRule(ChannelIs(Channel.Phone, Channel.Liaison));

        rules.Route(Input() with { Channel = Channel.Liaison }).IsFallback.Should().BeFalse();
        rules.Route(Input() with { Channel = Channel.Web }).IsFallback.Should().BeTrue();
    }

    [Fact]
    public void Route_PriorityCondition_MatchesListedPriorities()
    {
        var rules = OneRule(PriorityIs(Priority.Urgent));

        rules.Route(Input() with { Priority = Priority.Urgent }).IsFallback.Should().BeFalse();
        rules.Route(Input() with { Priority = Priority.High }).IsFallback.Should().BeTrue();
    }

    [Fact]
    public void Route_AttributeCondition_MatchesListedValuesCaseInsensitively()
    {
        var rules = OneRule(AttributeIs("LANES_BLOCKED", "yes"));

        rules.Route(Input() with { Attributes = Attributes(("lanes_blocked", "YES")) }).IsFallback.Should().BeFalse();
        rules.Route(Input() with { Attributes = Attributes(("LANES_BLOCKED", "no")) }).IsFallback.Should().BeTrue();
        rules.Route(Input()).IsFallback.Should().BeTrue("the attribute is not given");
    }

    [Fact]
    public void Route_AttributeConditionWithoutValues_MatchesAnyNonEmptyValue()
    {
        var rules = OneRule(AttributeIs("LANES_BLOCKED"));

        rules.Route(Input() with { Attributes = Attributes(("LANES_BLOCKED", "no")) }).IsFallback.Should().BeFalse();
        rules.Route(Input() with { Attributes = Attributes(("LANES_BLOCKED", "")) }).IsFallback.Should().BeTrue();
    }

    [Theory]
    [InlineData("Hay un bache enorme en la esquina", true)]
    [InlineData("HAY UN BACHÉ ENORME", true)]
    [InlineData("bache.", true)]
    [InlineData("Los baches de la calle", false)] // whole words only
    [InlineData("Un árbol caído bloquea la vía", true)]
    [InlineData("un arbol caido", true)]
    [InlineData("ÁRBOL   CAÍDO!", true)]
    [InlineData("el árbol no se ha caído", false)] // a phrase matches as consecutive words
    [InlineData(null, false)]
    public void Route_KeywordCondition_MatchesWholeWordsIgnoringCaseAndAccents(string? description, bool matches)
    {
        var rules = OneRule(Mentions("bache", "Árbol caído"));

        rules.Route(Input() with { Description = description }).IsFallback.Should().Be(!matches);
    }

    [Fact]
    public void Route_KeywordWithAccentInTheRule_MatchesTextWithout()
    {
        OneRule(Mentions("BACHÉ")).Route(Input() with { Description = "un bache" }).IsFallback.Should().BeFalse();
    }

    [Theory]
    [InlineData(2026, 3, 7, 23, 30, true)]  // Saturday 23:30 EST (UTC-5)
    [InlineData(2026, 3, 8, 1, 59, true)]   // Sunday 01:59 EST, just before the clocks go forward
    [InlineData(2026, 3, 8, 3, 0, true)]    // Sunday 03:00 EDT, the first instant after the gap
    [InlineData(2026, 3, 8, 5, 59, true)]   // Sunday 05:59 EDT
    [InlineData(2026, 3, 8, 6, 0, false)]   // Sunday 06:00 EDT: 'to' is exclusive
    [InlineData(2026, 11, 1, 1, 30, true)]  // the first 01:30 (EDT) of the autumn change
    [InlineData(2026, 11, 1, 6, 30, false)] // Sunday 06:30 EST, after the repeated hour
    [InlineData(2026, 3, 9, 23, 30, false)] // Monday: not a listed day
    public void Route_TimeCondition_UsesTheAgencysLocalTimeAcrossDst(int year, int month, int day, int hour, int minute, bool matches)
    {
        var rules = OneRule(Between("22:00", "06:00", IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday));
        var local = new LocalDateTime(year, month, day, hour, minute);
        var instant = local.InZoneLeniently(DateTimeZoneProviders.Tzdb["America/New_York"]).ToInstant();

        rules.Route(Input(when: instant)).IsFallback.Should().Be(!matches);
    }

    [Fact]
    public void Route_TimeConditionAroundAutumnChange_CoversBothRepeatedHours()
    {
        var rules = OneRule(Between("01:00", "02:00"));
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var mapping = zone.MapLocal(new LocalDateTime(2026, 11, 1, 1, 30));

        mapping.Count.Should().Be(2);
        rules.Route(Input(when: mapping.First().ToInstant())).IsFallback.Should().BeFalse();
        rules.Route(Input(when: mapping.Last().ToInstant())).IsFallback.Should().BeFalse();
        rules.Route(Input(when: mapping.Last().ToInstant() + Duration.FromMinutes(30))).IsFallback.Should().BeTrue();
    }

    [Fact]
    public void Route_TimeConditionDaysOnly_MatchesWholeDays()
    {
        var rules = OneRule(Between(null, null, IsoDayOfWeek.Wednesday));

        rules.Route(Input(when: WednesdayMorning)).IsFallback.Should().BeFalse();
        rules.Route(Input(when: WednesdayMorning + Duration.FromDays(1))).IsFallback.Should().BeTrue();
    }

    [Fact]
    public void Route_ReporterKindCondition_ComparesCaseInsensitively()
    {
        var rules = OneRule(ReporterKindIs("liaison"));

        rules.Route(Input() with { ReporterKind = "Liaison" }).IsFallback.Should().BeFalse();
        rules.Route(Input() with { ReporterKind = "resident" }).IsFallback.Should().BeTrue();
        rules.Route(Input()).IsFallback.Should().BeTrue();
    }

    [Fact]
    public void Route_AgencyOpenCondition_UsesTheOwningAgencysCalendar()
    {
        var open = OneRule(AgencyIsOpen());
        var closed = OneRule(AgencyIsOpen(false));
        var saturday = WednesdayMorning + Duration.FromDays(3);

        open.Route(Input("HEAT", when: WednesdayMorning)).IsFallback.Should().BeFalse("HPD is open on Wednesday at 10:00");
        open.Route(Input("HEAT", when: saturday)).IsFallback.Should().BeTrue();
        closed.Route(Input("HEAT", when: saturday)).IsFallback.Should().BeFalse();
        open.Route(Input("POTHOLE", when: saturday)).IsFallback.Should().BeFalse("DOT has no calendar: open around the clock");
    }

    [Fact]
    public void Route_CustomCondition_IsCalledWithTheInput()
    {
        var rules = OneRule(CustomCondition("long-description"), new LongDescription());

        rules.Route(Input() with { Description = new string('x', 50) }).IsFallback.Should().BeFalse();
        rules.Route(Input() with { Description = "short" }).IsFallback.Should().BeTrue();
        rules.Explain(Input() with { Description = "short" }).Rules[0].Reason.Should().Be("long-description: 5 characters, fewer than 20");
    }

    [Fact]
    public void Route_AllAnyNot_CombineAsBooleanLogic()
    {
        // (POTHOLE and West) or (not channel phone and East)
        var rules = OneRule(AnyOf(
            AllOf(ServiceIs("POTHOLE"), InDistrict("zone", "West")),
            AllOf(Negate(ChannelIs(Channel.Phone)), InDistrict("zone", "East"))));

        rules.Route(Input("POTHOLE", InWest)).IsFallback.Should().BeFalse();
        rules.Route(Input("TREE", InWest)).IsFallback.Should().BeTrue();
        rules.Route(Input("TREE", InEast)).IsFallback.Should().BeFalse();
        rules.Route(Input("TREE", InEast) with { Channel = Channel.Phone }).IsFallback.Should().BeTrue();
        rules.Route(Input("POTHOLE", InSouth)).IsFallback.Should().BeTrue();
    }

    private sealed class LongDescription : IRoutingCondition
    {
        public string Name => "long-description";

        public bool Evaluate(in RoutingInput input, out string? reason)
        {
            var length = input.Description?.Length ?? 0;
            reason = length >= 20 ? $"{length} characters" : $"{length} characters, fewer than 20";
            return length >= 20;
        }
    }
}
