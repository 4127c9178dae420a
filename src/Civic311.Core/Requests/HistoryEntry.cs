using System;
using System.Collections.Generic;
using Civic311.Internal;
using NodaTime;

namespace Civic311.Requests;

/// <summary>One immutable line of a request's history: who did what, when, the status before and after, and a note.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record HistoryEntry
{
    /// <summary>Creates a history entry (stores use this to rehydrate history they persisted).</summary>
    /// <param name="sequence">The 1-based position in the request's history.</param>
    /// <param name="action">What was done.</param>
    /// <param name="occurredAt">When.</param>
    /// <param name="actor">Who: a user id, a system name or <c>resident</c>.</param>
    /// <param name="fromStatus">The status before; <see langword="null"/> for the submit entry.</param>
    /// <param name="toStatus">The status after.</param>
    /// <param name="changes">Other values changed, as "from -> to".</param>
    /// <param name="note">A note; optional.</param>
    /// <param name="noteVisibility">Who may read the note.</param>
    /// <exception cref="ArgumentException">An argument is out of range or empty.</exception>
    public HistoryEntry(
        int sequence,
        LifecycleAction action,
        Instant occurredAt,
        string actor,
        ServiceRequestStatus? fromStatus,
        ServiceRequestStatus toStatus,
        IReadOnlyList<FieldChange> changes,
        string? note,
        NoteVisibility noteVisibility)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        Sequence = sequence;
        Action = Guard.Defined(action);
        OccurredAt = occurredAt;
        Actor = Guard.NotNullOrWhiteSpace(actor);
        FromStatus = fromStatus;
        ToStatus = Guard.Defined(toStatus);
        Changes = Guard.NotNull(changes);
        Note = note;
        NoteVisibility = Guard.Defined(noteVisibility);
    }

    /// <summary>Gets the 1-based position in the request's history.</summary>
    public int Sequence { get; }

    /// <summary>Gets what was done.</summary>
    public LifecycleAction Action { get; }

    /// <summary>Gets when it was done.</summary>
    public Instant OccurredAt { get; }

    /// <summary>Gets who did it.</summary>
    public string Actor { get; }

    /// <summary>Gets the status before; <see langword="null"/> for the submit entry.</summary>
    public ServiceRequestStatus? FromStatus { get; }

    /// <summary>Gets the status after.</summary>
    public ServiceRequestStatus ToStatus { get; }

    /// <summary>Gets the other values changed, as "from -> to".</summary>
    public IReadOnlyList<FieldChange> Changes { get; }

    /// <summary>Gets the note, if any.</summary>
    public string? Note { get; }

    /// <summary>Gets who may read the note.</summary>
    public NoteVisibility NoteVisibility { get; }

    /// <summary>Gets a value indicating whether the resident may see this entry's note.</summary>
    public bool IsPublic => NoteVisibility == NoteVisibility.Public;
}
