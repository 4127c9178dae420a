using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.InMemory;
using Civic311.Notifications;
using Civic311.Notifications.Channels.Outbox;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Benchmarks.Notifications;

/// <summary>
/// Outbox dispatcher throughput with a channel that does nothing: what the outbox itself costs per notification (claim with a
/// lock, parse the payload, send, record the outcome), against the baseline of handing the same messages straight to the
/// channel (parse and send, nothing recorded, nothing retried).
/// </summary>
/// <remarks>
/// Each iteration enqueues 2,000 pending messages into a fresh in-memory store (not measured) and drains them; results are
/// per notification (<c>OperationsPerInvoke</c>).
/// </remarks>
[MemoryDiagnoser]
public class DispatcherBenchmarks
{
    private const int Messages = 2_000;
    private readonly FakeClock _clock = new(BenchmarkCatalog.Start);
    private readonly NoOpChannel _channel = new();
    private InMemoryServiceRequestStore _store = null!;
    private OutboxDispatcher _dispatcher = null!;
    private List<OutboxMessage> _messages = null!;

    [IterationSetup]
    public void Enqueue() => EnqueueAsync().GetAwaiter().GetResult();

    private async Task EnqueueAsync()
    {
        _store = new InMemoryServiceRequestStore();
        var service = new ServiceRequests(_store, BenchmarkCatalog.Options(), _clock);
        var request = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "STREETLIGHT", Address = "5 Main St" });
        _messages = new List<OutboxMessage>(Messages);
        for (var i = 0; i < Messages; i++)
        {
            var id = Guid.NewGuid();
            var message = new NotificationMessage
            {
                Id = id, IdempotencyKey = id.ToString("N"), Kind = NotificationKind.StatusChanged, Channel = ChannelKind.Email, Recipient = "r@example.org",
                Language = "en", TrackingNumber = request.TrackingNumber, Subject = "Your request", HtmlBody = "<p>Work started.</p>", TextBody = "Work started.",
            };
            _messages.Add(new OutboxMessage(id, request.Id, "email", "StatusChanged", "r@example.org", new NotificationEnvelope(message).ToPayload(), _clock.Now));
        }

        await _store.UpdateAsync(new ServiceRequestChange(request, request.Version, [], _messages));
        _dispatcher = new OutboxDispatcher(_store, [_channel], _clock, new OutboxDispatcherOptions { BatchSize = 500, MaxParallelSends = 1, ImmediateRetries = 0 });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages, Description = "Straight to the channel (no outbox)")]
    public async Task Direct()
    {
        foreach (var message in _messages)
        {
            await _channel.SendAsync(NotificationEnvelope.Parse(message.Payload).Message);
        }
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "Outbox dispatcher: claim, send, record")]
    public async Task Dispatch()
    {
        while ((await _dispatcher.RunOnceAsync()).Claimed > 0)
        {
        }

        if (_channel.Count == 0)
        {
            throw new InvalidOperationException("Nothing was sent.");
        }
    }

    private sealed class NoOpChannel : INotificationChannel
    {
        private static readonly Task<DeliveryResult> Done = Task.FromResult(DeliveryResult.Delivered());
        private long _count;

        public string Name => "email";

        public ChannelKind Kind => ChannelKind.Email;

        public long Count => Interlocked.Read(ref _count);

        public Task<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return Done;
        }
    }
}
