namespace Civic311.Notifications;

/// <summary>The events Civic311 notifies about. Each is sent either to the resident who reported the request or to staff.</summary>
/// <remarks>Template file names use the kebab-case form of each name (see <see cref="NotificationKindExtensions.TemplateName"/>).</remarks>
public enum NotificationKind
{
    /// <summary>Resident: the request was received; carries the tracking number and the expected date.</summary>
    RequestReceived = 0,

    /// <summary>Resident: the agency accepted the request.</summary>
    Acknowledged = 1,

    /// <summary>Resident: the request moved to another status.</summary>
    StatusChanged = 2,

    /// <summary>Resident: the request is on hold; the hold reason says what is needed from the resident.</summary>
    OnHold = 3,

    /// <summary>Resident: the request was resolved; carries the resolution note and a satisfaction-survey link.</summary>
    Resolved = 4,

    /// <summary>Resident: the request was closed.</summary>
    Closed = 5,

    /// <summary>Resident: the request was reopened.</summary>
    Reopened = 6,

    /// <summary>Resident: the request was linked to an earlier request about the same problem.</summary>
    DuplicateLinked = 7,

    /// <summary>Staff: a request was assigned to the recipient's queue.</summary>
    AssignedToQueue = 8,

    /// <summary>Staff: an SLA target of a request is nearing breach.</summary>
    SlaNearingBreach = 9,

    /// <summary>Staff: an SLA target of a request was breached (sent as an escalation to the agency supervisor).</summary>
    SlaBreached = 10,
}

/// <summary>Who a notification is meant for.</summary>
public enum NotificationAudience
{
    /// <summary>The resident who reported the request.</summary>
    Resident = 0,

    /// <summary>Agency staff: a queue, a worker or a supervisor.</summary>
    Staff = 1,
}

/// <summary>Facts about <see cref="NotificationKind"/> values.</summary>
public static class NotificationKindExtensions
{
    /// <summary>Gets who a notification of this kind is meant for.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><see cref="NotificationAudience.Staff"/> for <see cref="NotificationKind.AssignedToQueue"/>, <see cref="NotificationKind.SlaNearingBreach"/> and <see cref="NotificationKind.SlaBreached"/>; otherwise <see cref="NotificationAudience.Resident"/>.</returns>
    public static NotificationAudience Audience(this NotificationKind kind) =>
        kind is NotificationKind.AssignedToQueue or NotificationKind.SlaNearingBreach or NotificationKind.SlaBreached
            ? NotificationAudience.Staff
            : NotificationAudience.Resident;

    /// <summary>Gets the name used in template file names and webhook payloads, for example <c>request-received</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The kebab-case name.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static string TemplateName(this NotificationKind kind) => kind switch
    {
        NotificationKind.RequestReceived => "request-received",
        NotificationKind.Acknowledged => "acknowledged",
        NotificationKind.StatusChanged => "status-changed",
        NotificationKind.OnHold => "on-hold",
        NotificationKind.Resolved => "resolved",
        NotificationKind.Closed => "closed",
        NotificationKind.Reopened => "reopened",
        NotificationKind.DuplicateLinked => "duplicate-linked",
        NotificationKind.AssignedToQueue => "assigned-to-queue",
        NotificationKind.SlaNearingBreach => "sla-nearing-breach",
        NotificationKind.SlaBreached => "sla-breached",
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, $"'{kind}' is not a defined NotificationKind value."),
    };
}
