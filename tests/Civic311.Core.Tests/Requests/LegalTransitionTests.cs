using System;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using Civic311.Application;

namespace Civic311.Core.Tests.Requests;

/// <summary>Every operation in every status that allows it, driven through <see cref="ServiceRequests"/>.</summary>
public sealed class LegalTransitionTests
{
    private const string Note = "Checked on site with the crew";

    public static TheoryData<ServiceRequestStatus, LifecycleAction> LegalPairs
    {
        get
        {
            var data = new TheoryData<ServiceRequestStatus, LifecycleAction>();
            foreach (var (status, action) in ExpectedLifecycle.LegalPairs)
            {
                data.Add(status, action);
            }

            return data;
        }
    }

    public static TheoryData<ServiceRequestStatus> AllStatuses => new(ExpectedLifecycle.Statuses);

    [Fact]
    public void LegalPairs_Matrix_CoversEveryStatusAndEveryOperation()
    {
        var pairs = LegalPairs.Select(row => ((ServiceRequestStatus)row[0], (LifecycleAction)row[1])).ToList();

        pairs.Should().BeEquivalentTo(ExpectedLifecycle.LegalPairs);
        pairs.Select(p => p.Item1).Distinct().Should().BeEquivalentTo(
            ExpectedLifecycle.Statuses.Where(s => s is not (ServiceRequestStatus.Cancelled or ServiceRequestStatus.Duplicate)),
            "every status but the final ones allows something");
        pairs.Select(p => p.Item2).Distinct().Should().BeEquivalentTo(ExpectedLifecycle.Operations, "every operation is legal somewhere");
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public async Task SubmitInStatusAsync_EveryStatus_IsReachableThroughThePublicApi(ServiceRequestStatus status)
    {
        var harness = new LifecycleHarness();

        var request = await harness.SubmitInStatusAsync(status);

        request.Status.Should().Be(status);
        request.History.Select(e => e.Action).Should().Equal([LifecycleAction.Submit, .. LifecycleHarness.PathTo(status)]);
        (await harness.ReadAsync(request.Id)).Status.Should().Be(status);
    }

    [Theory]
    [MemberData(nameof(LegalPairs))]
    public async Task Operation_AllowedInStatus_AppendsOneEntryAndStoresTheNewState(ServiceRequestStatus status, LifecycleAction action)
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitInStatusAsync(status);
        var original = action == LifecycleAction.MarkAsDuplicate ? await harness.OriginalAsync() : null;
        harness.Clock.Advance(LifecycleHarness.Step);
        var now = harness.Clock.Now;

        var after = await harness.ApplyAsync(
            before.Id, action, new ChangeOptions { Actor = LifecycleHarness.Actor, Note = Note, NoteVisibility = NoteVisibility.Public });

        var expectedStatus = ExpectedStatusAfter(status, action);
        after.Status.Should().Be(expectedStatus);
        after.UpdatedAt.Should().Be(now);
        after.RequestedAt.Should().Be(before.RequestedAt);
        after.Id.Should().Be(before.Id);
        after.TrackingNumber.Should().Be(before.TrackingNumber);
        LifecycleHarness.VersionNumber(after).Should().Be(LifecycleHarness.VersionNumber(before) + 1);

        after.History.Should().HaveCount(before.History.Count + 1);
        after.History.Take(before.History.Count).Should().Equal(before.History, "history is append-only");
        after.History[^1].Should().BeEquivalentTo(new
        {
            Sequence = before.History.Count + 1,
            Action = action,
            OccurredAt = now,
            Actor = LifecycleHarness.Actor,
            FromStatus = (ServiceRequestStatus?)status,
            ToStatus = expectedStatus,
            Note,
            NoteVisibility = NoteVisibility.Public,
            IsPublic = true,
        });
        after.History[^1].Changes.Should().Equal(ExpectedChanges(action, original));

        var stored = await harness.ReadAsync(before.Id);
        stored.Version.Should().Be(after.Version);
        stored.Status.Should().Be(expectedStatus);
        stored.History.Should().Equal(after.History);
    }

    [Fact]
    public async Task Operation_WithoutChangeOptions_RecordsTheSystemActorAndNoNote()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitAsync();

        var after = await harness.Service.AcknowledgeAsync(request.Id);

        after.History[^1].Actor.Should().Be("system");
        after.History[^1].Note.Should().BeNull();
        after.History[^1].NoteVisibility.Should().Be(NoteVisibility.Internal);
        after.History[^1].IsPublic.Should().BeFalse();
    }

    [Theory]
    [InlineData("  Crew on the way  ", "Crew on the way")]
    [InlineData("   ", null)]
    [InlineData("", null)]
    public async Task Operation_WithANote_RecordsItTrimmedAndDropsABlankOne(string note, string? recorded)
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitAsync();

        var after = await harness.Service.AcknowledgeAsync(request.Id, new ChangeOptions { Note = note });

        after.History[^1].Note.Should().Be(recorded);
    }

    private static ServiceRequestStatus ExpectedStatusAfter(ServiceRequestStatus status, LifecycleAction action) => action switch
    {
        LifecycleAction.Acknowledge => ServiceRequestStatus.Acknowledged,
        LifecycleAction.Assign => ServiceRequestStatus.Assigned,
        LifecycleAction.Reassign => status, // the canonical reassignment only changes the queue
        LifecycleAction.StartWork => ServiceRequestStatus.InProgress,
        LifecycleAction.PutOnHold => ServiceRequestStatus.OnHold,
        LifecycleAction.Resume => ServiceRequestStatus.InProgress, // the harness holds requests that are in progress
        LifecycleAction.Resolve => ServiceRequestStatus.Resolved,
        LifecycleAction.Close => ServiceRequestStatus.Closed,
        LifecycleAction.Cancel => ServiceRequestStatus.Cancelled,
        LifecycleAction.MarkAsDuplicate => ServiceRequestStatus.Duplicate,
        LifecycleAction.Reopen => ServiceRequestStatus.Reopened,
        LifecycleAction.ChangePriority => status,
        LifecycleAction.ChangeServiceType => status, // within the same agency, work goes on
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Add the expected outcome of the new operation."),
    };

    private static FieldChange[] ExpectedChanges(LifecycleAction action, ServiceRequest? original) => action switch
    {
        LifecycleAction.Acknowledge or LifecycleAction.StartWork or LifecycleAction.Close => [],
        LifecycleAction.Assign => [new FieldChange("assignee", null, LifecycleHarness.Assignee)],
        LifecycleAction.Reassign => [new FieldChange("queue", LifecycleHarness.DefaultQueue, LifecycleHarness.OtherQueue)],
        LifecycleAction.PutOnHold => [new FieldChange("holdReason", null, LifecycleHarness.HoldReason)],
        LifecycleAction.Resume => [new FieldChange("holdReason", LifecycleHarness.HoldReason, null)],
        LifecycleAction.Resolve =>
            [new FieldChange("resolutionCode", null, LifecycleHarness.ResolutionCode), new FieldChange("resolutionNote", null, LifecycleHarness.ResolutionNote)],
        LifecycleAction.Cancel => [new FieldChange("cancelReason", null, LifecycleHarness.CancelReason)],
        LifecycleAction.MarkAsDuplicate => [new FieldChange("duplicateOf", null, original!.TrackingNumber)],
        LifecycleAction.Reopen => [new FieldChange("reopenReason", null, LifecycleHarness.ReopenReason)],
        LifecycleAction.ChangePriority => [new FieldChange("priority", "Normal", "High")],
        LifecycleAction.ChangeServiceType =>
            [new FieldChange("serviceCode", "POTHOLE", LifecycleHarness.OtherServiceCode), new FieldChange("queue", LifecycleHarness.DefaultQueue, LifecycleHarness.OtherServiceQueue)],
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Add the expected field changes of the new operation."),
    };
}
