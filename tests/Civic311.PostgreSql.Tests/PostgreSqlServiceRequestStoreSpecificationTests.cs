using System.Collections.Concurrent;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Tests.Shared.PostgreSql;
using Npgsql;

namespace Civic311.PostgreSql.Tests;

/// <summary>
/// Runs the store specification suite against the PostgreSQL store: a new database for each fact, and in it a new
/// schema (reached through <c>Search Path</c>) for each store the fact asks for, so every store starts empty.
/// </summary>
[RequiresPostgreSql]
public sealed class PostgreSqlServiceRequestStoreSpecificationTests : ServiceRequestStoreSpecificationTests, IAsyncLifetime
{
    private readonly PostgreSqlDatabase _database = new();
    private readonly ConcurrentBag<PostgreSqlServiceRequestStore> _stores = new();
    private int _schemas;

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    // SQL has OFFSET and LIMIT.
    protected override bool HonoursSkipAndTake => true;

    protected override IServiceRequestStore CreateStore()
    {
        var schema = "store_" + Interlocked.Increment(ref _schemas).ToString(CultureInfo.InvariantCulture);
        using (var connection = new NpgsqlConnection(_database.ConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            command.ExecuteNonQuery();
        }

        var store = new PostgreSqlServiceRequestStore(
            new PostgreSqlStoreOptions { ConnectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { SearchPath = schema }.ConnectionString },
            Clock);
        _stores.Add(store);
        return store;
    }
}
