using Civic311.Internal;

namespace Civic311.Notifications;

/// <summary>How a delivery attempt ended.</summary>
public enum DeliveryOutcome
{
    /// <summary>The provider accepted the message.</summary>
    Delivered = 0,

    /// <summary>The attempt failed for a reason that may pass (a timeout, a 4xx SMTP reply, HTTP 408, 429 or 5xx): try again later.</summary>
    TransientFailure = 1,

    /// <summary>The attempt failed for a reason that will not pass by retrying (a 5xx SMTP reply, another HTTP 4xx): dead-letter it.</summary>
    PermanentFailure = 2,
}

/// <summary>The result of <see cref="INotificationChannel.SendAsync"/>: delivered, or a transient or permanent failure with a reason.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class DeliveryResult
{
    private static readonly DeliveryResult DeliveredWithoutId = new(DeliveryOutcome.Delivered, null, null);

    private DeliveryResult(DeliveryOutcome outcome, string? reason, string? providerMessageId)
    {
        Outcome = outcome;
        Reason = reason;
        ProviderMessageId = providerMessageId;
    }

    /// <summary>Gets how the attempt ended.</summary>
    public DeliveryOutcome Outcome { get; }

    /// <summary>Gets why the attempt failed (a provider reply or an error message, never personal data); <see langword="null"/> when delivered.</summary>
    public string? Reason { get; }

    /// <summary>Gets the provider's id for the message, when it gave one.</summary>
    public string? ProviderMessageId { get; }

    /// <summary>Gets a value indicating whether the message was delivered.</summary>
    public bool IsDelivered => Outcome == DeliveryOutcome.Delivered;

    /// <summary>Gets a value indicating whether a later attempt may succeed.</summary>
    public bool IsTransient => Outcome == DeliveryOutcome.TransientFailure;

    /// <summary>A delivered message.</summary>
    /// <param name="providerMessageId">The provider's id for the message, when it gave one.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult Delivered(string? providerMessageId = null) =>
        providerMessageId is null ? DeliveredWithoutId : new DeliveryResult(DeliveryOutcome.Delivered, null, providerMessageId);

    /// <summary>A failure that may pass: the dispatcher retries.</summary>
    /// <param name="reason">Why it failed.</param>
    /// <returns>The result.</returns>
    /// <exception cref="System.ArgumentException"><paramref name="reason"/> is empty.</exception>
    public static DeliveryResult Transient(string reason) => new(DeliveryOutcome.TransientFailure, Guard.NotNullOrWhiteSpace(reason), null);

    /// <summary>A failure that retrying will not fix: the dispatcher dead-letters the message.</summary>
    /// <param name="reason">Why it failed.</param>
    /// <returns>The result.</returns>
    /// <exception cref="System.ArgumentException"><paramref name="reason"/> is empty.</exception>
    public static DeliveryResult Permanent(string reason) => new(DeliveryOutcome.PermanentFailure, Guard.NotNullOrWhiteSpace(reason), null);

    /// <inheritdoc />
    public override string ToString() => Reason is null ? Outcome.ToString() : $"{Outcome}: {Reason}";
}
