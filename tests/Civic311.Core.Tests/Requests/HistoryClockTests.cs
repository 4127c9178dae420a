using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Core.Tests.Requests;

/// <summary>History never runs backwards, even when a process's clock is behind the last change.</summary>
public sealed class HistoryClockTests
{
    [Fact]
    public async Task Operation_ClockResetBeforeTheLastChange_ClampsOccurredAtToThePreviousUpdatedAt()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.Acknowledged);
        var lastChange = request.UpdatedAt;
        harness.Clock.Reset(lastChange - Duration.FromDays(1));

        var started = await harness.Service.StartWorkAsync(request.Id);

        started.Status.Should().Be(ServiceRequestStatus.InProgress);
        started.History[^1].OccurredAt.Should().Be(lastChange);
        started.UpdatedAt.Should().Be(lastChange);
        started.RequestedAt.Should().Be(request.RequestedAt);
    }

    [Fact]
    public async Task ResolveCloseAndCancel_ClockBehind_StampTheClampedInstant()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.InProgress);
        var lastChange = request.UpdatedAt;
        harness.Clock.Reset(lastChange - Duration.FromHours(2));

        var resolved = await harness.Service.ResolveAsync(request.Id, new Resolution("FIXED"));
        var closed = await harness.Service.CloseAsync(request.Id);
        var other = await harness.SubmitAsync();
        harness.Clock.Advance(Duration.FromHours(3));
        other = await harness.Service.AcknowledgeAsync(other.Id);
        harness.Clock.Reset(other.UpdatedAt - Duration.FromMinutes(30));
        var cancelled = await harness.Service.CancelAsync(other.Id, LifecycleHarness.CancelReason);

        resolved.ResolvedAt.Should().Be(lastChange);
        closed.ClosedAt.Should().Be(lastChange);
        cancelled.ClosedAt.Should().Be(other.UpdatedAt);
    }

    [Fact]
    public async Task History_ClockJumpingBackAndForth_IsNonDecreasingWithConsecutiveSequences()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitAsync();
        var offsets = new[] { 60, -600, 5, -1, 120, -10_000, 1, 0 };
        var actions = new[]
        {
            LifecycleAction.Acknowledge, LifecycleAction.Assign, LifecycleAction.StartWork, LifecycleAction.PutOnHold,
            LifecycleAction.Resume, LifecycleAction.Resolve, LifecycleAction.Close, LifecycleAction.Reopen,
        };

        for (var i = 0; i < actions.Length; i++)
        {
            harness.Clock.Reset(harness.Clock.Now + Duration.FromMinutes(offsets[i]));
            request = await harness.ApplyAsync(request.Id, actions[i]);
        }

        request.History.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, actions.Length + 1));
        request.History.Select(e => e.OccurredAt).Should().BeInAscendingOrder();
        request.UpdatedAt.Should().Be(request.History[^1].OccurredAt);
        request.History.Select(e => e.OccurredAt).Distinct().Should().HaveCountGreaterThan(1, "the clock did move forward at times");
    }

    [Fact]
    public async Task ReopenAsync_ClockBehindTheResolution_IsStillWithinTheWindow()
    {
        var harness = new LifecycleHarness(o => o.ReopenWindow = Duration.FromDays(1));
        var resolved = await harness.SubmitInStatusAsync(ServiceRequestStatus.Resolved);
        harness.Clock.Reset(resolved.ResolvedAt!.Value - Duration.FromDays(30));

        var reopened = await harness.Service.ReopenAsync(resolved.Id, LifecycleHarness.ReopenReason);

        reopened.Status.Should().Be(ServiceRequestStatus.Reopened);
        reopened.History[^1].OccurredAt.Should().Be(resolved.UpdatedAt);
    }
}
