using System;
using Civic311.Internal;
using NodaTime;

namespace Civic311.Sla;

/// <summary>
/// One SLA clock of one request: its target, when it started, when it is due, when it warns, how much business time it
/// was paused, and how it ended. Immutable; <see cref="SlaClock"/> produces the next state.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record SlaInstance
{
    internal SlaInstance(SlaTarget target, int cycle, string calendarVersion, Instant startedAt, Instant dueAt, Instant warningAt, int warningPercent)
    {
        Target = Guard.NotNull(target);
        Cycle = cycle;
        CalendarVersion = calendarVersion;
        StartedAt = startedAt;
        DueAt = dueAt;
        WarningAt = warningAt;
        WarningPercent = warningPercent;
    }

    /// <summary>Gets the target.</summary>
    public SlaTarget Target { get; init; }

    /// <summary>Gets the KPI (the target's).</summary>
    public string Kpi => Target.Kpi;

    /// <summary>Gets the cycle: 1 for the first, one more after each reopen. Earlier cycles never change.</summary>
    public int Cycle { get; }

    /// <summary>Gets the <see cref="BusinessCalendar.VersionId"/> the instants were computed with.</summary>
    public string CalendarVersion { get; init; }

    /// <summary>Gets when the clock started.</summary>
    public Instant StartedAt { get; }

    /// <summary>Gets when the target is due (moved later by business time spent paused).</summary>
    public Instant DueAt { get; init; }

    /// <summary>Gets when the instance is nearing breach.</summary>
    public Instant WarningAt { get; init; }

    /// <summary>Gets the warning threshold, in percent of the target.</summary>
    public int WarningPercent { get; }

    /// <summary>Gets the stored status: <see cref="SlaStatus.InProgress"/>, <see cref="SlaStatus.Paused"/> or a final one. Use <see cref="StatusAt"/> for the live status.</summary>
    public SlaStatus Status { get; init; }

    /// <summary>Gets since when the clock is paused, while <see cref="SlaStatus.Paused"/>.</summary>
    public Instant? PausedAt { get; init; }

    /// <summary>Gets the business time (or, for calendar-time targets, the elapsed time) spent paused, in finished pauses.</summary>
    public Duration PausedTime { get; init; }

    /// <summary>Gets when the instance ended (met, breached on completion, or cancelled).</summary>
    public Instant? CompletedAt { get; init; }

    /// <summary>Gets a value indicating whether the SLA monitor has raised this instance's warning event.</summary>
    public bool WarningRaised { get; init; }

    /// <summary>Gets a value indicating whether the SLA monitor has raised this instance's breach event.</summary>
    public bool BreachRaised { get; init; }

    /// <summary>
    /// Gets when the SLA monitor must next look at this instance: its warning instant until the warning is raised, then its
    /// due instant until the breach is raised; <see langword="null"/> while paused or once ended.
    /// </summary>
    public Instant? NextCheckAt =>
        Status is not (SlaStatus.InProgress or SlaStatus.NearingBreach) ? null
        : !WarningRaised && WarningAt < DueAt ? WarningAt
        : !BreachRaised ? DueAt
        : null;

    /// <summary>Gets a value indicating whether the due instant had passed while the clock ran (a breach, which stands).</summary>
    public bool IsBreached => Status == SlaStatus.Breached;

    /// <summary>Gets a value indicating whether the clock still runs or is paused (not met, breached on completion or cancelled).</summary>
    public bool IsActive => Status is SlaStatus.InProgress or SlaStatus.Paused or SlaStatus.NearingBreach
        || (Status == SlaStatus.Breached && CompletedAt is null);

    /// <summary>The live status at <paramref name="now"/>: a running clock is nearing breach after its warning instant and breached after its due instant; a paused clock stays paused.</summary>
    /// <param name="now">The instant to evaluate at.</param>
    /// <returns>The status.</returns>
    public SlaStatus StatusAt(Instant now) => Status switch
    {
        SlaStatus.InProgress or SlaStatus.NearingBreach when now >= DueAt => SlaStatus.Breached,
        SlaStatus.InProgress when now >= WarningAt => SlaStatus.NearingBreach,
        _ => Status,
    };
}
