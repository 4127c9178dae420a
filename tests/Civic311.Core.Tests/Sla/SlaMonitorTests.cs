using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Storage.Specification;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.Sla;

/// <summary>The monitor over TestCatalog's pothole policy: first response 2 business hours, resolution by the end of the second working day.</summary>
public sealed class SlaMonitorTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly FakeClock _clock = new(At(2, 9));
    private readonly InMemoryServiceRequestStore _store = new();
    private readonly ServiceRequests _service;
    private readonly RecordingHandler _events = new();

    public SlaMonitorTests()
    {
        _service = new ServiceRequests(_store, TestCatalog.Options(), _clock);
    }

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 3, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    private SlaMonitor Monitor(ISlaEventHandler? handler = null) => new(_store, _clock, [handler ?? _events]);

    private Task<ServiceRequest> SubmitPothole() => _service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" }).AsTask();

    [Fact]
    public async Task RunOnce_RaisesEachThresholdOnce_InOrder_AndNothingWhenRunAgain()
    {
        var request = await SubmitPothole(); // first response: warn 10:30, due 11:00

        (await Monitor().RunOnceAsync()).Should().Be(0);
        _clock.AdvanceTo(At(2, 10, 30));
        (await Monitor().RunOnceAsync()).Should().Be(1);
        (await Monitor().RunOnceAsync()).Should().Be(0);
        _clock.AdvanceTo(At(2, 11));
        (await Monitor().RunOnceAsync()).Should().Be(1);

        _events.Received.Select(e => (e.Instance.Kpi, e.Threshold)).Should().Equal(
            (SlaTarget.FirstResponse, SlaThreshold.Warning),
            (SlaTarget.FirstResponse, SlaThreshold.Breach));
        var stored = await _store.GetAsync(request.Id);
        var firstResponse = stored!.Sla.Single(s => s.Kpi == SlaTarget.FirstResponse);
        firstResponse.Status.Should().Be(SlaStatus.Breached);
        firstResponse.WarningRaised.Should().BeTrue();
        firstResponse.BreachRaised.Should().BeTrue();
        _events.Received[1].ReachedAt.Should().Be(At(2, 11));
    }

    [Fact]
    public async Task RunOnce_LateRun_RaisesWarningAndBreachOfEveryKpi()
    {
        await SubmitPothole();
        _clock.AdvanceTo(At(20, 9));

        (await Monitor().RunOnceAsync()).Should().Be(4);
        _events.Received.Should().HaveCount(4);
        (await Monitor().RunOnceAsync()).Should().Be(0);
    }

    [Fact]
    public async Task RunOnce_SkipsPausedAndCompletedClocks()
    {
        var held = await SubmitPothole();
        var answered = await SubmitPothole();
        await _service.PutOnHoldAsync(held.Id, "Waiting for access");
        await _service.AcknowledgeAsync(answered.Id);
        await _service.PutOnHoldAsync(answered.Id, "Waiting for access");
        _clock.AdvanceTo(At(9, 9));

        (await Monitor().RunOnceAsync()).Should().Be(0);

        await _service.ResumeAsync(held.Id); // both of its clocks run again from Monday 9 March
        _clock.AdvanceTo(At(9, 11)); // the 2 business hours of first response (1 h left) have passed
        (await Monitor().RunOnceAsync()).Should().BeGreaterThan(0);
        _events.Received.Should().OnlyContain(e => e.Request.Id == held.Id);
    }

    [Fact]
    public async Task RunOnce_TwoMonitorsInParallel_RaiseEveryThresholdExactlyOnce()
    {
        for (var i = 0; i < 300; i++)
        {
            await SubmitPothole();
        }

        _clock.AdvanceTo(At(20, 9));
        var first = Monitor();
        var second = Monitor();

        var counts = await Task.WhenAll(
            Task.Run(async () => await first.RunOnceAsync()),
            Task.Run(async () => await second.RunOnceAsync()));

        counts.Sum().Should().Be(300 * 4);
        _events.Received.GroupBy(e => (e.Request.Id, e.Instance.Kpi, e.Threshold)).Should().OnlyContain(g => g.Count() == 1).And.HaveCount(1200);
    }

    [Fact]
    public async Task RunOnce_AFailingHandler_DoesNotStopTheOthers()
    {
        await SubmitPothole();
        _clock.AdvanceTo(At(2, 11));
        var monitor = new SlaMonitor(_store, _clock, [new ThrowingHandler(), _events]);

        (await monitor.RunOnceAsync()).Should().Be(2);
        _events.Received.Should().HaveCount(2);
    }

    private sealed class RecordingHandler : ISlaEventHandler
    {
        private readonly ConcurrentQueue<SlaEvent> _received = new();

        public SlaEvent[] Received => _received.ToArray();

        public ValueTask HandleAsync(SlaEvent slaEvent, CancellationToken cancellationToken = default)
        {
            _received.Enqueue(slaEvent);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingHandler : ISlaEventHandler
    {
        public ValueTask HandleAsync(SlaEvent slaEvent, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("escalation service down");
    }
}
