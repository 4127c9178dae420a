using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Relational;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Civic311.Tests.Shared.PostgreSql;
using Npgsql;
using NodaTime;

namespace Civic311.PostgreSql.Tests;

/// <summary>What the PostgreSQL store adds to the specification: its schema and migrations, the databases it refuses, connection failures, and processes side by side.</summary>
public sealed class PostgreSqlServiceRequestStoreTests : IAsyncLifetime
{
    private readonly PostgreSqlDatabase _database = new();
    private readonly FakeClock _clock = new(TestCatalog.Start);
    private readonly ConcurrentBag<PostgreSqlServiceRequestStore> _stores = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private PostgreSqlServiceRequestStore Open(string? connectionString = null)
    {
        var store = new PostgreSqlServiceRequestStore(new PostgreSqlStoreOptions { ConnectionString = connectionString ?? _database.ConnectionString }, _clock);
        _stores.Add(store);
        return store;
    }

    private ServiceRequests Service(IServiceRequestStore store) => new(store, TestCatalog.Options(), _clock);

    private static ServiceRequestSubmission Pothole() => new()
    {
        ServiceCode = "POTHOLE",
        Description = "Deep pothole",
        Latitude = 40.7128,
        Longitude = -74.0060,
        Channel = Channel.Web,
    };

    private async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // Everything a DBA would see of the database: tables with their columns and types, indexes, and rows of every table.
    private async Task<string> SnapshotAsync()
    {
        var columns = await ColumnAsync("""
            SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
            """);
        var indexes = await ColumnAsync("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname");
        var rows = new List<string>();
        foreach (var table in await ColumnAsync("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"))
        {
            rows.AddRange(await ColumnAsync($"SELECT '{table}:' || t::text FROM {table} t ORDER BY t::text"));
        }

        return string.Join("\n", columns.Concat(indexes).Concat(rows));
    }

    [PostgreSqlFact]
    public async Task An_empty_database_gets_the_schema_with_jsonb_documents_byte_order_text_and_each_migration_recorded_once()
    {
        var store = Open();

        await store.InitializeAsync();

        (await ColumnAsync("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).Should().BeEquivalentTo(
            [RelationalSchema.Requests, RelationalSchema.History, RelationalSchema.Outbox, RelationalSchema.Sequences, RelationalSchema.Migrations]);
        (await ColumnAsync($"SELECT version FROM {RelationalSchema.Migrations}")).Should().Equal(RelationalSchema.All.Select(m => m.Version.ToString(CultureInfo.InvariantCulture)));
        (await ColumnAsync($"SELECT applied_at FROM {RelationalSchema.Migrations}")).Should().Equal(RelationalValues.Nanoseconds(TestCatalog.Start).ToString(CultureInfo.InvariantCulture));
        (await ColumnAsync($"SELECT data_type FROM information_schema.columns WHERE table_name IN ('{RelationalSchema.Requests}', '{RelationalSchema.History}') AND column_name IN ('document', 'entry')"))
            .Should().Equal("jsonb", "jsonb");
        (await ColumnAsync($"SELECT DISTINCT collation_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'text'")).Should().Equal("C");
        (await ColumnAsync($"SELECT indexname FROM pg_indexes WHERE tablename = '{RelationalSchema.Requests}'")).Should().Contain(
            [$"ux_{RelationalSchema.Requests}_tracking", $"ix_{RelationalSchema.Requests}_open_agency", $"ix_{RelationalSchema.Requests}_sla"]);
        store.Database.Should().EndWith("/" + _database.Name).And.NotContainAny("Password", "password");

        var added = await Service(store).SubmitAsync(Pothole());
        (await ColumnAsync($"SELECT document->>'trackingNumber' FROM {RelationalSchema.Requests}")).Should().Equal(added.TrackingNumber);
    }

    [PostgreSqlFact]
    public async Task Stores_opening_one_new_database_together_migrate_it_once_and_all_work()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => Open()).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.InitializeAsync())));
        var submitted = await Task.WhenAll(stores.Select(s => Task.Run(async () => await Service(s).SubmitAsync(Pothole()))));

        (await ColumnAsync($"SELECT COUNT(*) FROM {RelationalSchema.Migrations}")).Should().Equal(RelationalSchema.All.Count.ToString(CultureInfo.InvariantCulture));
        submitted.Select(r => r.TrackingNumber).Should().OnlyHaveUniqueItems("the stores share the database's sequence");
        foreach (var request in submitted)
        {
            (await stores[0].GetAsync(request.Id)).Should().NotBeNull();
        }
    }

    [PostgreSqlFact]
    public async Task A_database_with_a_newer_schema_is_refused_naming_both_versions_and_left_unchanged()
    {
        var first = Open();
        await Service(first).SubmitAsync(Pothole());
        await ExecuteAsync($"INSERT INTO {RelationalSchema.Migrations} (version, description, applied_at) VALUES (99, 'from the future', 0)");
        var before = await SnapshotAsync();

        var open = () => Open().InitializeAsync().AsTask();

        var refused = (await open.Should().ThrowAsync<InvalidOperationException>()).Which;
        refused.Message.Should().Contain("version 99").And.Contain($"version {RelationalSchema.CurrentVersion}").And.Contain(_database.Name);
        (await SnapshotAsync()).Should().Be(before);
    }

    [PostgreSqlFact]
    public async Task A_database_of_another_application_is_refused_naming_its_tables_unchanged_and_the_store_works_once_it_is_gone()
    {
        await ExecuteAsync("CREATE TABLE customers (id serial PRIMARY KEY, name text); INSERT INTO customers (name) VALUES ('Ana');");
        var before = await SnapshotAsync();
        var store = Open();

        var open = () => store.InitializeAsync().AsTask();

        (await open.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(_database.Name).And.Contain("customers").And.Contain("nothing was changed");
        (await SnapshotAsync()).Should().Be(before);

        await ExecuteAsync("DROP TABLE customers");
        await store.InitializeAsync(); // a failed start is not remembered
        (await store.NextSequenceAsync("after")).Should().Be(1);
    }

    [PostgreSqlFact]
    public async Task Credentials_the_server_refuses_give_an_error_naming_the_user_and_the_cause_never_the_password()
    {
        // The shared test servers trust loopback: an unknown role (28000) is what they refuse. A wrong password (28P01)
        // is PasswordTests', on a cluster of its own that checks passwords.
        const string Password = "Sup3r-Secret-Pa55";
        var connectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Username = "civic311_no_such_role", Password = Password }.ConnectionString;
        var store = Open(connectionString);

        var open = () => store.InitializeAsync().AsTask();

        var error = (await open.Should().ThrowAsync<InvalidOperationException>()).Which;
        error.Message.Should().Contain("refused the credentials").And.Contain("civic311_no_such_role").And.Contain(_database.Name).And.NotContain(Password);
        error.ToString().Should().NotContain(Password);
    }

    [PostgreSqlFact]
    public async Task An_unreachable_server_gives_an_error_naming_the_server_and_the_cause_never_the_password()
    {
        const string Password = "Sup3r-Secret-Pa55";
        var port = FreeLoopbackPort();
        var store = Open($"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Database=civic311;Username=civic311;Password={Password};Timeout=5");

        var read = () => store.GetAsync(ServiceRequestId.NewId()).AsTask();

        var error = (await read.Should().ThrowAsync<InvalidOperationException>()).Which;
        error.Message.Should().Contain($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/civic311").And.Contain("cannot be reached").And.NotContain(Password);
        error.ToString().Should().NotContain(Password);
    }

    [PostgreSqlFact]
    public async Task A_database_that_does_not_exist_is_named_in_the_error()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = "civic311_missing_database" }.ConnectionString;

        var open = () => Open(connectionString).InitializeAsync().AsTask();

        (await open.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("civic311_missing_database").And.Contain("does not exist");
    }

    [PostgreSqlFact]
    public async Task A_search_path_naming_no_schema_is_refused_naming_it_and_the_store_works_once_the_schema_exists()
    {
        var store = Open(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { SearchPath = "civic311_center" }.ConnectionString);

        var open = () => store.InitializeAsync().AsTask();

        (await open.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("civic311_center").And.Contain("CREATE SCHEMA");
        (await ColumnAsync("SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")).Should().BeEmpty();

        await ExecuteAsync("CREATE SCHEMA civic311_center");
        await store.InitializeAsync();
        (await ColumnAsync("SELECT DISTINCT schemaname FROM pg_tables WHERE tablename LIKE 'civic311%'")).Should().Equal("civic311_center");
    }

    [PostgreSqlFact]
    public async Task Two_stores_submitting_in_parallel_never_hand_out_one_tracking_number_twice()
    {
        var a = Open();
        var b = Open();

        var submitted = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            submitted.Add((await Service(i % 2 == 0 ? a : b).SubmitAsync(Pothole(), ct)).TrackingNumber));

        submitted.Should().OnlyHaveUniqueItems().And.HaveCount(200);
        (await ColumnAsync($"SELECT COUNT(DISTINCT tracking_key) FROM {RelationalSchema.Requests}")).Should().Equal("200");
    }

    [PostgreSqlFact]
    public async Task Concurrent_outbox_claims_from_two_stores_never_return_one_message_twice()
    {
        var a = Open();
        var b = Open();
        var request = await Service(a).SubmitAsync(Pothole());
        var stored = await a.GetAsync(request.Id);
        var messages = Enumerable.Range(0, 60).Select(_ => new OutboxMessage(Guid.NewGuid(), request.Id, "email", "Test", "r@example.org", "{}", _clock.GetCurrentInstant())).ToList();
        await a.UpdateAsync(new ServiceRequestChange(stored!, stored!.Version, [], messages));
        var pending = (await a.QueryOutboxAsync(OutboxQuery.All.InState(OutboxState.Pending).WithPageSize(ServiceRequestPage.MaxSize), null)).Items.Select(m => m.Id).ToList();

        var claimed = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            foreach (var message in await (i % 2 == 0 ? a : b).ClaimOutboxAsync(new OutboxClaim(_clock.GetCurrentInstant(), Duration.FromMinutes(5), 3, $"d{i}"), ct))
            {
                claimed.Add(message.Id);
            }
        });

        claimed.Should().OnlyHaveUniqueItems().And.BeSubsetOf(pending);
        // SKIP LOCKED may leave a claim short while another holds rows, so not every message need be taken; the rest still can be.
        var rest = await a.ClaimOutboxAsync(new OutboxClaim(_clock.GetCurrentInstant(), Duration.FromMinutes(5), 500, "last"));
        claimed.Concat(rest.Select(m => m.Id)).Should().BeEquivalentTo(pending, "every pending message is claimed exactly once");
    }

    [PostgreSqlFact]
    public async Task Opposite_duplicate_links_made_at_once_from_two_stores_leave_exactly_one_link_per_pair()
    {
        // Each change locks its request, then the original: two opposite links lock one pair in opposite orders, which
        // PostgreSQL can end as a deadlock; the loser must surface as a conflict (and be retried), never as a server error.
        var a = Open();
        var b = Open();
        for (var round = 0; round < 10; round++)
        {
            var first = await Service(a).SubmitAsync(Pothole());
            var second = await Service(a).SubmitAsync(Pothole());

            var results = await Task.WhenAll(
                Task.Run(async () => await Outcome(() => Service(a).MarkAsDuplicateAsync(first.Id, second.Id).AsTask())),
                Task.Run(async () => await Outcome(() => Service(b).MarkAsDuplicateAsync(second.Id, first.Id).AsTask())));

            results.Should().OnlyContain(r => r == null || r is InvalidTransitionException || r is ConcurrencyConflictException);
            var stored = await a.GetManyAsync([first.Id, second.Id]);
            stored.Count(r => r.DuplicateOf is not null).Should().Be(1, "one of the two links wins, whole");
        }
    }

    private static async Task<Exception?> Outcome(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
