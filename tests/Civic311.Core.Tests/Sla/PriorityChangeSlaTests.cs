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

/// <summary>A priority change applies the new priority's policy retroactively (DOT works Mon-Fri 07:00-15:00).</summary>
public sealed class PriorityChangeSlaTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly FakeClock _clock = new(At(2, 9));
    private readonly ServiceRequests _service;

    public PriorityChangeSlaTests()
    {
        var options = TestCatalog.Options();

        // Urgent potholes: fixed within 4 business hours, no separate first-response target.
        var urgent = new SlaPolicyDefinition { ServiceCode = "POTHOLE", Priority = Priority.Urgent };
        urgent.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.BusinessTime, Amount = "4h" });
        urgent.Targets.Add(new SlaTargetDefinition { Kpi = "inspection", Kind = SlaTimeKind.BusinessTime, Amount = "1h" });
        options.SlaPolicies.Add(urgent);
        _service = new ServiceRequests(new InMemoryServiceRequestStore(), options, _clock);
    }

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 3, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    [Fact]
    public async Task ChangePriority_RetargetsFromTheStartKeepsHoldTimeCancelsDroppedAndStartsAddedKpis()
    {
        var request = await _service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });
        _clock.AdvanceTo(At(2, 10));
        await _service.PutOnHoldAsync(request.Id, "Waiting for the resident");
        _clock.AdvanceTo(At(2, 11));
        await _service.ResumeAsync(request.Id); // 1 open hour on hold
        _clock.AdvanceTo(At(2, 12));

        var urgent = await _service.ChangePriorityAsync(request.Id, Priority.Urgent, new ChangeOptions { Actor = "supervisor" });

        urgent.Priority.Should().Be(Priority.Urgent);
        urgent.History[^1].Changes.Should().Equal(new FieldChange("priority", "Normal", "Urgent"));
        var resolution = urgent.Sla.Single(s => s.Kpi == SlaTarget.Resolution);
        resolution.DueAt.Should().Be(At(2, 14), "09:00 + 4 business hours + the hour on hold");
        resolution.PausedTime.Should().Be(Duration.FromHours(1));
        urgent.Sla.Single(s => s.Kpi == SlaTarget.FirstResponse).Status.Should().Be(SlaStatus.Cancelled);
        var inspection = urgent.Sla.Single(s => s.Kpi == "inspection");
        inspection.StartedAt.Should().Be(At(2, 9), "a KPI the new policy adds counts from the cycle's start");
        inspection.StatusAt(At(2, 12)).Should().Be(SlaStatus.Breached, "a retroactive target can already be breached");
        urgent.ExpectedAt.Should().Be(At(2, 14));
    }

    [Fact]
    public async Task ChangePriority_ToTheSamePriority_IsRefusedAndChangesNothing()
    {
        var request = await _service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });

        var same = () => _service.ChangePriorityAsync(request.Id, Priority.Normal).AsTask();

        (await same.Should().ThrowAsync<InvalidTransitionException>()).Which.Message.Should().Contain("already Normal");
        (await _service.GetAsync(request.Id))!.Version.Should().Be(request.Version);
    }

    [Fact]
    public async Task ChangePriority_UndefinedValue_IsAValidationError()
    {
        var request = await _service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });

        var bad = () => _service.ChangePriorityAsync(request.Id, (Priority)42).AsTask();

        (await bad.Should().ThrowAsync<Civic311ValidationException>()).Which.Errors.Should().ContainSingle(e => e.Field == "priority");
    }
}
