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
        var service = new ServiceRequests(store, TestCatalog.Options(), Environment.Clock);
        Emulator.Faults.Reseed(2026);
        Emulator.Faults.ThrottleRate = 0.12;
        Emulator.Faults.FailureRate = 0.12;
        Emulator.Faults.ApplyThenFailRate = 0.12;

        var acknowledged = new ConcurrentDictionary<ServiceRequestId, ServiceRequest>();
        var messages = new ConcurrentBag<Guid>();
        var writes = 0;
        var failures = new ConcurrentBag<Exception>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            try
            {
                var reporter = i % 10 == 0 ? new ReporterContact { Email = $"resident{i}@example.org" } : null;
                var request = await service.SubmitAsync(Pothole(reporter), ct);
                Record(request);
                request = await service.AcknowledgeAsync(request.Id, cancellationToken: ct);
                Record(request);
                var outbox = new[] { Message(request), Message(request) };
                request = await store.UpdateAsync(new ServiceRequestChange(request, request.Version, [], outbox), ct);
                Record(request);
                foreach (var message in outbox)
                {
                    messages.Add(message.Id);
                }

                request = await service.StartWorkAsync(request.Id, cancellationToken: ct);
                Record(request);
            }
            catch (Exception ex) when (ex is DataverseException or ConcurrencyConflictException)
            {
                failures.Add(ex);
            }
        });
        watch.Stop();

        var sent = Emulator.Requests;
        Emulator.Faults.Reset();
        var faults = sent.Count(r => r.Fault is not InjectedFault.None);
        output.WriteLine($"{writes} acknowledged writes of {Requests} requests in {watch.Elapsed.TotalSeconds:F1} s; {sent.Count} HTTP requests, " +
            $"{faults} faulted ({100.0 * faults / sent.Count:F1} %): {sent.Count(r => r.Fault == InjectedFault.Throttled)} throttled, " +
            $"{sent.Count(r => r.Fault == InjectedFault.Failed)} failed, {sent.Count(r => r.Fault == InjectedFault.AppliedThenFailed)} applied then failed; " +
            $"{failures.Count} writes gave up");

        failures.Should().BeEmpty();
        writes.Should().Be(4 * Requests);
        ((double)faults / sent.Count).Should().BeInRange(0.25, 0.35);
        sent.Count(r => r.Fault == InjectedFault.AppliedThenFailed).Should().BePositive();

        Emulator.Count("incident").Should().Be(acknowledged.Count);
        Emulator.Count("civic_requesthistory").Should().Be(acknowledged.Values.Sum(r => r.History.Count));
        Emulator.Count("civic_outboxmessage").Should().Be(messages.Count);
        Emulator.Count("contact").Should().Be(1 + (Requests / 10), "one contact per reporter, plus the anonymous one");
        var stored = Emulator.Rows("civic_outboxmessage").Select(r => Guid.Parse(r["civic_outboxmessageid"]!.GetValue<string>())).ToHashSet();
        stored.SetEquals(messages).Should().BeTrue("every acknowledged outbox message is stored, and nothing else");
        var wrong = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(acknowledged.Values, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (expected, ct) =>
        {
            var read = await store.GetAsync(expected.Id, ct);
            if (read is null || read.Version != expected.Version || read.Status != ServiceRequestStatus.InProgress
                || !read.History.Select(e => e.Action).SequenceEqual([LifecycleAction.Submit, LifecycleAction.Acknowledge, LifecycleAction.StartWork]))
            {
                wrong.Add($"{expected.TrackingNumber}: read {read?.Version} {read?.Status} with {read?.History.Count} entries, acknowledged {expected.Version}");
            }
        });
        wrong.Should().BeEmpty("every acknowledged request reads back with its acknowledged version and history");

        void Record(ServiceRequest request)
        {
            Interlocked.Increment(ref writes);
            acknowledged[request.Id] = request;
        }
    }

    private OutboxMessage Message(ServiceRequest request) =>
        new(Guid.NewGuid(), request.Id, "email", "RequestAcknowledged", "resident@example.org", "{}", Environment.Clock.Now);
}
