namespace Civic311.Dataverse.Emulator;

/// <summary>What the emulator did to one HTTP request; see <see cref="DataverseEmulator.Requests"/>.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query relative to the service root, e.g. <c>incidents(…)?$select=title</c> or <c>$batch</c>.</param>
/// <param name="Status">The status answered (0 when the connection was dropped).</param>
/// <param name="Fault">The fault injected, if any.</param>
/// <param name="Operations">The operations it carried: the parts of a <c>$batch</c>, the Targets of a CreateMultiple, else 1.</param>
public sealed record RecordedRequest(string Method, string Path, int Status, InjectedFault Fault, int Operations);

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
