using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Storage;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Benchmarks.Sla;

/// <summary>
/// One SLA-monitor tick over 1,000,000 open requests: finding the requests whose warning or due instant has passed.
/// </summary>
/// <remarks>
/// The store holds 1,000,000 open street-light requests with a 30-day resolution target, submitted one a second (about
/// 11.6 days of requests). The tick happens one minute after the first request's 75 % warning instant, as a monitor that
/// runs every minute sees it: 61 requests are due, 999,939 are not.
/// The measured operations only read: "find the due ones" through the store's index on
/// <see cref="ServiceRequest.NextSlaCheckAt"/> (every page), against the baseline of one store query without that index,
/// which must visit every request (the open ones by last change, first page of one: the store's index on
/// <see cref="ServiceRequest.RequestedAt"/> does not serve that order). Recording the thresholds and raising the events
/// costs a write per due request in either design and is not part of the comparison.
/// </remarks>
[MemoryDiagnoser]
public class SlaMonitorBenchmarks
{
    private const int Requests = 1_000_000;
    private InMemoryServiceRequestStore _store = null!;
    private SlaCheckDue _dueQuery = null!;
    private readonly OpenByLastChange _scanQuery = new();
    private Instant _now;

    [GlobalSetup]
    public async Task Setup()
    {
        var options = BenchmarkCatalog.Options();
        var policy = new SlaPolicyDefinition { ServiceCode = "STREETLIGHT" };
        policy.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.CalendarDays, Days = 30 });
        options.SlaPolicies.Add(policy);
        var clock = new FakeClock(BenchmarkCatalog.Start);
        _store = new InMemoryServiceRequestStore();
        var service = new ServiceRequests(_store, options, clock);
        var submission = new ServiceRequestSubmission { ServiceCode = "STREETLIGHT", Address = "5 Main St" };
        for (var i = 0; i < Requests; i++)
        {
            await service.SubmitAsync(submission);
            clock.Advance(Duration.FromSeconds(1));
        }

        _now = BenchmarkCatalog.Start + Duration.FromHours(30 * 24 * 0.75) + Duration.FromMinutes(1);
        _dueQuery = new SlaCheckDue(_now);
        var due = await CountDueWithIndex();
        if (due != 61)
        {
            throw new InvalidOperationException($"Expected 61 due requests, the index found {due}.");
        }
    }

    /// <summary>What a monitor without an index pays each tick: a store query that visits every request.</summary>
    [Benchmark(Baseline = true, Description = "Store query without index: scan of 1,000,000")]
    public async Task<int> FullScan() => (await _store.QueryAsync(_scanQuery, null, 1)).Items.Count;

    /// <summary>What <see cref="SlaMonitor.RunOnceAsync"/> reads: the due requests, from the store's index, page by page.</summary>
    [Benchmark(Description = "Find due: indexed query (all pages)")]
    public Task<int> IndexedQuery() => CountDueWithIndex();

    private async Task<int> CountDueWithIndex()
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await _store.QueryAsync(_dueQuery, token, ServiceRequestPage.MaxSize);
            count += page.Items.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);

        return count;
    }

    private sealed class OpenByLastChange : ServiceRequestSpecification
    {
        public OpenByLastChange()
        {
            Query.OnlyOpen().OrderedBy(ServiceRequestOrder.UpdatedAt);
        }
    }
}
