using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Core.Tests.Requests;

/// <summary>A store that passes every call to another; tests override what they watch or disturb.</summary>
internal abstract class DelegatingStore(IServiceRequestStore inner) : IServiceRequestStore
{
    protected IServiceRequestStore Inner => inner;

    public virtual ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default) => inner.NextSequenceAsync(scope, cancellationToken);

    public virtual ValueTask<ServiceRequest> AddAsync(ServiceRequestChange change, CancellationToken cancellationToken = default) => inner.AddAsync(change, cancellationToken);

    public virtual ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken = default) => inner.UpdateAsync(change, cancellationToken);

    public virtual ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public virtual ValueTask<IReadOnlyList<ServiceRequest>> GetManyAsync(IReadOnlyList<ServiceRequestId> ids, CancellationToken cancellationToken = default) =>
        inner.GetManyAsync(ids, cancellationToken);

    public virtual ValueTask<(ServiceRequest? Request, IReadOnlyList<ServiceRequest> Duplicates)> GetWithDuplicatesAsync(ServiceRequestId id, CancellationToken cancellationToken = default) =>
        inner.GetWithDuplicatesAsync(id, cancellationToken);

    public virtual ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken = default) =>
        inner.FindByTrackingNumberAsync(trackingNumber, cancellationToken);

    public virtual ValueTask<ServiceRequestPage> QueryAsync(Ardalis.Specification.ISpecification<ServiceRequest> specification, string? continuationToken, int pageSize = ServiceRequestPage.DefaultSize, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(specification, continuationToken, pageSize, cancellationToken);

    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default) =>
        inner.ClaimOutboxAsync(claim, cancellationToken);

    public ValueTask<OutboxMessage> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default) =>
        inner.UpdateOutboxAsync(message, cancellationToken);

    public ValueTask<OutboxMessage?> GetOutboxAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetOutboxAsync(id, cancellationToken);

    public ValueTask<OutboxPage> QueryOutboxAsync(OutboxQuery query, string? continuationToken, CancellationToken cancellationToken = default) =>
        inner.QueryOutboxAsync(query, continuationToken, cancellationToken);
}
