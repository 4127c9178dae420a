using Civic311.Dataverse.Webhooks.Internal;

namespace Civic311.Dataverse.AspNetCore.Tests;

public sealed class DeliveryLogTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Begin_AfterComplete_IsDoneUntilTheWindowPasses()
    {
        var time = new ManualTime();
        var log = new DeliveryLog(10, TimeSpan.FromHours(1), time);

        log.Begin("a").Should().Be(DeliveryLog.Admission.New);
        log.Begin("a").Should().Be(DeliveryLog.Admission.InFlight);
        log.Complete("a");
        log.Begin("a").Should().Be(DeliveryLog.Admission.Done);

        time.Now += TimeSpan.FromHours(2);
        log.Begin("a").Should().Be(DeliveryLog.Admission.New);
    }

    [Fact]
    public void Abandon_ForgetsTheDelivery()
    {
        var log = new DeliveryLog(10, TimeSpan.FromHours(1), new ManualTime());
        log.Begin("a");

        log.Abandon("a");

        log.Begin("a").Should().Be(DeliveryLog.Admission.New);
    }

    [Fact]
    public void Capacity_EvictsTheLeastRecentlyUsed()
    {
        var log = new DeliveryLog(2, TimeSpan.FromHours(1), new ManualTime());
        foreach (var key in new[] { "a", "b" })
        {
            log.Begin(key);
            log.Complete(key);
        }

        log.Begin("a").Should().Be(DeliveryLog.Admission.Done); // a is now the most recent
        log.Begin("c");

        log.Count.Should().Be(2);
        log.Begin("b").Should().Be(DeliveryLog.Admission.New, "b was the least recently used");
    }

    [Fact]
    public void ZeroCapacity_RemembersNothing()
    {
        var log = new DeliveryLog(0, TimeSpan.FromHours(1), new ManualTime());
        log.Begin("a");
        log.Complete("a");

        log.Begin("a").Should().Be(DeliveryLog.Admission.New);
    }
}
