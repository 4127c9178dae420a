using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Ardalis.Specification;
using Civic311.Relational;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;

namespace Civic311.Sqlite;

/// <summary>
/// A durable <see cref="IServiceRequestStore"/> in one SQLite file, for a center on one machine. Each change is one
/// transaction (the request row, its history and outbox rows, and a duplicate's original); the schema is created and
/// upgraded by the store on first use (docs/sql-stores.md describes the tables); queries run as SQL over indexed columns.
/// </summary>
/// <remarks>
/// The file is in WAL mode: readers never wait for the writer. Writes go one at a time (<c>BEGIN IMMEDIATE</c>), and several
/// processes may share the file on one machine, waiting for each other up to <see cref="SqliteStoreOptions.BusyTimeout"/>.
/// A database newer than this code, a file that is not a SQLite database or one holding other tables, and a read-only
/// file are refused with an <see cref="InvalidOperationException"/> naming the file, and left unchanged.
/// </remarks>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed class SqliteServiceRequestStore : IServiceRequestStore, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly RelationalStore _store;

    /// <summary>Creates the store; the file is opened, checked and migrated on first use (or by <see cref="InitializeAsync"/>).</summary>
    /// <param name="options">Where the database is and how durably it writes.</param>
    /// <param name="clock">The clock that stamps when each schema migration was applied.</param>
    /// <exception cref="Civic311ValidationException">The options are invalid; the exception lists every problem.</exception>
    public SqliteServiceRequestStore(SqliteStoreOptions options, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = new SqliteDatabase(options, clock);
        _store = new RelationalStore(_database, options.SequenceBlockSize);
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string DatabasePath => _database.FilePath;

    /// <summary>Opens the database now, creating or upgrading its schema, so that a host fails at start rather than at its first request.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the store is ready.</returns>
    /// <exception cref="InvalidOperationException">The file is not a SQLite database, holds tables that are not Civic311's, has a newer schema, or cannot be written; the message names the file.</exception>
    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => _database.EnsureReadyAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default) => WritingAsync(_store.NextSequenceAsync(scope, cancellationToken));

    /// <inheritdoc />
    public ValueTask<ServiceRequest> AddAsync(ServiceRequestChange change, CancellationToken cancellationToken = default) => WritingAsync(_store.AddAsync(change, cancellationToken));

    /// <inheritdoc />
    public ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken = default) => WritingAsync(_store.UpdateAsync(change, cancellationToken));

    /// <inheritdoc />
    public ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken = default) => _store.GetAsync(id, cancellationToken);

    /// <inheritdoc />
    /// <remarks>One query for up to 500 ids.</remarks>
    public ValueTask<IReadOnlyList<ServiceRequest>> GetManyAsync(IReadOnlyList<ServiceRequestId> ids, CancellationToken cancellationToken = default) =>
        _store.GetManyAsync(ids, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken = default) =>
        _store.FindByTrackingNumberAsync(trackingNumber, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Translated to one SQL query over the indexed columns, nothing filtered after fetching; <c>Skip</c> applies to the first
    /// page and <c>Take</c> caps the results across pages. The token holds the last row's sort keys and id (keyset paging),
    /// so rows added or changed between pages never shift the rows after it.
    /// </remarks>
    public ValueTask<ServiceRequestPage> QueryAsync(ISpecification<ServiceRequest> specification, string? continuationToken, int pageSize = ServiceRequestPage.DefaultSize, CancellationToken cancellationToken = default) =>
        _store.QueryAsync(specification, continuationToken, pageSize, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default) =>
        WritingAsync(_store.ClaimOutboxAsync(claim, cancellationToken));

    /// <inheritdoc />
    public ValueTask<OutboxMessage> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default) =>
        WritingAsync(_store.UpdateOutboxAsync(message, cancellationToken));

    /// <inheritdoc />
    public ValueTask<OutboxMessage?> GetOutboxAsync(Guid id, CancellationToken cancellationToken = default) => _store.GetOutboxAsync(id, cancellationToken);

    /// <inheritdoc />
    public ValueTask<OutboxPage> QueryOutboxAsync(OutboxQuery query, string? continuationToken, CancellationToken cancellationToken = default) =>
        _store.QueryOutboxAsync(query, continuationToken, cancellationToken);

    // A full disk fails the write (SQLite rolls back what it cannot store, so nothing half-written remains) with SQLite's
    // terse "database or disk is full": say which file, that nothing of the write was stored, and that the store goes on.
    private async ValueTask<T> WritingAsync<T>(ValueTask<T> write)
    {
        try
        {
            return await write.ConfigureAwait(false);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode == SqliteFull)
        {
            throw new System.IO.IOException(
                $"The disk holding the SQLite database '{DatabasePath}' is full (or the file reached its size limit): the write was not stored. Free space and try again; the store carries on where it stopped.", ex);
        }
    }

    private const int SqliteFull = 13;

    /// <summary>Closes the pooled connections to the file.</summary>
    public void Dispose() => _database.Dispose();
}
