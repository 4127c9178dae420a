using System;
using System.Threading.Tasks;
using Npgsql;

namespace Civic311.Tests.Shared.PostgreSql;

/// <summary>
/// An empty database of its own on this process's PostgreSQL server (<see cref="PostgreSqlTestServer"/>), created on
/// <see cref="InitializeAsync"/> and dropped, with any session still open on it, on dispose. Use it as a class fixture
/// (<c>IClassFixture&lt;PostgreSqlDatabase&gt;</c>, one database per test class) or create one per fact with
/// <see cref="CreateAsync"/>; mark the facts <see cref="PostgreSqlFactAttribute"/> so that they skip without a server.
/// Public only because a public test class takes it in its constructor.
/// </summary>
public sealed class PostgreSqlDatabase : IAsyncLifetime, IAsyncDisposable
{
    private string? _adminConnectionString;
    private string? _connectionString;

    /// <summary>A new name each time (PostgreSQL folds it to lower case; 45 characters, under its limit of 63).</summary>
    public string Name { get; } = "civic311_test_" + Guid.NewGuid().ToString("N");

    /// <summary>Connects to this database, as the role that created it.</summary>
    /// <exception cref="InvalidOperationException">Before <see cref="InitializeAsync"/>, or when there is no server.</exception>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException(
        PostgreSqlAvailability.ForThisProcess.Reason ?? $"The database is not created yet: call {nameof(InitializeAsync)} (xunit does for a fixture).");

    /// <summary>Creates a database and returns it; dispose it to drop it.</summary>
    public static async Task<PostgreSqlDatabase> CreateAsync()
    {
        var database = new PostgreSqlDatabase();
        await database.CreateOnServerAsync().ConfigureAwait(false);
        return database;
    }

    /// <summary>Opens a connection to this database.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// Creates the database, unless the facts are to be skipped: xunit creates a class's fixtures even when it skips every
    /// fact, and a skipped fact must not fail for want of a server.
    /// </summary>
    public Task InitializeAsync() =>
        PostgreSqlAvailability.ForThisProcess.SkipReason is null ? CreateOnServerAsync() : Task.CompletedTask;

    /// <summary>Drops the database; sessions still connected to it (a store's pool) are ended first.</summary>
    public async Task DisposeAsync()
    {
        if (_connectionString is null || _adminConnectionString is null)
        {
            return;
        }

        using (var own = new NpgsqlConnection(_connectionString))
        {
            NpgsqlConnection.ClearPool(own);
        }

        _connectionString = null;
        await ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)").ConfigureAwait(false);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync().ConfigureAwait(false);

    private async Task CreateOnServerAsync()
    {
        _adminConnectionString = await PostgreSqlTestServer.AdminConnectionStringAsync().ConfigureAwait(false);

        // template0: whatever an administrator added to template1 does not leak into a test.
        await ExecuteAsync(_adminConnectionString, $"CREATE DATABASE \"{Name}\" TEMPLATE template0 ENCODING 'UTF8'").ConfigureAwait(false);
        _connectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = Name }.ConnectionString;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
