using NodaTime;

namespace Civic311.Catalog;

/// <summary>A department, ministry or municipality accountable for service types.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class Agency
{
    internal Agency(string code, string name, DateTimeZone timeZone, string? calendarId)
    {
        Code = code;
        Name = name;
        TimeZone = timeZone;
        CalendarId = calendarId;
    }

    /// <summary>Gets the agency code.</summary>
    public string Code { get; }

    /// <summary>Gets the display name.</summary>
    public string Name { get; }

    /// <summary>Gets the agency's time zone (its business hours and dates are local to it).</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>Gets the id of the business calendar the agency's SLAs run on; <see langword="null"/> for around the clock.</summary>
    public string? CalendarId { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Code} ({Name})";
}
