using System;
using NodaTime;

namespace Civic311.Notifications.Channels.Outbox;

/// <summary>How the outbox dispatcher claims, sends and retries.</summary>
public sealed class OutboxDispatcherOptions
{
    /// <summary>Gets or sets the dispatcher's name in claims; <see langword="null"/> for the machine name and a random suffix.</summary>
    public string? Owner { get; set; }

    /// <summary>Gets or sets how many messages one run claims.</summary>
    /// <value>Defaults to 100.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets how many sends run at once.</summary>
    /// <value>Defaults to 8.</value>
    public int MaxParallelSends { get; set; } = 8;

    /// <summary>
    /// Gets or sets how long a claim holds; a message whose dispatcher stopped is sent by another after this. Keep it well
    /// above the time a batch takes.
    /// </summary>
    /// <value>Defaults to 2 minutes.</value>
    public Duration LockDuration { get; set; } = Duration.FromMinutes(2);

    /// <summary>Gets or sets how many attempts a message gets before it is dead-lettered.</summary>
    /// <value>Defaults to 10.</value>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Gets or sets the delay before the second attempt; each later one doubles (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public Duration RetryDelay { get; set; } = Duration.FromSeconds(30);

    /// <summary>Gets or sets the longest delay between attempts.</summary>
    /// <value>Defaults to 1 hour.</value>
    public Duration MaxRetryDelay { get; set; } = Duration.FromHours(1);

    /// <summary>Gets or sets how many times a transient failure is retried at once, within one attempt (Polly, with jittered backoff).</summary>
    /// <value>Defaults to 2.</value>
    public int ImmediateRetries { get; set; } = 2;

    /// <summary>Gets or sets the first delay of those quick retries.</summary>
    /// <value>Defaults to 200 milliseconds.</value>
    public TimeSpan ImmediateRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets how long one send may take.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the loop waits when the outbox is drained.</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the time provider for delays (Polly and the loop); <see langword="null"/> for the system's.</summary>
    public TimeProvider? TimeProvider { get; set; }

    internal void Validate()
    {
        var errors = new System.Collections.Generic.List<ValidationError>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add(new ValidationError(field, ValidationErrorCodes.OutOfRange, message));
            }
        }

        Check(BatchSize is >= 1 and <= 5000, "batchSize", $"Claim 1 to 5000 messages a run; it is {BatchSize}.");
        Check(MaxParallelSends is >= 1 and <= 256, "maxParallelSends", $"Send 1 to 256 at once; it is {MaxParallelSends}.");
        Check(LockDuration > Duration.Zero, "lockDuration", "The lock duration must be positive.");
        Check(MaxAttempts is >= 1 and <= 100, "maxAttempts", $"Allow 1 to 100 attempts; it is {MaxAttempts}.");
        Check(RetryDelay > Duration.Zero && RetryDelay <= MaxRetryDelay, "retryDelay", "The retry delay must be positive and at most the maximum retry delay.");
        Check(ImmediateRetries is >= 0 and <= 10, "immediateRetries", $"Retry 0 to 10 times at once; it is {ImmediateRetries}.");
        Check(ImmediateRetryDelay > TimeSpan.Zero, "immediateRetryDelay", "The quick retry delay must be positive.");
        Check(SendTimeout > TimeSpan.Zero, "sendTimeout", "The send timeout must be positive.");
        Check(PollInterval > TimeSpan.Zero, "pollInterval", "The poll interval must be positive.");
        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("outbox dispatcher options", errors);
        }
    }
}
