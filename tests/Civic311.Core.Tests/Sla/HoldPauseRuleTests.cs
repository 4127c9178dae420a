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

/// <summary>Which holds stop the clocks is the policy's choice (DOT works Mon-Fri 07:00-15:00; 2 March 2026 is a Monday).</summary>
public sealed class HoldPauseRuleTests
{
    private const string WaitingForResident = "waiting-for-resident";
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly FakeClock _clock = new(At(2, 9));

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 3, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    private ServiceRequests Service(System.Action<SlaPolicyDefinition> configurePothole)
    {
        var options = TestCatalog.Options();
        configurePothole(options.SlaPolicies.Single(p => p.ServiceCode == "POTHOLE"));
        return new ServiceRequests(new InMemoryServiceRequestStore(), options, _clock);
    }

    private async Task<ServiceRequest> HoldAndResumeAsync(ServiceRequests service, string reason)
    {
        var request = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });
        _clock.AdvanceTo(At(2, 10));
        await service.PutOnHoldAsync(request.Id, reason);
        _clock.AdvanceTo(At(2, 12));
        return await service.ResumeAsync(request.Id);
    }

    [Fact]
    public async Task PutOnHold_ReasonListedByThePolicy_PausesTheClocks()
    {
        var service = Service(p => p.PauseHoldReasons.Add(WaitingForResident));

        var resumed = await HoldAndResumeAsync(service, "Waiting-For-Resident");

        var resolution = resumed.Sla.Single(s => s.Kpi == SlaTarget.Resolution);
        resolution.PausedTime.Should().Be(Duration.FromHours(2), "reasons compare case-insensitively");
        resolution.DueAt.Should().Be(At(5, 9), "end of Wednesday plus two open hours on hold");
    }

    [Fact]
    public async Task PutOnHold_ReasonNotListedByThePolicy_LeavesTheClocksRunning()
    {
        var service = Service(p => p.PauseHoldReasons.Add(WaitingForResident));

        var resumed = await HoldAndResumeAsync(service, "waiting-for-contractor");

        var resolution = resumed.Sla.Single(s => s.Kpi == SlaTarget.Resolution);
        resolution.Status.Should().Be(SlaStatus.InProgress);
        resumed.History.Should().Contain(h => h.Action == LifecycleAction.PutOnHold, "the hold itself is recorded");
        resolution.PausedTime.Should().Be(Duration.Zero, "the agency answers for its own contractor");
        resolution.DueAt.Should().Be(At(4, 15));
    }

    [Fact]
    public async Task PutOnHold_PolicyThatNeverPauses_LeavesTheClocksRunning()
    {
        var service = Service(p => p.PauseOnHold = false);

        var resumed = await HoldAndResumeAsync(service, WaitingForResident);

        resumed.Sla.Should().OnlyContain(s => s.PausedTime == Duration.Zero);
        resumed.Sla.Single(s => s.Kpi == SlaTarget.Resolution).DueAt.Should().Be(At(4, 15));
    }

    [Fact]
    public async Task PutOnHold_DefaultPolicy_PausesOnEveryReason()
    {
        var service = Service(_ => { });

        var resumed = await HoldAndResumeAsync(service, "anything at all");

        resumed.Sla.Single(s => s.Kpi == SlaTarget.Resolution).DueAt.Should().Be(At(5, 9));
    }

    [Fact]
    public void Options_PauseReasonsThatCannotWork_AreAllListed()
    {
        var options = TestCatalog.Options();
        var pothole = options.SlaPolicies.Single(p => p.ServiceCode == "POTHOLE");
        pothole.PauseOnHold = false;
        pothole.PauseHoldReasons.Add(WaitingForResident);
        pothole.PauseHoldReasons.Add(" ");
        pothole.PauseHoldReasons.Add("WAITING-FOR-RESIDENT");

        var build = () => new ServiceRequests(new InMemoryServiceRequestStore(), options, _clock);

        build.Should().Throw<Civic311ValidationException>().Which.Errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("slaPolicies[0].pauseHoldReasons[1]", ValidationErrorCodes.Required),
            ("slaPolicies[0].pauseHoldReasons[2]", ValidationErrorCodes.Duplicate),
            ("slaPolicies[0].pauseHoldReasons", ValidationErrorCodes.Inconsistent),
        });
    }

    [Fact]
    public void ListFromJson_PauseSettings_AreRead()
    {
        var policies = SlaPolicyDefinition.ListFromJson(
            """[{"serviceCode":"POTHOLE","pauseOnHold":true,"pauseHoldReasons":["waiting-for-resident"],"targets":[{"kpi":"resolution","kind":"businessTime","amount":"4h"}]}]""");

        policies.Should().ContainSingle().Which.PauseHoldReasons.Should().Equal(WaitingForResident);
    }
}
