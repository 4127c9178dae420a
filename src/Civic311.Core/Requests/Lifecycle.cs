using System;
using System.Collections.Generic;

namespace Civic311.Requests;

/// <summary>The state machine: which operations each status allows, in one table.</summary>
internal static class Lifecycle
{
    private const LifecycleAction None = (LifecycleAction)(-1);

    // Indexed by status; the order of each row is the order offered to staff.
    private static readonly LifecycleAction[][] AllowedByStatus = Build();

    public static bool IsOpen(ServiceRequestStatus status) => status is not (
        ServiceRequestStatus.Resolved or ServiceRequestStatus.Closed or ServiceRequestStatus.Cancelled or ServiceRequestStatus.Duplicate);

    /// <summary>The operations the status allows, before request-specific conditions (an assignee, the reopen window).</summary>
    public static IReadOnlyList<LifecycleAction> AllowedIn(ServiceRequestStatus status) => AllowedByStatus[(int)status];

    public static bool IsAllowedIn(ServiceRequestStatus status, LifecycleAction action) =>
        Array.IndexOf(AllowedByStatus[(int)status], action) >= 0;

    private static LifecycleAction[][] Build()
    {
        var open = new[]
        {
            LifecycleAction.Reassign, LifecycleAction.PutOnHold, LifecycleAction.Resolve, LifecycleAction.Cancel, LifecycleAction.MarkAsDuplicate,
            LifecycleAction.ChangePriority, LifecycleAction.ChangeServiceType,
        };
        var table = new LifecycleAction[Enum.GetValues<ServiceRequestStatus>().Length][];
        table[(int)ServiceRequestStatus.Submitted] = [LifecycleAction.Acknowledge, LifecycleAction.Assign, .. open];
        table[(int)ServiceRequestStatus.Acknowledged] = [LifecycleAction.Assign, LifecycleAction.StartWork, .. open];
        table[(int)ServiceRequestStatus.Assigned] = [LifecycleAction.StartWork, .. open];
        table[(int)ServiceRequestStatus.InProgress] = [.. open];
        table[(int)ServiceRequestStatus.OnHold] =
            [LifecycleAction.Resume, LifecycleAction.Reassign, LifecycleAction.Resolve, LifecycleAction.Cancel, LifecycleAction.MarkAsDuplicate, LifecycleAction.ChangePriority,
             LifecycleAction.ChangeServiceType];
        table[(int)ServiceRequestStatus.Resolved] = [LifecycleAction.Close, LifecycleAction.Reopen];
        table[(int)ServiceRequestStatus.Closed] = [LifecycleAction.Reopen];
        table[(int)ServiceRequestStatus.Cancelled] = [];
        table[(int)ServiceRequestStatus.Duplicate] = [];
        table[(int)ServiceRequestStatus.Reopened] = [LifecycleAction.Assign, LifecycleAction.StartWork, .. open];
        foreach (var row in table)
        {
            if (row is null || Array.IndexOf(row, None) >= 0)
            {
                throw new InvalidOperationException("Every status needs a row in the lifecycle table.");
            }
        }

        return table;
    }
}
