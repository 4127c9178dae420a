using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Notifications;

namespace Civic311.Quickstart;

/// <summary>A channel that keeps what it is given, so the quickstart can show what residents would receive.</summary>
internal sealed class KeepingChannel(string name, ChannelKind kind) : INotificationChannel
{
    private readonly ConcurrentQueue<NotificationMessage> _sent = new();

    public string Name { get; } = name;

    public ChannelKind Kind { get; } = kind;

    public IReadOnlyCollection<NotificationMessage> Sent => _sent;

    public Task<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue(message);
        return Task.FromResult(DeliveryResult.Delivered($"{Name}-{_sent.Count}"));
    }
}
