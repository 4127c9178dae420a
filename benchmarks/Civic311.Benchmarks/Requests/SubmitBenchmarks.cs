using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Application;

namespace Civic311.Benchmarks.Requests;

/// <summary>
/// The cost of one submit: validation against the catalog, a tracking number, the new request and its first history entry,
/// and the write to the in-memory store. Figures are per submit.
/// </summary>
/// <remarks>
/// <para>
/// Store growth: a submit adds a request, so one store shared by the whole run would grow by millions of entries and later
/// iterations would pay for bigger dictionaries and a bigger heap than earlier ones. Each invocation therefore submits
/// <see cref="Batch"/> requests into a new, empty store (<c>OperationsPerInvoke</c> divides the time by the batch): every
/// measurement sees the same store growing from 0 to <see cref="Batch"/> requests, including the amortized resizes of its
/// dictionaries and the garbage collections that promote the retained requests, which are real costs of an in-memory store.
/// The service is built once (building it validates the options and compiles 20 years of business calendars, which would
/// otherwise add milliseconds to every batch): a <see cref="FreshStore"/> swaps in the empty store, whose creation (three
/// empty dictionaries) is measured. An <c>[IterationSetup]</c> was not used: it forces one invocation
/// per iteration, and with the short job's three warm-ups the code is then still partly unoptimized (tier 0).
/// </para>
/// <para>
/// Baseline: the natural floor would be the store write alone (<see cref="InMemoryServiceRequestStore.AddAsync"/> of a
/// pre-built request), but a request can only be built through <see cref="ServiceRequests.SubmitAsync"/> (its constructor
/// is internal) and a stored request cannot be re-added under a new id, so that floor cannot be measured through the public
/// API. The baseline is validation only (<see cref="ServiceRequests.Validate"/> of the same submission): the pure-CPU part of
/// a submit that does not touch the store, so the ratio shows what the tracking number, the request and its history, and the
/// write add on top. <see cref="StoreSequenceAndLookup"/> shows the store's own floor: the sequence increment every submit
/// needs plus one (successful) dictionary lookup by tracking number.
/// </para>
/// </remarks>
[MemoryDiagnoser]
public class SubmitBenchmarks
{
    /// <summary>Operations per invocation; the submit methods start each invocation on a new, empty store.</summary>
    public const int Batch = 1_000;

    private readonly Civic311Options _options = BenchmarkCatalog.Options();
    private readonly ServiceRequestSubmission _typical = BenchmarkCatalog.Pothole();
    private readonly ServiceRequestSubmission _minimal = BenchmarkCatalog.Minimal();
    private readonly FreshStore _fresh = new();
    private ServiceRequests _service = null!;
    private ServiceRequests _submitting = null!;
    private InMemoryServiceRequestStore _store = null!;
    private string _trackingNumber = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _service = BenchmarkCatalog.NewService(_options, out _store);
        _submitting = _fresh.NewService(_options);
        _trackingNumber = (await _service.SubmitAsync(_typical)).TrackingNumber;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "Validate only (typical)")]
    public int ValidateOnly()
    {
        var errors = 0;
        for (var i = 0; i < Batch; i++)
        {
            errors += _service.Validate(_typical).Count;
        }

        return errors;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "SubmitAsync (typical)")]
    public Task<ServiceRequest?> Submit() => SubmitBatch(_typical);

    [Benchmark(OperationsPerInvoke = Batch, Description = "SubmitAsync (minimal)")]
    public Task<ServiceRequest?> SubmitMinimal() => SubmitBatch(_minimal);

    [Benchmark(OperationsPerInvoke = Batch, Description = "Store: NextSequence + FindByTrackingNumber")]
    public async Task<long> StoreSequenceAndLookup()
    {
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += await _store.NextSequenceAsync("tracking-2026");
            sum += await _store.FindByTrackingNumberAsync(_trackingNumber) is null ? 0 : 1;
        }

        return sum;
    }

    private async Task<ServiceRequest?> SubmitBatch(ServiceRequestSubmission submission)
    {
        _fresh.Renew();
        ServiceRequest? last = null;
        for (var i = 0; i < Batch; i++)
        {
            last = await _submitting.SubmitAsync(submission);
        }

        return last;
    }
}
