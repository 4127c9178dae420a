using System;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Routing;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Requests;

// What the features below the aggregate see of a request: they know nothing of ServiceRequest itself.
public sealed partial class ServiceRequest
{
    /// <summary>Builds the notification data of this request, as stored after the change being notified: its tracking number, service, description, place, status, dates, hold reason, resolution, agency (and its time zone), queue and resident name.</summary>
    /// <param name="catalog">The catalog, for the service's and agency's names and the agency's time zone.</param>
    /// <param name="occurredAt">When the event happened.</param>
    /// <param name="sla">For SLA notifications, the SLA instance concerned.</param>
    /// <returns>The data; set <see cref="NotificationData.CenterName"/>, <see cref="NotificationData.SurveyUrl"/>, <see cref="NotificationData.DuplicateOf"/> and the like with <c>with</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    public NotificationData ToNotificationData(ServiceCatalog catalog, Instant occurredAt, SlaInstance? sla = null)
    {
        Guard.NotNull(catalog);
        catalog.TryGetServiceType(ServiceCode, out var serviceType);
        catalog.TryGetAgency(Agency, out var agency);
        return new NotificationData(TrackingNumber)
        {
            ServiceCode = ServiceCode,
            ServiceName = serviceType?.Name ?? ServiceCode,
            Description = Description,
            Address = Location?.Address,
            District = Location?.District,
            Status = Status,
            Priority = Priority,
            RequestedAt = RequestedAt,
            ExpectedAt = ExpectedAt,
            OccurredAt = occurredAt,
            HoldReason = HoldReason,
            ResolutionCode = Resolution?.Code,
            ResolutionNote = Resolution?.PublicNote,
            AgencyCode = Agency,
            AgencyName = agency?.Name ?? Agency,
            TimeZone = agency?.TimeZone ?? DateTimeZone.Utc,
            Queue = Queue,
            Assignee = Assignee,
            ResidentName = Reporter?.Name,
            SlaKpi = sla?.Kpi,
            SlaDueAt = sla?.DueAt,
            SlaWarningAt = sla?.WarningAt,
        };
    }

    /// <summary>Takes the routing input from this request (for routing it again, for example after its service type changed).</summary>
    /// <returns>The input.</returns>
    public RoutingInput ToRoutingInput() => RoutingInputOf(_state);
}
