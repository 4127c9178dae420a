using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.Application;
using Civic311.Requests;
using Civic311.Sqlite;
using Civic311.Storage;
using Microsoft.Data.Sqlite;

namespace Civic311.Benchmarks.Storage;

/// <summary>
/// A submit through <see cref="ServiceRequests"/> on the SQLite store with the durable default (<c>synchronous=FULL</c>, WAL),
/// against a plain Microsoft.Data.Sqlite insert of a row of the same size (the request's document) with the same settings,
/// one transaction per row: what the store adds to the floor a durable SQLite write costs (each commit waits for the disk).
/// </summary>
/// <remarks>
/// Both files live in one temporary folder, removed after the run; both grow through the run (a few thousand rows), as a
/// center's file does. Single-threaded: the figures are one caller's submits per second.
/// </remarks>
[MemoryDiagnoser]
public class SqliteSubmitBenchmarks
{
    private readonly ServiceRequestSubmission _typical = BenchmarkCatalog.Pothole();
    private string _folder = null!;
    private SqliteServiceRequestStore _store = null!;
    private ServiceRequests _service = null!;
    private SqliteConnection _plain = null!;
    private SqliteCommand _insert = null!;
    private string _document = null!;

    /// <summary>Gets or sets the durability setting both sides run with.</summary>
    [Params(SqliteSynchronous.Full, SqliteSynchronous.Normal)]
    public SqliteSynchronous Synchronous { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("civic311-bench-").FullName;
        var clock = BenchmarkCatalog.Clock();
        _store = new SqliteServiceRequestStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_folder, "store.db"), Synchronous = Synchronous }, clock);
        _service = new ServiceRequests(_store, BenchmarkCatalog.Options(), clock);
        _document = ServiceRequestDocument.ToJson(await _service.SubmitAsync(_typical));

        _plain = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "plain.db") }.ToString());
        _plain.Open();
        using (var setup = _plain.CreateCommand())
        {
            setup.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {Synchronous.ToString().ToUpperInvariant()}; " +
                "CREATE TABLE rows (id TEXT NOT NULL PRIMARY KEY, document TEXT NOT NULL)";
            setup.ExecuteNonQuery();
        }

        _insert = _plain.CreateCommand();
        _insert.CommandText = "INSERT INTO rows (id, document) VALUES ($id, $document)";
        _insert.Parameters.Add("$id", SqliteType.Text);
        _insert.Parameters.Add("$document", SqliteType.Text).Value = _document;
        _insert.Prepare();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _insert.Dispose();
        _plain.Dispose();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Plain Microsoft.Data.Sqlite insert of a row of the same size")]
    public int PlainInsert()
    {
        _insert.Parameters[0].Value = Guid.NewGuid().ToString("D");
        return _insert.ExecuteNonQuery();
    }

    [Benchmark(Description = "SubmitAsync (typical) on the SQLite store")]
    public Task<ServiceRequest> Submit() => _service.SubmitAsync(_typical).AsTask();

    /// <summary>Callers in flight for <see cref="SubmitConcurrently"/>.</summary>
    public const int Callers = 16;

    /// <summary>Submits per invocation of <see cref="SubmitConcurrently"/>.</summary>
    public const int Burst = 256;

    [Benchmark(OperationsPerInvoke = Burst, Description = "SubmitAsync (typical), 16 callers in flight (group commit)")]
    public Task SubmitConcurrently() =>
        Parallel.ForEachAsync(Enumerable.Range(0, Burst), new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (_, ct) => await _service.SubmitAsync(_typical, ct));
}
