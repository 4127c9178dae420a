using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Notifications;

namespace Civic311.Tests.Shared.StoreHost;

/// <summary>
/// The e-mail channel of the store hosts: each delivery appends <c>MESSAGE-ID KIND TRACKING-NUMBER PROCESS-ID</c> to a
/// file of this process's own in <paramref name="folder"/> (.NET's append mode seeks to the end rather than opening with
/// O_APPEND, so processes sharing one file could overwrite each other's lines).
/// </summary>
internal sealed class CountingChannel(string folder) : INotificationChannel
{
    private static readonly object _lock = new();
    private readonly string _path = Path.Combine(folder, $"deliveries-{Environment.ProcessId}.txt");

    /// <summary>Every line every process wrote to <paramref name="folder"/>.</summary>
    public static string[] ReadAll(string folder) => [.. Directory.GetFiles(folder, "deliveries-*.txt").SelectMany(File.ReadAllLines)];

    public string Name => "email";

    public ChannelKind Kind => ChannelKind.Email;

    public Task<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        // The dispatcher sends in parallel: one writer at a time, or appends that each seek to the end overwrite each other.
        lock (_lock)
        {
            File.AppendAllText(_path, $"{message.Id} {message.Kind} {message.TrackingNumber} {Environment.ProcessId}\n");
        }

        return Task.FromResult(DeliveryResult.Delivered());
    }
}
