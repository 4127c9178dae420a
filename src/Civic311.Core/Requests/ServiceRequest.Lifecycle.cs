using System;
using System.Collections.Generic;
using Civic311.Catalog;
using Civic311.Routing;
using Civic311.Sla;
using Microsoft.Extensions.Primitives;
using NodaTime;

namespace Civic311.Requests;

/// <content>The transitions. Each returns a new snapshot with one more history entry, or throws and changes nothing.</content>
public sealed partial class ServiceRequest
{
    internal ServiceRequest Acknowledge(in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Acknowledge, context);
        return Record(LifecycleAction.Acknowledge, context, _state with { Status = ServiceRequestStatus.Acknowledged }, []);
    }

    internal ServiceRequest Assign(Assignment assignment, string? agencyCode, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Assign, context);
        if (Assignee is not null)
        {
            Refuse(LifecycleAction.Assign, context, $"it is already assigned to '{Assignee}'; use Reassign to change the assignee.");
        }

        var changes = new List<FieldChange>(3);
        var next = Move(_state with { Status = ServiceRequestStatus.Assigned }, agencyCode, assignment.Queue, assignment.Assignee, changes);
        return Record(LifecycleAction.Assign, context, next, changes.ToArray());
    }

    internal ServiceRequest Reassign(Assignment assignment, string? agencyCode, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Reassign, context);
        var changes = new List<FieldChange>(3);
        var next = Move(_state, agencyCode, assignment.Queue, assignment.Assignee, changes);
        if (changes.Count == 0)
        {
            Refuse(LifecycleAction.Reassign, context, $"it is already with agency '{Agency}', queue '{Queue ?? "(none)"}' and assignee '{Assignee ?? "(none)"}'; nothing would change.");
        }

        // A transfer to another agency without a named assignee leaves nobody on the request, so work restarts there.
        if (!string.Equals(next.Agency, Agency, StringComparison.Ordinal) && assignment.Assignee is null)
        {
            next = RestartWork(next);
        }
        else if (next.Assignee is not null)
        {
            // Someone is on the request now; on hold, the status to resume to says so (as a transfer above resets it).
            if (IsUnassigned(next.Status))
            {
                next = next with { Status = ServiceRequestStatus.Assigned };
            }
            else if (next.StatusBeforeHold is { } held && IsUnassigned(held))
            {
                next = next with { StatusBeforeHold = ServiceRequestStatus.Assigned };
            }
        }

        return Record(LifecycleAction.Reassign, context, next, changes.ToArray());

        static bool IsUnassigned(ServiceRequestStatus status) =>
            status is ServiceRequestStatus.Submitted or ServiceRequestStatus.Acknowledged or ServiceRequestStatus.Reopened;
    }

    internal ServiceRequest StartWork(in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.StartWork, context);
        return Record(LifecycleAction.StartWork, context, _state with { Status = ServiceRequestStatus.InProgress }, []);
    }

    internal ServiceRequest PutOnHold(string reason, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.PutOnHold, context);
        var next = _state with
        {
            Status = ServiceRequestStatus.OnHold,
            StatusBeforeHold = Status,
            HoldReason = reason,
        };
        return Record(LifecycleAction.PutOnHold, context, next, [new FieldChange("holdReason", null, reason)]);
    }

    internal ServiceRequest Resume(in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Resume, context);
        var next = _state with
        {
            Status = StatusBeforeHold ?? ServiceRequestStatus.Acknowledged,
            StatusBeforeHold = null,
            HoldReason = null,
        };
        return Record(LifecycleAction.Resume, context, next, [new FieldChange("holdReason", HoldReason, null)]);
    }

    internal ServiceRequest Resolve(Resolution resolution, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Resolve, context);
        var next = _state with
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
        return Record(LifecycleAction.Resolve, context, next, changes);
    }

    internal ServiceRequest Close(in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Close, context);
        return Record(LifecycleAction.Close, context, _state with { Status = ServiceRequestStatus.Closed, ClosedAt = context.Now }, []);
    }

    internal ServiceRequest Cancel(string reason, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Cancel, context);
        var next = _state with
        {
            Status = ServiceRequestStatus.Cancelled,
            StatusBeforeHold = null,
            HoldReason = null,
            ClosedAt = context.Now,
        };
        return Record(LifecycleAction.Cancel, context, next, [new FieldChange("cancelReason", null, reason)]);
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

        var next = _state with
        {
            Status = ServiceRequestStatus.Duplicate,
            StatusBeforeHold = null,
            HoldReason = null,
            DuplicateOf = original.Id,
            ClosedAt = context.Now,
        };
        return Record(LifecycleAction.MarkAsDuplicate, context, next, [new FieldChange("duplicateOf", null, original.TrackingNumber)]);
    }

    internal ServiceRequest Reopen(string reason, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.Reopen, context);
        var next = _state with
        {
            Status = ServiceRequestStatus.Reopened,
            Resolution = null,
            ResolvedAt = null,
            ClosedAt = null,
            ReopenCount = ReopenCount + 1,
        };
        return Record(LifecycleAction.Reopen, context, next, [new FieldChange("reopenReason", null, reason)]);
    }

    internal ServiceRequest ChangePriority(Priority priority, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.ChangePriority, context);
        if (priority == Priority)
        {
            Refuse(LifecycleAction.ChangePriority, context, $"its priority is already {Priority}; nothing would change.");
        }

        return Record(LifecycleAction.ChangePriority, context, _state with { Priority = priority }, [new FieldChange("priority", Priority.ToString(), priority.ToString())]);
    }

    /// <summary>
    /// Corrects the service type. The attributes are replaced by <paramref name="attributes"/> (already validated against the
    /// new type), and the request is placed again as a new submission of that type would be: routed by the context's
    /// routing rules, or given the type's owner and default queue. A transfer to another agency without a routed owner
    /// clears the assignee, so work restarts there, as a reassignment does.
    /// </summary>
    internal ServiceRequest ChangeServiceType(ServiceType serviceType, IReadOnlyDictionary<string, StringValues> attributes, in TransitionContext context)
    {
        EnsureAllowed(LifecycleAction.ChangeServiceType, context);
        if (string.Equals(serviceType.Code, ServiceCode, StringComparison.OrdinalIgnoreCase))
        {
            Refuse(LifecycleAction.ChangeServiceType, context, $"its service type is already '{ServiceCode}'; nothing would change.");
        }

        // Routed again as if it had been submitted with the right type: same place, content and time.
        var retyped = _state with { ServiceCode = serviceType.Code, Attributes = attributes };
        var placement = Placement.For(serviceType, context.Routing, retyped);
        var next = retyped with { SlaPolicyName = placement.SlaPolicyName, Tags = placement.Tags };
        var changes = new List<FieldChange>(6) { new("serviceCode", ServiceCode, serviceType.Code) };
        var before = AttributeSummary(Attributes);
        var after = AttributeSummary(attributes);
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("attributes", before, after));
        }

        // The same move as a reassignment to the placement's agency, queue and owner.
        next = Move(next, placement.Agency, placement.Queue, placement.Owner, changes);
        if (placement.Queue is null && next.Queue is not null)
        {
            // The new type names no queue: the old type's queue is not the new one's.
            changes.Add(new FieldChange("queue", next.Queue, null));
            next = next with { Queue = null };
        }

        if (!string.Equals(placement.Agency, Agency, StringComparison.Ordinal))
        {
            next = RestartWork(next);
        }

        if (placement.Priority is { } priority && priority != Priority)
        {
            changes.Add(new FieldChange("priority", Priority.ToString(), priority.ToString()));
            next = next with { Priority = priority };
        }

        if (!string.Equals(placement.SlaPolicyName, SlaPolicyName, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("slaPolicy", SlaPolicyName, placement.SlaPolicyName));
        }

        if (placement.RoutingSummary is { } summary)
        {
            changes.Add(new FieldChange("routing", null, summary));
        }

        return Record(LifecycleAction.ChangeServiceType, context, next, changes.ToArray());
    }

    /// <summary>
    /// Moves the running SLA clocks to the calendars now in force (a calendar was edited): for each active instance recorded
    /// on <paramref name="previous"/>'s version, the business time used stays used and the rest counts on the new calendar
    /// from now. Returns <see langword="null"/> when no instance ran on that version. Not a staff operation: it is allowed on
    /// any request with such a clock.
    /// </summary>
    internal ServiceRequest? RecalculateSla(BusinessCalendar previous, in TransitionContext context)
    {
        var sla = _state.Sla;
        SlaInstance[]? next = null;
        string? version = null;
        for (var i = 0; i < sla.Length; i++)
        {
            var instance = sla[i];
            if (!instance.IsActive || !string.Equals(instance.CalendarVersion, previous.VersionId, StringComparison.Ordinal))
            {
                continue;
            }

            // Only the clocks whose calendar (the target's, else the agency's) is the edited one move.
            var calendar = context.Sla.CalendarFor(instance.Target, Agency);
            if (string.Equals(calendar.Id, previous.Id, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(calendar.VersionId, previous.VersionId, StringComparison.Ordinal))
            {
                next ??= (SlaInstance[])sla.Clone();
                next[i] = SlaClock.Recalculate(instance, previous, calendar, context.Now);
                version = calendar.VersionId;
            }
        }

        if (next is null)
        {
            return null;
        }

        FieldChange[] changes = [new FieldChange("calendarVersion", previous.VersionId, version)];
        return Record(LifecycleAction.RecalculateSla, context, _state with { Sla = next }, changes);
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
    private static ServiceRequestState RestartWork(in ServiceRequestState state) => state with
    {
        Status = Unstarted(state.Status),
        StatusBeforeHold = state.StatusBeforeHold is { } held ? Unstarted(held) : null,
    };

    private static ServiceRequestStatus Unstarted(ServiceRequestStatus status) =>
        status is ServiceRequestStatus.Assigned or ServiceRequestStatus.InProgress ? ServiceRequestStatus.Acknowledged : status;

    /// <summary>
    /// The one step that moves a request to an agency, queue and assignee (a reassignment, or a service-type change's new
    /// placement); <see langword="null"/> members keep their value, and each real change is added to <paramref name="changes"/>.
    /// </summary>
    private static ServiceRequestState Move(ServiceRequestState state, string? agency, string? queue, string? assignee, List<FieldChange> changes)
    {
        if (agency is not null && !string.Equals(agency, state.Agency, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("agency", state.Agency, agency));
            state = state with { Agency = agency };
            if (queue is null && state.Queue is not null)
            {
                // The old agency's queue means nothing in the new agency.
                changes.Add(new FieldChange("queue", state.Queue, null));
                state = state with { Queue = null };
            }

            if (assignee is null && state.Assignee is not null)
            {
                changes.Add(new FieldChange("assignee", state.Assignee, null));
                state = state with { Assignee = null };
            }
        }

        if (queue is not null && !string.Equals(queue, state.Queue, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("queue", state.Queue, queue));
            state = state with { Queue = queue };
        }

        if (assignee is not null && !string.Equals(assignee, state.Assignee, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("assignee", state.Assignee, assignee));
            state = state with { Assignee = assignee };
        }

        return state;
    }


    // "code=value; code=a|b", ordered by code: a readable, stable before/after for the history.
    private static string? AttributeSummary(IReadOnlyDictionary<string, StringValues> attributes)
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

    private ServiceRequest Record(LifecycleAction action, in TransitionContext context, in ServiceRequestState next, FieldChange[] changes) =>
        Record(action, context, Status, string.Equals(Agency, next.Agency, StringComparison.Ordinal) ? null : Agency, next, changes);

    // Every change, the submission included, ends here: one more history entry, and the SLA clocks moved by the action.
    private static ServiceRequest Record(
        LifecycleAction action, in TransitionContext context, ServiceRequestStatus? from, string? agencyBefore, ServiceRequestState next, FieldChange[] changes)
    {
        var previous = next.History;
        var history = new HistoryEntry[previous.Length + 1];
        Array.Copy(previous, history, previous.Length);
        history[^1] = new HistoryEntry(
            history.Length, action, context.Now, context.Actor, from, next.Status, changes, context.Note, context.NoteVisibility);
        next = next with { History = history, UpdatedAt = context.Now };
        return new ServiceRequest(next with { Sla = ApplySla(action, context, next, agencyBefore) });
    }
}

/// <summary>Everything a transition needs besides its own arguments: who, when, why, and the compiled SLA and routing rules.</summary>
internal readonly record struct TransitionContext(
    Instant Now, string Actor, string? Note, NoteVisibility NoteVisibility, Duration ReopenWindow, SlaPolicies Sla, RoutingRules? Routing = null);
