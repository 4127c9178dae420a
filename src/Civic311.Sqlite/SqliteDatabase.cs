using System;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Relational;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Civic311.Sqlite;

/// <summary>
/// Connections to one SQLite file: WAL, the configured <c>synchronous</c> and busy timeout on each, one writer at a time
/// in this process (a gate, so writers queue here instead of spinning on SQLite's lock) and across processes
/// (<c>BEGIN IMMEDIATE</c>, which waits up to the busy timeout). The schema is checked and migrated before the first use;
/// a failure is not remembered, so the store works again once its cause is gone.
/// </summary>
internal sealed class SqliteDatabase : RelationalDatabase, IDisposable
{
    private const int NotADatabase = 26;
    private const int Corrupt = 11;
    private const int ReadOnly = 8;
    private const int CannotOpen = 14;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly IClock _clock;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly InitializeOnce _ready;
    private SqliteConnection? _writerConnection;

    public SqliteDatabase(SqliteStoreOptions options, IClock clock)
    {
        SqliteStoreOptionsValidator.ThrowIfInvalid(options);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _ready = new InitializeOnce(InitializeAsync);
        var builder = options.ConnectionString is { } text ? new SqliteConnectionStringBuilder(text) : new SqliteConnectionStringBuilder { DataSource = options.DatabasePath };
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        builder.Pooling = true;
        builder.DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        _connectionString = builder.ToString();
        FilePath = builder.DataSource;
        var synchronous = options.Synchronous switch
        {
            SqliteSynchronous.Normal => "NORMAL",
            SqliteSynchronous.Extra => "EXTRA",
            _ => "FULL",
        };
        _pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)Math.Ceiling(options.BusyTimeout.TotalMilliseconds)}; PRAGMA synchronous = {synchronous};");
    }

    public override SqlDialect Dialect => SqliteDialect.Instance;

    public override string Description => FilePath;

    /// <summary>Gets the full path of the database file.</summary>
    public string FilePath { get; }

    // Readers take pooled connections as they are: synchronous matters to writes only, and a busy reader (rare in WAL) is
    // retried by Microsoft.Data.Sqlite up to the default timeout, which is the busy timeout.
    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The one writer keeps its connection (settings applied once), behind the in-process gate. Writers that queue behind
    // each other share one transaction (group commit): each change runs in a savepoint of its own (so a refused change
    // undoes itself alone), and the last of them commits for all, one wait for the disk; each caller returns only once
    // that commit is done, or throws its failure.
    public override async ValueTask<RelationalWrite> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _waiting);
        try
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Decrement(ref _waiting);
            CloseAbandonedBatch();
            throw;
        }

        Interlocked.Decrement(ref _waiting);
        try
        {
            if (_writerBroken || _writerConnection is not { State: System.Data.ConnectionState.Open })
            {
                _writerBroken = false;
                DisposePrepared();
                try
                {
                    _writerConnection?.Dispose();
                }
                catch (SqliteException)
                {
                    // A broken connection's transaction cannot be rolled back again; the new connection starts clean.
                }

                _writerConnection = null;
                _writerConnection = await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
            }

            // BEGIN IMMEDIATE: the file's write lock now, not at the first write.
            _batch ??= new Batch(_writerConnection.BeginTransaction(deferred: false));
            var savepoint = string.Create(CultureInfo.InvariantCulture, $"w{++_batch.Savepoints}");
            Execute($"SAVEPOINT {savepoint}");
            return new BatchedWrite(this, _writerConnection, _batch, savepoint);
        }
        catch
        {
            await EndAsync(_batch, member: false).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The maximum number of changes one commit carries, so a steady stream of writers still commits regularly.</summary>
    private const int MaxBatch = 64;

    private const int MaxPrepared = 64;

    private readonly System.Collections.Generic.Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal); // under the gate, for _writerConnection
    private int _waiting;
    private bool _writerBroken; // under the gate
    private Batch? _batch; // under the gate

    private void Execute(string sql)
    {
        using var command = _writerConnection!.CreateCommand();
        command.Transaction = _batch!.Transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // Under the gate: hands the open batch to the next queued writer, or commits it; then lets the next writer in. A
    // member (a change released into the batch) waits for the commit. A change that undid itself (refused: a conflict, a
    // duplicate) commits the batch before it throws, so that its caller's retry reads what the batch wrote; otherwise
    // readers, which see only committed rows, would keep reading the version the batch already replaced.
    private async Task EndAsync(Batch? batch, bool member)
    {
        if (member)
        {
            batch!.Members++;
        }

        if (member && Volatile.Read(ref _waiting) > 0 && batch!.Members < MaxBatch)
        {
            _writer.Release();
            await batch.Committed.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            Close(batch);
        }
        finally
        {
            _writer.Release();
        }

        if (member)
        {
            await batch!.Committed.Task.ConfigureAwait(false);
        }
    }

    // Under the gate: ends the batch, committing what its members wrote.
    private void Close(Batch? batch)
    {
        if (batch is null)
        {
            return;
        }

        _batch = null;
        try
        {
            if (RolledBackBySqlite())
            {
                // A write in the batch failed so that SQLite undid the whole transaction (a full disk, an I/O error): what
                // the other members wrote is gone with it, and they are told so rather than that it committed.
                throw new System.IO.IOException(
                    $"SQLite undid the transaction this write shared with others on '{FilePath}' after one of them failed (for example on a full disk): the write was not stored. Try again.");
            }

            if (batch.Members > 0)
            {
                batch.Transaction.Commit();
            }
            else
            {
                batch.Transaction.Rollback();
            }

            batch.Committed.TrySetResult();
        }
        catch (Exception ex)
        {
            batch.Committed.TrySetException(ex);
            Abandon(batch.Transaction);
        }
        finally
        {
            try
            {
                batch.Transaction.Dispose();
            }
            catch (SqliteException) when (_writerBroken)
            {
                // Abandon could not end it either: the connection is replaced before the next write.
            }
        }
    }

    // Whether SQLite ended the writer's transaction itself: it does on some errors (SQLITE_FULL, SQLITE_IOERR, ...), while
    // Microsoft.Data.Sqlite still holds the transaction open and would refuse the connection's next BEGIN.
    private bool RolledBackBySqlite() =>
        _writerConnection?.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0;

    // Ends a transaction whose commit or rollback failed, so the writer connection can begin the next one: if SQLite
    // already rolled it back, a native BEGIN gives Microsoft.Data.Sqlite's Rollback a transaction to end.
    private void Abandon(SqliteTransaction transaction)
    {
        try
        {
            if (RolledBackBySqlite())
            {
                SQLitePCL.raw.sqlite3_exec(_writerConnection!.Handle, "BEGIN");
            }

            transaction.Rollback();
        }
        catch (SqliteException)
        {
            _writerBroken = true; // reopened by the next writer
        }
    }

    // A writer that stopped waiting may have been the one the last holder handed the batch to: if the gate is free,
    // close the batch so its members are not left waiting.
    private void CloseAbandonedBatch()
    {
        if (_writer.Wait(0))
        {
            try
            {
                Close(_batch);
            }
            finally
            {
                _writer.Release();
            }
        }
    }

    private sealed class Batch
    {
        public Batch(SqliteTransaction transaction)
        {
            Transaction = transaction;
        }

        public SqliteTransaction Transaction { get; }

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Savepoints { get; set; }

        public int Members { get; set; }
    }

    private sealed class BatchedWrite : RelationalWrite
    {
        private readonly SqliteDatabase _database;
        private readonly SqliteConnection _connection;
        private readonly Batch _batch;
        private readonly string _savepoint;
        private bool _ended;

        public BatchedWrite(SqliteDatabase database, SqliteConnection connection, Batch batch, string savepoint)
        {
            _database = database;
            _connection = connection;
            _batch = batch;
            _savepoint = savepoint;
        }

        public override DbConnection Connection => _connection;

        public override DbTransaction Transaction => _batch.Transaction;

        // The writer connection keeps one prepared command per statement text: a submit's statements are the same every
        // time, and preparing them anew was most of a submit's own cost.
        public override CommandLease Command(SqlStatement sql, SqlDialect dialect)
        {
            var text = sql.Text;
            var commands = _database._prepared;
            if (commands.TryGetValue(text, out var cached))
            {
                cached.Transaction = _batch.Transaction;
                sql.ApplyTo(cached);
                return new CommandLease(cached, cached: true);
            }

            var command = (SqliteCommand)sql.CreateCommand(_connection, _batch.Transaction, dialect);
            if (commands.Count >= MaxPrepared)
            {
                return new CommandLease(command, cached: false);
            }

            commands.Add(text, command);
            return new CommandLease(command, cached: true);
        }

        public override Task CommitAsync(CancellationToken cancellationToken)
        {
            _database.Execute($"RELEASE {_savepoint}");
            _ended = true;
            return _database.EndAsync(_batch, member: true);
        }

        public override async ValueTask DisposeAsync()
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            try
            {
                _database.Execute($"ROLLBACK TO {_savepoint}");
                _database.Execute($"RELEASE {_savepoint}");
            }
            catch (SqliteException)
            {
                // The transaction itself is gone (SQLite rolled it back): closing the batch reports it to its members.
            }

            await _database.EndAsync(_batch, member: false).ConfigureAwait(false);
        }
    }

    public ValueTask EnsureReadyAsync(CancellationToken cancellationToken) => _ready.EnsureAsync(cancellationToken);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(FilePath) && new FileInfo(FilePath).IsReadOnly)
        {
            throw new InvalidOperationException($"The SQLite database file '{FilePath}' is read-only; the store writes to it. Make it writable (and its folder, which holds the -wal and -shm files) and try again.");
        }

        try
        {
            var connection = await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
                {
                    throw new InvalidOperationException($"The SQLite database file '{FilePath}' was opened read-only (its permissions, or its folder's); the store writes to it. Make it writable and try again.");
                }

                // Checks (a foreign or newer schema is refused before anything is written), then migrates under BEGIN IMMEDIATE.
                await MigrationRunner.RunAsync(connection, ct => new ValueTask<DbTransaction>(connection.BeginTransaction(deferred: false)), Dialect, _clock, FilePath, cancellationToken)
                    .ConfigureAwait(false);

                // WAL lets readers run beside the writer; it is a property of the file, set once and kept.
                using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode = WAL";
                var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"The SQLite database '{FilePath}' could not be put in WAL mode (it answered '{mode}'); keep it on a local file system.");
                }
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is NotADatabase or Corrupt)
        {
            throw new InvalidOperationException($"The file '{FilePath}' is not a SQLite database, or it is corrupt ({ex.Message}); nothing was changed. Point the store at a new file or a Civic311 database.", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is ReadOnly or CannotOpen)
        {
            throw new InvalidOperationException($"The SQLite database '{FilePath}' cannot be opened for writing ({ex.Message}): check that the file and its folder exist and are writable.", ex);
        }
    }

    private async Task<SqliteConnection> OpenConfiguredAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void DisposePrepared()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
    }

    public void Dispose()
    {
        DisposePrepared();
        _writerConnection?.Dispose();
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writer.Dispose();
        _ready.Dispose();
    }
}
