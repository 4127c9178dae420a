namespace Civic311.Requests;

/// <summary>The intention-revealing operations of the lifecycle; each one appends a history entry.</summary>
public enum LifecycleAction
{
    /// <summary>A resident or agent reported the problem.</summary>
    Submit = 0,

    /// <summary>The agency accepted the request.</summary>
    Acknowledge = 1,

    /// <summary>The request was given to a person or team for the first time.</summary>
    Assign = 2,

    /// <summary>The request moved to another agency, queue or person.</summary>
    Reassign = 3,

    /// <summary>Work started.</summary>
    StartWork = 4,

    /// <summary>Work paused, with a reason.</summary>
    PutOnHold = 5,

    /// <summary>Work resumed after a hold.</summary>
    Resume = 6,

    /// <summary>The work is done, with a resolution code and a public note.</summary>
    Resolve = 7,

    /// <summary>A resolved request was closed.</summary>
    Close = 8,

    /// <summary>The request was withdrawn or rejected.</summary>
    Cancel = 9,

    /// <summary>The request was linked to an earlier request about the same problem.</summary>
    MarkAsDuplicate = 10,

    /// <summary>A resolved or closed request was reopened.</summary>
    Reopen = 11,

    /// <summary>The priority of an open request changed (its SLA targets follow, retroactively).</summary>
    ChangePriority = 12,

    /// <summary>Staff correct the service type: the attributes are re-checked, routing runs again and the new type's SLA policy applies.</summary>
    ChangeServiceType = 13,

    /// <summary>The SLA clocks move to an edited business calendar (time used stays used; the rest counts on the new calendar).</summary>
    RecalculateSla = 14,
}
