using System;
using System.Collections.Generic;
using Civic311.Internal;
using Civic311.Requests;

namespace Civic311.Storage;

/// <summary>
/// One unit of work for a store: a request's new state, the version it was derived from, and the history entries the change
/// appended. A store writes all of it atomically or none of it.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class ServiceRequestChange
{
    /// <summary>Creates a change.</summary>
    /// <param name="request">The new state.</param>
    /// <param name="expectedVersion">The version it was derived from; <see langword="null"/> for a new request.</param>
    /// <param name="newHistory">The entries appended by this change (the tail of <see cref="ServiceRequest.History"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="newHistory"/> is not the tail of the request's history.</exception>
    public ServiceRequestChange(ServiceRequest request, string? expectedVersion, IReadOnlyList<HistoryEntry> newHistory)
    {
        Request = Guard.NotNull(request);
        NewHistory = Guard.NotNull(newHistory);
        ExpectedVersion = expectedVersion;
        var history = request.History;
        if (newHistory.Count > history.Count
            || (newHistory.Count > 0 && !ReferenceEquals(newHistory[^1], history[^1])))
        {
            throw new ArgumentException("The new history entries must be the last entries of the request's history.", nameof(newHistory));
        }
    }

    /// <summary>Gets the request's new state.</summary>
    public ServiceRequest Request { get; }

    /// <summary>Gets the version the change was derived from; <see langword="null"/> for a new request.</summary>
    public string? ExpectedVersion { get; }

    /// <summary>Gets the history entries this change appended.</summary>
    public IReadOnlyList<HistoryEntry> NewHistory { get; }

    /// <summary>Gets a value indicating whether this change creates the request.</summary>
    public bool IsNew => ExpectedVersion is null;
}
