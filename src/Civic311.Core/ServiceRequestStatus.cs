namespace Civic311;

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
