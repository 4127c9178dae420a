using System;
using Civic311.Testing;
using NodaTime;

namespace Civic311.Core.Tests.Testing;

public sealed class FakeClockTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 24, 13, 30);

    [Fact]
    public void GetCurrentInstant_without_auto_advance_stays_still()
    {
        var clock = new FakeClock(Start);

        clock.GetCurrentInstant().Should().Be(Start);
        clock.GetCurrentInstant().Should().Be(Start);
    }

    [Fact]
    public void GetCurrentInstant_with_auto_advance_moves_after_each_read()
    {
        var clock = new FakeClock(Start, Duration.FromSeconds(1));

        clock.GetCurrentInstant().Should().Be(Start);
        clock.GetCurrentInstant().Should().Be(Start + Duration.FromSeconds(1));
        clock.Now.Should().Be(Start + Duration.FromSeconds(2));
    }

    [Fact]
    public void Advance_and_AdvanceTo_move_forward_but_never_back()
    {
        var clock = new FakeClock(Start);

        clock.Advance(Duration.FromDays(3));
        clock.Now.Should().Be(Start + Duration.FromDays(3));
        clock.AdvanceTo(Start + Duration.FromDays(4));
        clock.Now.Should().Be(Start + Duration.FromDays(4));

        clock.Invoking(c => c.Advance(Duration.FromTicks(-1))).Should().Throw<ArgumentOutOfRangeException>();
        clock.Invoking(c => c.AdvanceTo(Start)).Should().Throw<ArgumentOutOfRangeException>();
        clock.Now.Should().Be(Start + Duration.FromDays(4));

        clock.Reset(Start);
        clock.Now.Should().Be(Start);
    }
}
