using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Application;

namespace Civic311.Benchmarks;

/// <summary>
/// An in-memory store that a benchmark empties at the start of each invocation, so one service (built once: building it
/// validates the options and compiles 20 years of business calendars, milliseconds of work) runs every batch against a
/// store growing from zero. Each call goes through one extra interface call to the current store.
/// </summary>
public sealed class FreshStore : IServiceRequestStore
{
    private InMemoryServiceRequestStore _current = new();

    /// <summary>Gets the store the calls go to now.</summary>
    public InMemoryServiceRequestStore Current => _current;

    /// <summary>Creates the service once, over this store.</summary>
    public ServiceRequests NewService(Civic311Options options) => new(this, options, BenchmarkCatalog.Clock());

    /// <summary>Starts over with an empty store (three empty dictionaries).</summary>
    public void Renew() => _current = new InMemoryServiceRequestStore();

    /// <inheritdoc />
    public ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default) => _current.NextSequenceAsync(scope, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ServiceRequest> AddAsync(ServiceRequestChange change, CancellationToken cancellationToken = default) => _current.AddAsync(change, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken = default) => _current.UpdateAsync(change, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken = default) => _current.GetAsync(id, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken = default) =>
        _current.FindByTrackingNumberAsync(trackingNumber, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ServiceRequestPage> QueryAsync(Ardalis.Specification.ISpecification<ServiceRequest> specification, string? continuationToken, int pageSize = ServiceRequestPage.DefaultSize, CancellationToken cancellationToken = default) =>
        _current.QueryAsync(specification, continuationToken, pageSize, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default) => _current.ClaimOutboxAsync(claim, cancellationToken);

    /// <inheritdoc />
    public ValueTask<OutboxMessage> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default) => _current.UpdateOutboxAsync(message, cancellationToken);

    /// <inheritdoc />
    public ValueTask<OutboxMessage?> GetOutboxAsync(Guid id, CancellationToken cancellationToken = default) => _current.GetOutboxAsync(id, cancellationToken);

    /// <inheritdoc />
    public ValueTask<OutboxPage> QueryOutboxAsync(OutboxQuery query, string? continuationToken, CancellationToken cancellationToken = default) =>
        _current.QueryOutboxAsync(query, continuationToken, cancellationToken);
}
