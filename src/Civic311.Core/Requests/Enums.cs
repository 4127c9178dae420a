namespace Civic311.Requests;

/// <summary>Where a service request is in its lifecycle.</summary>
public enum ServiceRequestStatus
{
    /// <summary>Received and given a tracking number; nobody has looked at it yet.</summary>
    Submitted = 0,

    /// <summary>The accountable agency has seen it and accepted it as a valid request.</summary>
    Acknowledged = 1,

    /// <summary>Given to a person or team.</summary>
    Assigned = 2,

    /// <summary>Work has started.</summary>
    InProgress = 3,

    /// <summary>Paused, for example while waiting for the resident or a third party (the hold reason says which).</summary>
    OnHold = 4,

    /// <summary>The work is done and the resident has been given a resolution; it may still be reopened within the reopen window.</summary>
    Resolved = 5,

    /// <summary>Resolved and closed administratively; it may still be reopened within the reopen window.</summary>
    Closed = 6,

    /// <summary>Withdrawn or rejected without being worked (final).</summary>
    Cancelled = 7,

    /// <summary>Linked to an earlier request about the same problem (final); its reporter is told when the original is resolved.</summary>
    Duplicate = 8,

    /// <summary>Resolved or closed, then reopened because the problem was not fixed.</summary>
    Reopened = 9,
}

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

/// <summary>How a request arrived at the center.</summary>
public enum Channel
{
    /// <summary>A call to the 311 line.</summary>
    Phone = 0,

    /// <summary>The web portal.</summary>
    Web = 1,

    /// <summary>An e-mail.</summary>
    Email = 2,

    /// <summary>A mobile app.</summary>
    MobileApp = 3,

    /// <summary>An SMS or text message.</summary>
    Sms = 4,

    /// <summary>A chat session.</summary>
    Chat = 5,

    /// <summary>Social media.</summary>
    Social = 6,

    /// <summary>A visit to a walk-in center.</summary>
    WalkIn = 7,

    /// <summary>A trusted neighborhood liaison entering a report.</summary>
    Liaison = 8,

    /// <summary>An API client (for example an Open311 app).</summary>
    Api = 9,
}

/// <summary>How urgent a request is.</summary>
public enum Priority
{
    /// <summary>Normal priority (the default).</summary>
    Normal = 0,

    /// <summary>Can wait.</summary>
    Low = 1,

    /// <summary>Sooner than normal.</summary>
    High = 2,

    /// <summary>As soon as possible (a hazard).</summary>
    Urgent = 3,
}

/// <summary>Who may read a note in a request's history.</summary>
public enum NoteVisibility
{
    /// <summary>Staff only.</summary>
    Internal = 0,

    /// <summary>The resident too (shown on status pages and in notifications).</summary>
    Public = 1,
}
