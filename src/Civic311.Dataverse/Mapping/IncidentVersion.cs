using System.Globalization;

namespace Civic311.Dataverse.Mapping;

/// <summary>
/// The version of a request stored on a case: the case's ETag, and, when the case's state differs from what the request
/// shows (an agent changed it in Dynamics) or a change was taken in while the case was closed, the case's state, status
/// reason and that change's history sequence. A change is then planned against the case as it really is, in any process,
/// without reading it again; the ETag alone goes into <c>If-Match</c>.
/// </summary>
internal readonly record struct IncidentVersion(string Etag, int? State, int? Reason, int TakenIn)
{
    private const char Separator = '|'; // never in a Dataverse ETag (W/"digits")

    /// <summary>Reads a version this store wrote; any other text is a bare ETag.</summary>
    public static IncidentVersion Parse(string version)
    {
        var parts = version.Split(Separator);
        return parts.Length == 4
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var state)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var reason)
            && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var takenIn)
                ? new IncidentVersion(parts[0], state, reason, takenIn)
                : new IncidentVersion(version, null, null, 0);
    }

    /// <inheritdoc />
    public override string ToString() =>
        State is { } state && Reason is { } reason
            ? string.Create(CultureInfo.InvariantCulture, $"{Etag}{Separator}{state}{Separator}{reason}{Separator}{TakenIn}")
            : Etag;
}
