using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Requests;

namespace Civic311.Storage.Specification;

/// <content>
/// Changes racing on one request, each carrying outbox messages: the store's version check decides the winner before
/// anything else is looked at, so a loser always gets <see cref="ConcurrencyConflictException"/> (and the service's retry),
/// never a duplicate-message or duplicate-id error caused by the winner's rows.
/// </content>
public abstract partial class ServiceRequestStoreSpecificationTests
{
    private ServiceRequests CreateNotifyingService(IServiceRequestStore store)
    {
        var options = TestCatalog.Options();
        options.Notifications.Enabled = true;
        options.Notifications.SmsChannel = null;
        return new ServiceRequests(store, options, Clock);
    }

    private static ServiceRequestSubmission PotholeFromAna() => Pothole() with
    {
        Reporter = new ReporterContact { Name = "Ana Pérez", Email = "ana@example.org" },
    };

    /// <summary>Proves that of two changes planned from one version whose messages share an id, the loser is a <see cref="ConcurrencyConflictException"/> and changes nothing.</summary>
    [Fact]
    public async Task Race_two_changes_from_one_version_with_the_same_message_id_the_loser_is_a_conflict()
    {
        var (store, request) = await StoredRequestAsync();
        var message = Message(request, Clock.Now);
        var winner = await WriteOutboxAsync(store, request, message);

        // The loser was planned from the same version and (as the notifier does) gave its message the same id.
        var loser = () => WriteOutboxAsync(store, request, new OutboxMessage(message.Id, request.Id, "email", "OnHold", "ana@example.org", "{\"subject\":\"the loser's\"}", Clock.Now));

        await loser.Should().ThrowAsync<ConcurrencyConflictException>();
        (await store.GetAsync(request.Id))!.Version.Should().Be(winner.Version);
        (await store.GetOutboxAsync(message.Id))!.Payload.Should().Be(message.Payload);
    }

    /// <summary>Proves that adding an id already stored is a <see cref="DuplicateServiceRequestException"/> on the id (even when its messages repeat the first's ids), writes nothing and uses no tracking number.</summary>
    [Fact]
    public async Task Race_adding_an_existing_id_again_is_a_duplicate_and_writes_nothing()
    {
        var store = CreateStore();
        var service = CreateNotifyingService(store);
        var first = await service.SubmitAsync(PotholeFromAna());
        var outboxBefore = (await store.QueryOutboxAsync(OutboxQuery.All.ForRequest(first.Id), null)).Items.Count;

        // The same id again (a client retrying with its own id), whose notification ids are the same as the first's.
        var again = () => service.SubmitAsync(PotholeFromAna() with { Id = first.Id }).AsTask();

        var duplicate = (await again.Should().ThrowAsync<DuplicateServiceRequestException>()).Which;
        duplicate.RequestId.Should().Be(first.Id);
        duplicate.ConflictsOn.Should().Be("id");
        (await store.GetAsync(first.Id))!.Version.Should().Be(first.Version);
        (await store.QueryOutboxAsync(OutboxQuery.All.ForRequest(first.Id), null)).Items.Should().HaveCount(outboxBefore);
        var next = await service.SubmitAsync(Pothole());
        TrackingSequence(next.TrackingNumber).Should().Be(TrackingSequence(first.TrackingNumber) + 1, "a refused submission consumes no tracking number");
    }

    /// <summary>Proves that changes racing on one request, each e-mailing the resident, end only in commits, conflicts or refused transitions, with exact history and one message per commit.</summary>
    [Fact]
    public async Task Race_changes_that_each_notify_the_resident_retry_and_lose_nothing()
    {
        var store = CreateStore();
        var service = CreateNotifyingService(store);
        var request = await service.SubmitAsync(PotholeFromAna());
        var committed = new ConcurrentBag<ServiceRequest>();
        var failures = new ConcurrentBag<Exception>();

        // Eight callers toggle hold and resume on one request; each committed change e-mails the resident.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                try
                {
                    committed.Add((i + worker) % 2 == 0
                        ? await service.PutOnHoldAsync(request.Id, "Waiting for access")
                        : await service.ResumeAsync(request.Id));
                }
                catch (InvalidTransitionException)
                {
                    // Legal: by the time this caller re-read the request, another had already put it on hold (or resumed it).
                }
                catch (ConcurrencyConflictException)
                {
                    // Legal after the service's retries are spent; nothing was written.
                }
                catch (Exception ex)
                {
                    failures.Add(ex);
                }
            }
        })));

        failures.Should().BeEmpty("a change that loses a race is a conflict (retried), never another error");
        committed.Should().NotBeEmpty();
        var stored = (await store.GetAsync(request.Id))!;
        stored.History.Should().HaveCount(1 + committed.Count);
        stored.History.Select(h => h.Sequence).Should().Equal(Enumerable.Range(1, 1 + committed.Count));
        var outbox = new List<OutboxMessage>();
        string? token = null;
        do
        {
            var page = await store.QueryOutboxAsync(OutboxQuery.All.ForRequest(request.Id), token);
            outbox.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        outbox.Should().HaveCount(1 + committed.Count, "the submission and every committed change each e-mailed the resident once");
        outbox.Select(m => m.Id).Should().OnlyHaveUniqueItems();
    }

    private static long TrackingSequence(string trackingNumber) => long.Parse(trackingNumber[(trackingNumber.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
