using System.Threading.Tasks;
using Civic311.Requests;

namespace Civic311.Core.Tests.Requests;

/// <summary>ReassignAsync and AssignAsync: transfers between agencies, queues and assignees, and the status they imply.</summary>
public sealed class ReassignTests
{
    [Theory]
    [InlineData(ServiceRequestStatus.Assigned)]
    [InlineData(ServiceRequestStatus.InProgress)]
    public async Task ReassignAsync_ToAnotherAgencyWithoutAssignee_ClearsAssigneeAndOldQueueAndRestartsAtAcknowledged(ServiceRequestStatus status)
    {
        var harness = new LifecycleHarness();
        var request = await SubmitWorkedByCrewAsync(harness, status);
        harness.Clock.Advance(LifecycleHarness.Step);

        var after = await harness.Service.ReassignAsync(request.Id, new Assignment { Agency = "DSNY" }, LifecycleHarness.ActorOptions);

        after.Status.Should().Be(ServiceRequestStatus.Acknowledged);
        after.Agency.Should().Be("DSNY");
        after.Queue.Should().BeNull();
        after.Assignee.Should().BeNull();
        after.History[^1].Should().BeEquivalentTo(new
        {
            Action = LifecycleAction.Reassign,
            FromStatus = (ServiceRequestStatus?)status,
            ToStatus = ServiceRequestStatus.Acknowledged,
            OccurredAt = harness.Clock.Now,
            Actor = LifecycleHarness.Actor,
        });
        after.History[^1].Changes.Should().Equal(
            new FieldChange("agency", "DOT", "DSNY"),
            new FieldChange("queue", LifecycleHarness.DefaultQueue, null),
            new FieldChange("assignee", LifecycleHarness.Assignee, null));
        harness.Service.GetAllowedActions(after).Should().Contain(LifecycleAction.Assign, "nobody is on the request any more");
    }

    [Fact]
    public async Task ReassignAsync_ToAnotherAgencyAndQueue_ReplacesTheQueueOnce()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.Assigned);

        var after = await harness.Service.ReassignAsync(request.Id, new Assignment { Agency = "DSNY", Queue = "DSNY-COLLECTION" });

        after.Status.Should().Be(ServiceRequestStatus.Acknowledged);
        after.Agency.Should().Be("DSNY");
        after.Queue.Should().Be("DSNY-COLLECTION");
        after.Assignee.Should().BeNull();
        after.History[^1].Changes.Should().BeEquivalentTo(new[]
        {
            new FieldChange("agency", "DOT", "DSNY"),
            new FieldChange("queue", LifecycleHarness.DefaultQueue, "DSNY-COLLECTION"),
            new FieldChange("assignee", LifecycleHarness.Assignee, null),
        });
    }

    [Fact]
    public async Task ReassignAsync_AgencyCodeInAnotherCase_StoresTheCatalogCode()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitAsync();

        var after = await harness.Service.ReassignAsync(request.Id, new Assignment { Agency = "dsny" });

        after.Agency.Should().Be("DSNY");
        after.History[^1].Changes.Should().Contain(new FieldChange("agency", "DOT", "DSNY"));
    }

    [Theory]
    [InlineData(ServiceRequestStatus.Submitted)]
    [InlineData(ServiceRequestStatus.Acknowledged)]
    [InlineData(ServiceRequestStatus.Reopened)]
    public async Task ReassignAsync_ToAnotherAgencyBeforeWorkStarted_KeepsTheStatus(ServiceRequestStatus status)
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(status);

        var after = await harness.Service.ReassignAsync(request.Id, new Assignment { Agency = "HPD" });

        after.Status.Should().Be(status);
        after.Agency.Should().Be("HPD");
        after.Queue.Should().BeNull();
        after.History[^1].Changes.Should().Equal(new FieldChange("agency", "DOT", "HPD"), new FieldChange("queue", LifecycleHarness.DefaultQueue, null));
    }

    [Fact]
    public async Task ReassignAsync_ToAnotherAgencyWhileOnHoldFromWork_StaysOnHoldAndResumesAtAcknowledged()
    {
        var harness = new LifecycleHarness();
        var request = await SubmitWorkedByCrewAsync(harness, ServiceRequestStatus.InProgress);
        request = await harness.StepAsync(request.Id, LifecycleAction.PutOnHold);

        var moved = await harness.Service.ReassignAsync(request.Id, new Assignment { Agency = "DSNY" });

        moved.Status.Should().Be(ServiceRequestStatus.OnHold);
        moved.StatusBeforeHold.Should().Be(ServiceRequestStatus.Acknowledged);
        moved.HoldReason.Should().Be(LifecycleHarness.HoldReason);
        moved.Assignee.Should().BeNull();
        (await harness.StepAsync(request.Id, LifecycleAction.Resume)).Status.Should().Be(ServiceRequestStatus.Acknowledged);
    }

    [Fact]
    public async Task ReassignAsync_ToAnotherAgencyWithAnAssignee_KeepsWorkGoing()
    {
        var harness = new LifecycleHarness();
        var request = await SubmitWorkedByCrewAsync(harness, ServiceRequestStatus.InProgress);

        var after = await harness.Service.ReassignAsync(request.Id, new Assignment { Agency = "DSNY", Assignee = LifecycleHarness.OtherAssignee });

        after.Status.Should().Be(ServiceRequestStatus.InProgress);
        after.Agency.Should().Be("DSNY");
        after.Queue.Should().BeNull();
        after.Assignee.Should().Be(LifecycleHarness.OtherAssignee);
        after.History[^1].Changes.Should().Equal(
            new FieldChange("agency", "DOT", "DSNY"),
            new FieldChange("queue", LifecycleHarness.DefaultQueue, null),
            new FieldChange("assignee", LifecycleHarness.Assignee, LifecycleHarness.OtherAssignee));
    }

    [Theory]
    [InlineData(ServiceRequestStatus.Submitted)]
    [InlineData(ServiceRequestStatus.Acknowledged)]
    [InlineData(ServiceRequestStatus.Reopened)]
    public async Task ReassignAsync_SettingAnAssigneeBeforeWorkStarted_MakesTheRequestAssigned(ServiceRequestStatus status)
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(status);
        request.Assignee.Should().BeNull();

        var after = await harness.Service.ReassignAsync(request.Id, new Assignment { Assignee = LifecycleHarness.OtherAssignee });

        after.Status.Should().Be(ServiceRequestStatus.Assigned);
        after.Assignee.Should().Be(LifecycleHarness.OtherAssignee);
        after.History[^1].FromStatus.Should().Be(status);
        after.History[^1].ToStatus.Should().Be(ServiceRequestStatus.Assigned);
        after.History[^1].Changes.Should().Equal(new FieldChange("assignee", null, LifecycleHarness.OtherAssignee));
    }

    [Theory]
    [InlineData(ServiceRequestStatus.Assigned)]
    [InlineData(ServiceRequestStatus.InProgress)]
    public async Task ReassignAsync_SettingAnotherAssigneeOnceAssignedOrStarted_KeepsTheStatus(ServiceRequestStatus status)
    {
        var harness = new LifecycleHarness();
        var request = await SubmitWorkedByCrewAsync(harness, status);

        var after = await harness.Service.ReassignAsync(request.Id, new Assignment { Assignee = LifecycleHarness.OtherAssignee });

        after.Status.Should().Be(status);
        after.Agency.Should().Be("DOT");
        after.Queue.Should().Be(LifecycleHarness.DefaultQueue);
        after.History[^1].Changes.Should().Equal(new FieldChange("assignee", LifecycleHarness.Assignee, LifecycleHarness.OtherAssignee));
    }

    [Theory]
    [InlineData(ServiceRequestStatus.Submitted)]
    [InlineData(ServiceRequestStatus.Acknowledged)]
    public async Task ReassignAsync_SettingAnAssigneeWhileOnHoldBeforeWorkStarted_ResumesAsAssigned(ServiceRequestStatus status)
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(status);
        request = await harness.StepAsync(request.Id, LifecycleAction.PutOnHold);

        var held = await harness.Service.ReassignAsync(request.Id, new Assignment { Assignee = LifecycleHarness.Assignee });

        held.Status.Should().Be(ServiceRequestStatus.OnHold);
        held.Assignee.Should().Be(LifecycleHarness.Assignee);
        held.StatusBeforeHold.Should().Be(ServiceRequestStatus.Assigned, "the request now has a crew, as a transfer that clears the crew resets the held status too");

        var resumed = await harness.StepAsync(request.Id, LifecycleAction.Resume);

        resumed.Status.Should().Be(ServiceRequestStatus.Assigned);
        harness.Service.GetAllowedActions(resumed).Should().NotContain(LifecycleAction.Assign);
    }

    [Theory]
    [InlineData(ServiceRequestStatus.Submitted)]
    [InlineData(ServiceRequestStatus.Acknowledged)]
    [InlineData(ServiceRequestStatus.Reopened)]
    public async Task AssignAsync_WithQueueAndAgency_MovesTheRequestAndMakesItAssigned(ServiceRequestStatus status)
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(status);

        var after = await harness.Service.AssignAsync(request.Id, new Assignment { Agency = "DSNY", Queue = "DSNY-COLLECTION", Assignee = LifecycleHarness.Assignee });

        after.Status.Should().Be(ServiceRequestStatus.Assigned);
        after.Agency.Should().Be("DSNY");
        after.Queue.Should().Be("DSNY-COLLECTION");
        after.Assignee.Should().Be(LifecycleHarness.Assignee);
        after.History[^1].Changes.Should().Equal(
            new FieldChange("agency", "DOT", "DSNY"),
            new FieldChange("queue", LifecycleHarness.DefaultQueue, "DSNY-COLLECTION"),
            new FieldChange("assignee", null, LifecycleHarness.Assignee));
    }

    /// <summary>A request in <paramref name="status"/> (Assigned or InProgress) with <see cref="LifecycleHarness.Assignee"/> on it.</summary>
    private static async Task<ServiceRequest> SubmitWorkedByCrewAsync(LifecycleHarness harness, ServiceRequestStatus status)
    {
        var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.Assigned);
        if (status == ServiceRequestStatus.InProgress)
        {
            request = await harness.StepAsync(request.Id, LifecycleAction.StartWork);
        }

        request.Status.Should().Be(status);
        request.Assignee.Should().Be(LifecycleHarness.Assignee);
        return request;
    }
}
