using System;
using System.Collections.Generic;
using Civic311.Internal;
using Civic311.Requests;

namespace Civic311.Storage;

/// <summary>
/// One unit of work for a store: a request's new state, the version it was derived from, the history entries the change
/// appended and the notifications it causes (outbox messages); for a duplicate link, also the original with its
/// <see cref="ServiceRequest.DuplicateCount"/> raised and the version it was derived from. A store writes all of it
/// atomically or none of it.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class ServiceRequestChange
{
    /// <summary>Creates a change.</summary>
    /// <param name="request">The new state.</param>
    /// <param name="expectedVersion">The version it was derived from; <see langword="null"/> for a new request.</param>
    /// <param name="newHistory">The entries appended by this change (the tail of <see cref="ServiceRequest.History"/>).</param>
    /// <param name="newOutbox">The notifications the change causes; each pending, unstored and about this request.</param>
    /// <param name="original">
    /// For a duplicate link: the original's new state (its duplicate count raised), written with the request; otherwise
    /// <see langword="null"/>.
    /// </param>
    /// <param name="expectedOriginalVersion">The version <paramref name="original"/> was derived from; required with it.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="newHistory"/> is not the tail of the request's history, or an outbox message is not a new pending
    /// message about this request, or two share an id; or an original is given for a new request, is the request itself,
    /// or comes without (or with an empty) expected version, or an expected original version comes without an original.
    /// </exception>
    public ServiceRequestChange(
        ServiceRequest request,
        string? expectedVersion,
        IReadOnlyList<HistoryEntry> newHistory,
        IReadOnlyList<OutboxMessage>? newOutbox = null,
        ServiceRequest? original = null,
        string? expectedOriginalVersion = null)
    {
        Request = Guard.NotNull(request);
        NewHistory = Guard.NotNull(newHistory);
        NewOutbox = newOutbox ?? [];
        ExpectedVersion = expectedVersion;
        CheckOriginal(request, expectedVersion, original, expectedOriginalVersion);
        Original = original;
        ExpectedOriginalVersion = expectedOriginalVersion;
        for (var i = 0; i < NewOutbox.Count; i++)
        {
            var message = NewOutbox[i] ?? throw new ArgumentException($"Outbox message {i} is null.", nameof(newOutbox));
            if (message.RequestId != request.Id || message.State != OutboxState.Pending || message.Version is not null || message.Attempts != 0)
            {
                throw new ArgumentException($"Outbox message {message.Id} must be a new pending message about request {request.Id}.", nameof(newOutbox));
            }

            for (var j = 0; j < i; j++)
            {
                if (NewOutbox[j].Id == message.Id)
                {
                    throw new ArgumentException($"Two outbox messages share the id {message.Id}.", nameof(newOutbox));
                }
            }
        }

        var history = request.History;
        if (newHistory.Count > history.Count
            || (newHistory.Count > 0 && !ReferenceEquals(newHistory[^1], history[^1])))
        {
            throw new ArgumentException("The new history entries must be the last entries of the request's history.", nameof(newHistory));
        }
    }

    private static void CheckOriginal(ServiceRequest request, string? expectedVersion, ServiceRequest? original, string? expectedOriginalVersion)
    {
        if (original is null)
        {
            if (expectedOriginalVersion is not null)
            {
                throw new ArgumentException("An expected original version was given without the original.", nameof(expectedOriginalVersion));
            }

            return;
        }

        if (expectedVersion is null)
        {
            throw new ArgumentException("A new request cannot carry an original: only an update links a duplicate.", nameof(original));
        }

        if (original.Id == request.Id)
        {
            throw new ArgumentException($"The original is the request itself ({request.Id}).", nameof(original));
        }

        if (string.IsNullOrWhiteSpace(expectedOriginalVersion))
        {
            throw new ArgumentException($"The original {original.Id} needs the version it was derived from.", nameof(expectedOriginalVersion));
        }
    }

    /// <summary>Gets the request's new state.</summary>
    public ServiceRequest Request { get; }

    /// <summary>Gets the version the change was derived from; <see langword="null"/> for a new request.</summary>
    public string? ExpectedVersion { get; }

    /// <summary>Gets the history entries this change appended.</summary>
    public IReadOnlyList<HistoryEntry> NewHistory { get; }

    /// <summary>Gets the notifications this change causes, written with it.</summary>
    public IReadOnlyList<OutboxMessage> NewOutbox { get; }

    /// <summary>
    /// Gets the original's new state when the change links the request as its duplicate (its duplicate count raised),
    /// written in the same atomic write; otherwise <see langword="null"/>.
    /// </summary>
    public ServiceRequest? Original { get; }

    /// <summary>
    /// Gets the version <see cref="Original"/> was derived from: when the stored original has another, the store refuses
    /// the whole change (<see cref="ConcurrencyConflictException"/> naming the original) and writes nothing.
    /// </summary>
    public string? ExpectedOriginalVersion { get; }

    /// <summary>Gets a value indicating whether this change creates the request.</summary>
    public bool IsNew => ExpectedVersion is null;
}
