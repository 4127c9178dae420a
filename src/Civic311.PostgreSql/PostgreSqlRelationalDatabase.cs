using System;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Relational;
using Npgsql;
using NodaTime;

namespace Civic311.PostgreSql;

/// <summary>
/// Connections to one PostgreSQL database through one pooled <see cref="NpgsqlDataSource"/>. Writers run side by side
/// (READ COMMITTED; every write checks versions in its <c>WHERE</c> and unique indexes decide ids and numbers). The schema
/// is checked and migrated before the first use; a failure is not remembered, so the store works again once its cause
/// (a server down, a wrong password) is gone. Connection failures become errors naming the server and the cause, never
/// the password.
/// </summary>
internal sealed class PostgreSqlRelationalDatabase : RelationalDatabase, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IClock _clock;
    private readonly string? _user;
    private readonly InitializeOnce _ready;

    public PostgreSqlRelationalDatabase(PostgreSqlStoreOptions options, IClock clock)
    {
        PostgreSqlStoreOptionsValidator.ThrowIfInvalid(options);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _ready = new InitializeOnce(InitializeAsync);
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),
        };
        builder.ApplicationName ??= "Civic311";

        // The store sends the same few statements over and over: prepared once per pooled connection, the server parses
        // and plans each once (a Max Auto Prepare given in the connection string is kept). The store sets no session
        // state, so a connection going back to the pool needs no DISCARD ALL, which would also drop the prepared statements.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        builder.NoResetOnClose = true;
        _user = builder.Username;
        Description = string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username ?? "(the user's database)"}");
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override SqlDialect Dialect => PostgreSqlDialect.Instance;

    /// <summary>Gets the server and database, as <c>host:port/database</c>.</summary>
    public override string Description { get; }

    /// <summary>Drops the pooled connections, for when the server went away: the next call connects afresh.</summary>
    public void ForgetConnections()
    {
        using var connection = _dataSource.CreateConnection(); // never opened: it only names the pool
        NpgsqlConnection.ClearPool(connection);
    }

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<RelationalWrite> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            return new TransactionWrite(connection, transaction, ownsConnection: true, release: null);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask EnsureReadyAsync(CancellationToken cancellationToken) => _ready.EnsureAsync(cancellationToken);

    // Checks first (a foreign or newer schema is refused before anything is written), then migrates under the advisory lock.
    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // A Search Path naming no schema that exists leaves nowhere to create the tables (and would list none).
            await using (var schema = new NpgsqlCommand("SELECT current_schema(), current_setting('search_path')", connection))
            {
                var reader = await schema.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    if (reader.IsDBNull(0))
                    {
                        throw new InvalidOperationException(
                            $"The PostgreSQL database {Description} has no schema on the connection's search path ({reader.GetString(1)}) for the store's tables; nothing was changed. Create the schema (CREATE SCHEMA) or fix Search Path.");
                    }
                }
            }

            await MigrationRunner.RunAsync(
                connection,
                async ct => await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false),
                Dialect,
                _clock,
                Description,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL server at {Description} refused the credentials of user '{_user}' ({ex.SqlState}: {ex.MessageText}). Check the user name and password of the connection string.", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL database {Description} does not exist ({ex.MessageText}). Create it (CREATE DATABASE); the store creates its tables, not the database.", ex);
        }
        catch (PostgresException ex)
        {
            throw new InvalidOperationException($"The PostgreSQL server at {Description} refused the connection ({ex.SqlState}: {ex.MessageText}).", ex);
        }
        catch (NpgsqlException ex) when (ex.InnerException is SocketException or IOException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL server at {Description} cannot be reached ({ex.InnerException.Message}). Check the host and port, and that the server is running and accepts connections from here.", ex);
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"Could not connect to the PostgreSQL server at {Description}: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _ready.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _ready.Dispose();
    }
}
