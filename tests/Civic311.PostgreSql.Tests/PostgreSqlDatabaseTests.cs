using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using Civic311.Tests.Shared.PostgreSql;
using Npgsql;

namespace Civic311.PostgreSql.Tests;

/// <summary>A database per fact, on the process's server: empty, its own, reached over loopback, dropped afterwards.</summary>
public sealed class PostgreSqlDatabaseTests
{
    [PostgreSqlFact]
    public async Task CreateAsync_NewDatabase_HoldsNoTablesViewsOrSchemasOfItsOwn()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();
        await using var connection = await database.OpenConnectionAsync();

        (await Scalar<string>(connection, "SELECT current_database()")).Should().Be(database.Name);
        (await Scalar<long>(connection, """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
            """)).Should().Be(0);
        (await Strings(connection, "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"))
            .Should().Equal("public");
    }

    [PostgreSqlFact]
    public async Task CreateAsync_Twice_GivesTwoDatabasesThatDoNotSeeEachOther()
    {
        await using var first = await PostgreSqlDatabase.CreateAsync();
        await using var second = await PostgreSqlDatabase.CreateAsync();
        await using var one = await first.OpenConnectionAsync();
        await using var two = await second.OpenConnectionAsync();

        await Execute(one, "CREATE TABLE only_in_first (id int)");

        first.Name.Should().NotBe(second.Name);
        (await Scalar<bool>(one, "SELECT to_regclass('only_in_first') IS NOT NULL")).Should().BeTrue();
        (await Scalar<bool>(two, "SELECT to_regclass('only_in_first') IS NOT NULL")).Should().BeFalse();
    }

    [PostgreSqlFact]
    public async Task DisposeAsync_WithASessionStillOpen_DropsTheDatabase()
    {
        var database = await PostgreSqlDatabase.CreateAsync();
        var name = database.Name;
        var left = await database.OpenConnectionAsync(); // a store that forgot to close its pool
        await Execute(left, "CREATE TABLE t (id int)");

        await database.DisposeAsync();

        await using var admin = new NpgsqlConnection(await PostgreSqlTestServer.AdminConnectionStringAsync());
        await admin.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", name);
        (await exists.ExecuteScalarAsync()).Should().Be(0L);
        var connectionString = left.ConnectionString;
        await left.DisposeAsync();
        var reconnect = async () =>
        {
            await using var again = new NpgsqlConnection(connectionString + ";Pooling=false");
            await again.OpenAsync();
        };
        (await reconnect.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InvalidCatalogName);
    }

    [PostgreSqlFact]
    public async Task OpenConnectionAsync_ReachesTheServerOverLoopbackTcp()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();
        await using var connection = await database.OpenConnectionAsync();

        var version = await Scalar<string>(connection, "SELECT version()");
        var major = await Scalar<int>(connection, "SELECT current_setting('server_version_num')::int / 10000");
        var address = await Scalar<IPAddress>(connection, "SELECT inet_server_addr()");

        version.Should().StartWith($"PostgreSQL {major}.");
        major.Should().BeGreaterThanOrEqualTo(13, "the helper drops databases WITH (FORCE)");
        IPAddress.IsLoopback(address).Should().BeTrue($"the server answered from {address}");
    }

    internal static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<List<string>> Strings(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
