using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Notifications;
using Civic311.Notifications.Channels.Outbox;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using NodaTime;
using Xunit.Abstractions;
using Civic311.Application;

namespace Civic311.Notifications.Tests.Outbox;

public sealed class OutboxDispatcherTests(ITestOutputHelper output)
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 2, 15, 0)); // 10:00 in New York
    private readonly InMemoryServiceRequestStore _store = new();

    private static OutboxDispatcherOptions Fast() => new()
    {
        ImmediateRetries = 0,
        ImmediateRetryDelay = TimeSpan.FromMilliseconds(1),
        RetryDelay = Duration.FromSeconds(30),
        MaxRetryDelay = Duration.FromMinutes(10),
        LockDuration = Duration.FromMinutes(2),
    };

    private async Task<ServiceRequest> RequestAsync() =>
        await new ServiceRequests(_store, TestCatalog.Options(), _clock).SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });

    private async Task<List<OutboxMessage>> EnqueueAsync(int count, string channel = "email", QuietHours? quiet = null)
    {
        var request = await RequestAsync();
        var messages = Enumerable.Range(0, count).Select(i =>
        {
            var id = Guid.NewGuid();
            var message = new NotificationMessage
            {
                Id = id, IdempotencyKey = id.ToString("N"), Kind = NotificationKind.RequestReceived, Channel = channel == "sms" ? ChannelKind.Sms : ChannelKind.Email,
                Recipient = $"resident{i}@example.org", Language = "en", TrackingNumber = request.TrackingNumber, Subject = "s", TextBody = "t",
            };
            return new OutboxMessage(id, request.Id, channel, "RequestReceived", message.Recipient, new NotificationEnvelope(message, quiet).ToPayload(), _clock.Now);
        }).ToList();
        await _store.UpdateAsync(new ServiceRequestChange(request, request.Version, [], messages));
        return messages;
    }

    [Fact]
    public async Task RunOnce_HealthyChannel_DeliversWithTheIdempotencyKey()
    {
        var messages = await EnqueueAsync(3);
        var channel = new RecordingChannel("email");
        var dispatcher = new OutboxDispatcher(_store, [channel], _clock, Fast());

        var result = await dispatcher.RunOnceAsync();

        result.Should().Be(new OutboxDispatchResult(3, 3, 0, 0, 0));
        channel.Keys.Should().BeEquivalentTo(messages.Select(m => m.Id.ToString("N")));
        var stored = (await _store.GetOutboxAsync(messages[0].Id))!;
        stored.State.Should().Be(OutboxState.Delivered);
        stored.Attempts.Should().Be(1);
        stored.DeliveredAt.Should().Be(_clock.Now);
        stored.ProviderMessageId.Should().StartWith("provider-");
        (await dispatcher.RunOnceAsync()).Claimed.Should().Be(0, "nothing is sent twice");
    }

    [Fact]
    public async Task RunOnce_TransientFailure_BacksOffWithJitterThenDelivers()
    {
        var message = (await EnqueueAsync(1)).Single();
        var channel = new RecordingChannel("email") { FailNext = 1 };
        var dispatcher = new OutboxDispatcher(_store, [channel], _clock, Fast());

        var first = await dispatcher.RunOnceAsync();
        var waiting = (await _store.GetOutboxAsync(message.Id))!;
        var tooEarly = await dispatcher.RunOnceAsync();
        _clock.AdvanceTo(waiting.NextAttemptAt);
        var second = await dispatcher.RunOnceAsync();

        first.Retrying.Should().Be(1);
        waiting.State.Should().Be(OutboxState.Pending);
        waiting.LastError.Should().Be("busy");
        (waiting.NextAttemptAt - message.CreatedAt).Should().BeGreaterThanOrEqualTo(Duration.FromSeconds(15)).And.BeLessThanOrEqualTo(Duration.FromSeconds(30));
        tooEarly.Claimed.Should().Be(0);
        second.Delivered.Should().Be(1);
        (await _store.GetOutboxAsync(message.Id))!.Attempts.Should().Be(2);
    }

    [Fact]
    public async Task RunOnce_PermanentFailure_DeadLettersAtOnceAndStaffCanSendAgain()
    {
        var message = (await EnqueueAsync(1)).Single();
        var channel = new RecordingChannel("email") { RefuseNext = 1 };
        var dispatcher = new OutboxDispatcher(_store, [channel], _clock, Fast());

        (await dispatcher.RunOnceAsync()).DeadLettered.Should().Be(1);
        var dead = (await _store.QueryOutboxAsync(OutboxQuery.All.InState(OutboxState.DeadLettered), null)).Items.Single();
        dead.LastError.Should().Be("550 no such mailbox");

        await dispatcher.RunOnceAsync();
        channel.Keys.Should().BeEmpty("a dead letter is not retried on its own");
        await dispatcher.RetryAsync(message.Id);
        (await dispatcher.RunOnceAsync()).Delivered.Should().Be(1);
    }

    [Fact]
    public async Task RunOnce_EveryAttemptFails_DeadLettersAfterTheLast()
    {
        var message = (await EnqueueAsync(1)).Single();
        var channel = new RecordingChannel("email") { FailNext = int.MaxValue };
        var options = Fast();
        options.MaxAttempts = 3;
        var dispatcher = new OutboxDispatcher(_store, [channel], _clock, options);

        for (var i = 0; i < 3; i++)
        {
            await dispatcher.RunOnceAsync();
            _clock.Advance(Duration.FromHours(1));
        }

        var stored = (await _store.GetOutboxAsync(message.Id))!;
        stored.State.Should().Be(OutboxState.DeadLettered);
        stored.Attempts.Should().Be(3);
        channel.Attempts.Should().Be(3);
    }

    [Fact]
    public async Task RunOnce_SmsDuringQuietHours_WaitsWithoutSpendingAnAttempt()
    {
        var quiet = new QuietHours(new LocalTime(21, 0), new LocalTime(8, 0), NewYork);
        _clock.AdvanceTo(new LocalDateTime(2026, 3, 2, 22, 0).InZoneStrictly(NewYork).ToInstant());
        var message = (await EnqueueAsync(1, "sms", quiet)).Single();
        var channel = new RecordingChannel("sms");
        var dispatcher = new OutboxDispatcher(_store, [channel], _clock, Fast());

        (await dispatcher.RunOnceAsync()).Deferred.Should().Be(1);
        var waiting = (await _store.GetOutboxAsync(message.Id))!;

        waiting.Attempts.Should().Be(0);
        waiting.NextAttemptAt.Should().Be(new LocalDateTime(2026, 3, 3, 8, 0).InZoneStrictly(NewYork).ToInstant());
        channel.Keys.Should().BeEmpty();
        _clock.AdvanceTo(waiting.NextAttemptAt);
        (await dispatcher.RunOnceAsync()).Delivered.Should().Be(1);
    }

    [Fact]
    public async Task RunOnce_ChannelNotRegisteredHere_LeavesTheMessageForAnotherProcess()
    {
        var message = (await EnqueueAsync(1, "carrier-pigeon")).Single();
        var dispatcher = new OutboxDispatcher(_store, [new RecordingChannel("email")], _clock, Fast());

        (await dispatcher.RunOnceAsync()).Deferred.Should().Be(1);

        var stored = (await _store.GetOutboxAsync(message.Id))!;
        stored.State.Should().Be(OutboxState.Pending);
        stored.Attempts.Should().Be(0);
        stored.LockedUntil.Should().BeNull();
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var create = () => new OutboxDispatcher(_store, [], _clock, new OutboxDispatcherOptions { BatchSize = 0, MaxAttempts = 0 });

        create.Should().Throw<Civic311ValidationException>().Which.Errors.Select(e => e.Field).Should().BeEquivalentTo(["batchSize", "maxAttempts"]);
    }

    /// <summary>
    /// The fault-injection run: 10,000 notifications through a channel that fails 30 % of the time, with dispatchers
    /// stopped at random points and new ones started. Every notification is delivered; none is lost; a message whose
    /// dispatcher stopped after the send but before recording it is sent again under the same key, which the channel
    /// honours, so no resident gets a second distinct message.
    /// </summary>
    [Fact]
    public async Task Dispatch_TenThousandThroughAFlakyChannelWithRestarts_DeliversEveryOneOnce()
    {
        const int Count = 10_000;
        var request = await RequestAsync();
        var current = request;
        var expected = new HashSet<string>();
        for (var batch = 0; batch < Count / 500; batch++)
        {
            var messages = new List<OutboxMessage>(500);
            for (var i = 0; i < 500; i++)
            {
                var id = Guid.NewGuid();
                expected.Add(id.ToString("N"));
                var message = new NotificationMessage
                {
                    Id = id, IdempotencyKey = id.ToString("N"), Kind = NotificationKind.StatusChanged, Channel = ChannelKind.Email,
                    Recipient = "r@example.org", Language = "en", TrackingNumber = request.TrackingNumber, Subject = "s", TextBody = "t",
                };
                messages.Add(new OutboxMessage(id, request.Id, "email", "StatusChanged", "r@example.org", new NotificationEnvelope(message).ToPayload(), _clock.Now));
            }

            current = await _store.UpdateAsync(new ServiceRequestChange(current, current.Version, [], messages));
        }

        var random = new Random(311);
        var channel = new RecordingChannel("email") { FailureRate = 0.3, Random = random };
        var options = Fast();
        options.BatchSize = 400;
        options.MaxParallelSends = 16;
        options.MaxAttempts = 100;
        var runs = 0;
        var stops = 0;
        while (true)
        {
            runs++.Should().BeLessThan(2_000, "the outbox must drain");
            var pending = await _store.QueryOutboxAsync(OutboxQuery.All.InState(OutboxState.Pending).WithPageSize(1), null);
            if (pending.Items.Count == 0)
            {
                break;
            }

            // A new dispatcher each time (a restarted process); about one run in three is stopped part-way through.
            var dispatcher = new OutboxDispatcher(_store, [channel], _clock, options);
            using var stop = new CancellationTokenSource();
            if (random.NextDouble() < 0.35)
            {
                channel.CancelAfter(random.Next(1, 300), stop);
                stops++;
            }

            try
            {
                await dispatcher.RunOnceAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // stopped: whatever it claimed and did not record waits for its lock to expire
            }

            channel.CancelAfter(0, null);
            _clock.Advance(Duration.FromMinutes(3)); // past every lock and well into the retry delays
        }

        var all = new List<OutboxMessage>();
        string? token = null;
        do
        {
            var page = await _store.QueryOutboxAsync(OutboxQuery.All.WithPageSize(5000), token);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        output.WriteLine($"runs {runs}, stopped {stops}, sends {channel.Attempts}, failures {channel.Failures}, repeated sends of a delivered key {channel.RepeatedKeys}");
        all.Should().HaveCount(Count).And.OnlyContain(m => m.State == OutboxState.Delivered, "none is lost or dead-lettered");
        // A set comparison: FluentAssertions' equivalency over 10,000 items is quadratic.
        var delivered = channel.Keys.ToHashSet();
        delivered.Should().HaveCount(Count, "every notification reached the channel exactly once as a distinct message");
        delivered.SetEquals(expected).Should().BeTrue("the delivered keys are exactly the enqueued messages' keys");
        channel.Failures.Should().BeGreaterThan(Count / 5, "the channel really failed about 30 % of the time");
    }

    /// <summary>A channel that records delivered idempotency keys and honours them: a repeated key is not a second message.</summary>
    private sealed class RecordingChannel(string name) : INotificationChannel
    {
        private readonly ConcurrentDictionary<string, byte> _keys = new();
        private readonly object _gate = new();
        private int _attempts;
        private int _failures;
        private int _repeated;
        private int _cancelAfter;
        private CancellationTokenSource? _stop;

        public string Name { get; } = name;

        public ChannelKind Kind => ChannelKind.Email;

        public int FailNext { get; set; }

        public int RefuseNext { get; set; }

        public double FailureRate { get; init; }

        public Random? Random { get; init; }

        public IReadOnlyCollection<string> Keys => _keys.Keys.ToArray();

        public int Attempts => _attempts;

        public int Failures => _failures;

        public int RepeatedKeys => _repeated;

        public void CancelAfter(int sends, CancellationTokenSource? stop)
        {
            lock (_gate)
            {
                _cancelAfter = sends;
                _stop = stop;
            }
        }

        public Task<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _attempts);
            lock (_gate)
            {
                if (_stop is not null && --_cancelAfter <= 0)
                {
                    _stop.Cancel(); // the process stops right after this send: its outcome is never recorded
                    _stop = null;
                }

                if (RefuseNext > 0)
                {
                    RefuseNext--;
                    return Task.FromResult(DeliveryResult.Permanent("550 no such mailbox"));
                }

                if (FailNext > 0 || (Random is not null && Random.NextDouble() < FailureRate))
                {
                    FailNext = FailNext > 0 ? FailNext - 1 : 0;
                    Interlocked.Increment(ref _failures);
                    return Task.FromResult(DeliveryResult.Transient("busy"));
                }
            }

            if (!_keys.TryAdd(message.IdempotencyKey, 0))
            {
                Interlocked.Increment(ref _repeated); // honoured: the provider answers with the first message's result
            }

            return Task.FromResult(DeliveryResult.Delivered("provider-" + message.IdempotencyKey[..8]));
        }
    }
}
