using System.Collections.Generic;
using Civic311.Internal;
using Microsoft.Extensions.Primitives;
using NodaTime;

namespace Civic311.Routing;

/// <summary>What routing looks at in a request: its type, place, channel, priority, attributes, text, reporter and time.</summary>
/// <threadsafety>Immutable and thread-safe (the attribute dictionary must not change while it is routed).</threadsafety>
public readonly struct RoutingInput
{
    /// <summary>Creates an input with the service code and the instant; set the other properties with an initializer.</summary>
    /// <param name="serviceCode">The service code.</param>
    /// <param name="requestedAt">When the request was made.</param>
    public RoutingInput(string serviceCode, Instant requestedAt)
    {
        ServiceCode = Guard.NotNull(serviceCode);
        RequestedAt = requestedAt;
    }

    /// <summary>Gets the service code (compared case-insensitively).</summary>
    public string ServiceCode { get; init; }

    /// <summary>Gets the WGS84 point of the problem, when known.</summary>
    public GeoPoint? Location { get; init; }

    /// <summary>Gets the channel the request arrived on.</summary>
    public Channel Channel { get; init; }

    /// <summary>Gets the request's priority.</summary>
    public Priority Priority { get; init; }

    /// <summary>Gets the attribute values, when any.</summary>
    public IReadOnlyDictionary<string, StringValues>? Attributes { get; init; }

    /// <summary>Gets the resident's description, when given.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the reporter's kind (<see cref="Requests.ReporterContact.Kind"/>), when known.</summary>
    public string? ReporterKind { get; init; }

    /// <summary>Gets when the request was made (time-of-day and calendar conditions look at it).</summary>
    public Instant RequestedAt { get; init; }
}
