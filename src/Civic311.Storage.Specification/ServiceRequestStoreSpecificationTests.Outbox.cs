using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Storage.Specification;

/// <content>The outbox: written atomically with the change that causes it, claimed by dispatchers, never lost.</content>
public abstract partial class ServiceRequestStoreSpecificationTests
{
    private static readonly Duration Lock = Duration.FromMinutes(2);

    private static OutboxMessage Message(ServiceRequest request, Instant at, string kind = "RequestReceived", string channel = "email") =>
        new(Guid.NewGuid(), request.Id, channel, kind, "ana@example.org", $"{{\"subject\":\"{kind} {request.TrackingNumber}\"}}", at);

    private async Task<(IServiceRequestStore Store, ServiceRequest Request)> StoredRequestAsync()
    {
        var store = CreateStore();
        var request = await CreateService(store).SubmitAsync(Pothole());
        return (store, request);
    }

    private static Task<ServiceRequest> WriteOutboxAsync(IServiceRequestStore store, ServiceRequest current, params OutboxMessage[] messages) =>
        store.UpdateAsync(new ServiceRequestChange(current, current.Version, [], messages)).AsTask();

    /// <summary>Proves outbox messages written with an update are stored pending, unattempted, in the same write as the change (the transactional outbox).</summary>
    [Fact]
    public async Task Outbox_update_with_messages_stores_them_pending_with_the_change()
    {
        var (store, request) = await StoredRequestAsync();
        var message = Message(request, Clock.Now);

        var updated = await WriteOutboxAsync(store, request, message);

        updated.Version.Should().NotBe(request.Version);
        var stored = await store.GetOutboxAsync(message.Id);
        stored.Should().NotBeNull();
        stored!.State.Should().Be(OutboxState.Pending);
        stored.Payload.Should().Be(message.Payload);
        stored.RequestId.Should().Be(request.Id);
        stored.Version.Should().NotBeNull();
        stored.Attempts.Should().Be(0);
    }

    /// <summary>Proves outbox messages written with an add are stored with the new request.</summary>
    [Fact]
    public async Task Outbox_add_with_messages_stores_the_request_and_its_messages()
    {
        var (store, existing) = await StoredRequestAsync();
        var document = JsonNode.Parse(ServiceRequestDocument.ToJson(existing))!.AsObject();
        document["id"] = Guid.NewGuid().ToString();
        document["trackingNumber"] = "311-26-9999999";
        var fresh = ServiceRequestDocument.FromJson(document.ToJsonString(), null);
        var message = Message(fresh, Clock.Now);

        await store.AddAsync(new ServiceRequestChange(fresh, null, fresh.History, [message]));

        (await store.GetAsync(fresh.Id)).Should().NotBeNull();
        (await store.GetOutboxAsync(message.Id))!.RequestId.Should().Be(fresh.Id);
    }

    /// <summary>Proves a change refused for a concurrency conflict writes none of its outbox messages.</summary>
    [Fact]
    public async Task Outbox_a_change_that_loses_a_race_writes_none_of_its_messages()
    {
        var (store, request) = await StoredRequestAsync();
        await WriteOutboxAsync(store, request); // someone else wins: the version moves on
        var late = Message(request, Clock.Now);

        var write = () => WriteOutboxAsync(store, request, late);

        await write.Should().ThrowAsync<ConcurrencyConflictException>();
        (await store.GetOutboxAsync(late.Id)).Should().BeNull("the message exists only if its change was committed");
        (await store.ClaimOutboxAsync(new OutboxClaim(Clock.Now, Lock, 10, "d1"))).Should().BeEmpty();
    }

    /// <summary>Proves a change carrying an outbox message id that is already stored is refused, and neither the change nor its messages are written.</summary>
    [Fact]
    public async Task Outbox_a_reused_message_id_is_refused_and_writes_nothing()
    {
        var (store, request) = await StoredRequestAsync();
        var message = Message(request, Clock.Now);
        var current = await WriteOutboxAsync(store, request, message);

        var again = () => WriteOutboxAsync(store, current, message);

        await again.Should().ThrowAsync<ArgumentException>();
        (await store.GetAsync(request.Id))!.Version.Should().Be(current.Version);
    }

    /// <summary>Proves a claimed message is locked for the claim's lock duration (no other claim gets it) and becomes claimable again when the lock expires.</summary>
    [Fact]
    public async Task Outbox_claim_locks_messages_until_the_lock_expires()
    {
        var (store, request) = await StoredRequestAsync();
        var message = Message(request, Clock.Now);
        await WriteOutboxAsync(store, request, message);

        var first = await store.ClaimOutboxAsync(new OutboxClaim(Clock.Now, Lock, 10, "d1"));
        var whileLocked = await store.ClaimOutboxAsync(new OutboxClaim(Clock.Now + Duration.FromMinutes(1), Lock, 10, "d2"));
        var afterExpiry = await store.ClaimOutboxAsync(new OutboxClaim(Clock.Now + Lock, Lock, 10, "d2"));

        first.Should().ContainSingle().Which.Should().Match<OutboxMessage>(m => m.Id == message.Id && m.LockedBy == "d1" && m.LockedUntil == Clock.Now + Lock);
        whileLocked.Should().BeEmpty("d1 holds it");
        afterExpiry.Should().ContainSingle("a dispatcher that died does not lose the message").Which.LockedBy.Should().Be("d2");
        afterExpiry[0].Version.Should().NotBe(first[0].Version);
    }

    /// <summary>Proves a claim returns the messages that have waited longest first, and at most the number asked for.</summary>
    [Fact]
    public async Task Outbox_claim_takes_the_longest_waiting_first_and_at_most_the_count()
    {
        var (store, request) = await StoredRequestAsync();
        var later = Message(request, Clock.Now + Duration.FromSeconds(2));
        var earliest = Message(request, Clock.Now);
        var middle = Message(request, Clock.Now + Duration.FromSeconds(1));
        await WriteOutboxAsync(store, request, later, earliest, middle);

        var claimed = await store.ClaimOutboxAsync(new OutboxClaim(Clock.Now + Duration.FromMinutes(1), Lock, 2, "d1"));

        claimed.Select(m => m.Id).Should().Equal(earliest.Id, middle.Id);
    }

    /// <summary>Proves a message deferred to a later time is not claimed before that time, and is claimed once it is due.</summary>
    [Fact]
    public async Task Outbox_a_deferred_message_is_claimed_only_once_due()
    {
        var (store, request) = await StoredRequestAsync();
        var quietHoursEnd = Clock.Now + Duration.FromHours(9);
        var deferred = Message(request, Clock.Now, channel: "sms") with { NextAttemptAt = quietHoursEnd };
        await WriteOutboxAsync(store, request, deferred);

        (await store.ClaimOutboxAsync(new OutboxClaim(quietHoursEnd - Duration.FromSeconds(1), Lock, 10, "d1"))).Should().BeEmpty();
        (await store.ClaimOutboxAsync(new OutboxClaim(quietHoursEnd, Lock, 10, "d1"))).Should().ContainSingle();
    }

    /// <summary>Proves delivered and dead-lettered messages are never claimed again, and that a dead-lettered message resent by staff becomes pending again.</summary>
    [Fact]
    public async Task Outbox_outcomes_delivered_and_dead_lettered_are_never_claimed_and_staff_can_resend()
    {
        var (store, request) = await StoredRequestAsync();
        var good = Message(request, Clock.Now);
        var bad = Message(request, Clock.Now, kind: "Resolved");
        await WriteOutboxAsync(store, request, good, bad);
        var claimed = await store.ClaimOutboxAsync(new OutboxClaim(Clock.Now, Lock, 10, "d1"));

        await store.UpdateOutboxAsync(claimed.Single(m => m.Id == good.Id) with
        {
            State = OutboxState.Delivered, Attempts = 1, DeliveredAt = Clock.Now, ProviderMessageId = "smtp-1", LockedUntil = null, LockedBy = null,
        });
        await store.UpdateOutboxAsync(claimed.Single(m => m.Id == bad.Id) with
        {
            State = OutboxState.DeadLettered, Attempts = 1, LastError = "550 mailbox unavailable", LockedUntil = null, LockedBy = null,
        });

        var later = Clock.Now + Duration.FromDays(1);
        (await store.ClaimOutboxAsync(new OutboxClaim(later, Lock, 10, "d1"))).Should().BeEmpty();
        var deadLetters = await store.QueryOutboxAsync(OutboxQuery.All.InState(OutboxState.DeadLettered), null);
        deadLetters.Items.Should().ContainSingle().Which.LastError.Should().Be("550 mailbox unavailable");

        await store.UpdateOutboxAsync(deadLetters.Items[0] with { State = OutboxState.Pending, NextAttemptAt = later });
        (await store.ClaimOutboxAsync(new OutboxClaim(later, Lock, 10, "d1"))).Should().ContainSingle().Which.Id.Should().Be(bad.Id);
        (await store.GetOutboxAsync(good.Id))!.ProviderMessageId.Should().Be("smtp-1");
    }

    /// <summary>Proves an outbox outcome written against a stale message version is refused as a concurrency conflict.</summary>
    [Fact]
    public async Task Outbox_update_with_a_stale_version_is_a_conflict()
    {
        var (store, request) = await StoredRequestAsync();
        var message = Message(request, Clock.Now);
        await WriteOutboxAsync(store, request, message);
        var read = (await store.GetOutboxAsync(message.Id))!;
        await store.ClaimOutboxAsync(new OutboxClaim(Clock.Now, Lock, 10, "d1")); // the claim changes the version

        var stale = () => store.UpdateOutboxAsync(read with { State = OutboxState.Delivered }).AsTask();

        await stale.Should().ThrowAsync<ConcurrencyConflictException>();
        (await store.GetOutboxAsync(message.Id))!.State.Should().Be(OutboxState.Pending);
    }

    /// <summary>Proves dispatchers claiming in parallel never receive the same message.</summary>
    [Fact]
    public async Task Outbox_concurrent_dispatchers_never_claim_the_same_message()
    {
        var (store, request) = await StoredRequestAsync();
        var current = request;
        for (var batch = 0; batch < 10; batch++)
        {
            current = await WriteOutboxAsync(store, current, Enumerable.Range(0, 20).Select(_ => Message(current, Clock.Now)).ToArray());
        }

        var seen = new ConcurrentBag<Guid>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(d => Task.Run(async () =>
        {
            while (true)
            {
                var claimed = await store.ClaimOutboxAsync(new OutboxClaim(Clock.Now, Lock, 7, $"d{d}"));
                if (claimed.Count == 0)
                {
                    return;
                }

                foreach (var message in claimed)
                {
                    seen.Add(message.Id);
                }
            }
        })));

        seen.Should().HaveCount(200).And.OnlyHaveUniqueItems();
    }

    /// <summary>Proves the outbox query pages messages oldest first and filters them by request.</summary>
    [Fact]
    public async Task Outbox_query_pages_oldest_first_and_filters_by_request()
    {
        var (store, request) = await StoredRequestAsync();
        var other = await CreateService(store).SubmitAsync(MissedPickup());
        var mine = Enumerable.Range(0, 5).Select(i => Message(request, Clock.Now + Duration.FromSeconds(i))).ToArray();
        await WriteOutboxAsync(store, request, mine);
        await WriteOutboxAsync(store, other, Message(other, Clock.Now));

        var pages = new List<OutboxMessage>();
        string? token = null;
        var count = 0;
        do
        {
            var page = await store.QueryOutboxAsync(OutboxQuery.All.ForRequest(request.Id).WithPageSize(2), token);
            pages.AddRange(page.Items);
            token = page.ContinuationToken;
            count++;
        }
        while (token is not null);

        pages.Select(m => m.Id).Should().Equal(mine.Select(m => m.Id));
        count.Should().Be(3);
    }
}
