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
    /// is due; <see langword="null"/> without a resolution target.
    /// </summary>
    public Instant? ExpectedAt
    {
        get
        {
            for (var i = _sla.Length - 1; i >= 0; i--)
            {
                if (_sla[i].Cycle == ReopenCount + 1 && string.Equals(_sla[i].Kpi, SlaTarget.Resolution, StringComparison.Ordinal))
                {
                    return _sla[i].DueAt;
                }
            }

            return null;
        }
    }

    /// <summary>The clocks a new request starts with.</summary>
    internal static SlaInstance[] StartSla(SlaPolicies sla, string serviceCode, Priority priority, string agency, Instant at, int cycle)
    {
        if (sla.For(serviceCode, priority) is not { } policy)
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
            var started = StartSla(context.Sla, ServiceCode, Priority, Agency, context.Now, ReopenCount + 1);
            if (started.Length > 0)
            {
                _sla = [.. _sla, .. started];
            }

            return;
        }

        if (_sla.Length == 0)
        {
            return;
        }

        var calendar = context.Sla.CalendarOf(Agency);
        var previousCalendar = agencyBefore is null ? calendar : context.Sla.CalendarOf(agencyBefore);
        var now = context.Now;
        // Acknowledging, resolving or any public note is a response to the resident: it meets the first-response target.
        var respondsToResident = action is LifecycleAction.Acknowledge or LifecycleAction.Resolve
            || (context.NoteVisibility == NoteVisibility.Public && context.Note is not null);
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
                LifecycleAction.PutOnHold when instance.Status == SlaStatus.InProgress => SlaClock.Pause(instance, now),
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
