using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Requests;

namespace Civic311.Core.Tests.Requests;

/// <summary>
/// The lifecycle as specified, written out independently of <c>Lifecycle.cs</c> so that a change to the table has to be
/// made deliberately in both places. Rows are in the order staff are offered the operations.
/// </summary>
internal static class ExpectedLifecycle
{
    private static readonly LifecycleAction[] OpenActions =
    [
        LifecycleAction.Reassign, LifecycleAction.PutOnHold, LifecycleAction.Resolve, LifecycleAction.Cancel, LifecycleAction.MarkAsDuplicate,
        LifecycleAction.ChangePriority, LifecycleAction.ChangeServiceType,
    ];

    public static readonly IReadOnlyDictionary<ServiceRequestStatus, LifecycleAction[]> Allowed = new Dictionary<ServiceRequestStatus, LifecycleAction[]>
    {
        [ServiceRequestStatus.Submitted] = [LifecycleAction.Acknowledge, LifecycleAction.Assign, .. OpenActions],
        [ServiceRequestStatus.Acknowledged] = [LifecycleAction.Assign, LifecycleAction.StartWork, .. OpenActions],
        [ServiceRequestStatus.Assigned] = [LifecycleAction.StartWork, .. OpenActions],
        [ServiceRequestStatus.InProgress] = [.. OpenActions],
        [ServiceRequestStatus.OnHold] =
            [LifecycleAction.Resume, LifecycleAction.Reassign, LifecycleAction.Resolve, LifecycleAction.Cancel, LifecycleAction.MarkAsDuplicate, LifecycleAction.ChangePriority,
             LifecycleAction.ChangeServiceType],
        [ServiceRequestStatus.Resolved] = [LifecycleAction.Close, LifecycleAction.Reopen],
        [ServiceRequestStatus.Closed] = [LifecycleAction.Reopen],
        [ServiceRequestStatus.Cancelled] = [],
        [ServiceRequestStatus.Duplicate] = [],
        [ServiceRequestStatus.Reopened] = [LifecycleAction.Assign, LifecycleAction.StartWork, .. OpenActions],
    };

    /// <summary>Every status, from the enum itself: a new status shows up here without anyone adding it.</summary>
    public static ServiceRequestStatus[] Statuses => Enum.GetValues<ServiceRequestStatus>();

    /// <summary>
    /// Every staff operation on an existing request, from the enum: all actions but <see cref="LifecycleAction.Submit"/> and the
    /// system's own <see cref="LifecycleAction.RecalculateSla"/>.
    /// </summary>
    public static LifecycleAction[] Operations =>
        Enum.GetValues<LifecycleAction>().Where(a => a is not (LifecycleAction.Submit or LifecycleAction.RecalculateSla)).ToArray();

    /// <summary>The row of a status; a status missing from <see cref="Allowed"/> fails the test that asks for it.</summary>
    public static LifecycleAction[] AllowedIn(ServiceRequestStatus status) =>
        Allowed.TryGetValue(status, out var row) ? row : throw new InvalidOperationException($"ExpectedLifecycle has no row for {status}.");

    public static IEnumerable<(ServiceRequestStatus Status, LifecycleAction Action)> LegalPairs =>
        from status in Statuses
        from action in Operations
        where AllowedIn(status).Contains(action)
        select (status, action);

    public static IEnumerable<(ServiceRequestStatus Status, LifecycleAction Action)> IllegalPairs =>
        from status in Statuses
        from action in Operations
        where !AllowedIn(status).Contains(action)
        select (status, action);
}
