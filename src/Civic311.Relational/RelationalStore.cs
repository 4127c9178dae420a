using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Ardalis.Specification;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Relational;

/// <summary>
/// The <see cref="IServiceRequestStore"/> logic every SQL provider shares: each change one transaction (the request row,
/// its history rows and outbox rows, and a duplicate's original), optimistic concurrency on the version column, queries
/// translated to SQL with keyset paging, and outbox claims. Checks run inside the write transaction before anything is
/// written; a provider whose transactions do not exclude other writers (PostgreSQL) is still exact because every
/// <c>UPDATE</c> is guarded by the version and every insert by a unique key.
/// </summary>
internal sealed class RelationalStore
{
    private const int IdsPerQuery = 500;

    private readonly RelationalDatabase _database;
    private readonly SqlDialect _dialect;
    private readonly int _sequenceBlockSize;
    private readonly ConcurrentDictionary<string, SequenceBlock> _blocks = new(StringComparer.Ordinal);

    public RelationalStore(RelationalDatabase database, int sequenceBlockSize)
    {
        _database = database;
        _dialect = database.Dialect;
        _sequenceBlockSize = sequenceBlockSize;
    }

    /// <summary>
    /// The next number of a scope, from a block this process reserved in one write (so a submit usually costs one
    /// transaction, not two). Numbers never repeat across processes; a process that stops leaves the rest of its block
    /// unused, a gap, as the Dataverse store does.
    /// </summary>
    public async ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        cancellationToken.ThrowIfCancellationRequested();
        var block = _blocks.GetOrAdd(scope, static _ => new SequenceBlock());
        while (true)
        {
            Task reservation;
            lock (block)
            {
                if (block.Next <= block.Last)
                {
                    return block.Next++;
                }

                // One reservation at a time per scope; callers arriving meanwhile wait for it and take from the new block. It
                // runs apart, so its end (which clears Pending under this lock) always comes after Pending is set.
                reservation = block.Pending ??= Task.Run(() => ReserveAsync(block, scope), CancellationToken.None);
            }

            await reservation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReserveAsync(SequenceBlock block, string scope)
    {
        try
        {
            long last;
            var write = await _database.BeginWriteAsync(CancellationToken.None).ConfigureAwait(false);
            await using (write.ConfigureAwait(false))
            {
                if (_dialect.SequenceTransactionStatement is { } first)
                {
                    await ExecuteAsync(write, new SqlStatement().Append(first), CancellationToken.None).ConfigureAwait(false);
                }

                var sql = new SqlStatement().Append($"INSERT INTO {RelationalSchema.Sequences} (scope, value) VALUES (").Value(scope).Append(", ").Value(_sequenceBlockSize)
                    .Append($") ON CONFLICT (scope) DO UPDATE SET value = {RelationalSchema.Sequences}.value + ").Value(_sequenceBlockSize).Append(" RETURNING value");
                last = Convert.ToInt64(await ScalarAsync(write, sql, CancellationToken.None).ConfigureAwait(false), CultureInfo.InvariantCulture);
                await write.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            lock (block)
            {
                block.Next = last - _sequenceBlockSize + 1;
                block.Last = last;
            }
        }
        finally
        {
            lock (block)
            {
                block.Pending = null;
            }
        }
    }

    /// <summary>The numbers of a scope this process holds: <see cref="Next"/> to <see cref="Last"/>, empty when Next is past Last.</summary>
    private sealed class SequenceBlock
    {
        public long Next { get; set; } = 1;

        public long Last { get; set; }

        public Task? Pending { get; set; }
    }

    public async ValueTask<ServiceRequest> AddAsync(ServiceRequestChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        if (!change.IsNew)
        {
            throw new ArgumentException("AddAsync stores new requests; the change carries an expected version, so use UpdateAsync.", nameof(change));
        }

        var request = change.Request;
        if (request.Id.IsEmpty)
        {
            throw new ArgumentException("The request has an empty id.", nameof(change));
        }

        var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (write.ConfigureAwait(false))
        {
            if (await ScalarAsync(write, new SqlStatement().Append($"SELECT 1 FROM {RelationalSchema.Requests} WHERE id = ").Value(RelationalValues.Id(request.Id)), cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new DuplicateServiceRequestException(request.Id, request.TrackingNumber, "id");
            }

            if (await ScalarAsync(write, new SqlStatement().Append($"SELECT 1 FROM {RelationalSchema.Requests} WHERE tracking_key = ").Value(RelationalValues.Key(request.TrackingNumber)), cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new DuplicateServiceRequestException(request.Id, request.TrackingNumber, "trackingNumber");
            }

            await CheckNewOutboxAsync(write, change, cancellationToken).ConfigureAwait(false);
            try
            {
                await ExecuteAsync(write, RelationalRows.InsertRequest(request, 1), cancellationToken).ConfigureAwait(false);
                await WriteHistoryAndOutboxAsync(write, request.Id, change, cancellationToken).ConfigureAwait(false);
                await write.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException ex) when (_dialect.UniqueViolation(ex) is { } violated)
            {
                // Another writer took the id or the number between the check and the insert (only where writers run side by side).
                throw violated.Contains("tracking", StringComparison.OrdinalIgnoreCase)
                    ? new DuplicateServiceRequestException(request.Id, request.TrackingNumber, "trackingNumber")
                    : new DuplicateServiceRequestException(request.Id, request.TrackingNumber, "id");
            }
        }

        return request.WithVersion(RelationalValues.Version(1));
    }

    public async ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        if (change.IsNew)
        {
            throw new ArgumentException("UpdateAsync needs the expected version the change was derived from; use AddAsync for new requests.", nameof(change));
        }

        var request = change.Request;
        var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (write.ConfigureAwait(false))
        {
            var expected = await CheckCurrentAsync(write, request, change.ExpectedVersion, cancellationToken).ConfigureAwait(false);
            var expectedOriginal = change.Original is { } original
                ? await CheckCurrentAsync(write, original, change.ExpectedOriginalVersion, cancellationToken).ConfigureAwait(false)
                : 0;
            await CheckNewOutboxAsync(write, change, cancellationToken).ConfigureAwait(false);
            await ReplaceAsync(write, request, expected, change.ExpectedVersion, cancellationToken).ConfigureAwait(false);
            if (change.Original is { } next)
            {
                await ReplaceAsync(write, next, expectedOriginal, change.ExpectedOriginalVersion, cancellationToken).ConfigureAwait(false);
            }

            await WriteHistoryAndOutboxAsync(write, request.Id, change, cancellationToken).ConfigureAwait(false);
            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
            return request.WithVersion(RelationalValues.Version(expected + 1));
        }
    }

    // The stored row a change replaces, checked before anything is written: it exists, keeps its tracking number and still
    // has the version the change was derived from.
    private async Task<long> CheckCurrentAsync(RelationalWrite write, ServiceRequest request, string? expectedVersion, CancellationToken cancellationToken)
    {
        var sql = new SqlStatement().Append($"SELECT version, tracking_number FROM {RelationalSchema.Requests} WHERE id = ").Value(RelationalValues.Id(request.Id))
            .Append(_dialect.RowLockClause);
        using var lease = write.Command(sql, _dialect);
        var reader = await lease.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new ServiceRequestNotFoundException(request.Id);
            }

            var version = reader.GetInt64(0);
            var trackingNumber = reader.GetString(1);
            if (!string.Equals(trackingNumber, request.TrackingNumber, StringComparison.Ordinal))
            {
                throw new ArgumentException($"A request's tracking number never changes: stored '{trackingNumber}', given '{request.TrackingNumber}'.", nameof(request));
            }

            if (RelationalValues.ParseVersion(expectedVersion) != version)
            {
                throw new ConcurrencyConflictException(request.Id, expectedVersion, RelationalValues.Version(version));
            }

            return version;
        }
    }

    private async Task ReplaceAsync(RelationalWrite write, ServiceRequest request, long expected, string? expectedVersion, CancellationToken cancellationToken)
    {
        if (await ExecuteAsync(write, RelationalRows.UpdateRequest(request, expected), cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new ConcurrencyConflictException(request.Id, expectedVersion, null); // changed since the check (side-by-side writers)
        }
    }

    private async Task WriteHistoryAndOutboxAsync(RelationalWrite write, ServiceRequestId id, ServiceRequestChange change, CancellationToken cancellationToken)
    {
        foreach (var entry in change.NewHistory)
        {
            await ExecuteAsync(write, RelationalRows.InsertHistory(id, entry), cancellationToken).ConfigureAwait(false);
        }

        foreach (var message in change.NewOutbox)
        {
            await ExecuteAsync(write, RelationalRows.InsertOutbox(message, 1), cancellationToken).ConfigureAwait(false);
        }
    }

    // Refuses the whole change before anything is written if an outbox message id is taken.
    private async Task CheckNewOutboxAsync(RelationalWrite write, ServiceRequestChange change, CancellationToken cancellationToken)
    {
        if (change.NewOutbox.Count == 0)
        {
            return;
        }

        var sql = new SqlStatement().Append($"SELECT id FROM {RelationalSchema.Outbox} WHERE id IN (");
        for (var i = 0; i < change.NewOutbox.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Value(RelationalValues.Id(change.NewOutbox[i].Id));
        }

        if (await ScalarAsync(write, sql.Append(")"), cancellationToken).ConfigureAwait(false) is string taken)
        {
            throw new ArgumentException($"The outbox message id {taken} is already stored; nothing was written.", nameof(change));
        }
    }

    public async ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var found = await ReadRequestsAsync(new SqlStatement().Append($"SELECT version, document FROM {RelationalSchema.Requests} WHERE id = ").Value(RelationalValues.Id(id)), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<IReadOnlyList<ServiceRequest>> GetManyAsync(IReadOnlyList<ServiceRequestId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new List<ServiceRequest>(ids.Count);
        foreach (var chunk in ids.Distinct().Chunk(IdsPerQuery))
        {
            var sql = new SqlStatement().Append($"SELECT version, document FROM {RelationalSchema.Requests} WHERE id IN (");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? string.Empty : ", ").Value(RelationalValues.Id(chunk[i]));
            }

            found.AddRange(await ReadRequestsAsync(sql.Append(")"), cancellationToken).ConfigureAwait(false));
        }

        return found;
    }

    public async ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingNumber);
        cancellationToken.ThrowIfCancellationRequested();
        var sql = new SqlStatement().Append($"SELECT version, document FROM {RelationalSchema.Requests} WHERE tracking_key = ").Value(RelationalValues.Key(trackingNumber));
        var found = await ReadRequestsAsync(sql, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<ServiceRequestPage> QueryAsync(ISpecification<ServiceRequest> specification, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, ServiceRequestPage.MaxSize);
        cancellationToken.ThrowIfCancellationRequested();

        // The plan refuses what no store translates (naming the part); the translator refuses what SQL here cannot say.
        var plan = ServiceRequestQueryPlan.From(specification);
        var order = SqlQueryTranslator.OrderOf(plan);
        var after = continuationToken is null ? null : RelationalPosition.Decode(continuationToken, plan.Fingerprint, order.Count - 1, nameof(continuationToken));
        var remaining = after?.Remaining ?? plan.Take ?? -1;
        if (plan.MatchesNothing || remaining == 0)
        {
            return new ServiceRequestPage([], null);
        }

        var size = remaining >= 0 ? Math.Min(pageSize, remaining) : pageSize;
        var offset = after is null ? plan.Skip ?? 0 : 0;
        var rows = await ReadRequestsAsync(SqlQueryTranslator.Select(_dialect, plan, order, after, size + 1, offset), cancellationToken).ConfigureAwait(false);
        if (rows.Count <= size)
        {
            return new ServiceRequestPage(rows, null);
        }

        rows.RemoveAt(size);
        var left = remaining >= 0 ? remaining - size : -1;
        if (left == 0)
        {
            return new ServiceRequestPage(rows, null);
        }

        var last = rows[^1];
        var keys = new long[order.Count - 1];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = RelationalValues.Nanoseconds(order[i].Field == ServiceRequestField.UpdatedAt ? last.UpdatedAt : last.RequestedAt);
        }

        return new ServiceRequestPage(rows, new RelationalPosition(keys, last.Id, left).Encode(plan.Fingerprint));
    }

    public async ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(claim.MaxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(claim.LockFor, NodaTime.Duration.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(claim.Owner);
        cancellationToken.ThrowIfCancellationRequested();
        var until = RelationalValues.Nanoseconds(claim.Now + claim.LockFor);
        var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (write.ConfigureAwait(false))
        {
            // Longest-waiting first; the dialect's lock clause keeps concurrent claims apart where writers run side by side.
            var select = new SqlStatement().Append($"SELECT id FROM {RelationalSchema.Outbox} WHERE state = 'Pending' AND claimable_at <= ")
                .Value(RelationalValues.Nanoseconds(claim.Now)).Append(" ORDER BY claimable_at, id LIMIT ").Value(claim.MaxCount).Append(_dialect.ClaimLockClause);
            var ids = new List<string>();
            using (var command = select.CreateCommand(write.Connection, write.Transaction, _dialect))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        ids.Add(reader.GetString(0));
                    }
                }
            }

            if (ids.Count == 0)
            {
                return [];
            }

            var update = new SqlStatement().Append($"UPDATE {RelationalSchema.Outbox} SET locked_until = ").Value(until).Append(", locked_by = ").Value(claim.Owner)
                .Append(", version = version + 1, claimable_at = CASE WHEN next_attempt_at > ").Value(until).Append(" THEN next_attempt_at ELSE ").Value(until)
                .Append($" END WHERE id IN (");
            for (var i = 0; i < ids.Count; i++)
            {
                update.Append(i == 0 ? string.Empty : ", ").Value(ids[i]);
            }

            var claimed = await ReadOutboxAsync(write.Connection, write.Transaction, update.Append($") RETURNING {RelationalRows.OutboxColumns}"), cancellationToken).ConfigureAwait(false);
            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
            var position = ids.Select((id, i) => (id, i)).ToDictionary(p => Guid.Parse(p.id), p => p.i);
            return [.. claimed.OrderBy(m => position[m.Id])];
        }
    }

    public async ValueTask<OutboxMessage> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (message.Version is null)
        {
            throw new ArgumentException("The message carries no version; update a message read from the store.", nameof(message));
        }

        var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (write.ConfigureAwait(false))
        {
            var current = (await ReadOutboxAsync(write.Connection, write.Transaction, SelectOutbox(message.Id), cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? throw new ArgumentException($"No outbox message has the id {message.Id}.", nameof(message));
            if (!string.Equals(current.Version, message.Version, StringComparison.Ordinal))
            {
                throw new ConcurrencyConflictException(message.RequestId, message.Version, current.Version);
            }

            if (current.RequestId != message.RequestId || current.Payload != message.Payload || current.Channel != message.Channel)
            {
                throw new ArgumentException($"Only the delivery state of outbox message {message.Id} can change.", nameof(message));
            }

            var expected = RelationalValues.ParseVersion(current.Version);
            if (await ExecuteAsync(write, RelationalRows.UpdateOutbox(message, expected), cancellationToken).ConfigureAwait(false) != 1)
            {
                throw new ConcurrencyConflictException(message.RequestId, message.Version, null);
            }

            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
            return message with { Version = RelationalValues.Version(expected + 1) };
        }
    }

    public async ValueTask<OutboxMessage?> GetOutboxAsync(Guid id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return (await ReadOutboxAsync(connection, null, SelectOutbox(id), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }
    }

    public async ValueTask<OutboxPage> QueryOutboxAsync(OutboxQuery query, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var sql = new SqlStatement().Append($"SELECT {RelationalRows.OutboxColumns} FROM {RelationalSchema.Outbox} WHERE 1 = 1");
        if (query.State is { } state)
        {
            sql.Append(" AND state = ").Value(state.ToString());
        }

        if (query.RequestId is { } requestId)
        {
            sql.Append(" AND request_id = ").Value(RelationalValues.Id(requestId));
        }

        if (continuationToken is not null)
        {
            var (created, id) = DecodeOutboxToken(continuationToken, nameof(continuationToken));
            sql.Append(" AND (created_at, id) > (").Value(created).Append(", ").Value(RelationalValues.Id(id)).Append(")");
        }

        sql.Append(" ORDER BY created_at, id LIMIT ").Value(query.PageSize + 1);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var messages = await ReadOutboxAsync(connection, null, sql, cancellationToken).ConfigureAwait(false);
            if (messages.Count <= query.PageSize)
            {
                return new OutboxPage(messages, null);
            }

            messages.RemoveAt(query.PageSize);
            var last = messages[^1];
            return new OutboxPage(messages, string.Create(CultureInfo.InvariantCulture, $"r1.{RelationalValues.Nanoseconds(last.CreatedAt)}.{last.Id:N}"));
        }
    }

    private static (long Created, Guid Id) DecodeOutboxToken(string token, string parameterName)
    {
        var parts = token.Split('.');
        if (parts.Length == 3 && parts[0] == "r1"
            && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var created)
            && Guid.TryParseExact(parts[2], "N", out var id))
        {
            return (created, id);
        }

        throw new ArgumentException("The continuation token is not one this store issued for an outbox query.", parameterName);
    }

    private static SqlStatement SelectOutbox(Guid id) =>
        new SqlStatement().Append($"SELECT {RelationalRows.OutboxColumns} FROM {RelationalSchema.Outbox} WHERE id = ").Value(RelationalValues.Id(id));

    private async Task<List<OutboxMessage>> ReadOutboxAsync(DbConnection connection, DbTransaction? transaction, SqlStatement sql, CancellationToken cancellationToken)
    {
        var messages = new List<OutboxMessage>();
        using var command = sql.CreateCommand(connection, transaction, _dialect);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                messages.Add(RelationalRows.ReadOutbox(reader));
            }
        }

        return messages;
    }

    private async Task<List<ServiceRequest>> ReadRequestsAsync(SqlStatement sql, CancellationToken cancellationToken)
    {
        var requests = new List<ServiceRequest>();
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = sql.CreateCommand(connection, null, _dialect);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    requests.Add(RelationalRows.ReadRequest(reader));
                }
            }
        }

        return requests;
    }

    private async Task<int> ExecuteAsync(RelationalWrite write, SqlStatement sql, CancellationToken cancellationToken)
    {
        using var lease = write.Command(sql, _dialect);
        return await lease.Command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<object?> ScalarAsync(RelationalWrite write, SqlStatement sql, CancellationToken cancellationToken)
    {
        using var lease = write.Command(sql, _dialect);
        var value = await lease.Command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
