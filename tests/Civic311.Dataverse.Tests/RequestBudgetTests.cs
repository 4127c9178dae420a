using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Dataverse.Emulator;
using Civic311.Requests;
using Civic311.Storage;
using Xunit.Abstractions;

namespace Civic311.Dataverse.Tests;

/// <summary>
/// The budget test: 10,000 operations by 16 callers of one application user against a real sliding-window request
/// budget (the documented 6,000 requests per 5 minutes, scaled down to <see cref="Limit"/> per <see cref="Window"/> so the
/// run stays short) while about 30 % of the requests fail (5xx before processing, or processed and the answer lost):
/// nothing accepted is lost or written twice, no error reaches a caller, and no window holds more than the budget.
/// </summary>
public sealed class RequestBudgetTests(ITestOutputHelper output)
{
    private const int Callers = 16;
    private const int Iterations = 2_500; // four operations each: submit, acknowledge, an outbox-only change, start work
    private const int Limit = 1_500;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Ten_thousand_operations_under_the_request_budget_and_thirty_percent_faults_lose_duplicate_and_surface_nothing()
    {
        await using var environment = await DataverseTestEnvironment.StartAsync(o =>
        {
            o.RequestLimit = Limit;
            o.RequestWindow = Window;
            o.ConcurrentRequestLimit = DataverseOptions.ServiceProtectionConcurrency;
        });
        var emulator = environment.Emulator;
        using var store = environment.CreateStore(o =>
        {
            o.MaxConcurrentRequests = Callers;
            o.BaseRetryDelay = TimeSpan.FromMilliseconds(5);
            o.MaxRetryDelay = Window; // a Retry-After is honoured in full
            o.RetryBudget = TimeSpan.FromSeconds(60);
        });
        emulator.Faults.Reseed(2026);
        emulator.Faults.FailureRate = 0.15;
        emulator.Faults.ApplyThenFailRate = 0.17;
        emulator.Faults.DropConnectionOnApplyThenFail = true;

        var workload = new FourStepWorkload(environment, store);
        var watch = Stopwatch.StartNew();
        await workload.RunAsync(Iterations, Callers);
        watch.Stop();

        emulator.Faults.Reset();
        var sent = emulator.Requests;
        var injected = sent.Count(r => r.Fault is not InjectedFault.None);
        var refused = sent.Count(r => r.Status == 429 && r.Fault == InjectedFault.None);
        var clean = sent.Count(r => r.Fault == InjectedFault.None && r.Status != 429);
        var gate = store.Connection.Gate;
        var operations = workload.Operations;
        output.WriteLine(
            $"{operations} operations by {Callers} callers in {watch.Elapsed.TotalSeconds:F1} s ({System.Environment.ProcessorCount} cores); budget {Limit} requests per {Window.TotalSeconds:F0} s, " +
            $"peak {emulator.RequestWindowPeak} in one window; {sent.Count} requests sent ({store.RoundTrips} by the store), {clean} answered without a fault " +
            $"({(double)clean / operations:F2} per operation); {injected} injected faults ({100.0 * injected / sent.Count:F1} %): " +
            $"{sent.Count(r => r.Fault == InjectedFault.Failed)} 5xx, {sent.Count(r => r.Fault == InjectedFault.AppliedThenDropped)} answers lost; " +
            $"{refused} refused by the budget (429); {store.Connection.Retries} retries; {gate.Pauses} pauses, longest {gate.LongestPause.TotalSeconds:F1} s; " +
            $"peak {gate.PeakInFlight} in flight; {workload.Surfaced.Count} errors surfaced");

        workload.Surfaced.Should().BeEmpty("the budget allows the work within the retry budget, so no 429 or 5xx reaches a caller");
        operations.Should().Be(4 * Iterations);
        ((double)injected / sent.Count).Should().BeInRange(0.25, 0.35);
        refused.Should().BePositive("the budget binds: the callers had to wait for it");
        emulator.RequestWindowPeak.Should().BeLessThanOrEqualTo(Limit);
        gate.LongestPause.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(Window);

        workload.ShouldBeStoredOnce(Iterations);
        var wrong = workload.Acknowledged.Values
            .Select(expected => (Expected: expected, Row: emulator.Find("incident", expected.Id.Value)))
            .Where(x => x.Row is null
                || ServiceRequestDocument.FromJson(x.Row["civic_document"]!.GetValue<string>(), x.Expected.Version) is var read
                    && (read.Status != ServiceRequestStatus.InProgress
                        || !read.History.Select(e => e.Action).SequenceEqual([LifecycleAction.Submit, LifecycleAction.Acknowledge, LifecycleAction.StartWork])
                        || $"W/\"{x.Row["versionnumber"]}\"" != x.Expected.Version))
            .Select(x => x.Expected.TrackingNumber.ToString())
            .ToList();
        wrong.Should().BeEmpty("every acknowledged request is stored once, at its acknowledged version and with its history");
    }
}
