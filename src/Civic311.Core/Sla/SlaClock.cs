using System;
using Civic311.Internal;
using NodaTime;

namespace Civic311.Sla;

/// <summary>
/// The SLA clock rules, as pure functions from one <see cref="SlaInstance"/> state to the next. Each rule is documented
/// here because the products it learns from disagree (see the SLA research notes):
/// <list type="bullet">
/// <item>Pause and resume: only business time inside the pause moves the deadline (elapsed time for calendar-time and
/// calendar-days targets) (a pause entirely outside open hours
/// moves nothing); a deadline that passes while paused is not a breach; pausing after the due instant records the breach,
/// which stands. A warning instant still ahead when the clock paused moves with the deadline; one already passed stays.</item>
/// <item>Start: a target that starts at the next opening counts from the first open instant at or after arrival; the
/// instance still records the arrival as <see cref="SlaInstance.StartedAt"/>, so a retarget re-applies the new target's rule.</item>
/// <item>Completion: met when completed at or before the due instant, otherwise breached.</item>
/// <item>Retarget (service type or priority change): retroactive. The new target counts from the original start, and the
/// business time spent paused is carried over. A recorded breach stands.</item>
/// <item>Calendar change: the business time already used stays used; what remains (measured on the old calendar) counts
/// on the new calendar from the change on. A recorded breach stands.</item>
/// </list>
/// </summary>
public static class SlaClock
{
    /// <summary>The default warning threshold, in percent of the target.</summary>
    public const int DefaultWarningPercent = 75;

    /// <summary>Starts a clock.</summary>
    /// <param name="target">The target.</param>
    /// <param name="calendar">The business calendar it runs on.</param>
    /// <param name="startedAt">When it starts.</param>
    /// <param name="warningPercent">The warning threshold, 1 to 99 percent of the target.</param>
    /// <param name="cycle">The cycle (1, then one more after each reopen).</param>
    /// <returns>The running instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The warning percent or cycle is out of range.</exception>
    public static SlaInstance Start(SlaTarget target, BusinessCalendar calendar, Instant startedAt, int warningPercent = DefaultWarningPercent, int cycle = 1)
    {
        Guard.NotNull(target);
        Guard.NotNull(calendar);
        ArgumentOutOfRangeException.ThrowIfLessThan(warningPercent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warningPercent, 99);
        ArgumentOutOfRangeException.ThrowIfLessThan(cycle, 1);
        var (due, warning) = Schedule(target, calendar, startedAt, warningPercent);
        return new SlaInstance(target, cycle, calendar.VersionId, startedAt, due, warning, warningPercent);
    }

    /// <summary>
    /// The instant a target is due when its request arrives at <paramref name="startedAt"/> and its clock never pauses
    /// (a target that starts at the next opening counts from there).
    /// </summary>
    /// <param name="target">The target.</param>
    /// <param name="calendar">The business calendar.</param>
    /// <param name="startedAt">The arrival.</param>
    /// <returns>The due instant.</returns>
    /// <exception cref="NoBusinessTimeException">The calendar has no open time far enough ahead.</exception>
    public static Instant DueFrom(SlaTarget target, BusinessCalendar calendar, Instant startedAt)
    {
        Guard.NotNull(target);
        Guard.NotNull(calendar);
        var nextOpening = target.Start == SlaClockStart.AtNextOpening;
        return target.Kind switch
        {
            // Open time counted from arrival or from the next opening is the same.
            SlaTimeKind.BusinessTime => calendar.Add(startedAt, target.Amount),
            SlaTimeKind.CalendarTime => CountsFrom(target, calendar, startedAt) + target.Amount,
            SlaTimeKind.CalendarDays => calendar.DaysAfter(startedAt, target.Days, workingDays: false, BusinessDayEnd.SameTimeOfDay, nextOpening),
            _ => calendar.DaysAfter(startedAt, target.Days, workingDays: true, target.DayEnd, nextOpening),
        };
    }

    /// <summary>The instant a target's clock counts from, for a request that arrived at <paramref name="arrival"/>.</summary>
    /// <param name="target">The target.</param>
    /// <param name="calendar">The business calendar.</param>
    /// <param name="arrival">The arrival (or the reopening).</param>
    /// <returns><paramref name="arrival"/>, or the next opening for a target that starts there.</returns>
    /// <exception cref="NoBusinessTimeException">The calendar never opens again.</exception>
    public static Instant CountsFrom(SlaTarget target, BusinessCalendar calendar, Instant arrival)
    {
        Guard.NotNull(target);
        Guard.NotNull(calendar);
        return target.Start == SlaClockStart.AtNextOpening ? calendar.NextOpen(arrival) : arrival;
    }

    /// <summary>Stops the clock (the request went on hold). Pausing after the due instant records the breach instead.</summary>
    /// <param name="instance">A running instance.</param>
    /// <param name="at">When.</param>
    /// <returns>The paused (or breached) instance.</returns>
    /// <exception cref="InvalidOperationException">The instance is not running.</exception>
    public static SlaInstance Pause(SlaInstance instance, Instant at)
    {
        EnsureRunning(Guard.NotNull(instance), "pause");
        return at >= instance.DueAt
            ? instance with { Status = SlaStatus.Breached }
            : instance with { Status = SlaStatus.Paused, PausedAt = at };
    }

    /// <summary>Restarts a paused clock, moving the deadline by the business time spent paused.</summary>
    /// <param name="instance">A paused instance.</param>
    /// <param name="calendar">The business calendar.</param>
    /// <param name="at">When.</param>
    /// <returns>The running instance.</returns>
    /// <exception cref="InvalidOperationException">The instance is not paused.</exception>
    public static SlaInstance Resume(SlaInstance instance, BusinessCalendar calendar, Instant at)
    {
        Guard.NotNull(instance);
        Guard.NotNull(calendar);
        if (instance.Status != SlaStatus.Paused || instance.PausedAt is not { } pausedAt)
        {
            throw new InvalidOperationException($"Cannot resume the {instance.Kpi} SLA: it is {instance.Status}, not paused.");
        }

        var pausedFor = PausedPortion(instance, calendar, pausedAt, Max(at, pausedAt));
        return instance with
        {
            Status = SlaStatus.InProgress,
            PausedAt = null,
            PausedTime = instance.PausedTime + pausedFor,
            DueAt = Extend(instance, calendar, instance.DueAt, pausedFor),
            WarningAt = pausedAt < instance.WarningAt ? Extend(instance, calendar, instance.WarningAt, pausedFor) : instance.WarningAt,
        };
    }

    /// <summary>The KPI is achieved (first response given, request resolved): met when on time, breached when late.</summary>
    /// <param name="instance">An active instance.</param>
    /// <param name="calendar">The business calendar.</param>
    /// <param name="at">When.</param>
    /// <returns>The completed instance.</returns>
    /// <exception cref="InvalidOperationException">The instance has already ended.</exception>
    public static SlaInstance Complete(SlaInstance instance, BusinessCalendar calendar, Instant at)
    {
        Guard.NotNull(instance);
        if (!instance.IsActive)
        {
            throw new InvalidOperationException($"Cannot complete the {instance.Kpi} SLA: it already ended ({instance.Status}).");
        }

        if (instance.Status == SlaStatus.Paused)
        {
            instance = Resume(instance, calendar, at);
        }

        var met = instance.Status != SlaStatus.Breached && at <= instance.DueAt;
        return instance with { Status = met ? SlaStatus.Met : SlaStatus.Breached, CompletedAt = at };
    }

    /// <summary>The SLA no longer applies (the request was cancelled or marked duplicate).</summary>
    /// <param name="instance">An active instance.</param>
    /// <param name="at">When.</param>
    /// <returns>The cancelled instance.</returns>
    /// <exception cref="InvalidOperationException">The instance has already ended.</exception>
    public static SlaInstance Cancel(SlaInstance instance, Instant at)
    {
        Guard.NotNull(instance);
        if (!instance.IsActive)
        {
            throw new InvalidOperationException($"Cannot cancel the {instance.Kpi} SLA: it already ended ({instance.Status}).");
        }

        return instance with { Status = SlaStatus.Cancelled, PausedAt = null, CompletedAt = at };
    }

    /// <summary>
    /// Applies a new target (service type or priority changed), retroactively: it counts from the original start and keeps
    /// the time spent paused. A recorded breach stands.
    /// </summary>
    /// <param name="instance">An active instance.</param>
    /// <param name="target">The new target (same KPI).</param>
    /// <param name="calendar">The business calendar.</param>
    /// <returns>The instance with the new target and instants.</returns>
    /// <exception cref="InvalidOperationException">The instance has ended.</exception>
    /// <exception cref="ArgumentException">The new target measures another KPI.</exception>
    public static SlaInstance Retarget(SlaInstance instance, SlaTarget target, BusinessCalendar calendar)
    {
        Guard.NotNull(instance);
        Guard.NotNull(target);
        Guard.NotNull(calendar);
        if (!instance.IsActive)
        {
            throw new InvalidOperationException($"Cannot retarget the {instance.Kpi} SLA: it already ended ({instance.Status}).");
        }

        if (!string.Equals(target.Kpi, instance.Kpi, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The new target measures '{target.Kpi}', the instance '{instance.Kpi}'.", nameof(target));
        }

        var retargeted = instance with { Target = target, CalendarVersion = calendar.VersionId };
        var (due, warning) = Schedule(target, calendar, instance.StartedAt, instance.WarningPercent);
        return retargeted with
        {
            DueAt = Extend(retargeted, calendar, due, instance.PausedTime),
            WarningAt = Extend(retargeted, calendar, warning, instance.PausedTime),
        };
    }

    /// <summary>
    /// Moves a running clock to an edited calendar: the business time used so far stays used, and what remained on the old
    /// calendar counts on the new one from <paramref name="at"/>. A recorded breach stands.
    /// </summary>
    /// <param name="instance">An active instance.</param>
    /// <param name="oldCalendar">The calendar the instance ran on.</param>
    /// <param name="newCalendar">The edited calendar.</param>
    /// <param name="at">When the edit takes effect.</param>
    /// <returns>The instance on the new calendar.</returns>
    public static SlaInstance Recalculate(SlaInstance instance, BusinessCalendar oldCalendar, BusinessCalendar newCalendar, Instant at)
    {
        Guard.NotNull(instance);
        Guard.NotNull(oldCalendar);
        Guard.NotNull(newCalendar);
        if (!instance.IsActive || instance.Status == SlaStatus.Breached || instance.Target.IsWallClock || at >= instance.DueAt)
        {
            return instance with { CalendarVersion = newCalendar.VersionId };
        }

        // A paused clock: bank the pause so far on the old calendar and restart the pause at the edit.
        var pausedTime = instance.PausedTime;
        if (instance.PausedAt is { } pausedAt)
        {
            pausedTime += oldCalendar.Between(pausedAt, Max(at, pausedAt));
        }

        var due = newCalendar.Add(at, oldCalendar.Between(at, instance.DueAt));
        var warning = at < instance.WarningAt ? newCalendar.Add(at, oldCalendar.Between(at, instance.WarningAt)) : instance.WarningAt;
        return instance with
        {
            CalendarVersion = newCalendar.VersionId,
            DueAt = due,
            WarningAt = warning,
            PausedTime = pausedTime,
            PausedAt = instance.PausedAt is null ? null : at,
        };
    }

    /// <summary>
    /// The time the clock has run: business time (elapsed time for calendar-time and calendar-days targets) from the
    /// instant it counts from, less pauses.
    /// </summary>
    /// <param name="instance">The instance.</param>
    /// <param name="calendar">The business calendar.</param>
    /// <param name="at">Now (ignored once the instance has ended).</param>
    /// <returns>The time used.</returns>
    public static Duration Elapsed(SlaInstance instance, BusinessCalendar calendar, Instant at)
    {
        Guard.NotNull(instance);
        Guard.NotNull(calendar);
        var end = Max(instance.CompletedAt ?? instance.PausedAt ?? at, instance.StartedAt);
        if (!instance.Target.IsWallClock)
        {
            // Open time is the same counted from arrival or from the next opening.
            return calendar.Between(instance.StartedAt, end) - instance.PausedTime;
        }

        var from = CountsFrom(instance.Target, calendar, instance.StartedAt);
        return (end > from ? end - from : Duration.Zero) - instance.PausedTime;
    }

    private static (Instant Due, Instant Warning) Schedule(SlaTarget target, BusinessCalendar calendar, Instant start, int warningPercent)
    {
        if (target.IsWallClock)
        {
            // The next opening once: the due instant counts from it without looking for it again.
            var from = CountsFrom(target, calendar, start);
            var wallDue = target.Kind == SlaTimeKind.CalendarTime
                ? from + target.Amount
                : calendar.DaysAfter(from, target.Days, workingDays: false, BusinessDayEnd.SameTimeOfDay, fromNextOpening: false);
            return (wallDue, from + Duration.FromTicks((wallDue - from).BclCompatibleTicks * warningPercent / 100));
        }

        // No open time lies between arrival and the next opening, so open time is measured from arrival either way.
        var due = DueFrom(target, calendar, start);
        var length = target.Kind == SlaTimeKind.BusinessTime ? target.Amount : calendar.Between(start, due);
        var warning = calendar.Add(start, Duration.FromTicks(length.BclCompatibleTicks * warningPercent / 100));
        return (due, warning < due ? warning : due);
    }

    private static Duration PausedPortion(SlaInstance instance, BusinessCalendar calendar, Instant from, Instant to) =>
        instance.Target.IsWallClock ? to - from : calendar.Between(from, to);

    private static Instant Extend(SlaInstance instance, BusinessCalendar calendar, Instant instant, Duration by) =>
        by <= Duration.Zero ? instant : instance.Target.IsWallClock ? instant + by : calendar.Add(instant, by);

    private static void EnsureRunning(SlaInstance instance, string operation)
    {
        if (instance.Status is not (SlaStatus.InProgress or SlaStatus.NearingBreach))
        {
            throw new InvalidOperationException($"Cannot {operation} the {instance.Kpi} SLA: it is {instance.Status}, not running.");
        }
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;
}
