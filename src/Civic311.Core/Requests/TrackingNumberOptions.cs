namespace Civic311.Requests;

/// <summary>How tracking numbers look.</summary>
public sealed class TrackingNumberOptions
{
    /// <summary>
    /// Gets or sets the format. Tokens: <c>{yyyy}</c> (four-digit year), <c>{yy}</c> (two-digit year) and exactly one
    /// <c>{seq}</c> or <c>{seq:N}</c> (the sequence, zero-padded to N digits, 1 to 18). Other characters are literal and may be
    /// ASCII letters, digits, '-', '_' and '.'. With a year token the sequence restarts each year (in the center's time zone).
    /// A sequence that outgrows N digits keeps all its digits, so numbers stay unique.
    /// </summary>
    /// <value>Defaults to <c>311-{yy}-{seq:7}</c>, for example <c>311-26-0001234</c>.</value>
    public string Format { get; set; } = "311-{yy}-{seq:7}";
}
