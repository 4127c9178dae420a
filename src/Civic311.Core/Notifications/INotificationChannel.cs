using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Notifications;

/// <summary>
/// Sends rendered notifications through one provider (an SMTP server, a webhook, an SMS or push gateway). Register
/// implementations in DI; the dispatcher picks the channel whose <see cref="Kind"/> matches the message.
/// </summary>
/// <remarks>
/// Implementations classify failures instead of throwing: a failure that may pass (a timeout, SMTP 4xx, HTTP 408, 429 or
/// 5xx) is <see cref="DeliveryOutcome.TransientFailure"/>, one that will not (SMTP 5xx, another HTTP 4xx) is
/// <see cref="DeliveryOutcome.PermanentFailure"/>. They throw only for misuse (a null message, a message for another
/// channel kind) and when <c>cancellationToken</c> is cancelled.
/// </remarks>
/// <threadsafety>Implementations must be thread-safe: the dispatcher sends several messages at once.</threadsafety>
public interface INotificationChannel
{
    /// <summary>Gets a name for logs and configuration, for example <c>smtp</c> or <c>webhook</c>.</summary>
    string Name { get; }

    /// <summary>Gets the kind of message the channel sends.</summary>
    ChannelKind Kind { get; }

    /// <summary>Sends one message.</summary>
    /// <param name="message">The rendered message.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>Whether the message was delivered, or why not.</returns>
    Task<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default);
}
