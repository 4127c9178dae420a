using System;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.Requests;
using Civic311.Application;

namespace Civic311.Benchmarks.Dataverse;

/// <summary>
/// A submit against Dataverse (the Web API emulator on loopback: HTTP, <c>$batch</c> parsing and the emulator's own work,
/// but no network latency and no SQL) against the in-memory store as the baseline. Figures are per submit.
/// </summary>
/// <remarks>
/// The setup checks the goal of one HTTP round trip per submit: it submits 500 requests by anonymous and known reporters,
/// counts the emulator's requests and prints the figure (the sequence blocks of 100 numbers add 2 round trips per 100).
/// A real environment adds its latency (tens of milliseconds) to each round trip, which is why the count matters more than
/// the mean here. <see cref="Parallel16"/> shows throughput with 16 submits in flight.
/// </remarks>
[MemoryDiagnoser]
public class DataverseSubmitBenchmarks
{
    private const int Batch = 100;
    private readonly Civic311Options _options = BenchmarkCatalog.Options();
    private readonly ServiceRequestSubmission _submission = BenchmarkCatalog.Pothole();
    private readonly FreshStore _fresh = new();
    private EmulatedDataverse _dataverse = null!;
    private ServiceRequests _service = null!;
    private ServiceRequests _inMemory = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _dataverse = await EmulatedDataverse.StartAsync();
        _service = _dataverse.NewService(_options);
        _inMemory = _fresh.NewService(_options);
        var known = BenchmarkCatalog.Pothole() with { Reporter = new ReporterContact { Email = "known@example.org" } };
        await _service.SubmitAsync(known);
        _dataverse.Emulator.ClearRequests();
        var before = _dataverse.Store.RoundTrips;
        for (var i = 0; i < 500; i++)
        {
            await _service.SubmitAsync(i % 2 == 0 ? _submission : known);
        }

        var perSubmit = (_dataverse.Store.RoundTrips - before) / 500.0;
        var batches = _dataverse.Emulator.Requests.Count(r => r.Path == "$batch");
        Console.WriteLine($"// Round trips per submit: {perSubmit:F2} ({batches} $batch for 500 submits; the rest reserve sequence blocks)");
        if (batches != 500)
        {
            throw new InvalidOperationException($"Expected one $batch per submit; saw {batches} for 500.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _dataverse.DisposeAsync();

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "In-memory SubmitAsync")]
    public async Task<ServiceRequest?> InMemory()
    {
        _fresh.Renew();
        var service = _inMemory;
        ServiceRequest? last = null;
        for (var i = 0; i < Batch; i++)
        {
            last = await service.SubmitAsync(_submission);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Dataverse (emulator) SubmitAsync")]
    public async Task<ServiceRequest?> Dataverse()
    {
        ServiceRequest? last = null;
        for (var i = 0; i < Batch; i++)
        {
            last = await _service.SubmitAsync(_submission);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Dataverse (emulator) SubmitAsync, 16 in flight")]
    public Task Parallel16() =>
        Parallel.ForEachAsync(Enumerable.Range(0, Batch), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) => await _service.SubmitAsync(_submission, ct));
}
