using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;

namespace Civic311.Core.Tests.Requests;

/// <summary>PutOnHold and Resume: a hold remembers where the request was, and leaving the hold forgets it.</summary>
public sealed class HoldAndResumeTests
{
    public static TheoryData<ServiceRequestStatus> HoldableStatuses =>
        new(ExpectedLifecycle.Statuses.Where(s => ExpectedLifecycle.AllowedIn(s).Contains(LifecycleAction.PutOnHold)));

    [Fact]
    public void HoldableStatuses_AreTheOpenStatusesButOnHold()
    {
        HoldableStatuses.Cast<object[]>().Select(row => (ServiceRequestStatus)row[0]).Should().BeEquivalentTo(new[]
        {
            ServiceRequestStatus.Submitted, ServiceRequestStatus.Acknowledged, ServiceRequestStatus.Assigned,
            ServiceRequestStatus.InProgress, ServiceRequestStatus.Reopened,
        });
    }

    [Theory]
    [MemberData(nameof(HoldableStatuses))]
    public async Task ResumeAsync_AfterAHold_ReturnsToTheStatusBeforeTheHold(ServiceRequestStatus status)
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(status);

        var held = await harness.StepAsync(request.Id, LifecycleAction.PutOnHold);
        held.Status.Should().Be(ServiceRequestStatus.OnHold);
        held.StatusBeforeHold.Should().Be(status);
        held.HoldReason.Should().Be(LifecycleHarness.HoldReason);
        held.IsOpen.Should().BeTrue();

        var resumed = await harness.StepAsync(request.Id, LifecycleAction.Resume);

        resumed.Status.Should().Be(status);
        resumed.StatusBeforeHold.Should().BeNull();
        resumed.HoldReason.Should().BeNull();
        resumed.Assignee.Should().Be(request.Assignee);
        resumed.History[^1].FromStatus.Should().Be(ServiceRequestStatus.OnHold);
        resumed.History[^1].ToStatus.Should().Be(status);
        resumed.History[^1].Changes.Should().Equal(new FieldChange("holdReason", LifecycleHarness.HoldReason, null));
    }

    [Fact]
    public async Task PutOnHoldAsync_ReasonWithSurroundingSpaces_StoresItTrimmed()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitAsync();

        var held = await harness.Service.PutOnHoldAsync(request.Id, "  Waiting for the resident  ");

        held.HoldReason.Should().Be("Waiting for the resident");
        held.History[^1].Changes.Should().Equal(new FieldChange("holdReason", null, "Waiting for the resident"));
    }

    [Theory]
    [InlineData(LifecycleAction.Resolve, ServiceRequestStatus.Resolved)]
    [InlineData(LifecycleAction.Cancel, ServiceRequestStatus.Cancelled)]
    [InlineData(LifecycleAction.MarkAsDuplicate, ServiceRequestStatus.Duplicate)]
    public async Task LeavingOpenStatuses_FromAHold_ClearsTheHold(LifecycleAction action, ServiceRequestStatus expected)
    {
        var harness = new LifecycleHarness();
        var held = await harness.SubmitInStatusAsync(ServiceRequestStatus.OnHold);

        var after = await harness.StepAsync(held.Id, action);

        after.Status.Should().Be(expected);
        after.StatusBeforeHold.Should().BeNull();
        after.HoldReason.Should().BeNull();
        after.History[^1].FromStatus.Should().Be(ServiceRequestStatus.OnHold);
    }

    [Fact]
    public async Task ResumeAsync_AfterAHoldThatWasReopenedAndHeldAgain_ReturnsToTheLatestStatus()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.OnHold); // held while in progress
        request = await harness.StepAsync(request.Id, LifecycleAction.Resolve);
        request = await harness.StepAsync(request.Id, LifecycleAction.Reopen);
        request = await harness.StepAsync(request.Id, LifecycleAction.PutOnHold);

        var resumed = await harness.StepAsync(request.Id, LifecycleAction.Resume);

        resumed.Status.Should().Be(ServiceRequestStatus.Reopened, "the hold before the resolution must not leak into the later one");
    }
}
