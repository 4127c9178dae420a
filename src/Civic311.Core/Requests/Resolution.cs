using Civic311.Internal;

namespace Civic311.Requests;

/// <summary>How a request was resolved: a code for reporting and a note the resident reads.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record Resolution
{
    /// <summary>Creates a resolution.</summary>
    /// <param name="code">A resolution code, for example <c>FIXED</c>, <c>NO_VIOLATION</c> or <c>REFERRED</c>.</param>
    /// <param name="publicNote">The note shown to the resident; optional.</param>
    /// <exception cref="System.ArgumentException"><paramref name="code"/> is empty.</exception>
    public Resolution(string code, string? publicNote = null)
    {
        Code = Guard.NotNullOrWhiteSpace(code).Trim();
        PublicNote = string.IsNullOrWhiteSpace(publicNote) ? null : publicNote.Trim();
    }

    /// <summary>Gets the resolution code.</summary>
    public string Code { get; }

    /// <summary>Gets the note shown to the resident.</summary>
    public string? PublicNote { get; }
}
