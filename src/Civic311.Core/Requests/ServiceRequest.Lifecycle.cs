using System;
using System.Collections.Generic;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Requests;

/// <content>The transitions. Each returns a new snapshot with one more history entry, or throws and changes nothing.</content>
public sealed partial class ServiceRequest
{
    internal ServiceRequest Acknowledge(in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Acknowledge, context);
        var next = new ServiceRequest(this) { Status = ServiceRequestStatus.Acknowledged };
        return next.Record(LifecycleAction.Acknowledge, context, Status, []);
    }

    internal ServiceRequest Assign(Assignment assignment, string? agencyCode, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Assign, context);
        if (Assignee is not null)
        {
            Refuse(LifecycleAction.Assign, context, $"it is already assigned to '{Assignee}'; use Reassign to change the assignee.");
        }

        var next = new ServiceRequest(this) { Status = ServiceRequestStatus.Assigned };
        var changes = next.ApplyAssignment(assignment, agencyCode);
        return next.Record(LifecycleAction.Assign, context, Status, changes);
    }

    internal ServiceRequest Reassign(Assignment assignment, string? agencyCode, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Reassign, context);
        var next = new ServiceRequest(this);
        var changes = next.ApplyAssignment(assignment, agencyCode);
        if (changes.Length == 0)
        {
            Refuse(LifecycleAction.Reassign, context, $"it is already with agency '{Agency}', queue '{Queue ?? "(none)"}' and assignee '{Assignee ?? "(none)"}'; nothing would change.");
        }

        // A transfer to another agency without a named assignee leaves nobody on the request, so work restarts there.
        if (!string.Equals(next.Agency, Agency, StringComparison.Ordinal) && assignment.Assignee is null)
        {
            next.RestartWork();
        }
        else if (next.Assignee is not null)
        {
            // Someone is on the request now; on hold, the status to resume to says so (as a transfer above resets it).
            if (IsUnassigned(next.Status))
            {
                next.Status = ServiceRequestStatus.Assigned;
            }
            else if (next.StatusBeforeHold is { } held && IsUnassigned(held))
            {
                next.StatusBeforeHold = ServiceRequestStatus.Assigned;
            }
        }

        return next.Record(LifecycleAction.Reassign, context, Status, changes);

        static bool IsUnassigned(ServiceRequestStatus status) =>
            status is ServiceRequestStatus.Submitted or ServiceRequestStatus.Acknowledged or ServiceRequestStatus.Reopened;
    }

    internal ServiceRequest StartWork(in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.StartWork, context);
        var next = new ServiceRequest(this) { Status = ServiceRequestStatus.InProgress };
        return next.Record(LifecycleAction.StartWork, context, Status, []);
    }

    internal ServiceRequest PutOnHold(string reason, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.PutOnHold, context);
        var next = new ServiceRequest(this)
        {
            Status = ServiceRequestStatus.OnHold,
            StatusBeforeHold = Status,
            HoldReason = reason,
        };
        return next.Record(LifecycleAction.PutOnHold, context, Status, [new FieldChange("holdReason", null, reason)]);
    }

    internal ServiceRequest Resume(in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Resume, context);
        var next = new ServiceRequest(this)
        {
            Status = StatusBeforeHold ?? ServiceRequestStatus.Acknowledged,
            StatusBeforeHold = null,
            HoldReason = null,
        };
        return next.Record(LifecycleAction.Resume, context, Status, [new FieldChange("holdReason", HoldReason, null)]);
    }

    internal ServiceRequest Resolve(Resolution resolution, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Resolve, context);
        var next = new ServiceRequest(this)
        {
            Status = ServiceRequestStatus.Resolved,
            StatusBeforeHold = null,
            HoldReason = null,
            Resolution = resolution,
            ResolvedAt = context.Now,
        };
        FieldChange[] changes = resolution.PublicNote is null
            ? [new FieldChange("resolutionCode", null, resolution.Code)]
            : [new FieldChange("resolutionCode", null, resolution.Code), new FieldChange("resolutionNote", null, resolution.PublicNote)];
        return next.Record(LifecycleAction.Resolve, context, Status, changes);
    }

    internal ServiceRequest Close(in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Close, context);
        var next = new ServiceRequest(this) { Status = ServiceRequestStatus.Closed, ClosedAt = context.Now };
        return next.Record(LifecycleAction.Close, context, Status, []);
    }

    internal ServiceRequest Cancel(string reason, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Cancel, context);
        var next = new ServiceRequest(this)
        {
            Status = ServiceRequestStatus.Cancelled,
            StatusBeforeHold = null,
            HoldReason = null,
            ClosedAt = context.Now,
        };
        return next.Record(LifecycleAction.Cancel, context, Status, [new FieldChange("cancelReason", null, reason)]);
    }

    internal ServiceRequest MarkAsDuplicate(ServiceRequest original, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.MarkAsDuplicate, context);
        if (original.Id == Id)
        {
            Refuse(LifecycleAction.MarkAsDuplicate, context, "a request cannot duplicate itself.");
        }

        if (original.Status is ServiceRequestStatus.Duplicate or ServiceRequestStatus.Cancelled)
        {
            Refuse(LifecycleAction.MarkAsDuplicate, context, $"the original {original.TrackingNumber} is {original.Status}; link to the request it duplicates or that is being worked.");
        }

        var next = new ServiceRequest(this)
        {
            Status = ServiceRequestStatus.Duplicate,
            StatusBeforeHold = null,
            HoldReason = null,
            DuplicateOf = original.Id,
            ClosedAt = context.Now,
        };
        return next.Record(LifecycleAction.MarkAsDuplicate, context, Status, [new FieldChange("duplicateOf", null, original.TrackingNumber)]);
    }

    internal ServiceRequest Reopen(string reason, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Reopen, context);
        var next = new ServiceRequest(this)
        {
            Status = ServiceRequestStatus.Reopened,
            Resolution = null,
            ResolvedAt = null,
            ClosedAt = null,
            ReopenCount = ReopenCount + 1,
        };
        return next.Record(LifecycleAction.Reopen, context, Status, [new FieldChange("reopenReason", null, reason)]);
    }

    internal ServiceRequest ChangePriority(Priority priority, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.ChangePriority, context);
        if (priority == Priority)
        {
            Refuse(LifecycleAction.ChangePriority, context, $"its priority is already {Priority}; nothing would change.");
        }

        var next = new ServiceRequest(this) { Priority = priority };
        return next.Record(LifecycleAction.ChangePriority, context, Status, [new FieldChange("priority", Priority.ToString(), priority.ToString())]);
    }

    /// <summary>
    /// Corrects the service type. The attributes are replaced by the target's (already validated against the new type); the
    /// agency, queue and owner become the target's (the new type's owner and default queue, or the routing decision). A
    /// transfer to another agency without a routed owner clears the assignee, so work restarts there, as a reassignment does.
    /// </summary>
    internal ServiceRequest ChangeServiceType(ServiceTypeTarget target, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.ChangeServiceType, context);
        if (string.Equals(target.ServiceCode, ServiceCode, StringComparison.OrdinalIgnoreCase))
        {
            Refuse(LifecycleAction.ChangeServiceType, context, $"its service type is already '{ServiceCode}'; nothing would change.");
        }

        var next = new ServiceRequest(this)
        {
            ServiceCode = target.ServiceCode,
            Attributes = target.Attributes,
            SlaPolicyName = target.SlaPolicyName,
            Tags = target.Tags ?? [],
        };
        var changes = new List<FieldChange>(6) { new("serviceCode", ServiceCode, target.ServiceCode) };
        var before = AttributeSummary(Attributes);
        var after = AttributeSummary(target.Attributes);
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("attributes", before, after));
        }

        // The same move as a reassignment to the target's agency, queue and owner.
        changes.AddRange(next.ApplyAssignment(new Assignment { Queue = target.Queue, Assignee = target.Owner }, target.Agency));
        if (target.Queue is null && next.Queue is not null)
        {
            // The new type names no queue: the old type's queue is not the new one's.
            changes.Add(new FieldChange("queue", next.Queue, null));
            next.Queue = null;
        }

        if (!string.Equals(target.Agency, Agency, StringComparison.Ordinal))
        {
            next.RestartWork();
        }

        if (target.Priority is { } priority && priority != Priority)
        {
            changes.Add(new FieldChange("priority", Priority.ToString(), priority.ToString()));
            next.Priority = priority;
        }

        if (!string.Equals(target.SlaPolicyName, SlaPolicyName, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("slaPolicy", SlaPolicyName, target.SlaPolicyName));
        }

        if (target.RoutingSummary is { } summary)
        {
            changes.Add(new FieldChange("routing", null, summary));
        }

        return next.Record(LifecycleAction.ChangeServiceType, context, Status, changes.ToArray());
    }

    /// <summary>
    /// Moves the running SLA clocks to the calendars now in force (a calendar was edited): for each active instance recorded
    /// on <paramref name="previous"/>'s version, the business time used stays used and the rest counts on the new calendar
    /// from now. Returns <see langword="null"/> when no instance ran on that version. Not a staff operation: it is allowed on
    /// any request with such a clock.
    /// </summary>
    internal ServiceRequest? RecalculateSla(BusinessCalendar previous, in TransitionContext context)
    {
        var calendar = context.Sla.CalendarOf(Agency);
        if (string.Equals(calendar.VersionId, previous.VersionId, StringComparison.Ordinal))
        {
            return null;
        }

        SlaInstance[]? next = null;
        for (var i = 0; i < _sla.Length; i++)
        {
            var instance = _sla[i];
            if (instance.IsActive && string.Equals(instance.CalendarVersion, previous.VersionId, StringComparison.Ordinal))
            {
                next ??= (SlaInstance[])_sla.Clone();
                next[i] = SlaClock.Recalculate(instance, previous, calendar, context.Now);
            }
        }

        if (next is null)
        {
            return null;
        }

        var result = new ServiceRequest(this) { _sla = next };
        FieldChange[] changes = [new FieldChange("calendarVersion", previous.VersionId, calendar.VersionId)];
        return result.Record(LifecycleAction.RecalculateSla, context, Status, changes);
    }

    /// <summary>The operations allowed now, given the status, the assignee and the reopen window.</summary>
    internal IReadOnlyList<LifecycleAction> AllowedActions(Instant now, Duration reopenWindow)
    {
        var byStatus = Lifecycle.AllowedIn(Status);
        List<LifecycleAction>? result = null;
        for (var i = 0; i < byStatus.Count; i++)
        {
            var action = byStatus[i];
            if (IsAllowedHere(action, now, reopenWindow))
            {
                result ??= new List<LifecycleAction>(byStatus.Count);
                result.Add(action);
            }
        }

        return result is null ? [] : result.ToArray();
    }

    private bool IsAllowedHere(LifecycleAction action, Instant now, Duration reopenWindow) => action switch
    {
        LifecycleAction.Assign => Assignee is null,
        LifecycleAction.Reopen => ResolvedAt is { } resolvedAt && reopenWindow > Duration.Zero && now - resolvedAt <= reopenWindow,
        _ => true,
    };

    private void EnsureAllowed(LifecycleAction action, in TransitionContext context)
    {
        if (!Lifecycle.IsAllowedIn(Status, action))
        {
            Refuse(action, context, $"it is {Status}.");
        }

        if (action == LifecycleAction.Reopen && !IsAllowedHere(action, context.Now, context.ReopenWindow))
        {
            Refuse(action, context, context.ReopenWindow == Duration.Zero
                ? "reopening is disabled (the reopen window is zero); submit a new request instead."
                : $"it was resolved at {ResolvedAt}, more than the reopen window of {context.ReopenWindow} ago; submit a new request instead.");
        }
    }

    private void Refuse(LifecycleAction action, in TransitionContext context, string reason) =>
        throw new InvalidTransitionException(this, action, reason, AllowedActions(context.Now, context.ReopenWindow));

    // Work restarts at a new agency: a request being worked (or held while worked) goes back to acknowledged.
    private void RestartWork()
    {
        Status = Unstarted(Status);
        StatusBeforeHold = StatusBeforeHold is { } held ? Unstarted(held) : null;

        static ServiceRequestStatus Unstarted(ServiceRequestStatus status) =>
            status is ServiceRequestStatus.Assigned or ServiceRequestStatus.InProgress ? ServiceRequestStatus.Acknowledged : status;
    }

    private FieldChange[] ApplyAssignment(Assignment assignment, string? agencyCode)
    {
        var changes = new List<FieldChange>(3);
        if (agencyCode is not null && !string.Equals(agencyCode, Agency, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("agency", Agency, agencyCode));
            _agencyBefore = Agency;
            Agency = agencyCode;
            if (assignment.Queue is null && Queue is not null)
            {
                // The old agency's queue means nothing in the new agency.
                changes.Add(new FieldChange("queue", Queue, null));
                Queue = null;
            }

            if (assignment.Assignee is null && Assignee is not null)
            {
                changes.Add(new FieldChange("assignee", Assignee, null));
                Assignee = null;
            }
        }

        if (assignment.Queue is not null && !string.Equals(assignment.Queue, Queue, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("queue", Queue, assignment.Queue));
            Queue = assignment.Queue;
        }

        if (assignment.Assignee is not null && !string.Equals(assignment.Assignee, Assignee, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("assignee", Assignee, assignment.Assignee));
            Assignee = assignment.Assignee;
        }

        return changes.ToArray();
    }

    // "code=value; code=a|b", ordered by code: a readable, stable before/after for the history.
    private static string? AttributeSummary(IReadOnlyDictionary<string, Microsoft.Extensions.Primitives.StringValues> attributes)
    {
        if (attributes.Count == 0)
        {
            return null;
        }

        var parts = new List<string>(attributes.Count);
        foreach (var (code, values) in attributes)
        {
            parts.Add($"{code}={string.Join('|', values.ToArray())}");
        }

        parts.Sort(StringComparer.OrdinalIgnoreCase);
        return string.Join("; ", parts);
    }

    private ServiceRequest Record(LifecycleAction action, in TransitionContext context, ServiceRequestStatus from, FieldChange[] changes)
    {
        var entry = new HistoryEntry(
            _history.Length + 1, action, context.Now, context.Actor, from, Status, changes, context.Note, context.NoteVisibility);
        var history = new HistoryEntry[_history.Length + 1];
        Array.Copy(_history, history, _history.Length);
        history[^1] = entry;
        _history = history;
        UpdatedAt = context.Now;
        ApplySla(action, context);
        return this;
    }
}

/// <summary>Where a service-type change takes a request: the new type, its checked attributes, and the routing outcome.</summary>
internal sealed record ServiceTypeTarget(
    string ServiceCode, IReadOnlyDictionary<string, Microsoft.Extensions.Primitives.StringValues> Attributes, string Agency, string? Queue)
{
    public string? Owner { get; init; }

    public Priority? Priority { get; init; }

    public string? SlaPolicyName { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public string? RoutingSummary { get; init; }
}

/// <summary>Everything a transition needs besides its own arguments.</summary>
internal readonly record struct TransitionContext(
    Instant Now, string Actor, string? Note, NoteVisibility NoteVisibility, Duration ReopenWindow, SlaPolicies Sla);
