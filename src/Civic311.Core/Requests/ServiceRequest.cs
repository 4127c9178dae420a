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

    private readonly ServiceRequestState _state;

    /// <summary>Wraps a state: a new submission, the result of a transition, or a stored request read back.</summary>
    internal ServiceRequest(in ServiceRequestState state)
    {
        _state = state;
    }

    /// <summary>Gets the state the request is a view of (for transitions and the stored document).</summary>
    internal ref readonly ServiceRequestState State => ref _state;

    /// <summary>Gets the identity.</summary>
    public ServiceRequestId Id => _state.Id;

    /// <summary>Gets the public reference given to the resident, for example <c>311-26-0001234</c>.</summary>
    public string TrackingNumber => _state.TrackingNumber;

    /// <summary>Gets the code of the service type.</summary>
    public string ServiceCode => _state.ServiceCode;

    /// <summary>Gets the resident's description of the problem (at most 4,000 characters).</summary>
    public string? Description => _state.Description;

    /// <summary>Gets where the problem is, when given.</summary>
    public ServiceLocation? Location => _state.Location;

    /// <summary>Gets how to reach the reporter (personal data; never logged), when given.</summary>
    public ReporterContact? Reporter => _state.Reporter;

    /// <summary>Gets how the request arrived.</summary>
    public Channel Channel => _state.Channel;

    /// <summary>Gets the priority.</summary>
    public Priority Priority => _state.Priority;

    /// <summary>
    /// Gets the attribute values, validated against the service type and normalized: numbers in invariant form, date-times
    /// as UTC ISO 8601 (<c>2026-11-24T13:30:00Z</c>), list values as their keys. Keys compare case-insensitively.
    /// </summary>
    public IReadOnlyDictionary<string, StringValues> Attributes => _state.Attributes;

    /// <summary>Gets the code of the agency accountable for the request.</summary>
    public string Agency => _state.Agency;

    /// <summary>Gets the queue the request waits in, if any.</summary>
    public string? Queue => _state.Queue;

    /// <summary>Gets the user or team id working the request, if any.</summary>
    public string? Assignee => _state.Assignee;

    /// <summary>
    /// Gets the SLA policy routing gave the request by name, overriding its service type's; <see langword="null"/> when the
    /// service type's policy applies.
    /// </summary>
    public string? SlaPolicyName => _state.SlaPolicyName;

    /// <summary>Gets the tags routing gave the request (for example <c>roads</c>, <c>liaison</c>), for reports and queues.</summary>
    public IReadOnlyList<string> Tags => _state.Tags;

    /// <summary>Gets the reference of the request in the system it came from (an Open311 token, a legacy id), if any.</summary>
    public string? ExternalReference => _state.ExternalReference;

    /// <summary>Gets when the request was submitted.</summary>
    public Instant RequestedAt => _state.RequestedAt;

    /// <summary>Gets when the request last changed.</summary>
    public Instant UpdatedAt => _state.UpdatedAt;

    /// <summary>Gets the lifecycle status.</summary>
    public ServiceRequestStatus Status => _state.Status;

    /// <summary>Gets the status to return to on resume while <see cref="ServiceRequestStatus.OnHold"/>; otherwise <see langword="null"/>.</summary>
    public ServiceRequestStatus? StatusBeforeHold => _state.StatusBeforeHold;

    /// <summary>Gets why the request is on hold; <see langword="null"/> when it is not.</summary>
    public string? HoldReason => _state.HoldReason;

    /// <summary>Gets the resolution while resolved or closed; otherwise <see langword="null"/>.</summary>
    public Resolution? Resolution => _state.Resolution;

    /// <summary>Gets when the request was resolved, while resolved or closed.</summary>
    public Instant? ResolvedAt => _state.ResolvedAt;

    /// <summary>Gets when the request left the open statuses for good (closed, cancelled or marked duplicate).</summary>
    public Instant? ClosedAt => _state.ClosedAt;

    /// <summary>Gets the original request this one duplicates, when <see cref="ServiceRequestStatus.Duplicate"/>.</summary>
    public ServiceRequestId? DuplicateOf => _state.DuplicateOf;

    /// <summary>Gets how many times the request was reopened.</summary>
    public int ReopenCount => _state.ReopenCount;

    /// <summary>
    /// Gets how many requests are marked as duplicates of this one: residents who reported the same problem, who are told
    /// when it is resolved. A duplicate never leaves that status, so the count only grows. <see langword="null"/> when the
    /// store does not know it (for example a Dataverse case stored before Civic311 kept the count, or one that was
    /// resolved or cancelled when a duplicate was linked to it); a resolution then looks the duplicates up.
    /// </summary>
    public int? DuplicateCount => _state.DuplicateCount;

    /// <summary>
    /// Gets the store's concurrency token (an ETag for Dataverse, a counter in memory); <see langword="null"/> before the
    /// request is first stored.
    /// </summary>
    public string? Version => _state.Version;

    /// <summary>Gets the history, oldest first; every change appends one entry.</summary>
    public IReadOnlyList<HistoryEntry> History => _state.History;

    /// <summary>Gets a value indicating whether the request is still being worked (not resolved, closed, cancelled or a duplicate).</summary>
    public bool IsOpen => Lifecycle.IsOpen(Status);

    /// <summary>Returns a copy carrying a new concurrency token. For store implementations, after a successful write.</summary>
    /// <param name="version">The token the store assigned.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException"><paramref name="version"/> is empty.</exception>
    public ServiceRequest WithVersion(string version)
    {
        Guard.NotNullOrWhiteSpace(version);
        return new ServiceRequest(_state with { Version = version });
    }

    /// <summary>
    /// Returns a copy with another duplicate count. For store implementations that keep the count apart from the request's
    /// document (and so read it separately); the lifecycle keeps it up to date otherwise.
    /// </summary>
    /// <param name="duplicateCount">The number of requests marked as duplicates of this one; <see langword="null"/> when unknown.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duplicateCount"/> is negative.</exception>
    public ServiceRequest WithDuplicateCount(int? duplicateCount)
    {
        if (duplicateCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(duplicateCount), duplicateCount, "A duplicate count is zero or more.");
        }

        return duplicateCount == _state.DuplicateCount ? this : new ServiceRequest(_state with { DuplicateCount = duplicateCount });
    }

    /// <summary>The original as a duplicate link leaves it: one more duplicate (still unknown when the count was).</summary>
    internal ServiceRequest WithDuplicateLinked() => new(_state with { DuplicateCount = _state.DuplicateCount + 1 });

    /// <summary>Returns the tracking number, the service code and the status; never personal data.</summary>
    /// <returns>A string safe to log.</returns>
    public override string ToString() => $"{TrackingNumber} [{ServiceCode}] {Status}";
}
