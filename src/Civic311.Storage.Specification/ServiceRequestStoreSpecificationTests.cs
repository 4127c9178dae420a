using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Requests;
using Civic311.Testing;
using Microsoft.Extensions.Primitives;
using NodaTime;
using Civic311.Application;

namespace Civic311.Storage.Specification;

/// <summary>
/// The contract every <see cref="IServiceRequestStore"/> must meet: reads, optimistic concurrency, sequences, queries,
/// paging and the transactional outbox. A store's xunit test project derives one sealed class from this one and overrides
/// <see cref="CreateStore"/>; every fact (each documented with what it proves) then runs against that store, and two
/// compliance facts prove that no suite of this package is left out and no fact is skipped.
/// </summary>
/// <remarks>
/// Each fact creates its own stores (one, sometimes two) and submits requests through <see cref="ServiceRequests"/>
/// with a small built-in multi-agency catalog, from a fixed start time on <see cref="Clock"/>. To release what a store
/// holds (connections, emulators), implement <see cref="IAsyncLifetime"/> or <see cref="IDisposable"/> on the derived
/// class: xunit creates one instance per fact and disposes it afterwards.
/// </remarks>
/// <example>
/// <code>
/// public sealed class MyStoreSpecificationTests : ServiceRequestStoreSpecificationTests
/// {
///     protected override IServiceRequestStore CreateStore() =&gt; new MyServiceRequestStore(/* empty */);
/// }
/// </code>
/// </example>
public abstract partial class ServiceRequestStoreSpecificationTests
{
    /// <summary>
    /// The clock the facts run on: it starts at a fixed Monday morning in New York and moves only when a fact advances
    /// it. A store that stamps times itself should read this clock.
    /// </summary>
    protected FakeClock Clock { get; } = new(TestCatalog.Start);

    /// <summary>
    /// Override to create a new, empty store. Facts call it once or more each and never share a store with another fact.
    /// </summary>
    /// <returns>A store that holds no requests, sequences or outbox messages.</returns>
    protected abstract IServiceRequestStore CreateStore();

    /// <summary>
    /// Creates the service the facts submit and change requests through: over <paramref name="store"/>, with the built-in
    /// catalog and <see cref="Clock"/>. For facts a derived class adds about its own store.
    /// </summary>
    /// <param name="store">A store from <see cref="CreateStore"/>.</param>
    /// <returns>The service.</returns>
    protected ServiceRequests CreateService(IServiceRequestStore store) => new(store, TestCatalog.Options(), Clock);

    /// <summary>
    /// Proves the test assembly runs every specification suite of this package: each abstract <c>*SpecificationTests</c>
    /// class has a concrete subclass there.
    /// </summary>
    [Fact]
    public void Every_specification_suite_is_run_by_this_test_assembly() =>
        SpecificationCompliance.EverySuiteIsRunBy(GetType().Assembly, GetType().Name);

    /// <summary>Proves no fact of the specification is skipped, so a passing run covers the whole contract.</summary>
    [Fact]
    public void No_specification_fact_is_skipped() => SpecificationCompliance.NoFactIsSkipped();

    private static ServiceRequestSubmission Pothole(double latitude = 40.7128, double longitude = -74.0060) => new()
    {
        ServiceCode = "POTHOLE",
        Description = "Deep pothole in the right lane",
        Latitude = latitude,
        Longitude = longitude,
        Address = "1 Centre St, New York, NY",
        Channel = Channel.MobileApp,
    };

    private static ServiceRequestSubmission MissedPickup() => new()
    {
        ServiceCode = "MISSED-PICKUP",
        Address = "350 5th Ave, New York, NY",
        Attributes = new Dictionary<string, StringValues> { ["BIN-TYPE"] = "RECYCLING" },
        Channel = Channel.Phone,
    };

    /// <summary>Proves a request submitted through the store reads back by id with every field intact: location, reporter, channel, priority, attributes (including multi-valued ones), routing, SLA clocks, timestamps, version and its first history entry.</summary>
    [Fact]
    public async Task Add_then_get_by_id_returns_every_field()
    {
        var store = CreateStore();
        var service = CreateService(store);
        var submission = new ServiceRequestSubmission
        {
            ServiceCode = "POTHOLE",
            Description = "Two potholes, one very deep",
            Latitude = 40.7,
            Longitude = -73.9,
            Address = "5 Main St",
            ZipCode = "10001",
            District = "MANHATTAN 01",
            Reporter = new ReporterContact { Name = "Ana Pérez", Email = "ana@example.org", Phone = "+1 212 555 0100", PreferredLanguage = "es-US" },
            Channel = Channel.Liaison,
            Priority = Priority.High,
            Attributes = new Dictionary<string, StringValues> { ["SIZE"] = "12.5", ["LANES"] = new[] { "LEFT", "RIGHT" } },
            ExternalReference = "legacy-42",
            Actor = "agent-7",
            Note = "Caller was very polite",
        };

        var added = await service.SubmitAsync(submission);
        var read = await store.GetAsync(added.Id);

        read.Should().NotBeNull();
        read!.Version.Should().Be(added.Version).And.NotBeNullOrEmpty();
        read.TrackingNumber.Should().Be(added.TrackingNumber);
        read.ServiceCode.Should().Be("POTHOLE");
        read.Description.Should().Be("Two potholes, one very deep");
        read.Location.Should().Be(new ServiceLocation { Point = new GeoPoint(40.7, -73.9), Address = "5 Main St", ZipCode = "10001", District = "MANHATTAN 01" });
        read.Reporter.Should().Be(submission.Reporter);
        read.Channel.Should().Be(Channel.Liaison);
        read.Priority.Should().Be(Priority.High);
        read.Attributes.Should().HaveCount(2);
        read.Attributes["SIZE"].ToString().Should().Be("12.5");
        read.Attributes["LANES"].ToArray().Should().Equal("LEFT", "RIGHT");
        read.ExternalReference.Should().Be("legacy-42");
        read.Agency.Should().Be("DOT");
        read.Queue.Should().Be("DOT-ROADWAY");
        read.Status.Should().Be(ServiceRequestStatus.Submitted);
        read.RequestedAt.Should().Be(TestCatalog.Start);
        read.Sla.Should().HaveCount(2).And.BeEquivalentTo(added.Sla);
        read.ExpectedAt.Should().Be(added.ExpectedAt).And.NotBeNull();
        read.UpdatedAt.Should().Be(TestCatalog.Start);
        read.History.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Sequence = 1,
            Action = LifecycleAction.Submit,
            OccurredAt = TestCatalog.Start,
            Actor = "agent-7",
            FromStatus = (ServiceRequestStatus?)null,
            ToStatus = ServiceRequestStatus.Submitted,
            Note = "Caller was very polite",
        });
    }

    /// <summary>Proves <see cref="IServiceRequestStore.FindByTrackingNumberAsync"/> matches the tracking number whatever its case, and answers <see langword="null"/> for an unknown one.</summary>
    [Fact]
    public async Task Find_by_tracking_number_ignores_case_and_returns_null_when_unknown()
    {
        var store = CreateStore();
        var added = await CreateService(store).SubmitAsync(Pothole());

        (await store.FindByTrackingNumberAsync(added.TrackingNumber))!.Id.Should().Be(added.Id);
        (await store.FindByTrackingNumberAsync(added.TrackingNumber.ToLowerInvariant()))!.Id.Should().Be(added.Id);
        (await store.FindByTrackingNumberAsync("311-99-9999999")).Should().BeNull();
    }

    /// <summary>Proves <see cref="IServiceRequestStore.GetAsync"/> answers <see langword="null"/> (it does not throw) for an id the store does not hold.</summary>
    [Fact]
    public async Task Get_unknown_id_returns_null()
    {
        var store = CreateStore();
        (await store.GetAsync(ServiceRequestId.NewId())).Should().BeNull();
    }

    /// <summary>Proves adding a request whose id is already stored throws <see cref="DuplicateServiceRequestException"/> and leaves the stored request and the store's contents as they were.</summary>
    [Fact]
    public async Task Add_of_an_existing_request_is_refused_and_changes_nothing()
    {
        var store = CreateStore();
        var added = await CreateService(store).SubmitAsync(Pothole());

        var again = () => store.AddAsync(new ServiceRequestChange(added, null, added.History)).AsTask();

        await again.Should().ThrowAsync<DuplicateServiceRequestException>();
        var read = await store.GetAsync(added.Id);
        read!.Version.Should().Be(added.Version);
        var all = await store.QueryAsync(new AllRequests(), null);
        all.Items.Should().ContainSingle();
    }

    /// <summary>Proves an update based on the current version is stored with a new version, the new status, the update time and the appended history entry.</summary>
    [Fact]
    public async Task Update_with_the_current_version_stores_the_change_and_a_new_version()
    {
        var store = CreateStore();
        var service = CreateService(store);
        var added = await service.SubmitAsync(Pothole());
        Clock.Advance(Duration.FromMinutes(5));

        var acknowledged = await service.AcknowledgeAsync(added.Id, new ChangeOptions { Actor = "dot-supervisor", Note = "On it", NoteVisibility = NoteVisibility.Public });

        acknowledged.Version.Should().NotBe(added.Version);
        var read = await store.GetAsync(added.Id);
        read!.Version.Should().Be(acknowledged.Version);
        read.Status.Should().Be(ServiceRequestStatus.Acknowledged);
        read.UpdatedAt.Should().Be(TestCatalog.Start + Duration.FromMinutes(5));
        read.History.Should().HaveCount(2);
        read.History[1].Should().BeEquivalentTo(new
        {
            Sequence = 2,
            Action = LifecycleAction.Acknowledge,
            Actor = "dot-supervisor",
            FromStatus = ServiceRequestStatus.Submitted,
            ToStatus = ServiceRequestStatus.Acknowledged,
            Note = "On it",
            NoteVisibility = NoteVisibility.Public,
        });
    }

    /// <summary>Proves optimistic concurrency: an update based on a version that is no longer current throws <see cref="ConcurrencyConflictException"/> naming the request and the expected version, and writes nothing.</summary>
    [Fact]
    public async Task Update_with_a_stale_version_fails_and_changes_nothing()
    {
        var store = CreateStore();
        var service = CreateService(store);
        var added = await service.SubmitAsync(Pothole());
        var acknowledged = await service.AcknowledgeAsync(added.Id);

        // A writer that read the request before the acknowledgement tries to write a change derived from that old state.
        var stale = new ServiceRequestChange(acknowledged, added.Version, [acknowledged.History[^1]]);
        var write = () => store.UpdateAsync(stale).AsTask();

        var conflict = (await write.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
        conflict.RequestId.Should().Be(added.Id);
        conflict.ExpectedVersion.Should().Be(added.Version);
        var read = await store.GetAsync(added.Id);
        read!.Version.Should().Be(acknowledged.Version);
        read.History.Should().HaveCount(2);
    }

    /// <summary>Proves updating a request the store does not hold throws <see cref="ServiceRequestNotFoundException"/> and does not create it.</summary>
    [Fact]
    public async Task Update_of_an_unknown_request_fails_with_not_found()
    {
        var store = CreateStore();
        var elsewhere = CreateStore();
        var service = CreateService(elsewhere);
        var added = await service.SubmitAsync(Pothole());
        var acknowledged = await service.AcknowledgeAsync(added.Id);

        var write = () => store.UpdateAsync(new ServiceRequestChange(acknowledged, added.Version, [acknowledged.History[^1]])).AsTask();

        await write.Should().ThrowAsync<ServiceRequestNotFoundException>();
        (await store.GetAsync(added.Id)).Should().BeNull();
    }

    /// <summary>Proves <see cref="IServiceRequestStore.NextSequenceAsync"/> counts from 1 in each scope, and that scopes do not share a counter.</summary>
    [Fact]
    public async Task Sequences_start_at_one_and_are_independent_per_scope()
    {
        var store = CreateStore();

        (await store.NextSequenceAsync("spec-a")).Should().Be(1);
        (await store.NextSequenceAsync("spec-a")).Should().Be(2);
        (await store.NextSequenceAsync("spec-b")).Should().Be(1);
        (await store.NextSequenceAsync("spec-a")).Should().Be(3);
    }

    /// <summary>Proves sequence numbers allocated in parallel are never repeated or skipped (2,000 allocations, 16 at a time, give exactly 1 to 2,000).</summary>
    [Fact]
    public async Task Sequences_are_unique_under_parallel_allocation()
    {
        var store = CreateStore();
        var numbers = new ConcurrentBag<long>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
            numbers.Add(await store.NextSequenceAsync("spec-parallel", ct)));

        numbers.Should().OnlyHaveUniqueItems().And.HaveCount(2000);
        numbers.Min().Should().Be(1);
        numbers.Max().Should().Be(2000);
    }

    /// <summary>Proves tracking numbers stay unique and well formed when 1,000 requests are submitted in parallel, and each is found by its tracking number.</summary>
    [Fact]
    public async Task Tracking_numbers_stay_unique_under_parallel_submits()
    {
        var store = CreateStore();
        var service = CreateService(store);
        var submitted = new ConcurrentBag<ServiceRequest>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            submitted.Add(await service.SubmitAsync(i % 2 == 0 ? Pothole() : MissedPickup(), ct)));

        submitted.Select(r => r.TrackingNumber).Should().OnlyHaveUniqueItems().And.HaveCount(1000);
        submitted.Select(r => r.TrackingNumber).Should().AllSatisfy(t => t.Should().MatchRegex(@"^311-26-\d{7}$"));
        foreach (var request in submitted.Take(50))
        {
            (await store.FindByTrackingNumberAsync(request.TrackingNumber))!.Id.Should().Be(request.Id);
        }
    }

    /// <summary>Proves that under parallel updates with expected versions, every update is either stored or refused with <see cref="ConcurrencyConflictException"/>, and the stored history is one unbroken chain of the accepted changes (no lost update).</summary>
    [Fact]
    public async Task Parallel_conflicting_updates_keep_every_accepted_change_and_report_every_rejected_one()
    {
        var store = CreateStore();
        var service = CreateService(store);
        var request = await service.SubmitAsync(Pothole());
        var accepted = new ConcurrentBag<string>();
        var rejected = 0;

        // Every worker reads the request and tries to move it to its own queue, based on the version it read.
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var current = await store.GetAsync(request.Id, ct);
            var queue = $"Q-{i}";
            try
            {
                await service.ReassignAsync(request.Id, new Assignment { Queue = queue }, new ChangeOptions { ExpectedVersion = current!.Version, Actor = $"worker-{i}" }, ct);
                accepted.Add(queue);
            }
            catch (ConcurrencyConflictException)
            {
                Interlocked.Increment(ref rejected);
            }
        });

        var final = await store.GetAsync(request.Id);
        (accepted.Count + rejected).Should().Be(400);
        accepted.Should().NotBeEmpty();
        final!.History.Should().HaveCount(1 + accepted.Count);
        final.History.Skip(1).Select(e => e.Changes.Single(c => c.Field == "queue").To).Should().BeEquivalentTo(accepted);
        final.History.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 1 + accepted.Count));

        // Each accepted change was based on the one before it: the "from" of one is the "to" of the previous.
        var chain = final.History.Skip(1).Select(e => e.Changes.Single(c => c.Field == "queue")).ToList();
        chain[0].From.Should().Be("DOT-ROADWAY");
        for (var k = 1; k < chain.Count; k++)
        {
            chain[k].From.Should().Be(chain[k - 1].To);
        }

        final.Queue.Should().Be(chain[^1].To);
    }

    /// <summary>Proves that parallel changes made without an expected version are all kept once the service retries its conflicts: none is lost or applied twice.</summary>
    [Fact]
    public async Task Parallel_changes_without_expected_versions_are_retried_and_all_kept()
    {
        var store = CreateStore();
        var service = CreateService(store);
        var request = await service.SubmitAsync(Pothole());

        await Parallel.ForEachAsync(Enumerable.Range(0, 50), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await service.ReassignAsync(request.Id, new Assignment { Queue = $"Q-{i}" }, cancellationToken: ct);
                    return;
                }
                catch (ConcurrencyConflictException) when (attempt < 100)
                {
                    // The service retried MaxConflictRetries times and still lost; try again from the top.
                }
            }
        });

        var final = await store.GetAsync(request.Id);
        final!.History.Should().HaveCount(51);
        final.History.Skip(1).Select(e => e.Changes.Single(c => c.Field == "queue").To).Should().BeEquivalentTo(Enumerable.Range(0, 50).Select(i => $"Q-{i}"));
    }

    /// <summary>Proves a specification query applies each condition of <see cref="ServiceRequestSpecificationBuilderExtensions"/> (status, service, agency, queue, requested date, area and duplicates) and their combination.</summary>
    [Fact]
    public async Task Query_filters_by_status_service_agency_queue_date_area_and_duplicate()
    {
        var store = CreateStore();
        var service = CreateService(store);
        var midtown = await service.SubmitAsync(Pothole(40.7549, -73.9840));
        Clock.Advance(Duration.FromHours(1));
        var brooklyn = await service.SubmitAsync(Pothole(40.6782, -73.9442));
        Clock.Advance(Duration.FromHours(1));
        var pickup = await service.SubmitAsync(MissedPickup());
        Clock.Advance(Duration.FromHours(1));
        await service.AcknowledgeAsync(brooklyn.Id);
        await service.MarkAsDuplicateAsync(midtown.Id, brooklyn.Id);
        await service.ReassignAsync(pickup.Id, new Assignment { Queue = "DSNY-BK" });

        async Task<IEnumerable<ServiceRequestId>> Ids(Action<Ardalis.Specification.ISpecificationBuilder<ServiceRequest>> conditions) =>
            (await store.QueryAsync(new AdHocSpecification(conditions), null)).Items.Select(r => r.Id);

        (await Ids(_ => { })).Should().BeEquivalentTo([midtown.Id, brooklyn.Id, pickup.Id]);
        (await Ids(q => q.WithStatus(ServiceRequestStatus.Acknowledged))).Should().Equal(brooklyn.Id);
        (await Ids(q => q.OnlyOpen())).Should().BeEquivalentTo([brooklyn.Id, pickup.Id]);
        (await Ids(q => q.WithServiceCode("pothole"))).Should().BeEquivalentTo([midtown.Id, brooklyn.Id]);
        (await Ids(q => q.WithAgency("DSNY"))).Should().Equal(pickup.Id);
        (await Ids(q => q.WithQueue("DSNY-BK"))).Should().Equal(pickup.Id);
        (await Ids(q => q.WithQueue("DOT-ROADWAY", "dsny-bk"))).Should().BeEquivalentTo([midtown.Id, brooklyn.Id, pickup.Id]);
        (await Ids(q => q.RequestedBetween(TestCatalog.Start + Duration.FromHours(1), TestCatalog.Start + Duration.FromHours(2)))).Should().Equal(brooklyn.Id);
        (await Ids(q => q.RequestedBetween(TestCatalog.Start + Duration.FromHours(1), null))).Should().BeEquivalentTo([brooklyn.Id, pickup.Id]);
        (await Ids(q => q.WithinArea(new GeoBox(40.70, -74.02, 40.80, -73.90)))).Should().Equal(midtown.Id);
        (await Ids(q => q.DuplicatesOf(brooklyn.Id))).Should().Equal(midtown.Id);
        (await Ids(q => q.WithServiceCode("POTHOLE").WithStatus(ServiceRequestStatus.Submitted))).Should().BeEmpty();
    }

    /// <summary>Proves the SLA monitor's query (<c>WithSlaCheckDueBy</c>) returns exactly the requests whose next SLA check has come: none that is on hold, unmeasured or resolved.</summary>
    [Fact]
    public async Task Query_by_sla_check_due_returns_exactly_the_requests_whose_next_check_has_come()
    {
        // The SLA monitor's only query: a store that misses a due request loses a warning or a breach, and one that
        // returns requests with no running clock makes every tick read the whole backlog.
        var store = CreateStore();
        var service = CreateService(store);
        var early = await service.SubmitAsync(Pothole());
        Clock.Advance(Duration.FromMinutes(30));
        var late = await service.SubmitAsync(Pothole(40.6782, -73.9442));
        var held = await service.SubmitAsync(Pothole(40.7549, -73.9840));
        await service.PutOnHoldAsync(held.Id, "Waiting for access");
        var noPolicy = await service.SubmitAsync(MissedPickup());
        var resolved = await service.SubmitAsync(Pothole());
        await service.ResolveAsync(resolved.Id, new Resolution("FIXED", "Filled the same day."));

        var earlyCheck = (await store.GetAsync(early.Id))!.NextSlaCheckAt!.Value;
        var lateCheck = (await store.GetAsync(late.Id))!.NextSlaCheckAt!.Value;
        (lateCheck > earlyCheck).Should().BeTrue("the second pothole was submitted half an hour later");
        foreach (var idle in new[] { held.Id, noPolicy.Id, resolved.Id })
        {
            (await store.GetAsync(idle))!.NextSlaCheckAt.Should().BeNull("no clock runs on a held, unmeasured or resolved request");
        }

        async Task<IEnumerable<ServiceRequestId>> Due(Instant dueBy) =>
            (await store.QueryAsync(new SlaCheckDue(dueBy), null)).Items.Select(r => r.Id);

        (await Due(earlyCheck - Duration.Epsilon)).Should().BeEmpty();
        (await Due(earlyCheck)).Should().Equal(early.Id);
        (await Due(lateCheck)).Should().BeEquivalentTo([early.Id, late.Id]);
        (await Due(lateCheck + Duration.FromDays(3650))).Should().BeEquivalentTo([early.Id, late.Id]);
        (await store.QueryAsync(new AdHocSpecification(q => q.WithSlaCheckDueBy(lateCheck).WithAgency("DSNY")), null)).Items.Should().BeEmpty();
    }

    /// <summary>Proves paging returns every match exactly once and in order, in each order and direction, also when requests share an instant (the id breaks the tie).</summary>
    /// <param name="order">The order paged in.</param>
    /// <param name="descending">Whether the order is descending.</param>
    [Theory]
    [InlineData(ServiceRequestOrder.RequestedAt, false)]
    [InlineData(ServiceRequestOrder.RequestedAt, true)]
    [InlineData(ServiceRequestOrder.UpdatedAt, false)]
    [InlineData(ServiceRequestOrder.UpdatedAt, true)]
    public async Task Paging_returns_every_match_once_in_order(ServiceRequestOrder order, bool descending)
    {
        var store = CreateStore();
        var service = CreateService(store);
        var all = new List<ServiceRequest>();
        for (var i = 0; i < 23; i++)
        {
            all.Add(await service.SubmitAsync(Pothole()));
            if (i % 3 != 0)
            {
                Clock.Advance(Duration.FromMinutes(1)); // some share an instant, so the id tie-break matters
            }
        }

        // Touch some requests so UpdatedAt order differs from RequestedAt order.
        foreach (var request in all.Where((_, i) => i % 4 == 0).Reverse())
        {
            Clock.Advance(Duration.FromMinutes(1));
            await service.AcknowledgeAsync(request.Id);
        }

        var query = new AdHocSpecification(q => q.OrderedBy(order, descending));
        var seen = new List<ServiceRequest>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.QueryAsync(query, token, 5);
            page.Items.Count.Should().BeLessThanOrEqualTo(5);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            page.HasMore.Should().Be(token is not null);
            pages++;
        }
        while (token is not null);

        pages.Should().Be(5);
        seen.Select(r => r.Id).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(all.Select(r => r.Id));
        var keys = seen.Select(r => (Key: order == ServiceRequestOrder.UpdatedAt ? r.UpdatedAt : r.RequestedAt, r.Id)).ToList();
        var expected = descending
            ? keys.OrderByDescending(k => k.Key).ThenByDescending(k => k.Id).ToList()
            : keys.OrderBy(k => k.Key).ThenBy(k => k.Id).ToList();
        keys.Should().Equal(expected);
    }

    /// <summary>Proves paging by requested time neither repeats nor skips a request when requests change between one page and the next.</summary>
    [Fact]
    public async Task Paging_by_requested_time_is_stable_while_requests_change_between_pages()
    {
        var store = CreateStore();
        var service = CreateService(store);
        var ids = new List<ServiceRequestId>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await service.SubmitAsync(Pothole())).Id);
            Clock.Advance(Duration.FromMinutes(1));
        }

        var query = new AllRequests();
        var first = await store.QueryAsync(query, null, 4);
        foreach (var id in ids)
        {
            await service.AcknowledgeAsync(id);
        }

        var rest = new List<ServiceRequest>();
        var token = first.ContinuationToken;
        while (token is not null)
        {
            var page = await store.QueryAsync(query, token, 4);
            rest.AddRange(page.Items);
            token = page.ContinuationToken;
        }

        first.Items.Concat(rest).Select(r => r.Id).Should().Equal(ids);
        rest.Should().AllSatisfy(r => r.Status.Should().Be(ServiceRequestStatus.Acknowledged));
    }

    /// <summary>Proves a continuation token is refused when used with a query in another order, and when it is malformed.</summary>
    [Fact]
    public async Task A_continuation_token_is_refused_by_a_query_with_another_order_and_when_malformed()
    {
        var store = CreateStore();
        var service = CreateService(store);
        for (var i = 0; i < 3; i++)
        {
            await service.SubmitAsync(Pothole());
        }

        var page = await store.QueryAsync(new AllRequests(), null, 1);
        page.ContinuationToken.Should().NotBeNull();

        var otherOrder = () => store.QueryAsync(new AdHocSpecification(q => q.OrderedBy(ServiceRequestOrder.UpdatedAt, descending: true)), page.ContinuationToken, 1).AsTask();
        var malformed = () => store.QueryAsync(new AllRequests(), "not-a-token").AsTask();

        await otherOrder.Should().ThrowAsync<ArgumentException>();
        await malformed.Should().ThrowAsync<ArgumentException>();
    }

    /// <summary>Proves a query of an empty store answers an empty page with no continuation token.</summary>
    [Fact]
    public async Task An_empty_store_returns_an_empty_last_page()
    {
        var page = await CreateStore().QueryAsync(new AllRequests(), null);

        page.Items.Should().BeEmpty();
        page.HasMore.Should().BeFalse();
    }

    /// <summary>Proves the store's calls honour an already cancelled <see cref="System.Threading.CancellationToken"/> by throwing <see cref="System.OperationCanceledException"/>.</summary>
    [Fact]
    public async Task A_cancelled_token_cancels_the_call()
    {
        var store = CreateStore();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var call = () => store.GetAsync(ServiceRequestId.NewId(), cancellation.Token).AsTask();

        await call.Should().ThrowAsync<OperationCanceledException>();
    }
}
