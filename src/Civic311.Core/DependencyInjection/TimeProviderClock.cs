using System;
using NodaTime;

namespace Civic311;

/// <summary>Adapts a <see cref="TimeProvider"/> (for example a test's fake) to NodaTime's <see cref="IClock"/>.</summary>
internal sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(timeProvider.GetUtcNow());
}
