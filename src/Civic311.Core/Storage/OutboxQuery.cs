using System;
using System.Collections.Generic;
using Civic311.Internal;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Storage;

/// <summary>What a dispatcher asks for when it claims due messages.</summary>
/// <param name="Now">Now: messages due by then and not held by a live claim are claimed.</param>
/// <param name="LockFor">How long the claim holds; another dispatcher may take a message over after that.</param>
/// <param name="MaxCount">At most this many messages, the longest-waiting first.</param>
/// <param name="Owner">The claiming dispatcher, for staff screens and logs.</param>
public readonly record struct OutboxClaim(Instant Now, Duration LockFor, int MaxCount, string Owner);

/// <summary>Which outbox messages to list (for staff screens: what is waiting, what was given up on).</summary>
public sealed class OutboxQuery
{
    /// <summary>Gets a query for every message, oldest first.</summary>
    public static OutboxQuery All { get; } = new();

    /// <summary>Gets the state to list; <see langword="null"/> for every state.</summary>
    public OutboxState? State { get; private init; }

    /// <summary>Gets the request whose messages to list; <see langword="null"/> for every request.</summary>
    public ServiceRequestId? RequestId { get; private init; }

    /// <summary>Gets the page size, from 1 to <see cref="ServiceRequestPage.MaxSize"/>.</summary>
    public int PageSize { get; private init; } = ServiceRequestPage.DefaultSize;

    /// <summary>Only messages in <paramref name="state"/>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>A new query.</returns>
    public OutboxQuery InState(OutboxState state) => new() { State = Guard.Defined(state), RequestId = RequestId, PageSize = PageSize };

    /// <summary>Only the messages of one request.</summary>
    /// <param name="requestId">The request.</param>
    /// <returns>A new query.</returns>
    public OutboxQuery ForRequest(ServiceRequestId requestId) => new() { State = State, RequestId = requestId, PageSize = PageSize };

    /// <summary>Sets the page size.</summary>
    /// <param name="pageSize">From 1 to <see cref="ServiceRequestPage.MaxSize"/>.</param>
    /// <returns>A new query.</returns>
    public OutboxQuery WithPageSize(int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, ServiceRequestPage.MaxSize);
        return new() { State = State, RequestId = RequestId, PageSize = pageSize };
    }

    /// <summary>Whether a message matches (stores may use it to filter).</summary>
    /// <param name="message">The message.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool IsSatisfiedBy(OutboxMessage message) =>
        Guard.NotNull(message) is var m && (State is not { } state || m.State == state) && (RequestId is not { } id || m.RequestId == id);
}

/// <summary>One page of outbox messages, oldest first (by creation, then id).</summary>
public sealed class OutboxPage
{
    /// <summary>Creates a page.</summary>
    /// <param name="items">The messages.</param>
    /// <param name="continuationToken">The token for the next page; <see langword="null"/> on the last.</param>
    public OutboxPage(IReadOnlyList<OutboxMessage> items, string? continuationToken)
    {
        Items = Guard.NotNull(items);
        ContinuationToken = continuationToken;
    }

    /// <summary>Gets the messages.</summary>
    public IReadOnlyList<OutboxMessage> Items { get; }

    /// <summary>Gets the token for the next page; <see langword="null"/> on the last.</summary>
    public string? ContinuationToken { get; }
}
