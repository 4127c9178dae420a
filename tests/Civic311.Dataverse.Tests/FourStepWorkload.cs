using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Dataverse.Emulator;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;

namespace Civic311.Dataverse.Tests;

/// <summary>
/// The fault tests' workload: per iteration a submit (one reporter in ten new), an acknowledge, an outbox-only change
/// with two messages and a start of work, by concurrent callers; it records what was acknowledged and checks the
/// emulator holds exactly that (nothing lost, nothing written twice).
/// </summary>
internal sealed class FourStepWorkload(DataverseTestEnvironment environment, DataverseServiceRequestStore store)
{
    private readonly ServiceRequests _service = new(store, TestCatalog.Options(), environment.Clock);
    private int _operations;

    public ConcurrentDictionary<ServiceRequestId, ServiceRequest> Acknowledged { get; } = new();

    public ConcurrentBag<Guid> Messages { get; } = [];

    /// <summary>What reached a caller: every exception an operation threw.</summary>
    public ConcurrentBag<Exception> Surfaced { get; } = [];

    public int Operations => Volatile.Read(ref _operations);

    public Task RunAsync(int iterations, int callers) =>
        Parallel.ForEachAsync(Enumerable.Range(0, iterations), new ParallelOptions { MaxDegreeOfParallelism = callers }, async (i, ct) =>
        {
            try
            {
                var reporter = i % 10 == 0 ? new ReporterContact { Email = $"resident{i}@example.org" } : null;
                var request = await _service.SubmitAsync(DataverseStoreTestBase.Pothole(reporter), ct);
                Record(request);
                request = await _service.AcknowledgeAsync(request.Id, cancellationToken: ct);
                Record(request);
                var outbox = new[] { Message(request), Message(request) };
                request = await store.UpdateAsync(new ServiceRequestChange(request, request.Version, [], outbox), ct);
                Record(request);
                foreach (var message in outbox)
                {
                    Messages.Add(message.Id);
                }

                request = await _service.StartWorkAsync(request.Id, cancellationToken: ct);
                Record(request);
            }
            catch (Exception ex)
            {
                Surfaced.Add(ex);
            }
        });

    /// <summary>The emulator holds one case per iteration, its history, the acknowledged messages and one contact per new reporter.</summary>
    public void ShouldBeStoredOnce(int iterations)
    {
        var emulator = environment.Emulator;
        emulator.Count("incident").Should().Be(Acknowledged.Count).And.Be(iterations);
        emulator.Count("civic_requesthistory").Should().Be(Acknowledged.Values.Sum(r => r.History.Count));
        emulator.Count("civic_outboxmessage").Should().Be(Messages.Count);
        emulator.Count("contact").Should().Be(1 + (iterations / 10), "one contact per reporter, plus the anonymous one");
        var stored = emulator.Rows("civic_outboxmessage").Select(r => Guid.Parse(r["civic_outboxmessageid"]!.GetValue<string>())).ToHashSet();
        stored.SetEquals(Messages).Should().BeTrue("every acknowledged outbox message is stored, and nothing else");
    }

    private void Record(ServiceRequest request)
    {
        Interlocked.Increment(ref _operations);
        Acknowledged[request.Id] = request;
    }

    private OutboxMessage Message(ServiceRequest request) =>
        new(Guid.NewGuid(), request.Id, "email", "RequestAcknowledged", "resident@example.org", "{}", environment.Clock.Now);
}
