using NodaTime;

namespace Civic311.Tests.Shared.StoreHost;

/// <summary>
/// A clock that several processes agree on and that runs faster than the wall: <c>origin + (now - realStart) x speed</c>,
/// so an SLA target of hours passes in seconds while the processes race for the same thresholds.
/// </summary>
internal sealed class AcceleratedClock(Instant origin, Instant realStart, int speed) : IClock
{
    public Instant Origin => origin;

    public Instant GetCurrentInstant() => origin + ((SystemClock.Instance.GetCurrentInstant() - realStart) * speed);
}
