using System;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage;
using NodaTime;

namespace Civic311.Application;

/// <summary>Adapts a <see cref="TimeProvider"/> (for example a test's fake) to NodaTime's <see cref="IClock"/>.</summary>
internal sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(timeProvider.GetUtcNow());
}
