namespace Civic311.Requests;

/// <summary>
/// Where a request should go: any of agency, queue and assignee (a user or team id). A <see langword="null"/> member keeps the
/// request's current value.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record Assignment
{
    /// <summary>Gets the code of the agency to transfer the request to; <see langword="null"/> keeps the current agency.</summary>
    public string? Agency { get; init; }

    /// <summary>Gets the queue; <see langword="null"/> keeps the current queue.</summary>
    public string? Queue { get; init; }

    /// <summary>Gets the user or team id; <see langword="null"/> keeps the current assignee.</summary>
    public string? Assignee { get; init; }
}
