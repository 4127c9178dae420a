using System;
using System.Collections.Generic;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Notifications.Tests;

/// <summary>Fixed notification data for every event: a pothole in Panama City (America/Panama, UTC-5, no DST).</summary>
internal static class Samples
{
    public static readonly DateTimeZone Panama = DateTimeZoneProviders.Tzdb["America/Panama"];

    /// <summary>Submitted Monday 2026-11-16 09:30 local; expected Tuesday 2026-11-24 17:00 local.</summary>
    public static NotificationData Base => new("311-26-0001234")
    {
        ServiceCode = "POTHOLE",
        ServiceName = "Bache en la vía",
        Description = "Hueco profundo frente a la parada del bus",
        Address = "Vía España y Calle 50",
        District = "Bella Vista",
        Status = ServiceRequestStatus.Submitted,
        Priority = Priority.Normal,
        RequestedAt = Instant.FromUtc(2026, 11, 16, 14, 30),
        ExpectedAt = Instant.FromUtc(2026, 11, 24, 22, 0),
        OccurredAt = Instant.FromUtc(2026, 11, 16, 14, 30),
        AgencyCode = "MOP",
        AgencyName = "Ministerio de Obras Públicas",
        TimeZone = Panama,
        Queue = "MOP-VIAS",
        CenterName = "Centro 311 de Panamá",
        CenterPhone = "311",
        ResidentName = "Ana Quintero",
        StatusUrl = "https://311.example.pa/s/311-26-0001234",
    };

    public static NotificationData For(NotificationKind kind)
    {
        var data = Base;
        return kind switch
        {
            NotificationKind.RequestReceived => data,
            NotificationKind.Acknowledged => data with { Status = ServiceRequestStatus.Acknowledged, OccurredAt = Instant.FromUtc(2026, 11, 16, 16, 0) },
            NotificationKind.StatusChanged => data with
            {
                Status = ServiceRequestStatus.InProgress,
                PreviousStatus = ServiceRequestStatus.Assigned,
                Note = "A crew is on the way.",
                OccurredAt = Instant.FromUtc(2026, 11, 18, 13, 0),
            },
            NotificationKind.OnHold => data with
            {
                Status = ServiceRequestStatus.OnHold,
                HoldReason = "a photo of the pothole and the nearest house number",
                OccurredAt = Instant.FromUtc(2026, 11, 18, 15, 0),
            },
            NotificationKind.Resolved => data with
            {
                Status = ServiceRequestStatus.Resolved,
                ResolutionCode = "FIXED",
                ResolutionNote = "The pothole was filled with asphalt.",
                SurveyUrl = "https://311.example.pa/survey?t=311-26-0001234",
                OccurredAt = Instant.FromUtc(2026, 11, 23, 20, 15),
            },
            NotificationKind.Closed => data with { Status = ServiceRequestStatus.Closed, OccurredAt = Instant.FromUtc(2026, 11, 30, 14, 0) },
            NotificationKind.Reopened => data with
            {
                Status = ServiceRequestStatus.Reopened,
                Note = "The resident reports the pothole is back.",
                ExpectedAt = Instant.FromUtc(2026, 12, 8, 22, 0),
                OccurredAt = Instant.FromUtc(2026, 12, 1, 14, 0),
            },
            NotificationKind.DuplicateLinked => data with
            {
                TrackingNumber = "311-26-0001299",
                Status = ServiceRequestStatus.Duplicate,
                DuplicateOf = "311-26-0001234",
                OccurredAt = Instant.FromUtc(2026, 11, 17, 14, 0),
            },
            NotificationKind.AssignedToQueue => data with
            {
                Status = ServiceRequestStatus.Assigned,
                Assignee = "Cuadrilla 12",
                Priority = Priority.High,
                OccurredAt = Instant.FromUtc(2026, 11, 17, 13, 0),
            },
            NotificationKind.SlaNearingBreach => data with
            {
                Status = ServiceRequestStatus.InProgress,
                SlaKpi = SlaTarget.Resolution,
                SlaWarningAt = Instant.FromUtc(2026, 11, 23, 22, 0),
                SlaDueAt = Instant.FromUtc(2026, 11, 24, 22, 0),
                OccurredAt = Instant.FromUtc(2026, 11, 23, 19, 30),
            },
            NotificationKind.SlaBreached => data with
            {
                Status = ServiceRequestStatus.InProgress,
                Assignee = "Cuadrilla 12",
                SlaKpi = SlaTarget.Resolution,
                SlaWarningAt = Instant.FromUtc(2026, 11, 23, 22, 0),
                SlaDueAt = Instant.FromUtc(2026, 11, 24, 22, 0),
                EscalateTo = "Supervisora de vías",
                OccurredAt = Instant.FromUtc(2026, 11, 26, 1, 45),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public static string RecipientFor(ChannelKind channel, NotificationKind kind) =>
        kind.Audience() == NotificationAudience.Staff
            ? channel switch { ChannelKind.Email => "mop-vias@example.pa", ChannelKind.Sms => "+50760000000", ChannelKind.Push => "queue:MOP-VIAS", _ => "queue:MOP-VIAS" }
            : channel switch { ChannelKind.Email => "ana@example.pa", ChannelKind.Sms => "+50761234567", ChannelKind.Push => "device-token-1", _ => "resident:ana" };

    public static IEnumerable<NotificationKind> Kinds => Enum.GetValues<NotificationKind>();

    public static IEnumerable<ChannelKind> Channels => Enum.GetValues<ChannelKind>();

    public static readonly NotificationRenderer Renderer = NotificationRenderer.Create(NotificationTemplates.BuiltIn);
}
