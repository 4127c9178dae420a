using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Relational;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Civic311.Sqlite.Tests;

/// <summary>What the SQLite store adds to the specification: its file, its schema and migrations, and the files it refuses.</summary>
public sealed class SqliteServiceRequestStoreTests : IDisposable
{
    private readonly TempDatabases _databases = new();
    private readonly FakeClock _clock = new(TestCatalog.Start);

    public void Dispose() => _databases.Dispose();

    private static ServiceRequestSubmission Pothole() => new()
    {
        ServiceCode = "POTHOLE",
        Description = "Deep pothole",
        Latitude = 40.7128,
        Longitude = -74.0060,
        Channel = Channel.Web,
    };

    private ServiceRequests Service(IServiceRequestStore store) => new(store, TestCatalog.Options(), _clock);

    private static SqliteConnection Raw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static List<string> Column(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task An_empty_file_gets_the_schema_in_wal_mode_with_each_migration_recorded_once()
    {
        var path = _databases.NewPath();
        var store = _databases.Open(path, _clock);

        await store.InitializeAsync();

        store.DatabasePath.Should().Be(Path.GetFullPath(path));
        using var raw = Raw(path);
        Column(raw, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").Should().BeEquivalentTo(
            [RelationalSchema.Requests, RelationalSchema.History, RelationalSchema.Outbox, RelationalSchema.Sequences, RelationalSchema.Migrations]);
        Column(raw, $"SELECT version FROM {RelationalSchema.Migrations}").Should().Equal(RelationalSchema.All.Select(m => m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Column(raw, $"SELECT applied_at FROM {RelationalSchema.Migrations}").Should().Equal(RelationalValues.Nanoseconds(TestCatalog.Start).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Column(raw, "PRAGMA journal_mode").Should().Equal("wal");
    }

    [Fact]
    public async Task Stores_opening_one_new_file_together_migrate_it_once_and_all_work()
    {
        var path = _databases.NewPath();
        var stores = Enumerable.Range(0, 8).Select(_ => _databases.Open(path, _clock)).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.InitializeAsync())));
        var submitted = await Task.WhenAll(stores.Select(s => Task.Run(async () => await Service(s).SubmitAsync(Pothole()))));

        using var raw = Raw(path);
        Column(raw, $"SELECT COUNT(*) FROM {RelationalSchema.Migrations}").Should().Equal(RelationalSchema.All.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        submitted.Select(r => r.TrackingNumber).Should().OnlyHaveUniqueItems("the stores share the file's sequence");
        foreach (var request in submitted)
        {
            (await stores[0].GetAsync(request.Id)).Should().NotBeNull();
        }
    }

    [Fact]
    public async Task What_was_committed_is_there_after_the_store_is_reopened_and_the_sequence_goes_on()
    {
        var path = _databases.NewPath();
        var first = _databases.Open(path, _clock);
        var added = await Service(first).SubmitAsync(Pothole());
        var acknowledged = await Service(first).AcknowledgeAsync(added.Id);
        var next = await first.NextSequenceAsync("reopen");
        first.Dispose();

        var reopened = _databases.Open(path, _clock);
        var read = await reopened.GetAsync(added.Id);

        read!.Version.Should().Be(acknowledged.Version);
        read.Status.Should().Be(ServiceRequestStatus.Acknowledged);
        read.History.Should().HaveCount(2);
        (await reopened.NextSequenceAsync("reopen")).Should().Be(next + 20, "the first store's block of 20 numbers is never handed out again");
        using var raw = Raw(path);
        Column(raw, $"SELECT action FROM {RelationalSchema.History} WHERE request_id = '{RelationalValues.Id(added.Id)}' ORDER BY sequence").Should().Equal("Submit", "Acknowledge");
    }

    [Fact]
    public async Task Two_stores_on_one_file_never_hand_out_a_tracking_number_or_an_outbox_message_twice()
    {
        var path = _databases.NewPath();
        var a = _databases.Open(path, _clock);
        var b = _databases.Open(path, _clock);
        await a.InitializeAsync();

        var submitted = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            submitted.Add((await Service(i % 2 == 0 ? a : b).SubmitAsync(Pothole(), ct)).TrackingNumber));
        submitted.Should().OnlyHaveUniqueItems().And.HaveCount(200);

        var request = await Service(a).SubmitAsync(Pothole());
        var messages = Enumerable.Range(0, 40).Select(i => new OutboxMessage(Guid.NewGuid(), request.Id, "email", "Test", "r@example.org", "{}", _clock.GetCurrentInstant())).ToList();
        await a.UpdateAsync(new ServiceRequestChange(request, request.Version, [], messages));
        var claimed = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            foreach (var message in await (i % 2 == 0 ? a : b).ClaimOutboxAsync(new OutboxClaim(_clock.GetCurrentInstant(), Duration.FromMinutes(5), 3, $"d{i}"), ct))
            {
                claimed.Add(message.Id);
            }
        });

        claimed.Should().OnlyHaveUniqueItems().And.BeSubsetOf(messages.Select(m => m.Id));
        claimed.Should().HaveCount(40, "20 claims of 3 take all 40 messages");
    }

    [Fact]
    public async Task A_database_with_a_newer_schema_is_refused_naming_both_versions_and_left_unchanged()
    {
        var path = _databases.NewPath();
        var store = _databases.Open(path, _clock);
        await store.InitializeAsync();
        store.Dispose();
        using (var raw = Raw(path))
        {
            using var command = raw.CreateCommand();
            command.CommandText = $"INSERT INTO {RelationalSchema.Migrations} (version, description, applied_at) VALUES (99, 'from the future', 0); PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }

        var before = Hash(path);
        var open = () => _databases.Open(path, _clock).InitializeAsync().AsTask();

        var refused = (await open.Should().ThrowAsync<InvalidOperationException>()).Which;
        refused.Message.Should().Contain("version 99").And.Contain($"version {RelationalSchema.CurrentVersion}").And.Contain(Path.GetFullPath(path));
        Hash(path).Should().Be(before);
    }

    [Fact]
    public async Task A_text_file_is_refused_as_not_a_database_naming_it_and_left_unchanged()
    {
        var path = _databases.NewPath();
        await File.WriteAllTextAsync(path, "These are my notes, not a database. Please do not overwrite them.\n");
        var before = Hash(path);

        var open = () => _databases.Open(path, _clock).GetAsync(ServiceRequestId.NewId()).AsTask();

        (await open.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(Path.GetFullPath(path)).And.Contain("not a SQLite database");
        Hash(path).Should().Be(before);
    }

    [Fact]
    public async Task A_sqlite_file_of_another_application_is_refused_naming_its_tables_and_left_unchanged()
    {
        var path = _databases.NewPath();
        using (var raw = Raw(path))
        {
            using var command = raw.CreateCommand();
            command.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ana');";
            command.ExecuteNonQuery();
        }

        var before = Hash(path);
        var open = () => _databases.Open(path, _clock).InitializeAsync().AsTask();

        (await open.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(Path.GetFullPath(path)).And.Contain("customers");
        Hash(path).Should().Be(before);
        using var check = Raw(path);
        Column(check, "SELECT name FROM sqlite_master WHERE type = 'table'").Should().Equal("customers");
        Column(check, "PRAGMA journal_mode").Should().ContainSingle().Which.Should().Be("delete", "not even the journal mode was changed");
    }

    [Fact]
    public async Task A_read_only_file_is_refused_with_a_clear_error_and_the_store_works_once_it_is_writable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes; the Windows read-only attribute takes the same path in the store
        }

        var path = _databases.NewPath();
        var created = _databases.Open(path, _clock);
        var added = await Service(created).SubmitAsync(Pothole());
        created.Dispose();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var store = _databases.Open(path, _clock);
        var read = () => store.GetAsync(added.Id).AsTask();
        (await read.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("read-only").And.Contain(Path.GetFullPath(path));

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await store.GetAsync(added.Id)).Should().NotBeNull("a failed start is not remembered");
    }

    [Fact]
    public async Task A_file_in_a_missing_folder_is_refused_naming_it_and_the_store_works_once_the_folder_exists()
    {
        var folder = Path.Combine(_databases.Folder, "not-yet");
        var path = Path.Combine(folder, "center.db");
        var store = _databases.Open(path, _clock);

        var open = () => store.InitializeAsync().AsTask();

        (await open.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(Path.GetFullPath(path));
        Directory.CreateDirectory(folder);
        (await store.NextSequenceAsync("after")).Should().Be(1);
    }

    [Fact]
    public void Options_validation_reports_every_problem_at_once()
    {
        var options = new SqliteStoreOptions
        {
            DatabasePath = ":memory:",
            ConnectionString = "Data Source=x.db;Mode=ReadOnly",
            Synchronous = (SqliteSynchronous)42,
            BusyTimeout = TimeSpan.Zero,
            SequenceBlockSize = 0,
        };

        var create = () => new SqliteServiceRequestStore(options, _clock);

        var errors = create.Should().Throw<Civic311ValidationException>().Which.Errors;
        errors.Select(e => e.Field).Should().BeEquivalentTo(["connectionString", "databasePath", "connectionString", "synchronous", "busyTimeout", "sequenceBlockSize"]);
        SqliteStoreOptionsValidator.Validate(new SqliteStoreOptions()).Should().ContainSingle().Which.Field.Should().Be("databasePath");
        SqliteStoreOptionsValidator.Validate(new SqliteStoreOptions { ConnectionString = "Nonsense Keyword=1" }).Should().ContainSingle().Which.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        SqliteStoreOptionsValidator.Validate(new SqliteStoreOptions { DatabasePath = _databases.Folder }).Should().ContainSingle().Which.Message.Should().Contain("folder");
        SqliteStoreOptionsValidator.Validate(new SqliteStoreOptions { DatabasePath = _databases.NewPath() }).Should().BeEmpty();
        new SqliteStoreOptions().Synchronous.Should().Be(SqliteSynchronous.Full, "the safe setting is the default");
    }

    [Fact]
    public async Task Normal_synchronous_stores_and_reads_like_full()
    {
        var store = _databases.Open(_databases.NewPath(), _clock, SqliteSynchronous.Normal);
        var added = await Service(store).SubmitAsync(Pothole());

        (await store.FindByTrackingNumberAsync(added.TrackingNumber.ToLowerInvariant()))!.Id.Should().Be(added.Id);
    }
}
