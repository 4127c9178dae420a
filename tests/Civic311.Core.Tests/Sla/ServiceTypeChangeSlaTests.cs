using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.Primitives;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.Sla;

/// <summary>
/// Correcting a request's service type: attributes re-checked, agency and queue from the new type, the new type's SLA policy
/// applied retroactively (DOT works Mon-Fri 07:00-15:00; 2 March 2026 is a Monday).
/// </summary>
public sealed class ServiceTypeChangeSlaTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly FakeClock _clock = new(At(2, 9));
    private readonly InMemoryServiceRequestStore _store = new();
    private readonly ServiceRequests _service;

    public ServiceTypeChangeSlaTests()
    {
        var options = TestCatalog.Options();

        // Street conditions: fixed by the end of the third working day; no separate first-response target.
        var street = new SlaPolicyDefinition { ServiceCode = "STREET-CONDITION" };
        street.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.BusinessDays, Days = 3, DayEnd = BusinessDayEnd.ClosingOfDay });
        options.SlaPolicies.Add(street);
        _service = new ServiceRequests(_store, options, _clock);
    }

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 3, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    private Task<ServiceRequest> SubmitPotholeAsync() => _service.SubmitAsync(new ServiceRequestSubmission
    {
        ServiceCode = "POTHOLE",
        Address = "1 Centre St",
        Attributes = new Dictionary<string, StringValues> { ["SIZE"] = "14", ["LANES"] = new StringValues(["LEFT", "RIGHT"]) },
    }).AsTask();

    [Fact]
    public async Task ChangeServiceType_SameAgency_RetargetsFromTheStartKeepsHoldTimeAndCarriesSharedAttributes()
    {
        var request = await SubmitPotholeAsync();
        _clock.AdvanceTo(At(2, 10));
        await _service.PutOnHoldAsync(request.Id, "Waiting for the resident");
        _clock.AdvanceTo(At(2, 11));
        await _service.ResumeAsync(request.Id); // 1 open hour on hold
        _clock.AdvanceTo(At(2, 12));

        var changed = await _service.ChangeServiceTypeAsync(request.Id, "street-condition", options: new ChangeOptions { Actor = "triage" });

        changed.ServiceCode.Should().Be("STREET-CONDITION", "the catalog's spelling of the code is stored");
        changed.Agency.Should().Be("DOT");
        changed.Queue.Should().Be("DOT-STREETS", "the new type's default queue");
        changed.Attributes.Should().ContainSingle().Which.Key.Should().Be("SIZE", "only attributes the new type defines are carried over");
        changed.Attributes["SIZE"].ToString().Should().Be("14");
        changed.History[^1].Action.Should().Be(LifecycleAction.ChangeServiceType);
        changed.History[^1].Actor.Should().Be("triage");
        changed.History[^1].Changes.Should().Equal(
            new FieldChange("serviceCode", "POTHOLE", "STREET-CONDITION"),
            new FieldChange("attributes", "LANES=LEFT|RIGHT; SIZE=14", "SIZE=14"),
            new FieldChange("queue", "DOT-ROADWAY", "DOT-STREETS"));

        var resolution = changed.Sla.Single(s => s.Kpi == SlaTarget.Resolution);
        resolution.StartedAt.Should().Be(At(2, 9), "the new target counts from the original submission");
        resolution.PausedTime.Should().Be(Duration.FromHours(1), "time on hold is carried over");
        resolution.DueAt.Should().Be(At(6, 8), "end of Thursday (15:00) plus the open hour on hold runs into Friday 07:00-08:00");
        changed.Sla.Single(s => s.Kpi == SlaTarget.FirstResponse).Status.Should().Be(SlaStatus.Cancelled, "the new policy has no first-response target");
        changed.ExpectedAt.Should().Be(At(6, 8));
    }

    [Fact]
    public async Task ChangeServiceType_ToAnotherAgency_TransfersClearsTheAssigneeRestartsWorkAndDropsClocksWithoutPolicy()
    {
        var request = await SubmitPotholeAsync();
        await _service.AcknowledgeAsync(request.Id);
        await _service.AssignAsync(request.Id, new Assignment { Assignee = "crew-7" });
        await _service.StartWorkAsync(request.Id);
        _clock.AdvanceTo(At(2, 10));

        var changed = await _service.ChangeServiceTypeAsync(request.Id, "HEAT", options: new ChangeOptions { Note = "It is about the boiler, not the street." });

        changed.Agency.Should().Be("HPD");
        changed.Queue.Should().Be("HPD-HEAT");
        changed.Assignee.Should().BeNull("the DOT crew does not work for HPD");
        changed.Status.Should().Be(ServiceRequestStatus.Acknowledged, "work restarts at the new agency");
        changed.Attributes.Should().BeEmpty();
        changed.History[^1].Changes.Select(c => c.Field).Should().Equal("serviceCode", "attributes", "agency", "assignee", "queue");
        changed.Sla.Single(s => s.Kpi == SlaTarget.FirstResponse).Status.Should().Be(SlaStatus.Met, "the acknowledgement answered the resident");
        changed.Sla.Single(s => s.Kpi == SlaTarget.Resolution).Status.Should().Be(SlaStatus.Cancelled, "HEAT has no SLA policy");
        changed.ExpectedAt.Should().BeNull();
        changed.NextSlaCheckAt.Should().BeNull();
    }

    [Fact]
    public async Task ChangeServiceType_WhileOnHold_KeepsThePauseRunning()
    {
        var request = await SubmitPotholeAsync();
        _clock.AdvanceTo(At(2, 10));
        await _service.PutOnHoldAsync(request.Id, "Waiting for the resident");
        _clock.AdvanceTo(At(2, 11));

        var changed = await _service.ChangeServiceTypeAsync(request.Id, "STREET-CONDITION");
        _clock.AdvanceTo(At(2, 13));
        var resumed = await _service.ResumeAsync(request.Id);

        changed.Status.Should().Be(ServiceRequestStatus.OnHold);
        changed.Sla.Single(s => s.Kpi == SlaTarget.Resolution && s.Status != SlaStatus.Cancelled).Status.Should().Be(SlaStatus.Paused);
        var resolution = resumed.Sla.Single(s => s.Kpi == SlaTarget.Resolution);
        resolution.PausedTime.Should().Be(Duration.FromHours(3), "paused from 10:00 to 13:00, across the change");
        resolution.DueAt.Should().Be(At(6, 10));
    }

    [Fact]
    public async Task ChangeServiceType_MissingRequiredAttribute_ListsItAndChangesNothing()
    {
        var request = await SubmitPotholeAsync();

        var change = () => _service.ChangeServiceTypeAsync(request.Id, "DEAD-ANIMAL").AsTask();

        var error = (await change.Should().ThrowAsync<Civic311ValidationException>()).Which;
        error.Errors.Should().ContainSingle().Which.Field.Should().Be("attributes[ANIMAL]");
        (await _service.GetAsync(request.Id))!.Version.Should().Be(request.Version);
    }

    [Fact]
    public async Task ChangeServiceType_WithNewAttributes_ReplacesThemAfterCheckingEachOne()
    {
        var request = await SubmitPotholeAsync();

        var bad = () => _service.ChangeServiceTypeAsync(request.Id, "DEAD-ANIMAL", new Dictionary<string, StringValues> { ["ANIMAL"] = "DRAGON", ["SIZE"] = "3" }).AsTask();
        var good = await _service.ChangeServiceTypeAsync(request.Id, "DEAD-ANIMAL", new Dictionary<string, StringValues> { ["animal"] = "DOG" });

        (await bad.Should().ThrowAsync<Civic311ValidationException>()).Which.Errors.Select(e => e.Field)
            .Should().BeEquivalentTo(["attributes[ANIMAL]", "attributes[SIZE]"]);
        good.Agency.Should().Be("ACC");
        good.Attributes.Should().ContainSingle().Which.Key.Should().Be("ANIMAL");
        good.Queue.Should().BeNull("DEAD-ANIMAL has no default queue");
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("NO-SUCH-SERVICE", "unknown")]
    [InlineData("OLD-SERVICE", "inactive")]
    public async Task ChangeServiceType_BadServiceCode_IsAValidationErrorOnTheServiceCode(string code, string errorCode)
    {
        var request = await SubmitPotholeAsync();

        var change = () => _service.ChangeServiceTypeAsync(request.Id, code).AsTask();

        (await change.Should().ThrowAsync<Civic311ValidationException>()).Which.Errors.Should().ContainSingle()
            .Which.Should().Match<ValidationError>(e => e.Field == "serviceCode" && e.Code == errorCode);
        (await _service.GetAsync(request.Id))!.Version.Should().Be(request.Version);
    }

    [Fact]
    public async Task ChangeServiceType_ToATypeNeedingALocationTheRequestLacks_IsRefused()
    {
        var request = await _service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "INFO", Description = "When is bulk pickup?" });

        var change = () => _service.ChangeServiceTypeAsync(request.Id, "STREET-CONDITION").AsTask();

        (await change.Should().ThrowAsync<Civic311ValidationException>()).Which.Errors.Should().ContainSingle()
            .Which.Message.Should().Contain("needs a location");
    }

    [Fact]
    public async Task ChangeServiceType_SameType_OrFinishedRequest_IsAnInvalidTransition()
    {
        var request = await SubmitPotholeAsync();
        var same = () => _service.ChangeServiceTypeAsync(request.Id, "pothole").AsTask();
        (await same.Should().ThrowAsync<InvalidTransitionException>()).Which.Message.Should().Contain("already 'POTHOLE'");

        await _service.ResolveAsync(request.Id, new Resolution("FIXED", null));
        var finished = () => _service.ChangeServiceTypeAsync(request.Id, "STREET-CONDITION").AsTask();
        (await finished.Should().ThrowAsync<InvalidTransitionException>()).Which.Action.Should().Be(LifecycleAction.ChangeServiceType);
    }
}
