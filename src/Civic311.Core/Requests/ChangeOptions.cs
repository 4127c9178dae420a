using Civic311.Internal;

namespace Civic311.Requests;

/// <summary>Who makes a lifecycle change, an optional note, and an optional expected version.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record ChangeOptions
{
    /// <summary>The options used when none are given: actor <c>system</c>, no note, no expected version.</summary>
    public static readonly ChangeOptions Default = new();

    private readonly string _actor = "system";

    /// <summary>Gets who makes the change: a user id, a system name, or <c>resident</c>.</summary>
    /// <value>Defaults to <c>system</c>.</value>
    /// <exception cref="System.ArgumentException">The value is empty.</exception>
    public string Actor
    {
        get => _actor;
        init => _actor = Guard.NotNullOrWhiteSpace(value);
    }

    /// <summary>Gets a note recorded with the history entry.</summary>
    public string? Note { get; init; }

    /// <summary>Gets who may read the note.</summary>
    /// <value>Defaults to <see cref="NoteVisibility.Internal"/>.</value>
    public NoteVisibility NoteVisibility { get; init; } = NoteVisibility.Internal;

    /// <summary>
    /// Gets the <see cref="ServiceRequest.Version"/> the caller based the change on. When set, a request changed since then
    /// fails with <see cref="Storage.ConcurrencyConflictException"/>; when <see langword="null"/>, the change is re-checked
    /// against the latest state and retried on a conflict.
    /// </summary>
    public string? ExpectedVersion { get; init; }
}
