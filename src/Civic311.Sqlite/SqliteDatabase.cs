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

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<RelationalWrite> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        SqliteConnection? connection = null;
        try
        {
            connection = await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
            var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock now, not at the first write
            return new RelationalWrite(connection, transaction, () => _writer.Release());
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            _writer.Release();
            throw;
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

    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writer.Dispose();
        _ready.Dispose();
    }
}
