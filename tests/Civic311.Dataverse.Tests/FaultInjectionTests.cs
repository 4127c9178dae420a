using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Emulator;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Xunit.Abstractions;
using Civic311.Application;

namespace Civic311.Dataverse.Tests;

/// <summary>
/// The acceptance test: 10,000 writes while about 30 % of all calls are throttled (429), refused (5xx) or applied
/// and then answered with a 5xx; nothing acknowledged is lost and nothing is written twice.
/// </summary>
public sealed class FaultInjectionTests(ITestOutputHelper output) : DataverseStoreTestBase
{
    private const int Requests = 2_500; // four writes each: submit, acknowledge, an outbox-only change, start work

    [Fact]
    public async Task Ten_thousand_writes_under_thirty_percent_faults_lose_and_duplicate_nothing()
    {
        // Retry-After is 1 s (the emulator's minimum); MaxRetryDelay caps every wait at 5 ms so the run stays short.
        using var store = Environment.CreateStore(o =>
        {
            o.MaxRetries = 30;
            o.BaseRetryDelay = TimeSpan.FromMilliseconds(1);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(5);
            o.MaxConcurrentRequests = 32;
        });
        Emulator.Faults.Reseed(2026);
        Emulator.Faults.ThrottleRate = 0.12;
        Emulator.Faults.FailureRate = 0.12;
        Emulator.Faults.ApplyThenFailRate = 0.12;

        var workload = new FourStepWorkload(Environment, store);
        var watch = Stopwatch.StartNew();
        await workload.RunAsync(Requests, callers: 32);
        watch.Stop();

        var sent = Emulator.Requests;
        Emulator.Faults.Reset();
        var faults = sent.Count(r => r.Fault is not InjectedFault.None);
        output.WriteLine($"{workload.Operations} acknowledged writes of {Requests} requests in {watch.Elapsed.TotalSeconds:F1} s; {sent.Count} HTTP requests, " +
            $"{faults} faulted ({100.0 * faults / sent.Count:F1} %): {sent.Count(r => r.Fault == InjectedFault.Throttled)} throttled, " +
            $"{sent.Count(r => r.Fault == InjectedFault.Failed)} failed, {sent.Count(r => r.Fault == InjectedFault.AppliedThenFailed)} applied then failed; " +
            $"{workload.Surfaced.Count} writes gave up");

        workload.Surfaced.Should().BeEmpty();
        workload.Operations.Should().Be(4 * Requests);
        ((double)faults / sent.Count).Should().BeInRange(0.25, 0.35);
        sent.Count(r => r.Fault == InjectedFault.AppliedThenFailed).Should().BePositive();
        workload.ShouldBeStoredOnce(Requests);
        var wrong = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(workload.Acknowledged.Values, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (expected, ct) =>
        {
            var read = await store.GetAsync(expected.Id, ct);
            if (read is null || read.Version != expected.Version || read.Status != ServiceRequestStatus.InProgress
                || !read.History.Select(e => e.Action).SequenceEqual([LifecycleAction.Submit, LifecycleAction.Acknowledge, LifecycleAction.StartWork]))
            {
                wrong.Add($"{expected.TrackingNumber}: read {read?.Version} {read?.Status} with {read?.History.Count} entries, acknowledged {expected.Version}");
            }
        });
        wrong.Should().BeEmpty("every acknowledged request reads back with its acknowledged version and history");
    }
}
