using System;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Core.Tests.Requests;

/// <summary>Every operation a status does not allow, and the request-specific refusals: refused loudly, nothing written.</summary>
public sealed class IllegalTransitionTests
{
    public static TheoryData<ServiceRequestStatus, LifecycleAction> IllegalPairs
    {
        get
        {
            var data = new TheoryData<ServiceRequestStatus, LifecycleAction>();
            foreach (var (status, action) in ExpectedLifecycle.IllegalPairs)
            {
                data.Add(status, action);
            }

            return data;
        }
    }

    [Fact]
    public void IllegalPairs_Matrix_CoversEveryStatusAndEveryOperation()
    {
        var pairs = IllegalPairs.Select(row => ((ServiceRequestStatus)row[0], (LifecycleAction)row[1])).ToList();

        pairs.Should().BeEquivalentTo(ExpectedLifecycle.IllegalPairs);
        pairs.Select(p => p.Item1).Distinct().Should().BeEquivalentTo(ExpectedLifecycle.Statuses, "every status refuses something");
        pairs.Should().HaveCount((10 * 13) - 52);
        pairs.Where(p => p.Item1 is ServiceRequestStatus.Cancelled or ServiceRequestStatus.Duplicate)
            .Should().HaveCount(2 * ExpectedLifecycle.Operations.Length, "final statuses refuse every operation");
    }

    [Theory]
    [MemberData(nameof(IllegalPairs))]
    public async Task Operation_NotAllowedInStatus_ThrowsInvalidTransitionAndChangesNothing(ServiceRequestStatus status, LifecycleAction action)
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitInStatusAsync(status);
        await harness.OriginalAsync();
        harness.Clock.Advance(LifecycleHarness.Step);

        var act = () => harness.ApplyAsync(before.Id, action, LifecycleHarness.ActorOptions);

        var exception = (await act.Should().ThrowExactlyAsync<InvalidTransitionException>()).Which;
        exception.Action.Should().Be(action);
        exception.Status.Should().Be(status);
        exception.RequestId.Should().Be(before.Id);
        exception.TrackingNumber.Should().Be(before.TrackingNumber);
        exception.Reason.Should().Be($"it is {status}.");
        exception.AllowedActions.Should().Equal(ExpectedLifecycle.AllowedIn(status));
        exception.AllowedActions.Should().Equal(harness.Service.GetAllowedActions(before));
        exception.Message.Should().StartWith($"Cannot {action} service request {before.TrackingNumber}: it is {status}.");
        exception.Message.Should().EndWith(
            ExpectedLifecycle.AllowedIn(status).Length == 0
                ? "No operation is allowed any more."
                : "Allowed now: " + string.Join(", ", ExpectedLifecycle.AllowedIn(status)) + ".");
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task AssignAsync_ReopenedRequestThatKeptItsAssignee_ThrowsAndPointsToReassign()
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitAsync();
        foreach (var action in new[] { LifecycleAction.Assign, LifecycleAction.StartWork, LifecycleAction.Resolve, LifecycleAction.Reopen })
        {
            before = await harness.StepAsync(before.Id, action);
        }

        before.Status.Should().Be(ServiceRequestStatus.Reopened);
        before.Assignee.Should().Be(LifecycleHarness.Assignee, "reopening keeps the crew that worked the request");

        var act = () => harness.Service.AssignAsync(before.Id, new Assignment { Assignee = LifecycleHarness.OtherAssignee }).AsTask();

        var exception = (await act.Should().ThrowExactlyAsync<InvalidTransitionException>()).Which;
        exception.Action.Should().Be(LifecycleAction.Assign);
        exception.Status.Should().Be(ServiceRequestStatus.Reopened);
        exception.Reason.Should().Be($"it is already assigned to '{LifecycleHarness.Assignee}'; use Reassign to change the assignee.");
        exception.Message.Should().StartWith($"Cannot Assign service request {before.TrackingNumber}: it is already assigned");
        exception.AllowedActions.Should().Equal(ExpectedLifecycle.AllowedIn(ServiceRequestStatus.Reopened).Where(a => a != LifecycleAction.Assign));
        exception.AllowedActions.Should().Contain(LifecycleAction.Reassign);
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(null, LifecycleHarness.DefaultQueue, null)]
    [InlineData("DOT", null, null)]
    [InlineData("dot", null, null)]
    [InlineData("DOT", LifecycleHarness.DefaultQueue, LifecycleHarness.Assignee)]
    [InlineData(null, null, LifecycleHarness.Assignee)]
    public async Task ReassignAsync_ThatChangesNothing_Throws(string? agency, string? queue, string? assignee)
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitInStatusAsync(ServiceRequestStatus.Assigned);

        var act = () => harness.Service.ReassignAsync(before.Id, new Assignment { Agency = agency, Queue = queue, Assignee = assignee }).AsTask();

        var exception = (await act.Should().ThrowExactlyAsync<InvalidTransitionException>()).Which;
        exception.Action.Should().Be(LifecycleAction.Reassign);
        exception.Status.Should().Be(ServiceRequestStatus.Assigned);
        exception.Reason.Should().Be(
            $"it is already with agency 'DOT', queue '{LifecycleHarness.DefaultQueue}' and assignee '{LifecycleHarness.Assignee}'; nothing would change.");
        exception.Message.Should().Contain(before.TrackingNumber);
        exception.AllowedActions.Should().Equal(ExpectedLifecycle.AllowedIn(ServiceRequestStatus.Assigned));
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task ReassignAsync_ToTheCurrentQueueOfAnUnassignedRequest_NamesTheMissingAssignee()
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitAsync();

        var act = () => harness.Service.ReassignAsync(before.Id, new Assignment { Queue = LifecycleHarness.DefaultQueue }).AsTask();

        (await act.Should().ThrowExactlyAsync<InvalidTransitionException>()).Which.Reason
            .Should().Be($"it is already with agency 'DOT', queue '{LifecycleHarness.DefaultQueue}' and assignee '(none)'; nothing would change.");
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(ServiceRequestStatus.Resolved)]
    [InlineData(ServiceRequestStatus.Closed)]
    public async Task ReopenAsync_OneTickAfterTheWindow_ThrowsAndChangesNothing(ServiceRequestStatus status)
    {
        var harness = new LifecycleHarness(o => o.ReopenWindow = Duration.FromDays(7));
        var before = await harness.SubmitInStatusAsync(status);
        var resolvedAt = before.ResolvedAt!.Value;
        harness.Clock.Reset(resolvedAt + Duration.FromDays(7) + Duration.FromTicks(1));

        var act = () => harness.Service.ReopenAsync(before.Id, LifecycleHarness.ReopenReason).AsTask();

        var exception = (await act.Should().ThrowExactlyAsync<InvalidTransitionException>()).Which;
        exception.Action.Should().Be(LifecycleAction.Reopen);
        exception.Status.Should().Be(status);
        exception.Reason.Should().StartWith($"it was resolved at {resolvedAt}, more than the reopen window of {Duration.FromDays(7)} ago");
        exception.Message.Should().Contain(before.TrackingNumber);
        exception.AllowedActions.Should().NotContain(LifecycleAction.Reopen);
        exception.AllowedActions.Should().Equal(ExpectedLifecycle.AllowedIn(status).Where(a => a != LifecycleAction.Reopen));
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task MarkAsDuplicateAsync_OfItself_Throws()
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitAsync();

        var act = () => harness.Service.MarkAsDuplicateAsync(before.Id, before.Id).AsTask();

        var exception = (await act.Should().ThrowExactlyAsync<InvalidTransitionException>()).Which;
        exception.Action.Should().Be(LifecycleAction.MarkAsDuplicate);
        exception.Status.Should().Be(ServiceRequestStatus.Submitted);
        exception.Reason.Should().Be("a request cannot duplicate itself.");
        exception.Message.Should().Contain(before.TrackingNumber);
        exception.AllowedActions.Should().Equal(ExpectedLifecycle.AllowedIn(ServiceRequestStatus.Submitted));
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(ServiceRequestStatus.Cancelled)]
    [InlineData(ServiceRequestStatus.Duplicate)]
    public async Task MarkAsDuplicateAsync_OfACancelledOrDuplicateOriginal_ThrowsAndNamesTheOriginal(ServiceRequestStatus originalStatus)
    {
        var harness = new LifecycleHarness();
        var original = await harness.SubmitInStatusAsync(originalStatus);
        var before = await harness.SubmitAsync();

        var act = () => harness.Service.MarkAsDuplicateAsync(before.Id, original.Id).AsTask();

        var exception = (await act.Should().ThrowExactlyAsync<InvalidTransitionException>()).Which;
        exception.Action.Should().Be(LifecycleAction.MarkAsDuplicate);
        exception.Status.Should().Be(ServiceRequestStatus.Submitted);
        exception.TrackingNumber.Should().Be(before.TrackingNumber);
        exception.Reason.Should().Contain(original.TrackingNumber).And.Contain($"is {originalStatus}");
        exception.Message.Should().Contain(before.TrackingNumber);
        await harness.ShouldBeUnchangedAsync(before);
        await harness.ShouldBeUnchangedAsync(original);
    }

    [Fact]
    public async Task MarkAsDuplicateAsync_ChainedThroughADuplicate_IsRefusedBothWays()
    {
        var harness = new LifecycleHarness();
        var first = await harness.SubmitAsync();
        var second = await harness.Service.MarkAsDuplicateAsync((await harness.SubmitAsync()).Id, first.Id);
        first = await harness.ReadAsync(first.Id); // it counts its duplicate now

        // The original cannot become a duplicate of its own duplicate.
        var act = () => harness.Service.MarkAsDuplicateAsync(first.Id, second.Id).AsTask();

        await act.Should().ThrowExactlyAsync<InvalidTransitionException>();
        await harness.ShouldBeUnchangedAsync(first);
        (await harness.ReadAsync(first.Id)).IsOpen.Should().BeTrue();
    }

    [Fact]
    public async Task Operation_RefusedAfterItSucceeded_IsNeverASilentNoOp()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitAsync();
        var acknowledged = await harness.Service.AcknowledgeAsync(request.Id);

        // Repeating an operation is refused, not swallowed as if it had been applied again.
        var act = () => harness.Service.AcknowledgeAsync(request.Id).AsTask();

        await act.Should().ThrowExactlyAsync<InvalidTransitionException>();
        await harness.ShouldBeUnchangedAsync(acknowledged);
    }
}
