using System;
using System.Threading;
using NodaTime;

namespace Civic311.Testing;

/// <summary>
/// A NodaTime <see cref="IClock"/> that moves only when told to: by <see cref="Advance"/>, <see cref="AdvanceTo"/>, or by
/// <see cref="AutoAdvance"/> after every read.
/// </summary>
/// <threadsafety>Thread-safe: reads and moves are atomic.</threadsafety>
public sealed class FakeClock : IClock
{
    private long _ticks;
    private long _autoAdvanceTicks;

    /// <summary>Creates a clock showing <paramref name="start"/>.</summary>
    /// <param name="start">The first instant the clock shows.</param>
    /// <param name="autoAdvance">How far the clock moves after every read; zero (the default) keeps it still.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="autoAdvance"/> is negative.</exception>
    public FakeClock(Instant start, Duration autoAdvance = default)
    {
        _ticks = start.ToUnixTimeTicks();
        AutoAdvance = autoAdvance;
    }

    /// <summary>Gets or sets how far the clock moves after every read.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public Duration AutoAdvance
    {
        get => Duration.FromTicks(Interlocked.Read(ref _autoAdvanceTicks));
        set
        {
            if (value < Duration.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A clock cannot advance by a negative step.");
            }

            Interlocked.Exchange(ref _autoAdvanceTicks, value.BclCompatibleTicks);
        }
    }

    /// <summary>Gets the instant the clock shows, without moving it.</summary>
    public Instant Now => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));

    /// <summary>Returns the current instant, then moves the clock by <see cref="AutoAdvance"/>.</summary>
    /// <returns>The current instant.</returns>
    public Instant GetCurrentInstant()
    {
        var step = Interlocked.Read(ref _autoAdvanceTicks);
        var after = Interlocked.Add(ref _ticks, step);
        return Instant.FromUnixTimeTicks(after - step);
    }

    /// <summary>Moves the clock forward.</summary>
    /// <param name="duration">How far; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public void Advance(Duration duration)
    {
        if (duration < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Time does not run backwards; use Reset to move the clock back.");
        }

        Interlocked.Add(ref _ticks, duration.BclCompatibleTicks);
    }

    /// <summary>Moves the clock forward to <paramref name="instant"/>.</summary>
    /// <param name="instant">An instant not before <see cref="Now"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instant"/> is before <see cref="Now"/>.</exception>
    public void AdvanceTo(Instant instant)
    {
        var target = instant.ToUnixTimeTicks();
        long current;
        do
        {
            current = Interlocked.Read(ref _ticks);
            if (target < current)
            {
                throw new ArgumentOutOfRangeException(nameof(instant), instant, $"The clock shows {Instant.FromUnixTimeTicks(current)}; time does not run backwards. Use Reset to move the clock back.");
            }
        }
        while (Interlocked.CompareExchange(ref _ticks, target, current) != current);
    }

    /// <summary>Sets the clock to any instant, including an earlier one (to simulate a clock that was wrong).</summary>
    /// <param name="instant">The instant.</param>
    public void Reset(Instant instant) => Interlocked.Exchange(ref _ticks, instant.ToUnixTimeTicks());
}
