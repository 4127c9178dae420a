using System.Text;

namespace Civic311.Requests;

/// <summary>
/// How to reach the person who reported a problem. This is personal data: <see cref="ToString"/> redacts it, and Civic311
/// never writes it to logs.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record ReporterContact
{
    /// <summary>Gets the reporter's name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the e-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>Gets the phone number.</summary>
    public string? Phone { get; init; }

    /// <summary>Gets the preferred language as a BCP 47 tag, for example <c>es-PA</c>.</summary>
    public string? PreferredLanguage { get; init; }

    /// <summary>
    /// Gets what kind of reporter this is, for example <c>resident</c>, <c>liaison</c> (a trusted neighbourhood liaison),
    /// <c>business</c> or <c>staff</c>. Free-form; routing rules compare it case-insensitively. Not personal data: printed in clear.
    /// </summary>
    public string? Kind { get; init; }

    /// <summary>Gets the channels the resident asked not to be contacted on.</summary>
    public ContactOptOut OptOut { get; init; }

    /// <summary>Returns a redacted description that says which fields are present without their values.</summary>
    /// <returns>A string safe to log.</returns>
    public override string ToString() =>
        $"ReporterContact {{ Name = {Mask(Name)}, Email = {Mask(Email)}, Phone = {Mask(Phone)}, PreferredLanguage = {PreferredLanguage ?? "(none)"}, Kind = {Kind ?? "(none)"} }}";

    private static string Mask(string? value) => value is null ? "(none)" : "***";

    // Records print every property in their generated ToString and PrintMembers; keep both redacted.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Mask(Name))
            .Append(", Email = ").Append(Mask(Email))
            .Append(", Phone = ").Append(Mask(Phone))
            .Append(", PreferredLanguage = ").Append(PreferredLanguage ?? "(none)")
            .Append(", Kind = ").Append(Kind ?? "(none)");
        return true;
    }
}

/// <summary>Channels a resident asked not to be contacted on.</summary>
[System.Flags]
public enum ContactOptOut
{
    /// <summary>None: every channel the resident gave may be used.</summary>
    None = 0,

    /// <summary>No e-mail.</summary>
    Email = 1,

    /// <summary>No text messages.</summary>
    Sms = 2,
}
