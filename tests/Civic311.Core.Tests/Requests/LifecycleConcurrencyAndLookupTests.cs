using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Application;

namespace Civic311.Core.Tests.Requests;

/// <summary>Unknown ids, expected versions and races between writers.</summary>
public sealed class LifecycleConcurrencyAndLookupTests
{
    public static TheoryData<LifecycleAction> AllOperations => new(ExpectedLifecycle.Operations);

    [Theory]
    [MemberData(nameof(AllOperations))]
    public async Task Operation_UnknownRequestId_ThrowsNotFoundAndStoresNothing(LifecycleAction action)
    {
        var harness = new LifecycleHarness();
        await harness.OriginalAsync();
        var unknown = ServiceRequestId.NewId();

        var act = () => harness.ApplyAsync(unknown, action);

        var exception = (await act.Should().ThrowExactlyAsync<ServiceRequestNotFoundException>()).Which;
        exception.RequestId.Should().Be(unknown);
        exception.Message.Should().Contain(unknown.ToString());
        harness.Store.Count.Should().Be(1, "only the original exists");
        await harness.ShouldBeUnchangedAsync(harness.Original!);
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public async Task Operation_EmptyRequestId_ThrowsArgumentException(LifecycleAction action)
    {
        var harness = new LifecycleHarness();

        var act = () => harness.ApplyAsync(default, action);

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public async Task Operation_StaleExpectedVersion_ThrowsConcurrencyConflictAndChangesNothing(LifecycleAction action)
    {
        var harness = new LifecycleHarness();
        var before = await SubmitAllowingAsync(harness, action);
        var stale = (LifecycleHarness.VersionNumber(before) - 1).ToString(CultureInfo.InvariantCulture);

        var act = () => harness.ApplyAsync(before.Id, action, new ChangeOptions { ExpectedVersion = stale });

        var exception = (await act.Should().ThrowExactlyAsync<ConcurrencyConflictException>()).Which;
        exception.RequestId.Should().Be(before.Id);
        exception.ExpectedVersion.Should().Be(stale);
        exception.ActualVersion.Should().Be(before.Version);
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public async Task Operation_CurrentExpectedVersion_Succeeds(LifecycleAction action)
    {
        var harness = new LifecycleHarness();
        var before = await SubmitAllowingAsync(harness, action);

        var after = await harness.ApplyAsync(before.Id, action, new ChangeOptions { ExpectedVersion = before.Version });

        after.History[^1].Action.Should().Be(action);
        LifecycleHarness.VersionNumber(after).Should().Be(LifecycleHarness.VersionNumber(before) + 1);
    }

    [Fact]
    public async Task AssignAsync_BasedOnASnapshotAnotherAgentChanged_ThrowsConcurrencyConflictAndKeepsTheOtherChange()
    {
        var harness = new LifecycleHarness();
        var snapshot = await harness.SubmitAsync();
        var acknowledged = await harness.Service.AcknowledgeAsync(snapshot.Id, new ChangeOptions { Actor = "agent-1" });

        var act = () => harness.Service.AssignAsync(
            snapshot.Id, new Assignment { Assignee = LifecycleHarness.Assignee }, new ChangeOptions { Actor = "agent-2", ExpectedVersion = snapshot.Version }).AsTask();

        var exception = (await act.Should().ThrowExactlyAsync<ConcurrencyConflictException>()).Which;
        exception.ExpectedVersion.Should().Be(snapshot.Version);
        exception.ActualVersion.Should().Be(acknowledged.Version);
        await harness.ShouldBeUnchangedAsync(acknowledged);
    }

    [Fact]
    public async Task Operation_LosingARaceWithoutExpectedVersion_IsReappliedOnTheWinnersState()
    {
        RacingStore? racing = null;
        var harness = new LifecycleHarness(wrapStore: inner => racing = new RacingStore(inner));
        var rival = new ServiceRequests(harness.Store, harness.Options, harness.Clock);
        var request = await harness.SubmitAsync();
        racing!.BeforeNextUpdate = () => rival.ReassignAsync(request.Id, new Assignment { Queue = LifecycleHarness.OtherQueue }, new ChangeOptions { Actor = "rival" }).AsTask();

        var acknowledged = await harness.Service.AcknowledgeAsync(request.Id, LifecycleHarness.ActorOptions);

        racing.Updates.Should().Be(2, "the first write lost the race and the change was re-read and written again");
        acknowledged.Status.Should().Be(ServiceRequestStatus.Acknowledged);
        acknowledged.Queue.Should().Be(LifecycleHarness.OtherQueue, "the winner's change is kept");
        acknowledged.History.Select(e => (e.Action, e.Sequence)).Should().Equal(
            (LifecycleAction.Submit, 1), (LifecycleAction.Reassign, 2), (LifecycleAction.Acknowledge, 3));
    }

    [Fact]
    public async Task Operation_LosingARaceToAChangeThatForbidsIt_IsRefusedOnTheWinnersState()
    {
        RacingStore? racing = null;
        var harness = new LifecycleHarness(wrapStore: inner => racing = new RacingStore(inner));
        var rival = new ServiceRequests(harness.Store, harness.Options, harness.Clock);
        var request = await harness.SubmitAsync();
        racing!.BeforeNextUpdate = () => rival.CancelAsync(request.Id, LifecycleHarness.CancelReason).AsTask();

        var act = () => harness.Service.AcknowledgeAsync(request.Id).AsTask();

        var exception = (await act.Should().ThrowExactlyAsync<InvalidTransitionException>()).Which;
        exception.Status.Should().Be(ServiceRequestStatus.Cancelled);
        (await harness.ReadAsync(request.Id)).History.Should().HaveCount(2, "submit and the rival's cancel only");
    }

    [Fact]
    public async Task Operation_LosingARaceWithRetriesDisabled_ThrowsConcurrencyConflict()
    {
        RacingStore? racing = null;
        var harness = new LifecycleHarness(o => o.MaxConflictRetries = 0, wrapStore: inner => racing = new RacingStore(inner));
        var rival = new ServiceRequests(harness.Store, harness.Options, harness.Clock);
        var request = await harness.SubmitAsync();
        racing!.BeforeNextUpdate = () => rival.ReassignAsync(request.Id, new Assignment { Queue = LifecycleHarness.OtherQueue }).AsTask();

        var act = () => harness.Service.AcknowledgeAsync(request.Id).AsTask();

        await act.Should().ThrowExactlyAsync<ConcurrencyConflictException>();
        (await harness.ReadAsync(request.Id)).Status.Should().Be(ServiceRequestStatus.Submitted);
    }

    private static Task<ServiceRequest> SubmitAllowingAsync(LifecycleHarness harness, LifecycleAction action) =>
        harness.SubmitInStatusAsync(ExpectedLifecycle.Statuses.First(s => ExpectedLifecycle.AllowedIn(s).Contains(action)));

    /// <summary>Lets a rival writer commit just before the next update, so that update loses the race.</summary>
    private sealed class RacingStore(IServiceRequestStore inner) : DelegatingStore(inner)
    {
        public Func<Task>? BeforeNextUpdate { get; set; }

        public int Updates { get; private set; }

        public override async ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken = default)
        {
            Updates++;
            var rival = BeforeNextUpdate;
            BeforeNextUpdate = null;
            if (rival is not null)
            {
                await rival();
            }

            return await Inner.UpdateAsync(change, cancellationToken);
        }
    }
}
