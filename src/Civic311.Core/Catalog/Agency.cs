using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Internal;
using NodaTime;

namespace Civic311.Catalog;

/// <summary>A department, ministry or municipality accountable for service types.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class Agency
{
    private readonly HashSet<string> _queueCodes;
    private readonly QueuePattern[] _patterns;

    internal Agency(string code, string name, DateTimeZone timeZone, string? calendarId, IReadOnlyList<AgencyQueue> queues)
    {
        Code = code;
        Name = name;
        TimeZone = timeZone;
        CalendarId = calendarId;
        Queues = queues;
        _queueCodes = queues.Select(q => q.Code).ToHashSet(Codes.Comparer);
        _patterns = queues.Select(q => QueuePattern.TryParse(q.Code, out var p) ? p : (QueuePattern?)null).OfType<QueuePattern>().ToArray();
    }

    /// <summary>Gets the agency code.</summary>
    public string Code { get; }

    /// <summary>Gets the display name.</summary>
    public string Name { get; }

    /// <summary>Gets the agency's time zone (its business hours and dates are local to it).</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>Gets the id of the business calendar the agency's SLAs run on; <see langword="null"/> for around the clock.</summary>
    public string? CalendarId { get; }

    /// <summary>Gets the queues the agency declares, in definition order; empty when it declares none.</summary>
    public IReadOnlyList<AgencyQueue> Queues { get; }

    /// <summary>
    /// Tells whether the agency declares a queue (codes compare case-insensitively), listed or produced by one of its queue
    /// patterns (<c>WARD-{ward}</c> declares <c>WARD-3</c>: any valid code with that prefix and suffix).
    /// </summary>
    /// <param name="code">The queue code.</param>
    /// <returns><see langword="true"/> when declared.</returns>
    public bool HasQueue(string code) =>
        code is not null && (_queueCodes.Contains(code) || (Codes.IsValid(code) && Array.Exists(_patterns, p => p.Matches(code))));

    /// <summary>Whether the agency declares this queue pattern itself (routing accepts a pattern action only then, or when every produced queue is listed).</summary>
    internal bool HasPattern(QueuePattern pattern) => Array.Exists(_patterns, p => p.SameAs(pattern));

    /// <inheritdoc />
    public override string ToString() => $"{Code} ({Name})";
}

/// <summary>A queue of an <see cref="Agency"/>: a work list requests are routed to.</summary>
/// <param name="Code">The queue code.</param>
/// <param name="Name">The display name.</param>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record AgencyQueue(string Code, string Name);
