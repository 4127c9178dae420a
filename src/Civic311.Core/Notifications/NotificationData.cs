using System;
using System.Text;
using Civic311.Internal;
using NodaTime;

namespace Civic311.Notifications;

/// <summary>
/// The data model every notification template renders: what the templates can say about a request and the event. Each
/// property is a template variable named in camelCase (<see cref="TrackingNumber"/> is <c>{{trackingNumber}}</c>); the
/// <c>&lt;remarks&gt;</c> of each property gives its variable and how it renders.
/// </summary>
/// <remarks>
/// <para>
/// Strings render as they are (HTML-escaped in HTML bodies). Instants render in <see cref="TimeZone"/> (the agency's) and
/// the recipient's culture: alone as a long date (<c>{{expectedAt}}</c> gives <c>martes, 24 de noviembre de 2026</c> in
/// Spanish), or with a .NET date format (<c>{{date requestedAt "f"}}</c>). Durations render in words in the template's
/// language (<c>{{duration slaTimeLeft}}</c> gives <c>2 days 3 hours</c>). Statuses and SLA KPIs render as localized words.
/// A missing value renders as nothing and is false in <c>{{#if}}</c>.
/// </para>
/// <para>
/// Build one from a request with <c>ServiceRequest.ToNotificationData</c> and add what the
/// request does not know with <c>with</c> (the center's name, the survey link, the original of a duplicate). Names and
/// descriptions are personal or resident-supplied data: <see cref="ToString"/> never prints them.
/// </para>
/// </remarks>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record NotificationData
{
    /// <summary>Creates data with a tracking number; set the other properties with an object initializer.</summary>
    /// <param name="trackingNumber">The request's tracking number.</param>
    /// <exception cref="ArgumentException"><paramref name="trackingNumber"/> is empty.</exception>
    public NotificationData(string trackingNumber)
    {
        TrackingNumber = Guard.NotNullOrWhiteSpace(trackingNumber);
    }

    /// <summary>Gets the public reference of the request, for example <c>311-26-0001234</c>. Variable <c>trackingNumber</c>.</summary>
    public string TrackingNumber { get; init; }

    /// <summary>Gets the service type's code. Variable <c>serviceCode</c>.</summary>
    public string? ServiceCode { get; init; }

    /// <summary>Gets the service type's display name, for example <c>Pothole</c>. Variable <c>serviceName</c>.</summary>
    public string? ServiceName { get; init; }

    /// <summary>Gets the resident's description of the problem (resident-supplied). Variable <c>description</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the address or description of the place (resident-supplied). Variable <c>address</c>.</summary>
    public string? Address { get; init; }

    /// <summary>Gets the district of the place. Variable <c>district</c>.</summary>
    public string? District { get; init; }

    /// <summary>Gets the request's status; renders as a localized word. Variable <c>status</c>.</summary>
    public ServiceRequestStatus Status { get; init; }

    /// <summary>Gets the status before the change, for <see cref="NotificationKind.StatusChanged"/>; renders as a localized word. Variable <c>previousStatus</c>.</summary>
    public ServiceRequestStatus? PreviousStatus { get; init; }

    /// <summary>Gets the priority; renders as a localized word. Variable <c>priority</c>.</summary>
    public Priority Priority { get; init; }

    /// <summary>Gets when the request was submitted. Variable <c>requestedAt</c> (an instant).</summary>
    public Instant RequestedAt { get; init; }

    /// <summary>Gets the date promised to the resident, when there is one. Variable <c>expectedAt</c> (an instant).</summary>
    public Instant? ExpectedAt { get; init; }

    /// <summary>Gets when the event being notified happened. Variable <c>occurredAt</c> (an instant).</summary>
    public Instant OccurredAt { get; init; }

    /// <summary>Gets why the request is on hold: what is needed from the resident. Variable <c>holdReason</c>.</summary>
    public string? HoldReason { get; init; }

    /// <summary>Gets a public note that came with the change (for example a status change's note). Variable <c>note</c>.</summary>
    public string? Note { get; init; }

    /// <summary>Gets the resolution code, once resolved. Variable <c>resolutionCode</c>.</summary>
    public string? ResolutionCode { get; init; }

    /// <summary>Gets the resolution note the resident reads, once resolved. Variable <c>resolutionNote</c>.</summary>
    public string? ResolutionNote { get; init; }

    /// <summary>Gets the satisfaction-survey link. Variable <c>surveyUrl</c>.</summary>
    public string? SurveyUrl { get; init; }

    /// <summary>Gets the link where the resident follows the request. Variable <c>statusUrl</c>.</summary>
    public string? StatusUrl { get; init; }

    /// <summary>Gets the tracking number of the original request, for <see cref="NotificationKind.DuplicateLinked"/>. Variable <c>duplicateOf</c>.</summary>
    public string? DuplicateOf { get; init; }

    /// <summary>Gets the code of the accountable agency. Variable <c>agencyCode</c>.</summary>
    public string? AgencyCode { get; init; }

    /// <summary>Gets the name of the accountable agency. Variable <c>agencyName</c>.</summary>
    public string? AgencyName { get; init; }

    /// <summary>Gets the agency's time zone, in which every instant renders; UTC when not set. Not a variable.</summary>
    public DateTimeZone TimeZone { get; init; } = DateTimeZone.Utc;

    /// <summary>Gets the queue the request waits in. Variable <c>queue</c>.</summary>
    public string? Queue { get; init; }

    /// <summary>Gets the person or team working the request. Variable <c>assignee</c>.</summary>
    public string? Assignee { get; init; }

    /// <summary>Gets the name of the 311 center. Variable <c>centerName</c>.</summary>
    public string? CenterName { get; init; }

    /// <summary>Gets the center's phone number. Variable <c>centerPhone</c>.</summary>
    public string? CenterPhone { get; init; }

    /// <summary>Gets the resident's name (personal data). Variable <c>residentName</c>.</summary>
    public string? ResidentName { get; init; }

    /// <summary>Gets the KPI of the SLA target a staff notification is about; renders as localized words (<c>resolution</c>, <c>first response</c>). Variable <c>slaKpi</c>.</summary>
    public string? SlaKpi { get; init; }

    /// <summary>Gets when that SLA target is due. Variable <c>slaDueAt</c> (an instant).</summary>
    public Instant? SlaDueAt { get; init; }

    /// <summary>Gets when that SLA target warns. Variable <c>slaWarningAt</c> (an instant).</summary>
    public Instant? SlaWarningAt { get; init; }

    /// <summary>Gets who a breach is escalated to (the agency supervisor). Variable <c>escalateTo</c>.</summary>
    public string? EscalateTo { get; init; }

    /// <summary>Gets the time left before the SLA target is due, from <see cref="OccurredAt"/> (zero once due); <see langword="null"/> without <see cref="SlaDueAt"/>. Variable <c>slaTimeLeft</c> (a duration).</summary>
    public Duration? SlaTimeLeft => SlaDueAt is { } due ? Max(due - OccurredAt) : null;

    /// <summary>Gets how long the SLA target is overdue at <see cref="OccurredAt"/> (zero before it is due); <see langword="null"/> without <see cref="SlaDueAt"/>. Variable <c>slaOverdueBy</c> (a duration).</summary>
    public Duration? SlaOverdueBy => SlaDueAt is { } due ? Max(OccurredAt - due) : null;

    private static Duration Max(Duration value) => value < Duration.Zero ? Duration.Zero : value;

    // Records print every property; keep resident-supplied and personal data out of logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("TrackingNumber = ").Append(TrackingNumber)
            .Append(", ServiceCode = ").Append(ServiceCode)
            .Append(", Status = ").Append(Status)
            .Append(", AgencyCode = ").Append(AgencyCode);
        return true;
    }
}
