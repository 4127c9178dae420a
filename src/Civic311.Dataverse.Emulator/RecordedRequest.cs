namespace Civic311.Dataverse.Emulator;

/// <summary>What the emulator did to one HTTP request; see <see cref="DataverseEmulator.Requests"/>.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query relative to the service root, e.g. <c>incidents(…)?$select=title</c> or <c>$batch</c>.</param>
/// <param name="Status">The status answered (0 when the connection was dropped).</param>
/// <param name="Fault">The fault injected, if any.</param>
/// <param name="Operations">The operations it carried: the parts of a <c>$batch</c>, the Targets of a CreateMultiple, else 1.</param>
/// <remarks>Equality compares the five positional values only, not <see cref="Headers"/>.</remarks>
public sealed record RecordedRequest(string Method, string Path, int Status, InjectedFault Fault, int Operations)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets the request's top-level headers (names case-insensitive; several values joined by commas), without
    /// <c>Authorization</c>, so tokens are never kept.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>Whether the positional values are equal (<see cref="Headers"/> is not compared).</summary>
    /// <param name="other">The other request.</param>
    /// <returns><see langword="true"/> when method, path, status, fault and operations are equal.</returns>
    public bool Equals(RecordedRequest? other) =>
        other is not null && Method == other.Method && Path == other.Path && Status == other.Status && Fault == other.Fault && Operations == other.Operations;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Method, Path, Status, Fault, Operations);
}

/// <summary>A fault the emulator injected into a request (<see cref="EmulatorFaults"/>).</summary>
public enum InjectedFault
{
    /// <summary>No fault: the request was processed normally.</summary>
    None,

    /// <summary>Answered 429 with Retry-After; the request was not processed (nothing written).</summary>
    Throttled,

    /// <summary>Answered 500/502/503/504; the request was not processed (nothing written).</summary>
    Failed,

    /// <summary>Processed (written), then answered with a 5xx instead of the real answer.</summary>
    AppliedThenFailed,

    /// <summary>Processed (written), then the connection was dropped without an answer.</summary>
    AppliedThenDropped,

    /// <summary>Processed normally after an injected delay.</summary>
    Delayed,
}
