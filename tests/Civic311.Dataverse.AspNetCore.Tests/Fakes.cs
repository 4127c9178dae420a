using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Civic311.Dataverse.Webhooks;
using Civic311.Dataverse.Webhooks.Internal;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Dataverse.AspNetCore.Tests;

/// <summary>Rows in the Web API's shape (lookups as _x_value with annotations), read the way the real reader converts them.</summary>
internal sealed class FakeRecordReader : IDataverseRecordReader
{
    private readonly ConcurrentDictionary<(string, Guid), JsonObject> _rows = new();

    public ConcurrentQueue<(string Table, Guid Id)> Reads { get; } = new();

    /// <summary>When set, reads wait for it (or for cancellation).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public void Put(string table, Guid id, JsonObject row) => _rows[(table, id)] = row;

    public async ValueTask<DataverseEntity?> ReadAsync(string logicalName, Guid id, IReadOnlyCollection<string> columns, CancellationToken cancellationToken = default)
    {
        Reads.Enqueue((logicalName, id));
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (!_rows.TryGetValue((logicalName, id), out var row))
        {
            return null;
        }

        using var document = JsonDocument.Parse(row.ToJsonString());
        return WebApiRecordReader.ToEntity(logicalName, id, document.RootElement);
    }

    public static JsonObject Contact(string fullName, string email, string phone) => new()
    {
        ["@odata.etag"] = "W/\"1001\"",
        ["fullname"] = fullName,
        ["emailaddress1"] = email,
        ["mobilephone"] = phone,
        ["telephone1"] = null,
    };
}

/// <summary>The in-memory store, counting writes and able to fail them.</summary>
internal sealed class RecordingStore : IServiceRequestStore
{
    private readonly InMemoryServiceRequestStore _inner = new();
    private int _adds;
    private int _updates;

    public int Adds => Volatile.Read(ref _adds);

    public int Updates => Volatile.Read(ref _updates);

    public int Writes => Adds + Updates;

    /// <summary>When set, every update fails with what it returns (a conflict, for example).</summary>
    public Func<ServiceRequestChange, Exception?>? FailUpdate { get; set; }

    public ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default) => _inner.NextSequenceAsync(scope, cancellationToken);

    public ValueTask<ServiceRequest> AddAsync(ServiceRequestChange change, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _adds);
        return _inner.AddAsync(change, cancellationToken);
    }

    public ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken = default)
    {
        if (FailUpdate?.Invoke(change) is { } failure)
        {
            throw failure;
        }

        Interlocked.Increment(ref _updates);
        return _inner.UpdateAsync(change, cancellationToken);
    }

    public ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken = default) => _inner.GetAsync(id, cancellationToken);

    public ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken = default) => _inner.FindByTrackingNumberAsync(trackingNumber, cancellationToken);

    public ValueTask<ServiceRequestPage> QueryAsync(Ardalis.Specification.ISpecification<ServiceRequest> specification, string? continuationToken, int pageSize = ServiceRequestPage.DefaultSize, CancellationToken cancellationToken = default) =>
        _inner.QueryAsync(specification, continuationToken, pageSize, cancellationToken);

    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default) => _inner.ClaimOutboxAsync(claim, cancellationToken);

    public ValueTask<OutboxMessage> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default) => _inner.UpdateOutboxAsync(message, cancellationToken);

    public ValueTask<OutboxMessage?> GetOutboxAsync(Guid id, CancellationToken cancellationToken = default) => _inner.GetOutboxAsync(id, cancellationToken);

    public ValueTask<OutboxPage> QueryOutboxAsync(OutboxQuery query, string? continuationToken, CancellationToken cancellationToken = default) => _inner.QueryOutboxAsync(query, continuationToken, cancellationToken);
}
