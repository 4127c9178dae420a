using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Core.Tests.Requests;

/// <summary>
/// The original's duplicate count: raised in the duplicate link's write, what lets a resolution skip the duplicates query,
/// and what lets a link with the version read skip reading the original.
/// </summary>
public sealed class DuplicateCountTests
{
    private static readonly ReporterContact Bob = new() { Email = "bob@example.org" };
    private static readonly ReporterContact Carla = new() { Email = "carla@example.org" };

    private static (LifecycleHarness Harness, CountingStore Store) Notifying(Action<Civic311Options>? configure = null)
    {
        CountingStore? counting = null;
        var harness = new LifecycleHarness(
            options =>
            {
                options.Notifications.Enabled = true;
                configure?.Invoke(options);
            },
            wrapStore: inner => counting = new CountingStore(inner));
        return (harness, counting!);
    }

    private static ServiceRequestSubmission Pothole(ReporterContact? reporter = null) =>
        new() { ServiceCode = "POTHOLE", Latitude = 40.7128, Longitude = -74.0060, Reporter = reporter };

    private static async Task<List<string>> ResolvedRecipientsAsync(IServiceRequestStore store, ServiceRequestId id) =>
        (await store.QueryOutboxAsync(OutboxQuery.All.ForRequest(id), null)).Items.Where(m => m.Kind == "Resolved").Select(m => m.Recipient).ToList();

    [Fact]
    public async Task MarkAsDuplicate_RaisesTheOriginalsCountInTheSameWrite()
    {
        var (harness, store) = Notifying();
        var original = await harness.Service.SubmitAsync(Pothole());
        original.DuplicateCount.Should().Be(0);

        await harness.Service.MarkAsDuplicateAsync((await harness.Service.SubmitAsync(Pothole(Bob))).Id, original.Id);
        await harness.Service.MarkAsDuplicateAsync((await harness.Service.SubmitAsync(Pothole(Carla))).Id, original.Id);

        store.Updates.Should().Be(2);
        store.WithOriginal.Should().Be(2, "each link writes the original with the duplicate");
        var stored = await harness.ReadAsync(original.Id);
        stored.DuplicateCount.Should().Be(2);
        stored.History.Should().HaveCount(1, "the original's own history is untouched");
        ServiceRequestDocument.FromJson(ServiceRequestDocument.ToJson(stored), stored.Version).DuplicateCount.Should().Be(2);
    }

    [Fact]
    public async Task Document_WithoutACount_ReadsAsUnknown()
    {
        var (harness, _) = Notifying();
        var request = await harness.Service.SubmitAsync(Pothole());
        var json = System.Text.Json.Nodes.JsonNode.Parse(ServiceRequestDocument.ToJson(request))!.AsObject();
        json.Remove("duplicateCount").Should().BeTrue();

        ServiceRequestDocument.FromJson(json.ToJsonString(), "1").DuplicateCount.Should().BeNull("a document written before the count was kept says nothing about it");

        json["duplicateCount"] = -1;
        var act = () => ServiceRequestDocument.FromJson(json.ToJsonString(), "1");
        act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle(e => e.Field == "$.duplicateCount");
    }

    [Fact]
    public async Task ResolveWithTheVersionRead_WithNoDuplicates_ReadsNothing()
    {
        var (harness, store) = Notifying();
        var request = await harness.Service.SubmitAsync(Pothole(Bob));
        store.Reset();

        var resolved = await harness.Service.ResolveAsync(request.Id, new Resolution("FIXED"), new ChangeOptions { ExpectedVersion = request.Version });

        store.Reads.Should().Be(0, "the count says there are no duplicates to tell");
        store.Updates.Should().Be(1);
        resolved.DuplicateCount.Should().Be(0);
        (await ResolvedRecipientsAsync(harness.Store, request.Id)).Should().Equal("bob@example.org");
    }

    [Fact]
    public async Task ResolveWithTheVersionRead_WithDuplicates_QueriesThemAndTellsEveryReporter()
    {
        var (harness, store) = Notifying();
        var original = await harness.Service.SubmitAsync(Pothole());
        await harness.Service.MarkAsDuplicateAsync((await harness.Service.SubmitAsync(Pothole(Bob))).Id, original.Id);
        await harness.Service.MarkAsDuplicateAsync((await harness.Service.SubmitAsync(Pothole(Carla))).Id, original.Id);
        var read = (await harness.Service.GetAsync(original.Id))!;
        store.Reset();

        await harness.Service.ResolveAsync(original.Id, new Resolution("FIXED"), new ChangeOptions { ExpectedVersion = read.Version });

        store.Queries.Should().Be(1, "the duplicates are looked up");
        store.Reads.Should().Be(1);
        (await ResolvedRecipientsAsync(harness.Store, original.Id)).Should().BeEquivalentTo(["bob@example.org", "carla@example.org"]);
    }

    [Fact]
    public async Task ResolveWithTheVersionRead_WithAnUnknownCount_QueriesTellsAndLearnsTheCount()
    {
        var (harness, store) = Notifying();
        var original = await harness.Service.SubmitAsync(Pothole());
        await harness.Service.MarkAsDuplicateAsync((await harness.Service.SubmitAsync(Pothole(Bob))).Id, original.Id);

        // A store that lost the count (a row written before it was kept) reads it as unknown, never as 0.
        var linked = await harness.ReadAsync(original.Id);
        var unknown = await harness.Store.UpdateAsync(new ServiceRequestChange(linked.WithDuplicateCount(null), linked.Version, []));
        var read = (await harness.Service.GetAsync(original.Id))!;
        read.DuplicateCount.Should().BeNull();
        read.Version.Should().Be(unknown.Version);
        store.Reset();

        var resolved = await harness.Service.ResolveAsync(original.Id, new Resolution("FIXED"), new ChangeOptions { ExpectedVersion = read.Version });

        store.Queries.Should().Be(1);
        (await ResolvedRecipientsAsync(harness.Store, original.Id)).Should().Equal("bob@example.org");
        resolved.DuplicateCount.Should().Be(1, "the query counted them under the version the write checked");
        (await harness.ReadAsync(original.Id)).DuplicateCount.Should().Be(1);
    }

    [Fact]
    public async Task Resolve_NeverLowersAKnownCount()
    {
        var (harness, _) = Notifying();
        var original = await harness.Service.SubmitAsync(Pothole());
        await harness.Service.MarkAsDuplicateAsync((await harness.Service.SubmitAsync(Pothole(Bob))).Id, original.Id);

        // One more duplicate than a query finds (in Dataverse, one whose own case was read-only when it was linked).
        var linked = await harness.ReadAsync(original.Id);
        await harness.Store.UpdateAsync(new ServiceRequestChange(linked.WithDuplicateCount(2), linked.Version, []));
        var read = (await harness.Service.GetAsync(original.Id))!;

        var resolved = await harness.Service.ResolveAsync(original.Id, new Resolution("FIXED"), new ChangeOptions { ExpectedVersion = read.Version });

        resolved.DuplicateCount.Should().Be(2);
        (await ResolvedRecipientsAsync(harness.Store, original.Id)).Should().Equal("bob@example.org");
    }

    [Fact]
    public async Task MarkAsDuplicateWithTheVersionRead_BothSeenHere_ReadsNothing()
    {
        var (harness, store) = Notifying();
        var original = await harness.Service.SubmitAsync(Pothole());
        var duplicate = await harness.Service.SubmitAsync(Pothole(Bob));
        store.Reset();

        var linked = await harness.Service.MarkAsDuplicateAsync(duplicate.Id, original.Id, new ChangeOptions { ExpectedVersion = duplicate.Version });

        store.Reads.Should().Be(0);
        store.Updates.Should().Be(1);
        linked.DuplicateOf.Should().Be(original.Id);
        (await harness.ReadAsync(original.Id)).DuplicateCount.Should().Be(1);
        (await harness.Store.QueryOutboxAsync(OutboxQuery.All.ForRequest(duplicate.Id), null)).Items
            .Should().Contain(m => m.Kind == "DuplicateLinked" && m.Recipient == "bob@example.org");
    }

    [Fact]
    public async Task MarkAsDuplicateWithTheVersionRead_OriginalNotSeenHere_ReadsOnlyTheOriginal()
    {
        var (harness, store) = Notifying();
        var original = await new ServiceRequests(harness.Store, harness.Options, harness.Clock).SubmitAsync(Pothole()); // another process
        var duplicate = await harness.Service.SubmitAsync(Pothole(Bob));
        store.Reset();

        await harness.Service.MarkAsDuplicateAsync(duplicate.Id, original.Id, new ChangeOptions { ExpectedVersion = duplicate.Version });

        store.ManyReads.Should().ContainSingle().Which.Should().Equal(original.Id);
        store.Reads.Should().Be(1);
        (await harness.ReadAsync(original.Id)).DuplicateCount.Should().Be(1);
    }

    [Fact]
    public async Task MarkAsDuplicateWithTheVersionRead_SeenOriginalChangedSince_RetriesOnTheNewOriginal()
    {
        var (harness, store) = Notifying();
        var original = await harness.Service.SubmitAsync(Pothole());
        var duplicate = await harness.Service.SubmitAsync(Pothole(Bob));
        var rival = new ServiceRequests(harness.Store, harness.Options, harness.Clock);
        var acknowledged = await rival.AcknowledgeAsync(original.Id); // the original seen here is stale now
        store.Reset();

        var linked = await harness.Service.MarkAsDuplicateAsync(duplicate.Id, original.Id, new ChangeOptions { ExpectedVersion = duplicate.Version });

        store.Conflicts.Should().Equal([original.Id], "the write's If-Match on the original refused the stale one; the caller's version was right");
        store.Updates.Should().Be(2);
        linked.Status.Should().Be(ServiceRequestStatus.Duplicate);
        var stored = await harness.ReadAsync(original.Id);
        stored.DuplicateCount.Should().Be(1);
        stored.Status.Should().Be(ServiceRequestStatus.Acknowledged, "the rival's change is kept");
        stored.History.Should().HaveCount(acknowledged.History.Count);
    }

    [Fact]
    public async Task MarkAsDuplicateWithTheVersionRead_SeenOriginalCancelledSince_IsRefusedAndWritesNothing()
    {
        var (harness, _) = Notifying();
        var original = await harness.Service.SubmitAsync(Pothole());
        var duplicate = await harness.Service.SubmitAsync(Pothole(Bob));
        await new ServiceRequests(harness.Store, harness.Options, harness.Clock).CancelAsync(original.Id, LifecycleHarness.CancelReason);

        var act = () => harness.Service.MarkAsDuplicateAsync(duplicate.Id, original.Id, new ChangeOptions { ExpectedVersion = duplicate.Version }).AsTask();

        var refused = (await act.Should().ThrowExactlyAsync<InvalidTransitionException>()).Which;
        refused.Reason.Should().Contain(original.TrackingNumber).And.Contain("Cancelled");
        await harness.ShouldBeUnchangedAsync(duplicate);
        (await harness.ReadAsync(original.Id)).DuplicateCount.Should().Be(0);
    }

    [Fact]
    public async Task MarkAsDuplicateWithAStaleVersion_OriginalChangedToo_NamesTheRequestNotTheOriginal()
    {
        var (harness, _) = Notifying();
        var original = await harness.Service.SubmitAsync(Pothole());
        var duplicate = await harness.Service.SubmitAsync(Pothole(Bob));
        var rival = new ServiceRequests(harness.Store, harness.Options, harness.Clock);
        await rival.AcknowledgeAsync(original.Id);
        var acknowledged = await rival.AcknowledgeAsync(duplicate.Id);

        var act = () => harness.Service.MarkAsDuplicateAsync(duplicate.Id, original.Id, new ChangeOptions { ExpectedVersion = duplicate.Version }).AsTask();

        var conflict = (await act.Should().ThrowExactlyAsync<ConcurrencyConflictException>()).Which;
        conflict.RequestId.Should().Be(duplicate.Id);
        conflict.ActualVersion.Should().Be(acknowledged.Version);
        (await harness.ReadAsync(original.Id)).DuplicateCount.Should().Be(0);
    }

    /// <summary>Counts the reads and writes <see cref="ServiceRequests"/> makes, and the conflicts the store answers.</summary>
    private sealed class CountingStore(IServiceRequestStore inner) : DelegatingStore(inner)
    {
        private int _reads;
        private int _queries;
        private int _updates;
        private int _withOriginal;

        public int Reads => _reads;

        public int Queries => _queries;

        public int Updates => _updates;

        public int WithOriginal => _withOriginal;

        public List<ServiceRequestId[]> ManyReads { get; } = [];

        public List<ServiceRequestId> Conflicts { get; } = [];

        public void Reset()
        {
            _reads = _queries = _updates = _withOriginal = 0;
            ManyReads.Clear();
            Conflicts.Clear();
        }

        public override async ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _updates);
            if (change.Original is not null)
            {
                Interlocked.Increment(ref _withOriginal);
            }

            try
            {
                return await Inner.UpdateAsync(change, cancellationToken);
            }
            catch (ConcurrencyConflictException conflict)
            {
                Conflicts.Add(conflict.RequestId);
                throw;
            }
        }

        public override ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return base.GetAsync(id, cancellationToken);
        }

        public override ValueTask<IReadOnlyList<ServiceRequest>> GetManyAsync(IReadOnlyList<ServiceRequestId> ids, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            ManyReads.Add([.. ids]);
            return base.GetManyAsync(ids, cancellationToken);
        }

        public override ValueTask<(ServiceRequest? Request, IReadOnlyList<ServiceRequest> Duplicates)> GetWithDuplicatesAsync(ServiceRequestId id, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return base.GetWithDuplicatesAsync(id, cancellationToken);
        }

        public override ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return base.FindByTrackingNumberAsync(trackingNumber, cancellationToken);
        }

        public override ValueTask<ServiceRequestPage> QueryAsync(Ardalis.Specification.ISpecification<ServiceRequest> specification, string? continuationToken, int pageSize = ServiceRequestPage.DefaultSize, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            Interlocked.Increment(ref _queries);
            return base.QueryAsync(specification, continuationToken, pageSize, cancellationToken);
        }
    }
}
