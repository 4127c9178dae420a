using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Ardalis.Specification;
using Civic311.Relational;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;
using Npgsql;

namespace Civic311.PostgreSql;

/// <summary>
/// A durable <see cref="IServiceRequestStore"/> in a PostgreSQL database, for a center whose application runs on several
/// machines sharing one database. Each change is one transaction (the request row, its history and outbox rows, and a
/// duplicate's original); the schema is created and upgraded by the store on first use, once even when several processes
/// start together (docs/sql-stores.md describes the tables); queries run as SQL over indexed columns.
/// </summary>
/// <remarks>
/// Writers on every machine run side by side: a stale write (optimistic concurrency by version) changes nothing, tracking
/// numbers come from an atomic upsert so no two processes hand out one number, and outbox claims lock the rows they take
/// (<c>FOR UPDATE SKIP LOCKED</c>) so two dispatchers never deliver one message twice. A database newer than this code or
/// holding other tables is refused with an <see cref="InvalidOperationException"/> and left unchanged; a wrong connection
/// string or an unreachable server gives an <see cref="InvalidOperationException"/> naming the server and the cause,
/// never the password.
/// </remarks>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed class PostgreSqlServiceRequestStore : IServiceRequestStore, IDisposable, IAsyncDisposable
{
    private readonly PostgreSqlRelationalDatabase _database;
    private readonly RelationalStore _store;

    /// <summary>Creates the store; the database is connected to, checked and migrated on first use (or by <see cref="InitializeAsync"/>).</summary>
    /// <param name="options">The connection string and command timeout.</param>
    /// <param name="clock">The clock that stamps when each schema migration was applied.</param>
    /// <exception cref="Civic311ValidationException">The options are invalid; the exception lists every problem.</exception>
    public PostgreSqlServiceRequestStore(PostgreSqlStoreOptions options, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = new PostgreSqlRelationalDatabase(options, clock);
        _store = new RelationalStore(_database, options.SequenceBlockSize);
    }

    /// <summary>Gets the server and database the store uses, as <c>host:port/database</c> (never the password).</summary>
    public string Database => _database.Description;

    /// <summary>Connects now, creating or upgrading the schema, so that a host fails at start rather than at its first request.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the store is ready.</returns>
    /// <exception cref="InvalidOperationException">The server cannot be reached or refuses the credentials, or the database holds tables that are not Civic311's or has a newer schema; the message names the server and database.</exception>
    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => _database.EnsureReadyAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>One upsert (<c>INSERT ... ON CONFLICT DO UPDATE ... RETURNING</c>): atomic across processes.</remarks>
    public ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default) => Calling(_store.NextSequenceAsync(scope, cancellationToken));

    /// <inheritdoc />
    public ValueTask<ServiceRequest> AddAsync(ServiceRequestChange change, CancellationToken cancellationToken = default) => Calling(_store.AddAsync(change, cancellationToken));

    /// <inheritdoc />
    /// <remarks>
    /// Two changes that lock one pair of requests in opposite orders (opposite duplicate links) can deadlock; the one
    /// PostgreSQL ends is reported as a <see cref="ConcurrencyConflictException"/>, which <c>ServiceRequests</c> retries.
    /// </remarks>
    public async ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Calling(_store.UpdateAsync(change, cancellationToken)).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (PostgreSqlDialect.IsWriteConflict(ex))
        {
            throw new ConcurrencyConflictException(change.Request.Id, change.ExpectedVersion, null);
        }
    }

    // A server that goes away (restarted, failed over, the network cut) breaks the pooled connections: say so, naming the
    // server, and drop the pool so that the next call connects afresh once the server answers again.
    private async ValueTask<T> Calling<T>(ValueTask<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException || ((PostgresException)ex).SqlState.StartsWith("57P", StringComparison.Ordinal) || ((PostgresException)ex).SqlState.StartsWith("08", StringComparison.Ordinal))
        {
            _database.ForgetConnections();
            throw new InvalidOperationException(
                $"The PostgreSQL server at {_database.Description} went away during the call ({(ex as PostgresException)?.MessageText ?? ex.Message}). A change that failed here may or may not be stored: retrying it is safe (a change is checked against its expected version, a new request against its id). The store connects again as soon as the server answers.", ex);
        }
    }

    /// <inheritdoc />
    public ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken = default) => Calling(_store.GetAsync(id, cancellationToken));

    /// <inheritdoc />
    /// <remarks>One query for up to 500 ids.</remarks>
    public ValueTask<IReadOnlyList<ServiceRequest>> GetManyAsync(IReadOnlyList<ServiceRequestId> ids, CancellationToken cancellationToken = default) =>
        Calling(_store.GetManyAsync(ids, cancellationToken));

    /// <inheritdoc />
    public ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken = default) =>
        Calling(_store.FindByTrackingNumberAsync(trackingNumber, cancellationToken));

    /// <inheritdoc />
    /// <remarks>
    /// Translated to one SQL query over the indexed columns, nothing filtered after fetching; <c>Skip</c> applies to the first
    /// page and <c>Take</c> caps the results across pages. The token holds the last row's sort keys and id (keyset paging).
    /// </remarks>
    public ValueTask<ServiceRequestPage> QueryAsync(ISpecification<ServiceRequest> specification, string? continuationToken, int pageSize = ServiceRequestPage.DefaultSize, CancellationToken cancellationToken = default) =>
        Calling(_store.QueryAsync(specification, continuationToken, pageSize, cancellationToken));

    /// <inheritdoc />
    /// <remarks>The rows are taken with <c>FOR UPDATE SKIP LOCKED</c>: concurrent claims, from any process, take different messages.</remarks>
    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default) =>
        Calling(_store.ClaimOutboxAsync(claim, cancellationToken));

    /// <inheritdoc />
    public ValueTask<OutboxMessage> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default) =>
        Calling(_store.UpdateOutboxAsync(message, cancellationToken));

    /// <inheritdoc />
    public ValueTask<OutboxMessage?> GetOutboxAsync(Guid id, CancellationToken cancellationToken = default) => Calling(_store.GetOutboxAsync(id, cancellationToken));

    /// <inheritdoc />
    public ValueTask<OutboxPage> QueryOutboxAsync(OutboxQuery query, string? continuationToken, CancellationToken cancellationToken = default) =>
        Calling(_store.QueryOutboxAsync(query, continuationToken, cancellationToken));

    /// <summary>Closes the store's pooled connections.</summary>
    public void Dispose() => _database.Dispose();

    /// <summary>Closes the store's pooled connections.</summary>
    /// <returns>A task that completes once they are closed.</returns>
    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
