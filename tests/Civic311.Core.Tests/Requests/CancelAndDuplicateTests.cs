using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Core.Tests.Requests;

/// <summary>CancelAsync and MarkAsDuplicateAsync: the final statuses.</summary>
public sealed class CancelAndDuplicateTests
{
    public static TheoryData<ServiceRequestStatus> AcceptableOriginalStatuses =>
        new(ExpectedLifecycle.Statuses.Where(s => s is not (ServiceRequestStatus.Cancelled or ServiceRequestStatus.Duplicate)));

    [Fact]
    public async Task CancelAsync_OpenRequest_SetsClosedAtAndRecordsTheTrimmedReason()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.Assigned);
        harness.Clock.Advance(Duration.FromHours(1));

        var cancelled = await harness.Service.CancelAsync(request.Id, "  Resident withdrew the report  ", LifecycleHarness.ActorOptions);

        cancelled.Status.Should().Be(ServiceRequestStatus.Cancelled);
        cancelled.IsOpen.Should().BeFalse();
        cancelled.ClosedAt.Should().Be(harness.Clock.Now);
        cancelled.ResolvedAt.Should().BeNull();
        cancelled.Resolution.Should().BeNull();
        cancelled.DuplicateOf.Should().BeNull();
        cancelled.History[^1].Changes.Should().Equal(new FieldChange("cancelReason", null, "Resident withdrew the report"));
        harness.Service.GetAllowedActions(cancelled).Should().BeEmpty();
    }

    [Fact]
    public async Task MarkAsDuplicateAsync_OpenRequest_LinksTheOriginalAndSetsClosedAt()
    {
        var harness = new LifecycleHarness();
        var original = await harness.SubmitAsync();
        var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.Acknowledged);
        harness.Clock.Advance(Duration.FromHours(1));

        var duplicate = await harness.Service.MarkAsDuplicateAsync(request.Id, original.Id, LifecycleHarness.ActorOptions);

        duplicate.Status.Should().Be(ServiceRequestStatus.Duplicate);
        duplicate.IsOpen.Should().BeFalse();
        duplicate.DuplicateOf.Should().Be(original.Id);
        duplicate.ClosedAt.Should().Be(harness.Clock.Now);
        duplicate.History[^1].Changes.Should().Equal(new FieldChange("duplicateOf", null, original.TrackingNumber));
        harness.Service.GetAllowedActions(duplicate).Should().BeEmpty();

        // The original only counts one more duplicate: no history, status or time of its own changes.
        var after = await harness.ReadAsync(original.Id);
        after.DuplicateCount.Should().Be(1);
        after.Version.Should().NotBe(original.Version, "the count is written with the link");
        after.History.Should().HaveCount(original.History.Count);
        after.Status.Should().Be(original.Status);
        after.UpdatedAt.Should().Be(original.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(AcceptableOriginalStatuses))]
    public async Task MarkAsDuplicateAsync_OriginalInAnyStatusButCancelledOrDuplicate_IsAccepted(ServiceRequestStatus originalStatus)
    {
        var harness = new LifecycleHarness();
        var original = await harness.SubmitInStatusAsync(originalStatus);
        var request = await harness.SubmitAsync();

        var duplicate = await harness.Service.MarkAsDuplicateAsync(request.Id, original.Id);

        duplicate.DuplicateOf.Should().Be(original.Id);
        var after = await harness.ReadAsync(original.Id);
        after.DuplicateCount.Should().Be(1, "the link counts on the original, whatever its status");
        after.History.Should().HaveCount(original.History.Count, "linking a duplicate adds nothing to the original's history");
        after.Status.Should().Be(original.Status);
    }
}
