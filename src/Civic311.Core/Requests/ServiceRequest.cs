using System;
using System.Collections.Generic;
using Civic311.Internal;
using Microsoft.Extensions.Primitives;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Requests;

/// <summary>
/// A service request (a case): one reported problem, its routing, its lifecycle status and its history.
/// </summary>
/// <remarks>
/// Instances are immutable snapshots. Lifecycle operations go through <see cref="Application.ServiceRequests"/>, which applies the
/// transition to produce a new snapshot and writes it to the store with optimistic concurrency (<see cref="Version"/>).
/// </remarks>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed partial class ServiceRequest
{
    private static readonly IReadOnlyDictionary<string, StringValues> NoAttributes =
        new Dictionary<string, StringValues>(0, StringComparer.OrdinalIgnoreCase);

    private HistoryEntry[] _history;

    internal ServiceRequest(
        ServiceRequestId id,
        string trackingNumber,
        string serviceCode,
        string? description,
        ServiceLocation? location,
        ReporterContact? reporter,
        Channel channel,
        Priority priority,
        IReadOnlyDictionary<string, StringValues>? attributes,
        string agency,
        string? queue,
        string? externalReference,
        Instant requestedAt,
        HistoryEntry submitted,
        SlaInstance[] sla,
        string? assignee = null,
        string? slaPolicyName = null,
        IReadOnlyList<string>? tags = null)
    {
        Assignee = assignee;
        SlaPolicyName = slaPolicyName;
        Tags = tags ?? [];
        Id = id;
        TrackingNumber = trackingNumber;
        ServiceCode = serviceCode;
        Description = description;
        Location = location;
        Reporter = reporter;
        Channel = channel;
        Priority = priority;
        Attributes = attributes ?? NoAttributes;
        Agency = agency;
        Queue = queue;
        ExternalReference = externalReference;
        RequestedAt = requestedAt;
        UpdatedAt = requestedAt;
        Status = ServiceRequestStatus.Submitted;
        _history = [submitted];
        _sla = sla;
    }

    /// <summary>Rebuilds a stored request exactly as it was written (see <c>ServiceRequestDocument</c>).</summary>
    internal static ServiceRequest Restore(in RestoredState state)
    {
        var request = new ServiceRequest(
            state.Id,
            state.TrackingNumber,
            state.ServiceCode,
            state.Description,
            state.Location,
            state.Reporter,
            state.Channel,
            state.Priority,
            state.Attributes,
            state.Agency,
            state.Queue,
            state.ExternalReference,
            state.RequestedAt,
            state.History[0],
            state.Sla,
            state.Assignee,
            state.SlaPolicyName,
            state.Tags)
        {
            UpdatedAt = state.UpdatedAt,
            Status = state.Status,
            StatusBeforeHold = state.StatusBeforeHold,
            HoldReason = state.HoldReason,
            Resolution = state.Resolution,
            ResolvedAt = state.ResolvedAt,
            ClosedAt = state.ClosedAt,
            DuplicateOf = state.DuplicateOf,
            ReopenCount = state.ReopenCount,
            Version = state.Version,
        };
        request._history = state.History;
        return request;
    }

    /// <summary>Everything a stored request consists of.</summary>
    internal readonly record struct RestoredState(
        ServiceRequestId Id,
        string TrackingNumber,
        string ServiceCode,
        string? Description,
        ServiceLocation? Location,
        ReporterContact? Reporter,
        Channel Channel,
        Priority Priority,
        IReadOnlyDictionary<string, StringValues> Attributes,
        string Agency,
        string? Queue,
        string? Assignee,
        string? ExternalReference,
        Instant RequestedAt,
        Instant UpdatedAt,
        ServiceRequestStatus Status,
        ServiceRequestStatus? StatusBeforeHold,
        string? HoldReason,
        Resolution? Resolution,
        Instant? ResolvedAt,
        Instant? ClosedAt,
        ServiceRequestId? DuplicateOf,
        int ReopenCount,
        string? Version,
        HistoryEntry[] History,
        SlaInstance[] Sla,
        string? SlaPolicyName,
        IReadOnlyList<string> Tags);

    // Copy constructor for transitions: the copy is changed before anyone else can see it.
    private ServiceRequest(ServiceRequest other)
    {
        Id = other.Id;
        TrackingNumber = other.TrackingNumber;
        ServiceCode = other.ServiceCode;
        Description = other.Description;
        Location = other.Location;
        Reporter = other.Reporter;
        Channel = other.Channel;
        Priority = other.Priority;
        Attributes = other.Attributes;
        Agency = other.Agency;
        Queue = other.Queue;
        Assignee = other.Assignee;
        ExternalReference = other.ExternalReference;
        RequestedAt = other.RequestedAt;
        UpdatedAt = other.UpdatedAt;
        Status = other.Status;
        StatusBeforeHold = other.StatusBeforeHold;
        HoldReason = other.HoldReason;
        Resolution = other.Resolution;
        ResolvedAt = other.ResolvedAt;
        ClosedAt = other.ClosedAt;
        DuplicateOf = other.DuplicateOf;
        ReopenCount = other.ReopenCount;
        Version = other.Version;
        SlaPolicyName = other.SlaPolicyName;
        Tags = other.Tags;
        _history = other._history;
        _sla = other._sla;
    }

    /// <summary>Gets the identity.</summary>
    public ServiceRequestId Id { get; }

    /// <summary>Gets the public reference given to the resident, for example <c>311-26-0001234</c>.</summary>
    public string TrackingNumber { get; }

    /// <summary>Gets the code of the service type.</summary>
    public string ServiceCode { get; private set; }

    /// <summary>Gets the resident's description of the problem (at most 4,000 characters).</summary>
    public string? Description { get; }

    /// <summary>Gets where the problem is, when given.</summary>
    public ServiceLocation? Location { get; }

    /// <summary>Gets how to reach the reporter (personal data; never logged), when given.</summary>
    public ReporterContact? Reporter { get; }

    /// <summary>Gets how the request arrived.</summary>
    public Channel Channel { get; }

    /// <summary>Gets the priority.</summary>
    public Priority Priority { get; private set; }

    /// <summary>
    /// Gets the attribute values, validated against the service type and normalized: numbers in invariant form, date-times
    /// as UTC ISO 8601 (<c>2026-11-24T13:30:00Z</c>), list values as their keys. Keys compare case-insensitively.
    /// </summary>
    public IReadOnlyDictionary<string, StringValues> Attributes { get; private set; }

    /// <summary>Gets the code of the agency accountable for the request.</summary>
    public string Agency { get; private set; }

    /// <summary>Gets the queue the request waits in, if any.</summary>
    public string? Queue { get; private set; }

    /// <summary>Gets the user or team id working the request, if any.</summary>
    public string? Assignee { get; private set; }

    /// <summary>
    /// Gets the SLA policy routing gave the request by name, overriding its service type's; <see langword="null"/> when the
    /// service type's policy applies.
    /// </summary>
    public string? SlaPolicyName { get; private set; }

    /// <summary>Gets the tags routing gave the request (for example <c>roads</c>, <c>liaison</c>), for reports and queues.</summary>
    public IReadOnlyList<string> Tags { get; private set; }

    /// <summary>Gets the reference of the request in the system it came from (an Open311 token, a legacy id), if any.</summary>
    public string? ExternalReference { get; }

    /// <summary>Gets when the request was submitted.</summary>
    public Instant RequestedAt { get; }

    /// <summary>Gets when the request last changed.</summary>
    public Instant UpdatedAt { get; private set; }

    /// <summary>Gets the lifecycle status.</summary>
    public ServiceRequestStatus Status { get; private set; }

    /// <summary>Gets the status to return to on resume while <see cref="ServiceRequestStatus.OnHold"/>; otherwise <see langword="null"/>.</summary>
    public ServiceRequestStatus? StatusBeforeHold { get; private set; }

    /// <summary>Gets why the request is on hold; <see langword="null"/> when it is not.</summary>
    public string? HoldReason { get; private set; }

    /// <summary>Gets the resolution while resolved or closed; otherwise <see langword="null"/>.</summary>
    public Resolution? Resolution { get; private set; }

    /// <summary>Gets when the request was resolved, while resolved or closed.</summary>
    public Instant? ResolvedAt { get; private set; }

    /// <summary>Gets when the request left the open statuses for good (closed, cancelled or marked duplicate).</summary>
    public Instant? ClosedAt { get; private set; }

    /// <summary>Gets the original request this one duplicates, when <see cref="ServiceRequestStatus.Duplicate"/>.</summary>
    public ServiceRequestId? DuplicateOf { get; private set; }

    /// <summary>Gets how many times the request was reopened.</summary>
    public int ReopenCount { get; private set; }

    /// <summary>
    /// Gets the store's concurrency token (an ETag for Dataverse, a counter in memory); <see langword="null"/> before the
    /// request is first stored.
    /// </summary>
    public string? Version { get; private set; }

    /// <summary>Gets the history, oldest first; every change appends one entry.</summary>
    public IReadOnlyList<HistoryEntry> History => _history;

    /// <summary>Gets a value indicating whether the request is still being worked (not resolved, closed, cancelled or a duplicate).</summary>
    public bool IsOpen => Lifecycle.IsOpen(Status);

    /// <summary>Returns a copy carrying a new concurrency token. For store implementations, after a successful write.</summary>
    /// <param name="version">The token the store assigned.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException"><paramref name="version"/> is empty.</exception>
    public ServiceRequest WithVersion(string version)
    {
        Guard.NotNullOrWhiteSpace(version);
        return new ServiceRequest(this) { Version = version };
    }

    /// <summary>Returns the tracking number, the service code and the status; never personal data.</summary>
    /// <returns>A string safe to log.</returns>
    public override string ToString() => $"{TrackingNumber} [{ServiceCode}] {Status}";
}
