using System.Linq;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Storage.Specification;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.Sla;

/// <summary>The SLA clocks wired into the lifecycle, with TestCatalog's pothole policy (DOT works Mon-Fri 07:00-15:00).</summary>
public sealed class ServiceRequestSlaTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly FakeClock _clock = new(At(2, 9)); // Monday 2026-03-02 09:00
    private readonly ServiceRequests _service;

    public ServiceRequestSlaTests()
    {
        _service = new ServiceRequests(new InMemoryServiceRequestStore(), TestCatalog.Options(), _clock);
    }

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 3, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    private static SlaInstance Kpi(ServiceRequest request, string kpi, int cycle = 1) => request.Sla.Single(s => s.Kpi == kpi && s.Cycle == cycle);

    private Task<ServiceRequest> SubmitPothole() => _service.SubmitAsync(new ServiceRequestSubmission
    {
        ServiceCode = "POTHOLE", Latitude = 40.7, Longitude = -74.0, Address = "1 Centre St",
    }).AsTask();

    [Fact]
    public async Task Submit_StartsEveryTargetOfThePolicyAndPromisesTheResolutionDate()
    {
        var request = await SubmitPothole();

        Kpi(request, SlaTarget.FirstResponse).DueAt.Should().Be(At(2, 11));
        Kpi(request, SlaTarget.Resolution).DueAt.Should().Be(At(4, 15)); // end of the second working day
        request.ExpectedAt.Should().Be(At(4, 15));
        request.Sla.Should().AllSatisfy(s => s.Status.Should().Be(SlaStatus.InProgress));
    }

    [Fact]
    public async Task CurrentSla_AfterAReopen_IsTheNewCyclesClockAndNullForAnUnknownKpi()
    {
        var request = await SubmitPothole();
        await _service.ResolveAsync(request.Id, new Resolution("FIXED"));
        _clock.AdvanceTo(At(3, 9));
        var reopened = await _service.ReopenAsync(request.Id, "It is back");

        reopened.CurrentSla(SlaTarget.Resolution).Should().BeSameAs(Kpi(reopened, SlaTarget.Resolution, cycle: 2));
        reopened.CurrentSla(SlaTarget.Resolution)!.StartedAt.Should().Be(At(3, 9));
        request.CurrentSla(SlaTarget.FirstResponse).Should().BeSameAs(Kpi(request, SlaTarget.FirstResponse));
        request.CurrentSla("inspection").Should().BeNull();
    }

    [Fact]
    public async Task Submit_ServiceWithoutPolicy_HasNoClocks()
    {
        var request = await _service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "INFO" });

        request.Sla.Should().BeEmpty();
        request.ExpectedAt.Should().BeNull();
    }

    [Fact]
    public async Task Acknowledge_OnTime_MeetsTheFirstResponse_AndLate_BreachesIt()
    {
        var onTime = await SubmitPothole();
        var late = await SubmitPothole();
        _clock.AdvanceTo(At(2, 10));
        Kpi(await _service.AcknowledgeAsync(onTime.Id), SlaTarget.FirstResponse).Status.Should().Be(SlaStatus.Met);
        _clock.AdvanceTo(At(2, 12));
        var acknowledged = await _service.AcknowledgeAsync(late.Id);

        Kpi(acknowledged, SlaTarget.FirstResponse).Status.Should().Be(SlaStatus.Breached);
        Kpi(acknowledged, SlaTarget.FirstResponse).CompletedAt.Should().Be(At(2, 12));
        Kpi(acknowledged, SlaTarget.Resolution).Status.Should().Be(SlaStatus.InProgress);
    }

    [Fact]
    public async Task APublicNote_MeetsTheFirstResponse_AnInternalOneDoesNot()
    {
        var request = await SubmitPothole();
        _clock.AdvanceTo(At(2, 9, 30));
        var internalNote = await _service.ReassignAsync(request.Id, new Assignment { Queue = "DOT-QUEENS" }, new ChangeOptions { Note = "moving", NoteVisibility = NoteVisibility.Internal });
        Kpi(internalNote, SlaTarget.FirstResponse).Status.Should().Be(SlaStatus.InProgress);

        var publicNote = await _service.ReassignAsync(request.Id, new Assignment { Queue = "DOT-BK" }, new ChangeOptions { Note = "A crew is on its way.", NoteVisibility = NoteVisibility.Public });

        Kpi(publicNote, SlaTarget.FirstResponse).Status.Should().Be(SlaStatus.Met);
    }

    [Fact]
    public async Task HoldAndResume_PauseTheClocks_AndOnlyOpenHoursOnHoldMoveTheDeadline()
    {
        var request = await _service.AcknowledgeAsync((await SubmitPothole()).Id);
        _clock.AdvanceTo(At(2, 13));
        var held = await _service.PutOnHoldAsync(request.Id, "Waiting for the resident");
        Kpi(held, SlaTarget.Resolution).Status.Should().Be(SlaStatus.Paused);

        _clock.AdvanceTo(At(3, 8)); // on hold Monday 13:00-15:00 and Tuesday 07:00-08:00: 3 open hours
        var resumed = await _service.ResumeAsync(request.Id);

        var resolution = Kpi(resumed, SlaTarget.Resolution);
        resolution.Status.Should().Be(SlaStatus.InProgress);
        resolution.PausedTime.Should().Be(Duration.FromHours(3));
        resolution.DueAt.Should().Be(At(5, 10)); // Wednesday 15:00 + 3 open hours = Thursday 10:00
        resumed.ExpectedAt.Should().Be(At(5, 10));
    }

    [Fact]
    public async Task Resolve_MeetsTheResolution_AndReopenStartsANewCycleLeavingTheOldOneUnchanged()
    {
        var request = await SubmitPothole();
        _clock.AdvanceTo(At(3, 10));
        var resolved = await _service.ResolveAsync(request.Id, new Resolution("REPAIRED"));
        Kpi(resolved, SlaTarget.Resolution).Status.Should().Be(SlaStatus.Met);
        Kpi(resolved, SlaTarget.FirstResponse).Status.Should().Be(SlaStatus.Breached, "resolving is the first response, and it came a day late");

        _clock.AdvanceTo(At(6, 9));
        var reopened = await _service.ReopenAsync(request.Id, "The pothole is back");

        reopened.Sla.Should().HaveCount(4);
        Kpi(reopened, SlaTarget.Resolution, cycle: 1).Should().Be(Kpi(resolved, SlaTarget.Resolution));
        Kpi(reopened, SlaTarget.Resolution, cycle: 2).StartedAt.Should().Be(At(6, 9));
        Kpi(reopened, SlaTarget.Resolution, cycle: 2).DueAt.Should().Be(At(10, 15)); // Friday + 2 working days: Tuesday's end
        reopened.ExpectedAt.Should().Be(At(10, 15));
    }

    [Fact]
    public async Task Cancel_CancelsTheRunningClocks()
    {
        var request = await SubmitPothole();
        var cancelled = await _service.CancelAsync(request.Id, "Reported by mistake");

        cancelled.Sla.Should().AllSatisfy(s => s.Status.Should().Be(SlaStatus.Cancelled));
    }

    [Fact]
    public async Task Reassign_ToAnAgencyOnAnotherCalendar_KeepsTimeUsedAndCountsTheRestThere()
    {
        var request = await _service.AcknowledgeAsync((await SubmitPothole()).Id); // due Wednesday 15:00
        _clock.AdvanceTo(At(2, 15)); // Monday's hours are used; Tuesday's and Wednesday's 16 open hours are left

        // DSNY has no calendar of its own: it works around the clock, so the 16 hours left run straight through.
        var moved = await _service.ReassignAsync(request.Id, new Assignment { Agency = "DSNY" });

        var resolution = Kpi(moved, SlaTarget.Resolution);
        resolution.DueAt.Should().Be(At(3, 7));
        resolution.CalendarVersion.Should().NotBe(Kpi(request, SlaTarget.Resolution).CalendarVersion);
    }
}
