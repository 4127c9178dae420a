namespace Civic311.Requests;

/// <summary>Who may read a note in a request's history.</summary>
public enum NoteVisibility
{
    /// <summary>Staff only.</summary>
    Internal = 0,

    /// <summary>The resident too (shown on status pages and in notifications).</summary>
    Public = 1,
}
