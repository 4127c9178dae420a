using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.Application;
using Civic311.PostgreSql;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Tests.Shared.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace Civic311.Benchmarks.Storage;

/// <summary>
/// Submits on the PostgreSQL store with <see cref="Callers"/> concurrent callers, against a plain Npgsql insert of the same
/// row as baseline. Figures are per submit (each invocation runs <see cref="Callers"/> callers of <see cref="PerCaller"/>
/// operations); throughput under that concurrency is <c>1 s / Mean</c>.
/// </summary>
/// <remarks>
/// The server is the one <c>CIVIC311_POSTGRES</c> names, else a private throwaway cluster started with the local binaries
/// (the test helper's <c>PrivatePostgreSqlCluster</c>, with its defaults: fsync on, <c>synchronous_commit</c> on). A new
/// database per run. A submit is two transactions: the tracking number (one upsert) and the request (the checks, the
/// request row, its history row, any outbox rows). The baseline inserts a request row of the same size, with the same
/// columns and indexes (<c>LIKE ... INCLUDING ALL</c>), in one autocommit statement per row: the floor a submit cannot beat.
/// </remarks>
[MemoryDiagnoser]
public class PostgreSqlSubmitBenchmarks
{
    public const int Callers = 16;
    public const int PerCaller = 8;
    private const int Operations = Callers * PerCaller;

    private readonly ServiceRequestSubmission _submission = BenchmarkCatalog.Pothole();
    private string _admin = null!;
    private string _databaseName = null!;
    private PostgreSqlServiceRequestStore _store = null!;
    private ServiceRequests _service = null!;
    private NpgsqlDataSource _plain = null!;
    private ServiceRequest _row = null!;
    private string _document = null!;
    private long _plainCounter;

    [GlobalSetup]
    public async Task Setup()
    {
        _admin = await AdminConnectionStringAsync();
        _databaseName = "civic311_bench_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(_admin, $"CREATE DATABASE \"{_databaseName}\" TEMPLATE template0 ENCODING 'UTF8'");
        var connectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _databaseName, MaxPoolSize = 40 }.ConnectionString;
        var clock = BenchmarkCatalog.Clock();
        _store = new PostgreSqlServiceRequestStore(new PostgreSqlStoreOptions { ConnectionString = connectionString }, clock);
        _service = new ServiceRequests(_store, BenchmarkCatalog.Options(), clock);
        _row = await _service.SubmitAsync(_submission);
        _document = ServiceRequestDocument.ToJson(_row);
        await ExecuteAsync(connectionString, "CREATE TABLE plain_requests (LIKE civic311_requests INCLUDING ALL)");
        // The settings the store gives its own pool, so the baseline is not slower for want of them.
        _plain = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 32, NoResetOnClose = true }.ConnectionString);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        await _plain.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "Plain Npgsql insert of the same row (16 callers)")]
    public Task PlainInsert() => Concurrently(InsertPlainAsync);

    [Benchmark(OperationsPerInvoke = Operations, Description = "Submit on PostgreSqlServiceRequestStore (16 callers)")]
    public Task Submit() => Concurrently(async () => await _service.SubmitAsync(_submission));

    private static Task Concurrently(Func<Task> operation) =>
        Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < PerCaller; i++)
            {
                await operation();
            }
        })));

    private async Task InsertPlainAsync()
    {
        var n = Interlocked.Increment(ref _plainCounter);
        await using var command = _plain.CreateCommand("""
            INSERT INTO plain_requests (id, tracking_number, tracking_key, status, service_code, service_code_key, agency, agency_key, queue, queue_key,
                priority, channel, requested_at, updated_at, next_sla_check_at, has_location, latitude, longitude, duplicate_of, version, document)
            VALUES ($1, $2, $2, $3, $4, $4, $5, $5, NULL, NULL, $6, $7, $8, $8, $8, 1, $9, $10, NULL, 1, $11)
            """);
        var p = command.Parameters;
        p.AddWithValue(Guid.NewGuid().ToString("D"));
        p.AddWithValue("PLAIN-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        p.AddWithValue(_row.Status.ToString());
        p.AddWithValue(_row.ServiceCode);
        p.AddWithValue(_row.Agency);
        p.AddWithValue(_row.Priority.ToString());
        p.AddWithValue(_row.Channel.ToString());
        p.AddWithValue(n);
        p.AddWithValue(40.7128);
        p.AddWithValue(-74.0060);
        p.Add(new NpgsqlParameter { Value = _document, NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> AdminConnectionStringAsync()
    {
        var availability = PostgreSqlAvailability.ForThisProcess;
        if (availability.Source == PostgreSqlSource.ConnectionString)
        {
            var builder = new NpgsqlConnectionStringBuilder(availability.ConnectionString);
            builder.Database ??= "postgres";
            return builder.ConnectionString;
        }

        if (availability.Source == PostgreSqlSource.PrivateCluster)
        {
            var cluster = await PrivatePostgreSqlCluster.StartAsync(availability.BinDirectory!);
            cluster.StopWhenProcessExits();
            return cluster.ConnectionString;
        }

        throw new InvalidOperationException("The PostgreSQL benchmarks need a server: " + availability.Reason);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
