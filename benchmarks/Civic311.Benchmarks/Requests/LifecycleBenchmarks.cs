using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.Requests;
using Civic311.Application;

namespace Civic311.Benchmarks.Requests;

/// <summary>
/// A request's whole life on the in-memory store: submit, acknowledge, assign, start work, put on hold, resume, resolve
/// and close (one insert and seven optimistic-concurrency updates, each appending a history entry), against the submit
/// alone as the baseline. Figures are per request.
/// </summary>
/// <remarks>
/// As in <see cref="SubmitBenchmarks"/>, each invocation runs <see cref="Batch"/> requests through a new, empty store, so
/// that store growth does not make later iterations slower than earlier ones.
/// </remarks>
[MemoryDiagnoser]
public class LifecycleBenchmarks
{
    /// <summary>Requests per invocation, each invocation on a new, empty store.</summary>
    public const int Batch = 1_000;

    private static readonly ChangeOptions Dispatcher = new() { Actor = "dispatcher-4" };
    private static readonly ChangeOptions Crew = new() { Actor = "crew-12", Note = "Crew on site." };
    private static readonly Assignment ToCrew = new() { Assignee = "crew-12" };
    private static readonly Resolution Repaired = new("REPAIRED", "The pothole was filled.");

    private readonly Civic311Options _options = BenchmarkCatalog.Options();
    private readonly ServiceRequestSubmission _submission = BenchmarkCatalog.Pothole();
    private readonly FreshStore _store = new();
    private ServiceRequests _service = null!;

    [GlobalSetup]
    public void Setup() => _service = _store.NewService(_options);

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "Submit only")]
    public async Task<ServiceRequest?> SubmitOnly()
    {
        _store.Renew();
        var service = _service;
        ServiceRequest? last = null;
        for (var i = 0; i < Batch; i++)
        {
            last = await service.SubmitAsync(_submission);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Full lifecycle (submit + 7 changes)")]
    public async Task<ServiceRequest?> FullLifecycle()
    {
        _store.Renew();
        var service = _service;
        ServiceRequest? last = null;
        for (var i = 0; i < Batch; i++)
        {
            var id = (await service.SubmitAsync(_submission)).Id;
            await service.AcknowledgeAsync(id, Dispatcher);
            await service.AssignAsync(id, ToCrew, Dispatcher);
            await service.StartWorkAsync(id, Crew);
            await service.PutOnHoldAsync(id, "Waiting for a utility mark-out.", Crew);
            await service.ResumeAsync(id, Crew);
            await service.ResolveAsync(id, Repaired, Crew);
            last = await service.CloseAsync(id, Dispatcher);
        }

        return last;
    }
}
