using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Civic311.Notifications.Channels.Outbox;

/// <summary>
/// Sends the outbox: claims due messages (a lock that expires, so a crashed dispatcher's messages are picked up again),
/// hands each to its channel with its idempotency key, retries a transient failure right away a few times (Polly:
/// exponential backoff with jitter, a timeout per send) and then later with a growing, jittered delay, and dead-letters a
/// message the channel refuses for good or that failed every attempt. Several dispatchers, in one process or many, can run
/// against the same store: a claim is exclusive.
/// </summary>
/// <threadsafety>Thread-safe; run one loop per process (<see cref="RunAsync"/>) or call <see cref="RunOnceAsync"/> on a timer.</threadsafety>
public sealed partial class OutboxDispatcher
{
    private readonly IServiceRequestStore _store;
    private readonly IClock _clock;
    private readonly OutboxDispatcherOptions _options;
    private readonly Dictionary<string, INotificationChannel> _channels;
    private readonly ResiliencePipeline<DeliveryResult> _send;
    private readonly ILogger _logger;
    private readonly string _owner;

    /// <summary>Creates a dispatcher.</summary>
    /// <param name="store">The store holding the outbox.</param>
    /// <param name="channels">The channels, found by <see cref="INotificationChannel.Name"/>.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="options">The settings; optional.</param>
    /// <param name="logger">The logger; optional. Recipients are never logged, and failure reasons and exceptions are redacted with <see cref="PersonalData.Redact(string?)"/>.</param>
    /// <exception cref="ArgumentException">Two channels share a name, or an option is out of range.</exception>
    public OutboxDispatcher(
        IServiceRequestStore store, IEnumerable<INotificationChannel> channels, IClock clock, OutboxDispatcherOptions? options = null, ILogger<OutboxDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        _clock = clock;
        _options = options ?? new OutboxDispatcherOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _owner = _options.Owner ?? $"{Environment.MachineName}/{Guid.NewGuid():N}";
        _channels = new Dictionary<string, INotificationChannel>(StringComparer.OrdinalIgnoreCase);
        foreach (var channel in channels)
        {
            if (!_channels.TryAdd(channel.Name, channel))
            {
                throw new ArgumentException($"Two notification channels are named '{channel.Name}'.", nameof(channels));
            }
        }

        var pipeline = new ResiliencePipelineBuilder<DeliveryResult> { TimeProvider = _options.TimeProvider ?? TimeProvider.System };
        if (_options.ImmediateRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<DeliveryResult>
            {
                MaxRetryAttempts = _options.ImmediateRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.ImmediateRetryDelay,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is TimeoutRejectedException || args.Outcome.Result?.Outcome == DeliveryOutcome.TransientFailure),
            });
        }

        _send = pipeline
            .AddTimeout(_options.SendTimeout)
            .Build();
    }

    /// <summary>Claims one batch of due messages and tries each once (with the quick retries); returns what happened.</summary>
    /// <param name="cancellationToken">Stops the run; messages already claimed but not sent are picked up again when their lock expires.</param>
    /// <returns>The counts of this run.</returns>
    public async ValueTask<OutboxDispatchResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var claimed = await _store.ClaimOutboxAsync(new OutboxClaim(now, _options.LockDuration, _options.BatchSize, _owner), cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return default;
        }

        var outcomes = new DeliveryOutcomeCount();
        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelSends, CancellationToken = cancellationToken },
            async (message, token) => outcomes.Add(await DispatchAsync(message, token).ConfigureAwait(false))).ConfigureAwait(false);
        return outcomes.ToResult(claimed.Count);
    }

    /// <summary>Runs until cancelled: a batch, then the next at once while there is work, or after the poll interval.</summary>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that ends when cancelled.</returns>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            OutboxDispatchResult result;
            try
            {
                result = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store is down, say: nothing is lost (the outbox is in the store); try again after the interval.
                Log.RunFailed(_logger, PersonalData.Redact(ex));
                result = default;
            }

            if (result.Claimed < _options.BatchSize)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, _options.TimeProvider ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends a dead-lettered (or waiting) message again now, for staff who fixed its cause.</summary>
    /// <param name="id">The outbox message id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message, pending and due now, its attempt count reset.</returns>
    /// <exception cref="ArgumentException">No message has that id, or it was already delivered.</exception>
    /// <exception cref="ConcurrencyConflictException">The message changed meanwhile (a dispatcher holds it); try again.</exception>
    public async ValueTask<OutboxMessage> RetryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var message = await _store.GetOutboxAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"No outbox message has the id {id}.", nameof(id));
        if (message.State == OutboxState.Delivered)
        {
            throw new ArgumentException($"The outbox message {id} was delivered at {message.DeliveredAt}; there is nothing to retry.", nameof(id));
        }

        return await _store.UpdateOutboxAsync(
            message with { State = OutboxState.Pending, Attempts = 0, NextAttemptAt = _clock.GetCurrentInstant(), LockedUntil = null, LockedBy = null },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<OutboxState?> DispatchAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        NotificationEnvelope envelope;
        try
        {
            envelope = NotificationEnvelope.Parse(message.Payload);
        }
        catch (FormatException ex)
        {
            return await FinishAsync(message, DeliveryResult.Permanent(ex.Message), cancellationToken).ConfigureAwait(false);
        }

        if (!_channels.TryGetValue(message.Channel, out var channel))
        {
            // A channel that is not registered here may be registered in another process: wait, do not burn attempts.
            Log.NoChannel(_logger, message.Id, message.Channel);
            await ReleaseAsync(message, message.NextAttemptAt, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var now = _clock.GetCurrentInstant();
        if (envelope.QuietHours is { } quiet && quiet.IsQuietAt(now))
        {
            await ReleaseAsync(message, quiet.NextAllowed(now), cancellationToken).ConfigureAwait(false);
            return null; // deferred, not dropped, and not an attempt
        }

        DeliveryResult result;
        try
        {
            result = await _send.ExecuteAsync(
                static (state, token) => new ValueTask<DeliveryResult>(state.channel.SendAsync(state.message, token)),
                (channel, message: envelope.Message),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            result = DeliveryResult.Transient($"no answer within {_options.SendTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A channel must not throw for a failed delivery; if one does, treat it as transient rather than lose the message.
            result = DeliveryResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }

        return await FinishAsync(message, result, cancellationToken).ConfigureAwait(false);
    }

    private async Task<OutboxState> FinishAsync(OutboxMessage message, DeliveryResult result, CancellationToken cancellationToken)
    {
        // Whatever a channel (ours or a third party's) says may echo the recipient: neither the store nor the log gets it.
        var reason = PersonalData.Redact(result.Reason);
        var now = _clock.GetCurrentInstant();
        var attempts = message.Attempts + 1;
        var next = result.Outcome switch
        {
            DeliveryOutcome.Delivered => message with
            {
                State = OutboxState.Delivered, Attempts = attempts, DeliveredAt = now, ProviderMessageId = result.ProviderMessageId, LastError = null,
                LockedUntil = null, LockedBy = null,
            },
            DeliveryOutcome.TransientFailure when attempts < _options.MaxAttempts => message with
            {
                Attempts = attempts, LastError = reason, NextAttemptAt = now + Backoff(attempts), LockedUntil = null, LockedBy = null,
            },
            _ => message with { State = OutboxState.DeadLettered, Attempts = attempts, LastError = reason, LockedUntil = null, LockedBy = null },
        };
        await SaveAsync(next, cancellationToken).ConfigureAwait(false);
        switch (next.State)
        {
            case OutboxState.Delivered:
                Log.Delivered(_logger, message.Id, message.Channel, attempts);
                break;
            case OutboxState.DeadLettered:
                Log.DeadLettered(_logger, message.Id, message.Channel, attempts, reason);
                break;
            default:
                Log.WillRetry(_logger, message.Id, message.Channel, attempts, next.NextAttemptAt, reason);
                break;
        }

        return next.State;
    }

    private Task ReleaseAsync(OutboxMessage message, Instant nextAttemptAt, CancellationToken cancellationToken) =>
        SaveAsync(message with { NextAttemptAt = nextAttemptAt, LockedUntil = null, LockedBy = null }, cancellationToken);

    private async Task SaveAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _store.UpdateOutboxAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Our lock expired and another dispatcher took the message over: its outcome stands. A channel that honours the
            // idempotency key makes the double send harmless.
            Log.LostClaim(_logger, message.Id);
        }
    }

    // Exponential with full jitter between half and the whole step, capped: spreads retries of a failed provider out.
    private Duration Backoff(int attempts)
    {
        var baseTicks = _options.RetryDelay.BclCompatibleTicks;
        var step = Math.Min((double)_options.MaxRetryDelay.BclCompatibleTicks, baseTicks * Math.Pow(2, attempts - 1));
        var jittered = step * (0.5 + (Random.Shared.NextDouble() * 0.5));
        return Duration.FromTicks((long)jittered);
    }

    private sealed class DeliveryOutcomeCount
    {
        private int _delivered;
        private int _retrying;
        private int _deadLettered;
        private int _deferred;

        public void Add(OutboxState? state)
        {
            switch (state)
            {
                case OutboxState.Delivered:
                    Interlocked.Increment(ref _delivered);
                    break;
                case OutboxState.Pending:
                    Interlocked.Increment(ref _retrying);
                    break;
                case OutboxState.DeadLettered:
                    Interlocked.Increment(ref _deadLettered);
                    break;
                default:
                    Interlocked.Increment(ref _deferred);
                    break;
            }
        }

        public OutboxDispatchResult ToResult(int claimed) => new(claimed, _delivered, _retrying, _deadLettered, _deferred);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Outbox message {MessageId} delivered on {Channel} (attempt {Attempts})")]
        public static partial void Delivered(ILogger logger, Guid messageId, string channel, int attempts);

        [LoggerMessage(2, LogLevel.Warning, "Outbox message {MessageId} on {Channel} failed (attempt {Attempts}); next attempt at {NextAttemptAt}: {Reason}")]
        public static partial void WillRetry(ILogger logger, Guid messageId, string channel, int attempts, Instant nextAttemptAt, string? reason);

        [LoggerMessage(3, LogLevel.Error, "Outbox message {MessageId} on {Channel} dead-lettered after {Attempts} attempt(s): {Reason}")]
        public static partial void DeadLettered(ILogger logger, Guid messageId, string channel, int attempts, string? reason);

        [LoggerMessage(4, LogLevel.Warning, "Outbox message {MessageId} names channel {Channel}, which is not registered in this process; it waits")]
        public static partial void NoChannel(ILogger logger, Guid messageId, string channel);

        [LoggerMessage(5, LogLevel.Information, "Outbox message {MessageId}: the claim expired and another dispatcher took it over")]
        public static partial void LostClaim(ILogger logger, Guid messageId);

        [LoggerMessage(6, LogLevel.Error, "Outbox dispatch run failed; retrying after the poll interval")]
        public static partial void RunFailed(ILogger logger, Exception exception);
    }
}

/// <summary>What one dispatch run did.</summary>
/// <param name="Claimed">Messages claimed.</param>
/// <param name="Delivered">Delivered now.</param>
/// <param name="Retrying">Failed transiently; scheduled again.</param>
/// <param name="DeadLettered">Refused for good or out of attempts.</param>
/// <param name="Deferred">Put back untried (quiet hours, or no such channel in this process).</param>
public readonly record struct OutboxDispatchResult(int Claimed, int Delivered, int Retrying, int DeadLettered, int Deferred);
