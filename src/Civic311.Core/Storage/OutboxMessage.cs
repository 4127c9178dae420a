using System;
using Civic311.Internal;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Storage;

/// <summary>Where an outbox message is in its delivery.</summary>
public enum OutboxState
{
    /// <summary>Waiting to be sent (again): the dispatcher picks it up at <see cref="OutboxMessage.NextAttemptAt"/>.</summary>
    Pending = 0,

    /// <summary>The channel accepted it.</summary>
    Delivered = 1,

    /// <summary>
    /// Given up on: the channel refused it for good, or every attempt failed. Staff see these and can send them again.
    /// </summary>
    DeadLettered = 2,
}

/// <summary>
/// A notification waiting to be sent, written in the same atomic store write as the change that caused it, so it exists
/// if and only if that change was committed. The dispatcher claims, sends and updates it; a crash between claim and update
/// only delays it (the claim expires), never loses it.
/// </summary>
/// <remarks>
/// The store does not interpret <see cref="Payload"/>: it is the rendered message as the notifications layer serialized it.
/// <see cref="Id"/> doubles as the idempotency key handed to the channel, so a retry is recognisable as the same message.
/// </remarks>
public sealed record OutboxMessage
{
    /// <summary>Creates a pending message.</summary>
    /// <param name="id">The message id and idempotency key; not empty.</param>
    /// <param name="requestId">The request whose change caused it.</param>
    /// <param name="channel">The name of the channel that sends it (for example <c>email</c>).</param>
    /// <param name="kind">What it is about (for example <c>RequestReceived</c>), for staff and for queries.</param>
    /// <param name="recipient">Who receives it (an address, a phone number, a queue); for staff screens and logs.</param>
    /// <param name="payload">The rendered message, serialized by the notifications layer.</param>
    /// <param name="createdAt">When the change that caused it happened.</param>
    /// <exception cref="ArgumentException">An id is empty or a text is empty.</exception>
    public OutboxMessage(Guid id, ServiceRequestId requestId, string channel, string kind, string recipient, string payload, Instant createdAt)
    {
        if (id == Guid.Empty)
        {
            throw new ArgumentException("The outbox message id is empty.", nameof(id));
        }

        if (requestId.IsEmpty)
        {
            throw new ArgumentException("The request id is empty.", nameof(requestId));
        }

        Id = id;
        RequestId = requestId;
        Channel = Guard.NotNullOrWhiteSpace(channel);
        Kind = Guard.NotNullOrWhiteSpace(kind);
        Recipient = Guard.NotNull(recipient);
        Payload = Guard.NotNull(payload);
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    /// <summary>Gets the message id, which is also its idempotency key.</summary>
    public Guid Id { get; }

    /// <summary>Gets the request whose change caused the message.</summary>
    public ServiceRequestId RequestId { get; }

    /// <summary>Gets the name of the channel that sends it.</summary>
    public string Channel { get; }

    /// <summary>Gets what the message is about.</summary>
    public string Kind { get; }

    /// <summary>Gets who receives it.</summary>
    public string Recipient { get; }

    /// <summary>Gets the rendered message as the notifications layer serialized it.</summary>
    public string Payload { get; }

    /// <summary>Gets when it was created.</summary>
    public Instant CreatedAt { get; }

    /// <summary>Gets the delivery state.</summary>
    public OutboxState State { get; init; }

    /// <summary>Gets how many sends were attempted.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets the earliest time of the next attempt (later than <see cref="CreatedAt"/> when deferred or backing off).</summary>
    public Instant NextAttemptAt { get; init; }

    /// <summary>Gets until when a dispatcher holds the message; others leave it alone until then.</summary>
    public Instant? LockedUntil { get; init; }

    /// <summary>Gets which dispatcher holds it.</summary>
    public string? LockedBy { get; init; }

    /// <summary>Gets the last failure, for staff.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets when the channel accepted it.</summary>
    public Instant? DeliveredAt { get; init; }

    /// <summary>Gets the id the channel's provider gave the message, if any.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>Gets the store's concurrency token; <see langword="null"/> until stored.</summary>
    public string? Version { get; init; }

    /// <summary>Whether a dispatcher may claim it at <paramref name="now"/>.</summary>
    /// <param name="now">Now.</param>
    /// <returns><see langword="true"/> when pending, due and not held by a live claim.</returns>
    public bool IsClaimableAt(Instant now) =>
        State == OutboxState.Pending && NextAttemptAt <= now && (LockedUntil is not { } until || until <= now);
}
