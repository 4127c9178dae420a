using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.Routing;

/// <summary>Routing wired into the lifecycle: applied on submit and again when the service type changes, recorded in history.</summary>
public sealed class ServiceRequestsRoutingTests
{
    private readonly FakeClock _clock = new(RoutingKit.WednesdayMorning);
    private readonly ServiceRequests _service;

    public ServiceRequestsRoutingTests()
    {
        _service = new ServiceRequests(new InMemoryServiceRequestStore(), Options(), _clock);
    }

    private static Civic311Options Options()
    {
        var options = new Civic311Options { Catalog = RoutingKit.CatalogDefinition(), TimeZone = "America/New_York" };
        options.Calendars.Add(new BusinessCalendarDefinition { Id = "hpd-hours", TimeZone = "America/New_York" }.AddWeeklyHours(WeeklyHoursDefinition.Weekdays("09:00-17:00")));
        var pothole = new SlaPolicyDefinition { ServiceCode = "POTHOLE" };
        pothole.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.CalendarTime, Amount = "120h" });
        options.SlaPolicies.Add(pothole);
        var fast = new SlaPolicyDefinition { Name = "fast" };
        fast.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.CalendarTime, Amount = "4h" });
        options.SlaPolicies.Add(fast);

        var west = RoutingKit.Action("DOT", "DOT-WEST");
        west.Owner = "crew-west";
        west.SlaPolicy = "fast";
        west.Tags.Add("roads");
        var liaison = RoutingKit.Action("DOT", "DOT-LIAISON");
        liaison.Priority = Priority.High;
        options.Routing = RoutingKit.Definition()
            .AddRule("liaison", RoutingConditionDefinition.ReporterKindIs("liaison"), liaison)
            .AddRule("west-potholes", RoutingConditionDefinition.AllOf(RoutingConditionDefinition.ServiceIs("POTHOLE"), RoutingConditionDefinition.InDistrict("zone", "West")), west)
            .AddRule("streets", RoutingConditionDefinition.GroupIs("Streets"), RoutingKit.Action("DOT", "DOT-ROADWAY"));
        return options;
    }

    [Fact]
    public void FindDistricts_PointInsideAndOutside_GivesEverySetWithItsDistrictOrNull()
    {
        _service.FindDistricts(RoutingKit.InEast).Should().Equal([new KeyValuePair<string, string?>("zone", "East")]);
        _service.FindDistricts(RoutingKit.Outside).Should().Equal([new KeyValuePair<string, string?>("zone", null)]);
    }

    [Fact]
    public void FindDistricts_NoRouting_IsEmpty()
    {
        var options = Options();
        options.Routing = null;

        new ServiceRequests(new InMemoryServiceRequestStore(), options, _clock).FindDistricts(RoutingKit.InEast).Should().BeEmpty();
    }

    private static ServiceRequestSubmission At(GeoPoint point, string service = "POTHOLE") =>
        new() { ServiceCode = service, Latitude = point.Latitude, Longitude = point.Longitude, Channel = Channel.Web };

    [Fact]
    public async Task Submit_MatchingRule_SetsAgencyQueueOwnerTagsAndPolicyAndRecordsTheDecision()
    {
        var request = await _service.SubmitAsync(At(RoutingKit.InWest));

        request.Agency.Should().Be("DOT");
        request.Queue.Should().Be("DOT-WEST");
        request.Assignee.Should().Be("crew-west");
        request.Tags.Should().Equal("roads");
        request.SlaPolicyName.Should().Be("fast");
        request.ExpectedAt.Should().Be(RoutingKit.WednesdayMorning + Duration.FromHours(4), "the routed policy overrides the pothole's 5 days");
        var routing = request.History[0].Changes.Should().ContainSingle().Which;
        routing.Field.Should().Be("routing");
        routing.To.Should().Contain("west-potholes").And.Contain("DOT-WEST");
    }

    [Fact]
    public async Task Submit_RulePriority_RaisesThePriorityBeforeTheClocksStart()
    {
        var request = await _service.SubmitAsync(At(RoutingKit.InEast) with { Reporter = new ReporterContact { Name = "Block association", Kind = "Liaison" } });

        request.Queue.Should().Be("DOT-LIAISON");
        request.Priority.Should().Be(Priority.High);
        request.History[0].Changes.Single().To.Should().Contain("liaison");
    }

    [Fact]
    public async Task Submit_OutsideEveryDistrict_GoesToTheFallbackAndSaysSo()
    {
        var request = await _service.SubmitAsync(At(RoutingKit.Outside, "TREE"));

        request.Agency.Should().Be("311");
        request.Queue.Should().Be("TRIAGE");
        request.History[0].Changes.Single().To.Should().Contain("fallback");
        var explanation = _service.ExplainRouting(request)!;
        explanation.Decision.IsFallback.Should().BeTrue();
        explanation.Decision.IsOutsideDistricts.Should().BeTrue("the point lies outside every district of the set the rules use");
        explanation.Rules.Should().HaveCount(3).And.OnlyContain(r => !r.Matched);
    }

    [Fact]
    public async Task ChangeServiceType_RoutesAgainAndRecordsTheReassignment()
    {
        var request = await _service.SubmitAsync(At(RoutingKit.InEast, "TREE"));
        request.Queue.Should().Be("TRIAGE");

        var changed = await _service.ChangeServiceTypeAsync(request.Id, "POTHOLE");

        var west = await _service.SubmitAsync(At(RoutingKit.InWest, "TREE"));
        var rerouted = await _service.ChangeServiceTypeAsync(west.Id, "POTHOLE");

        changed.Agency.Should().Be("DOT");
        changed.Queue.Should().Be("DOT-ROADWAY", "a pothole in the east matches the Streets rule");
        changed.History[^1].Changes.Select(c => c.Field).Should().Equal("serviceCode", "agency", "queue", "routing");
        rerouted.Queue.Should().Be("DOT-WEST");
        rerouted.Assignee.Should().Be("crew-west");
        rerouted.SlaPolicyName.Should().Be("fast");
        rerouted.ExpectedAt.Should().Be(RoutingKit.WednesdayMorning + Duration.FromHours(4), "the routed policy applies from the submission");
        rerouted.History[^1].Changes.Select(c => c.Field).Should().Contain(["assignee", "slaPolicy", "routing"]);
    }

    [Fact]
    public void Options_RoutingProblems_AreListedWithTheOtherOptionErrors()
    {
        var options = Options();
        options.Routing!.Rules[0].Then!.SlaPolicy = "no-such-policy";
        options.Routing.Rules[1].Then!.Queue = "NOT-A-QUEUE";
        options.TimeZone = "Mars/Olympus";

        var build = () => new ServiceRequests(new InMemoryServiceRequestStore(), options, _clock);

        build.Should().Throw<Civic311ValidationException>().Which.Errors.Select(e => e.Field).Should().Contain(
            ["routing.rules[0].then.slaPolicy", "timeZone"]).And.Contain(f => f.StartsWith("routing.rules[1].then.queue"));
    }
}
