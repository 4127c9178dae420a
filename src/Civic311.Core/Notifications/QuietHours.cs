using System;
using Civic311.Internal;
using NodaTime;

namespace Civic311.Notifications;

/// <summary>
/// A daily window, local to a time zone, in which a resident is not texted (for example 21:00 to 08:00). A window whose
/// start is after its end runs over midnight. Messages due inside it wait until it ends: deferred, never dropped.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record QuietHours
{
    /// <summary>Creates a window.</summary>
    /// <param name="start">The local start.</param>
    /// <param name="end">The local end (exclusive); equal to the start for no quiet hours.</param>
    /// <param name="zone">The zone the times are in.</param>
    public QuietHours(LocalTime start, LocalTime end, DateTimeZone zone)
    {
        Start = start;
        End = end;
        Zone = Guard.NotNull(zone);
    }

    /// <summary>Gets the local start.</summary>
    public LocalTime Start { get; }

    /// <summary>Gets the local end (exclusive).</summary>
    public LocalTime End { get; }

    /// <summary>Gets the zone.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Whether <paramref name="instant"/> falls inside the window.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns><see langword="true"/> when quiet.</returns>
    public bool IsQuietAt(Instant instant)
    {
        var time = instant.InZone(Zone).TimeOfDay;
        return Start == End ? false
            : Start < End ? time >= Start && time < End
            : time >= Start || time < End;
    }

    /// <summary>The first instant at or after <paramref name="instant"/> outside the window.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns><paramref name="instant"/> itself when not quiet; otherwise the window's end.</returns>
    public Instant NextAllowed(Instant instant)
    {
        if (!IsQuietAt(instant))
        {
            return instant;
        }

        var local = instant.InZone(Zone);
        var endDate = local.TimeOfDay < End ? local.Date : local.Date.PlusDays(1);
        // Lenient: an end inside a DST gap moves forward to the first valid instant.
        return (endDate + End).InZoneLeniently(Zone).ToInstant();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Start:HH:mm}-{End:HH:mm} {Zone.Id}";

}
