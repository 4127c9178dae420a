using System;
using System.Collections.Generic;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Requests;

/// <content>The SLA clocks of the request and how each lifecycle operation moves them.</content>
public sealed partial class ServiceRequest
{
    /// <summary>
    /// Gets the SLA instances of every cycle, oldest first: each KPI of the service type's policy, started on submit and again
    /// on every reopen (earlier cycles never change). Empty when the service type has no SLA policy.
    /// </summary>
    public IReadOnlyList<SlaInstance> Sla => _state.Sla;

    /// <summary>
    /// Gets the date promised to the resident (Open311's <c>expected_datetime</c>): when the current cycle's resolution target
    /// is due; <see langword="null"/> without a resolution target, or once that target was cancelled (the request was
    /// cancelled, or its new service type or priority has no resolution target).
    /// </summary>
    public Instant? ExpectedAt => CurrentSla(SlaTarget.Resolution) is { Status: not SlaStatus.Cancelled } resolution ? resolution.DueAt : null;

    /// <summary>Gets the clock of a KPI in the current cycle (the latest reopening, or the submission).</summary>
    /// <param name="kpi">The KPI, for example <see cref="SlaTarget.FirstResponse"/>.</param>
    /// <returns>The instance, whatever its status; <see langword="null"/> when the cycle has no target for that KPI.</returns>
    public SlaInstance? CurrentSla(string kpi)
    {
        var cycle = ReopenCount + 1;
        var sla = _state.Sla;
        for (var i = sla.Length - 1; i >= 0; i--)
        {
            if (sla[i].Cycle == cycle && string.Equals(sla[i].Kpi, kpi, StringComparison.Ordinal))
            {
                return sla[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Gets when the SLA monitor must next look at this request: the earliest <see cref="SlaInstance.NextCheckAt"/> of its
    /// instances; <see langword="null"/> when no clock runs. Stores index it, so a monitor tick reads only due requests.
    /// </summary>
    public Instant? NextSlaCheckAt
    {
        get
        {
            Instant? earliest = null;
            foreach (var instance in _state.Sla)
            {
                if (instance.NextCheckAt is { } at && (earliest is null || at < earliest))
                {
                    earliest = at;
                }
            }

            return earliest;
        }
    }

    /// <summary>
    /// Records the SLA thresholds passed by <paramref name="now"/> that were not recorded yet; returns <see langword="null"/>
    /// when there are none. A breach also becomes the instance's status (it stands from then on).
    /// </summary>
    internal ServiceRequest? RecordSlaThresholds(Instant now, List<(int Index, SlaThreshold Threshold)> raised)
    {
        raised.Clear();
        var sla = _state.Sla;
        SlaInstance[]? next = null;
        for (var i = 0; i < sla.Length; i++)
        {
            var instance = sla[i];
            if (instance.Status is not (SlaStatus.InProgress or SlaStatus.NearingBreach))
            {
                continue;
            }

            var changed = instance;
            if (!instance.WarningRaised && instance.WarningAt < instance.DueAt && now >= instance.WarningAt)
            {
                changed = changed with { WarningRaised = true };
                raised.Add((i, SlaThreshold.Warning));
            }

            if (!instance.BreachRaised && now >= instance.DueAt)
            {
                changed = changed with { BreachRaised = true, Status = SlaStatus.Breached };
                raised.Add((i, SlaThreshold.Breach));
            }

            if (!ReferenceEquals(changed, instance))
            {
                next ??= (SlaInstance[])sla.Clone();
                next[i] = changed;
            }
        }

        return next is null ? null : new ServiceRequest(_state with { Sla = next });
    }

    // A priority change applies the new priority's policy retroactively: a KPI it keeps is retargeted from the cycle's
    // start with its paused time carried over, a KPI it drops is cancelled, and a KPI it adds starts from the cycle's start.
    private static SlaInstance[] RetargetSla(in TransitionContext context, in ServiceRequestState state)
    {
        var cycle = state.ReopenCount + 1;
        var policy = context.Sla.For(state.ServiceCode, state.Priority, state.SlaPolicyName);
        var result = new List<SlaInstance>(state.Sla.Length + (policy?.Targets.Count ?? 0));
        Instant? cycleStart = null;
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in state.Sla)
        {
            if (instance.Cycle != cycle || !instance.IsActive)
            {
                result.Add(instance);
                if (instance.Cycle == cycle)
                {
                    cycleStart ??= instance.StartedAt;
                    kept.Add(instance.Kpi); // an ended KPI stays ended
                }

                continue;
            }

            cycleStart ??= instance.StartedAt;
            var target = FindTarget(policy, instance.Kpi);
            result.Add(target is null ? SlaClock.Cancel(instance, context.Now) : SlaClock.Retarget(instance, target, context.Sla.CalendarFor(target, state.Agency)));
            kept.Add(instance.Kpi);
        }

        if (policy is not null)
        {
            var start = cycleStart ?? (cycle == 1 ? state.RequestedAt : context.Now);
            foreach (var target in policy.Targets)
            {
                if (!kept.Contains(target.Kpi))
                {
                    result.Add(SlaClock.Start(target, context.Sla.CalendarFor(target, state.Agency), start, policy.WarningPercent, cycle));
                }
            }
        }

        return result.ToArray();

        static SlaTarget? FindTarget(SlaPolicy? policy, string kpi)
        {
            if (policy is null)
            {
                return null;
            }

            foreach (var target in policy.Targets)
            {
                if (string.Equals(target.Kpi, kpi, StringComparison.Ordinal))
                {
                    return target;
                }
            }

            return null;
        }
    }

    // A new cycle (the submission, or a reopening) starts the clocks of the policy in force, from now.
    private static SlaInstance[] StartCycle(in TransitionContext context, in ServiceRequestState state)
    {
        if (context.Sla.For(state.ServiceCode, state.Priority, state.SlaPolicyName) is not { } policy)
        {
            return state.Sla;
        }

        var existing = state.Sla;
        var instances = new SlaInstance[existing.Length + policy.Targets.Count];
        Array.Copy(existing, instances, existing.Length);
        for (var i = 0; i < policy.Targets.Count; i++)
        {
            var target = policy.Targets[i];
            instances[existing.Length + i] = SlaClock.Start(target, context.Sla.CalendarFor(target, state.Agency), context.Now, policy.WarningPercent, state.ReopenCount + 1);
        }

        return instances;
    }

    // How an action moves the clocks of the state it produced; agencyBefore is set when it moved the request between agencies.
    private static SlaInstance[] ApplySla(LifecycleAction action, in TransitionContext context, in ServiceRequestState state, string? agencyBefore)
    {
        if (action is LifecycleAction.Submit or LifecycleAction.Reopen)
        {
            return StartCycle(context, state);
        }

        if (action is LifecycleAction.ChangePriority or LifecycleAction.ChangeServiceType)
        {
            return RetargetSla(context, state);
        }

        var sla = state.Sla;
        if (sla.Length == 0 || action == LifecycleAction.RecalculateSla)
        {
            return sla;
        }

        var now = context.Now;
        // Acknowledging, resolving or any public note is a response to the resident: it meets the first-response target.
        var respondsToResident = action is LifecycleAction.Acknowledge or LifecycleAction.Resolve
            || (context.NoteVisibility == NoteVisibility.Public && context.Note is not null);
        // Whether a hold stops the clocks is the policy's choice (by hold reason); the policy in force when the hold starts decides.
        var pauses = action == LifecycleAction.PutOnHold
            && (context.Sla.For(state.ServiceCode, state.Priority, state.SlaPolicyName)?.PausesOn(state.HoldReason) ?? true);
        SlaInstance[]? next = null;
        for (var i = 0; i < sla.Length; i++)
        {
            var instance = sla[i];
            if (!instance.IsActive)
            {
                continue;
            }

            // Each clock runs on its target's calendar, else the owning agency's: a reassignment moves only the clocks
            // that follow the agency, and a move between queues moves none.
            var calendar = context.Sla.CalendarFor(instance.Target, state.Agency);
            var previousCalendar = agencyBefore is null ? calendar : context.Sla.CalendarFor(instance.Target, agencyBefore);
            var changed = action switch
            {
                LifecycleAction.Cancel or LifecycleAction.MarkAsDuplicate => SlaClock.Cancel(instance, now),
                _ when respondsToResident && instance.Kpi == SlaTarget.FirstResponse => SlaClock.Complete(instance, previousCalendar, now),
                LifecycleAction.PutOnHold when instance.Status == SlaStatus.InProgress && pauses => SlaClock.Pause(instance, now),
                LifecycleAction.Resume when instance.Status == SlaStatus.Paused => SlaClock.Resume(instance, calendar, now),
                LifecycleAction.Resolve when instance.Kpi == SlaTarget.Resolution => SlaClock.Complete(instance, calendar, now),
                LifecycleAction.Reassign when !ReferenceEquals(calendar, previousCalendar) => SlaClock.Recalculate(instance, previousCalendar, calendar, now),
                _ => instance,
            };

            if (!ReferenceEquals(changed, instance))
            {
                next ??= (SlaInstance[])sla.Clone();
                next[i] = changed;
            }
        }

        return next ?? sla;
    }
}
