using System;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.Application;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Sqlite;
using Civic311.Storage;
using Civic311.Testing;
using NodaTime;

namespace Civic311.Benchmarks.Storage;

/// <summary>
/// Reading from a SQLite store of <see cref="StoreSize"/> requests: a staff work list (the first page of 50 open requests
/// of one agency, oldest first) and the SLA monitor's read (every request whose next check is due), against a lookup by
/// tracking number as the baseline. Each must use an index, never a full scan (the store's tests read the query plans).
/// </summary>
/// <remarks>
/// The database is made once and kept in the temporary folder (<c>civic311-bench-1m-v1.db</c>; delete it to make it
/// again): 1,000,000 requests, one a second, the three service types in turn (two thirds DOT), every second one resolved;
/// street lights have a 30-day resolution target. Making it takes minutes (synchronous NORMAL); it is not measured. The
/// tick comes one minute after the first street light's 75 % warning, as in <c>SlaMonitorBenchmarks</c>.
/// </remarks>
[MemoryDiagnoser]
public class SqliteQueryBenchmarks
{
    public const int StoreSize = 1_000_000;

    private static readonly string DatabasePath = Path.Combine(Path.GetTempPath(), "civic311-bench-1m-v1.db");
    private readonly OpenRequestsOfAgency _workList = new("DOT");
    private SqliteServiceRequestStore _store = null!;
    private SlaCheckDue _due = null!;
    private string[] _trackingNumbers = null!;
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        var options = Options();
        var clock = new FakeClock(BenchmarkCatalog.Start);
        if (!File.Exists(DatabasePath))
        {
            await FillAsync(options, clock);
        }

        _store = new SqliteServiceRequestStore(new SqliteStoreOptions { DatabasePath = DatabasePath }, clock);
        var first = await _store.QueryAsync(new AllRequests(), null, 1024);
        _trackingNumbers = new string[first.Items.Count];
        for (var i = 0; i < _trackingNumbers.Length; i++)
        {
            _trackingNumbers[i] = first.Items[i].TrackingNumber;
        }

        _due = new SlaCheckDue(BenchmarkCatalog.Start + Duration.FromHours(30 * 24 * 0.75) + Duration.FromMinutes(1));
        var due = await CountDue();
        if (due == 0 || (await _store.QueryAsync(_workList, null, 50)).Items.Count != 50)
        {
            throw new InvalidOperationException($"{DatabasePath} does not hold the expected data ({due} due); delete it to make it again.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true, Description = "FindByTrackingNumberAsync, 1,000,000 stored")]
    public ValueTask<ServiceRequest?> FindByTrackingNumber() =>
        _store.FindByTrackingNumberAsync(_trackingNumbers[_next++ & 1023]);

    [Benchmark(Description = "First page of 50 open requests of an agency, oldest first")]
    public ValueTask<ServiceRequestPage> WorkList() => _store.QueryAsync(_workList, null, 50);

    [Benchmark(Description = "SLA check due: every page")]
    public Task<int> SlaDue() => CountDue();

    private async Task<int> CountDue()
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await _store.QueryAsync(_due, token, ServiceRequestPage.MaxSize);
            count += page.Items.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);

        return count;
    }

    private static Civic311Options Options()
    {
        var options = BenchmarkCatalog.Options();
        var policy = new SlaPolicyDefinition { ServiceCode = "STREETLIGHT" };
        policy.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.CalendarDays, Days = 30 });
        options.SlaPolicies.Add(policy);
        return options;
    }

    private static async Task FillAsync(Civic311Options options, FakeClock clock)
    {
        var filling = DatabasePath + ".filling";
        File.Delete(filling);
        using (var store = new SqliteServiceRequestStore(new SqliteStoreOptions { DatabasePath = filling, Synchronous = SqliteSynchronous.Normal }, clock))
        {
            var service = new ServiceRequests(store, options, clock);
            ServiceRequestSubmission[] submissions = [BenchmarkCatalog.Pothole(), BenchmarkCatalog.MissedPickup(), BenchmarkCatalog.Minimal()];
            var staff = new ChangeOptions { Actor = "benchmark" };
            for (var i = 0; i < StoreSize; i++)
            {
                var request = await service.SubmitAsync(submissions[i % submissions.Length]);
                if (i % 2 == 1)
                {
                    await service.ResolveAsync(request.Id, new Resolution("REPAIRED"), staff);
                }

                clock.Advance(Duration.FromSeconds(1));
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Move(filling, DatabasePath); // only a whole database takes the name
    }
}
