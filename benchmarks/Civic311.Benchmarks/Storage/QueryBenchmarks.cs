using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Application;
using Civic311.Dataverse.Mapping;

namespace Civic311.Benchmarks.Storage;

/// <summary>
/// Reading from a store of <see cref="StoreSize"/> requests: one page of 50 filtered by agency and status (a staff work
/// queue), against a lookup by tracking number (what a resident does) as the baseline.
/// </summary>
/// <remarks>
/// The store is filled once (not measured): the three service types in turn (two thirds of the requests belong to DOT), and
/// by position half submitted, a fifth acknowledged, a tenth each in progress, resolved and closed. The query (DOT,
/// submitted or acknowledged, newest first) matches about 47,000 requests. The in-memory store walks its index on the
/// requested instant newest first and stops at the 51st match; in an order it has no index for (by last change) it scans
/// every request and keeps the best 51 in a bounded heap. The store does not change during the run.
/// </remarks>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    public const int StoreSize = 100_000;
    public const int PageSize = 50;

    private readonly Civic311Options _options = BenchmarkCatalog.Options();
    private readonly string[] _trackingNumbers = new string[1024];
    private ServiceRequests _service = null!;
    private IServiceRequestStore _store = null!;
    private string _secondSpecificationPageToken = null!;
    private readonly StaffQueue _heldQueue = new();
    private readonly StaffQueue _byLastChange = new(ServiceRequestOrder.UpdatedAt);
    private int _next;

    [GlobalSetup]
    public async Task Fill()
    {
        _service = BenchmarkCatalog.NewService(_options, out var store);
        _store = store;
        ServiceRequestSubmission[] submissions = [BenchmarkCatalog.Pothole(), BenchmarkCatalog.MissedPickup(), BenchmarkCatalog.Minimal()];
        var staff = new ChangeOptions { Actor = "dispatcher-4" };
        var resolution = new Resolution("REPAIRED");
        for (var i = 0; i < StoreSize; i++)
        {
            var request = await _service.SubmitAsync(submissions[i % submissions.Length]);
            var stage = i % 10;
            if (stage >= 5)
            {
                await _service.AcknowledgeAsync(request.Id, staff);
            }

            if (stage >= 7)
            {
                await _service.StartWorkAsync(request.Id, staff);
            }

            if (stage >= 8)
            {
                await _service.ResolveAsync(request.Id, resolution, staff);
            }

            if (stage >= 9)
            {
                await _service.CloseAsync(request.Id, staff);
            }

            // Remember tracking numbers spread over the whole store for the lookups.
            var stride = StoreSize / _trackingNumbers.Length;
            if (i % stride == 0 && i / stride < _trackingNumbers.Length)
            {
                _trackingNumbers[i / stride] = request.TrackingNumber;
            }
        }

        if (store.Count != StoreSize)
        {
            throw new InvalidOperationException($"The store holds {store.Count} requests, not {StoreSize}.");
        }

        var firstBySpecification = await _service.QueryAsync(new StaffQueue(), null, PageSize);
        if (firstBySpecification.Items.Count != PageSize || firstBySpecification.ContinuationToken is null)
        {
            throw new InvalidOperationException($"The first page has {firstBySpecification.Items.Count} requests; expected {PageSize} and a next page.");
        }

        _secondSpecificationPageToken = firstBySpecification.ContinuationToken;
    }

    // The methods return the store's ValueTask as is (it completes synchronously): an async wrapper would add a Task
    // allocation per call that is not the SDK's.
    [Benchmark(Baseline = true, Description = "FindByTrackingNumberAsync")]
    public ValueTask<ServiceRequest?> FindByTrackingNumber() =>
        _service.FindByTrackingNumberAsync(_trackingNumbers[_next++ & (_trackingNumbers.Length - 1)]);

    // Each call builds the specification and the store translates it to a plan; Ardalis' Where evaluation runs over the
    // store's index (with the compiled conditions of the first instance of that plan).
    [Benchmark(Description = "QueryAsync(specification): first page of 50 (agency + status)")]
    public ValueTask<ServiceRequestPage> FirstPageBySpecification() => _store.QueryAsync(new StaffQueue(), null, PageSize);

    [Benchmark(Description = "QueryAsync(specification): second page of 50 (continuation token)")]
    public ValueTask<ServiceRequestPage> SecondPageBySpecification() => _store.QueryAsync(new StaffQueue(), _secondSpecificationPageToken, PageSize);

    // A specification held and asked for again (a work-queue screen refreshing): its plan and Ardalis' compiled
    // conditions are made once.
    [Benchmark(Description = "QueryAsync(same specification): first page of 50 (agency + status)")]
    public ValueTask<ServiceRequestPage> FirstPageBySameSpecification() => _store.QueryAsync(_heldQueue, null, PageSize);

    // The worst case: an order the store has no index for, so every request is evaluated and the best 51 kept in a heap.
    [Benchmark(Description = "QueryAsync(specification): first page of 50 by last change (full scan)")]
    public ValueTask<ServiceRequestPage> FirstPageByLastChange() => _store.QueryAsync(_byLastChange, null, PageSize);

    // What a store adds to each query it takes as a specification: building the specification and translating it.
    [Benchmark(Description = "Specification (agency + status) to plan")]
    public ServiceRequestQueryPlan TranslateToPlan() => ServiceRequestQueryPlan.From(new StaffQueue());

    [Benchmark(Description = "Specification (agency + status) to Dataverse OData")]
    public string TranslateToOData() => ODataSpecification.For(ServiceRequestQueryPlan.From(new StaffQueue()), Schema).QueryString;

    private static readonly DataverseSchema Schema = new("civic");

    /// <summary>A staff work queue: agency DOT, submitted or acknowledged, newest first.</summary>
    private sealed class StaffQueue : ServiceRequestSpecification
    {
        public StaffQueue(ServiceRequestOrder order = ServiceRequestOrder.RequestedAt)
        {
            Query.WithAgency("DOT").WithStatus(ServiceRequestStatus.Submitted, ServiceRequestStatus.Acknowledged).OrderedBy(order, descending: true);
        }
    }
}
