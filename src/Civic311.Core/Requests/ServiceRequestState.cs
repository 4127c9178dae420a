using System.Collections.Generic;
using Civic311.Sla;
using Microsoft.Extensions.Primitives;
using NodaTime;

namespace Civic311.Requests;

/// <summary>
/// Everything a service request consists of, in one place: <see cref="ServiceRequest"/> is a view over it, transitions
/// copy it with <c>with</c>, and <c>ServiceRequestDocument</c> writes and reads it. A new field is one property here, its
/// public getter on <see cref="ServiceRequest"/>, and its two lines in the document.
/// </summary>
/// <remarks>A struct held inline by the request, so a snapshot is still one allocation.</remarks>
internal readonly record struct ServiceRequestState
{
    public required ServiceRequestId Id { get; init; }

    public required string TrackingNumber { get; init; }

    public required string ServiceCode { get; init; }

    public string? Description { get; init; }

    public ServiceLocation? Location { get; init; }

    public ReporterContact? Reporter { get; init; }

    public Channel Channel { get; init; }

    public Priority Priority { get; init; }

    public required IReadOnlyDictionary<string, StringValues> Attributes { get; init; }

    public required string Agency { get; init; }

    public string? Queue { get; init; }

    public string? Assignee { get; init; }

    public string? SlaPolicyName { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public string? ExternalReference { get; init; }

    public Instant RequestedAt { get; init; }

    public Instant UpdatedAt { get; init; }

    public ServiceRequestStatus Status { get; init; }

    public ServiceRequestStatus? StatusBeforeHold { get; init; }

    public string? HoldReason { get; init; }

    public Resolution? Resolution { get; init; }

    public Instant? ResolvedAt { get; init; }

    public Instant? ClosedAt { get; init; }

    public ServiceRequestId? DuplicateOf { get; init; }

    public int ReopenCount { get; init; }

    /// <summary>How many requests are marked as duplicates of this one; <see langword="null"/> when the store does not know.</summary>
    public int? DuplicateCount { get; init; }

    public string? Version { get; init; }

    /// <summary>The history, oldest first; never empty once submitted.</summary>
    public required HistoryEntry[] History { get; init; }

    /// <summary>The SLA instances of every cycle, oldest first.</summary>
    public required SlaInstance[] Sla { get; init; }
}
