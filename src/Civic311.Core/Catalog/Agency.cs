using NodaTime;

namespace Civic311.Catalog;

/// <summary>A department, ministry or municipality accountable for service types.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class Agency
{
    internal Agency(string code, string name, DateTimeZone timeZone)
    {
        Code = code;
        Name = name;
        TimeZone = timeZone;
    }

    /// <summary>Gets the agency code.</summary>
    public string Code { get; }

    /// <summary>Gets the display name.</summary>
    public string Name { get; }

    /// <summary>Gets the agency's time zone (its business hours and dates are local to it).</summary>
    public DateTimeZone TimeZone { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Code} ({Name})";
}
