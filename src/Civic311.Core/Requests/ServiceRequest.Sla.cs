using System;
using System.Collections.Generic;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Requests;

/// <content>The SLA clocks of the request and how each lifecycle operation moves them.</content>
public sealed partial class ServiceRequest
{
    private SlaInstance[] _sla;

    // Set by a transfer between agencies while a transition builds the next snapshot; never part of a published one.
    private string? _agencyBefore;

    /// <summary>
    /// Gets the SLA instances of every cycle, oldest first: each KPI of the service type's policy, started on submit and again
    /// on every reopen (earlier cycles never change). Empty when the service type has no SLA policy.
    /// </summary>
    public IReadOnlyList<SlaInstance> Sla => _sla;

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
        for (var i = _sla.Length - 1; i >= 0; i--)
        {
            if (_sla[i].Cycle == cycle && string.Equals(_sla[i].Kpi, kpi, StringComparison.Ordinal))
            {
                return _sla[i];
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
            foreach (var instance in _sla)
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
        SlaInstance[]? next = null;
        for (var i = 0; i < _sla.Length; i++)
        {
            var instance = _sla[i];
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
                next ??= (SlaInstance[])_sla.Clone();
                next[i] = changed;
            }
        }

        return next is null ? null : new ServiceRequest(this) { _sla = next };
    }

    // A priority change applies the new priority's policy retroactively: a KPI it keeps is retargeted from the cycle's
    // start with its paused time carried over, a KPI it drops is cancelled, and a KPI it adds starts from the cycle's start.
    private void RetargetSla(in TransitionContext context)
    {
        var cycle = ReopenCount + 1;
        var calendar = context.Sla.CalendarOf(Agency);
        var policy = context.Sla.For(ServiceCode, Priority, SlaPolicyName);
        var result = new List<SlaInstance>(_sla.Length + (policy?.Targets.Count ?? 0));
        Instant? cycleStart = null;
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in _sla)
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
            result.Add(target is null ? SlaClock.Cancel(instance, context.Now) : SlaClock.Retarget(instance, target, calendar));
            kept.Add(instance.Kpi);
        }

        if (policy is not null)
        {
            var start = cycleStart ?? (cycle == 1 ? RequestedAt : context.Now);
            foreach (var target in policy.Targets)
            {
                if (!kept.Contains(target.Kpi))
                {
                    result.Add(SlaClock.Start(target, calendar, start, policy.WarningPercent, cycle));
                }
            }
        }

        _sla = result.ToArray();

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

    /// <summary>The clocks a new request starts with.</summary>
    internal static SlaInstance[] StartSla(SlaPolicies sla, string serviceCode, Priority priority, string? policyName, string agency, Instant at, int cycle)
    {
        if (sla.For(serviceCode, priority, policyName) is not { } policy)
        {
            return [];
        }

        var calendar = sla.CalendarOf(agency);
        var instances = new SlaInstance[policy.Targets.Count];
        for (var i = 0; i < instances.Length; i++)
        {
            instances[i] = SlaClock.Start(policy.Targets[i], calendar, at, policy.WarningPercent, cycle);
        }

        return instances;
    }

    private void ApplySla(LifecycleAction action, in TransitionContext context)
    {
        var agencyBefore = _agencyBefore;
        _agencyBefore = null;
        if (action == LifecycleAction.Reopen)
        {
            var started = StartSla(context.Sla, ServiceCode, Priority, SlaPolicyName, Agency, context.Now, ReopenCount + 1);
            if (started.Length > 0)
            {
                _sla = [.. _sla, .. started];
            }

            return;
        }

        if (action is LifecycleAction.ChangePriority or LifecycleAction.ChangeServiceType)
        {
            RetargetSla(context);
            return;
        }

        if (_sla.Length == 0 || action == LifecycleAction.RecalculateSla)
        {
            return;
        }

        var calendar = context.Sla.CalendarOf(Agency);
        var previousCalendar = agencyBefore is null ? calendar : context.Sla.CalendarOf(agencyBefore);
        var now = context.Now;
        // Acknowledging, resolving or any public note is a response to the resident: it meets the first-response target.
        var respondsToResident = action is LifecycleAction.Acknowledge or LifecycleAction.Resolve
            || (context.NoteVisibility == NoteVisibility.Public && context.Note is not null);
        // Whether a hold stops the clocks is the policy's choice (by hold reason); the policy in force when the hold starts decides.
        var pauses = action == LifecycleAction.PutOnHold && (context.Sla.For(ServiceCode, Priority, SlaPolicyName)?.PausesOn(HoldReason) ?? true);
        SlaInstance[]? next = null;
        for (var i = 0; i < _sla.Length; i++)
        {
            var instance = _sla[i];
            if (!instance.IsActive)
            {
                continue;
            }

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
                next ??= (SlaInstance[])_sla.Clone();
                next[i] = changed;
            }
        }

        if (next is not null)
        {
            _sla = next;
        }
    }
}
