using NodaTime;

namespace Civic311.Sla;

/// <summary>A calendar has no open time where an operation needs it (for example, every day after a date is closed).</summary>
public sealed class NoBusinessTimeException : Civic311Exception
{
    internal NoBusinessTimeException(string calendarId, Instant from, string direction, int limitYear)
        : base($"Business calendar '{calendarId}' has no open time {direction} {from} up to the year {limitYear}; the operation cannot be completed. Check the calendar's weekly hours, holidays and closures.")
    {
        CalendarId = calendarId;
        From = from;
    }

    /// <summary>Gets the calendar's id.</summary>
    public string CalendarId { get; }

    /// <summary>Gets the instant the search started from.</summary>
    public Instant From { get; }
}
