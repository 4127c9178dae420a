using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Requests;

namespace Civic311.Storage;

/// <summary>
/// Where service requests live. Implementations: <c>Civic311.InMemory</c>, <c>Civic311.Sqlite</c>, <c>Civic311.Dataverse</c>; every implementation
/// passes the store specification test suite.
/// </summary>
/// <remarks>
/// Each change is one atomic write of a <see cref="ServiceRequestChange"/> (the request's new state with its new history
/// entries and outbox messages), guarded by optimistic concurrency on <see cref="ServiceRequest.Version"/>. Paging is by continuation token,
/// never by offset, so that stores without <c>$skip</c> (Dataverse) can implement it.
/// </remarks>
/// <threadsafety>Implementations must be thread-safe.</threadsafety>
public interface IServiceRequestStore
{
    /// <summary>Allocates the next number of a sequence; numbers are unique per scope across every process sharing the store.</summary>
    /// <param name="scope">The sequence name, for example <c>tracking-2026</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The next number, starting at 1.</returns>
    ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>Stores a new request (create only).</summary>
    /// <param name="change">The new request, with <see cref="ServiceRequestChange.ExpectedVersion"/> <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request, carrying its first <see cref="ServiceRequest.Version"/>.</returns>
    /// <exception cref="DuplicateServiceRequestException">The id or the tracking number is already taken; nothing was stored.</exception>
    ValueTask<ServiceRequest> AddAsync(ServiceRequestChange change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a stored request if it still has the expected version (update only); with
    /// <see cref="ServiceRequestChange.Original"/>, replaces the original too, in the same atomic write, if it still has
    /// <see cref="ServiceRequestChange.ExpectedOriginalVersion"/>.
    /// </summary>
    /// <param name="change">The new state, the version it was derived from, and its new history entries.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request, carrying its new <see cref="ServiceRequest.Version"/>.</returns>
    /// <exception cref="ConcurrencyConflictException">
    /// The stored version of the request, or of the original (the exception then names the original), differs from the
    /// expected one; nothing was changed.
    /// </exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken = default);

    /// <summary>Reads a request by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/> when none has that id.</returns>
    ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads several requests by id in as few round trips as the store can (the default reads them one by one with
    /// <see cref="GetAsync"/>); a lifecycle change that needs two requests (a duplicate link: the request and its original)
    /// reads them this way.
    /// </summary>
    /// <param name="ids">The ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests found, in no particular order; ids with no request are left out.</returns>
    async ValueTask<IReadOnlyList<ServiceRequest>> GetManyAsync(IReadOnlyList<ServiceRequestId> ids, CancellationToken cancellationToken = default)
    {
        System.ArgumentNullException.ThrowIfNull(ids);
        var found = new List<ServiceRequest>(ids.Count);
        foreach (var id in ids)
        {
            if (await GetAsync(id, cancellationToken).ConfigureAwait(false) is { } request)
            {
                found.Add(request);
            }
        }

        return found;
    }

    /// <summary>
    /// Reads a request and the requests marked as duplicates of it in as few round trips as the store can (the default reads
    /// the request with <see cref="GetAsync"/>, then every page of <see cref="DuplicatesOfRequest"/>); a
    /// resolution reads them this way, since their reporters are told too.
    /// </summary>
    /// <param name="id">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request (<see langword="null"/> when none has that id) and its duplicates.</returns>
    async ValueTask<(ServiceRequest? Request, IReadOnlyList<ServiceRequest> Duplicates)> GetWithDuplicatesAsync(ServiceRequestId id, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } request)
        {
            return (null, []);
        }

        return (request, await this.ReadAllAsync(new DuplicatesOfRequest(id), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads a request by tracking number (case-insensitive).</summary>
    /// <param name="trackingNumber">The tracking number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/> when none has that tracking number.</returns>
    ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one page of the requests a specification matches, in its order (ties by id; with no order, by
    /// <see cref="ServiceRequest.RequestedAt"/> then id). The specification must be in the subset
    /// <see cref="ServiceRequestQueryPlan.From"/> translates (docs/queries.md); a store filters nothing in memory after
    /// fetching, except where its query language asked for more than a condition means (a circle asked for as its box).
    /// </summary>
    /// <remarks>
    /// <c>Skip</c> applies to the first page only and <c>Take</c> caps the results across every page; a store that cannot do
    /// either (Dataverse has no <c>$skip</c>) refuses it with a <see cref="System.NotSupportedException"/>.
    /// </remarks>
    /// <param name="specification">The specification: any Ardalis <see cref="Ardalis.Specification.ISpecification{T}"/> of requests, usually a <see cref="ServiceRequestSpecification"/>.</param>
    /// <param name="continuationToken">
    /// <see langword="null"/> for the first page; afterwards the <see cref="ServiceRequestPage.ContinuationToken"/> of the page before.
    /// </param>
    /// <param name="pageSize">The largest number of requests on the page, from 1 to <see cref="ServiceRequestPage.MaxSize"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="pageSize"/> is below 1 or above <see cref="ServiceRequestPage.MaxSize"/>.</exception>
    /// <exception cref="System.ArgumentException">The continuation token is malformed or belongs to another specification.</exception>
    /// <exception cref="System.NotSupportedException">A part of the specification is outside what the store translates; the message names it.</exception>
    ValueTask<ServiceRequestPage> QueryAsync(Ardalis.Specification.ISpecification<ServiceRequest> specification, string? continuationToken, int pageSize = ServiceRequestPage.DefaultSize, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <see cref="OutboxClaim.MaxCount"/> due outbox messages for one dispatcher, longest-waiting first: pending
    /// messages whose next attempt is due and that no live claim holds. Each comes back locked until
    /// <c>Now + LockFor</c>, with a new version. Two concurrent claims never return the same message.
    /// </summary>
    /// <param name="claim">Now, the lock duration, the maximum count and the dispatcher's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed messages; empty when none is due.</returns>
    ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Records the outcome of an attempt (or a staff retry) if the message still has the version read.</summary>
    /// <param name="message">The message's new state, carrying the <see cref="OutboxMessage.Version"/> it was derived from.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored message, with its new version.</returns>
    /// <exception cref="ConcurrencyConflictException">The message changed since it was read; nothing was written.</exception>
    /// <exception cref="System.ArgumentException">No outbox message has that id, or the version is missing.</exception>
    ValueTask<OutboxMessage> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>Reads an outbox message by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message, or <see langword="null"/>.</returns>
    ValueTask<OutboxMessage?> GetOutboxAsync(System.Guid id, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of outbox messages, oldest first.</summary>
    /// <param name="query">The filters and page size.</param>
    /// <param name="continuationToken"><see langword="null"/> for the first page; afterwards the previous page's token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="System.ArgumentException">The continuation token is malformed.</exception>
    ValueTask<OutboxPage> QueryOutboxAsync(OutboxQuery query, string? continuationToken, CancellationToken cancellationToken = default);
}
