using NodaTime;

namespace Civic311.Notifications;

/// <summary>The data every template is rendered with once at start-up: hostile text in every field, and no optional field.</summary>
internal static class TrialData
{
    /// <summary>Markup, a mustache, both quotes and bidi controls; escaped HTML shows none of the markers below.</summary>
    public const string Markup = "<script>c311</script>\"c311'&{{description}}\\{{{description}}}\u202E\u2066";

    public static readonly NotificationData Hostile = new(Markup)
    {
        ServiceCode = Markup,
        ServiceName = Markup,
        Description = Markup,
        Address = Markup,
        District = Markup,
        Status = ServiceRequestStatus.OnHold,
        PreviousStatus = ServiceRequestStatus.InProgress,
        Priority = Priority.Urgent,
        RequestedAt = Instant.FromUtc(2026, 11, 16, 14, 30),
        ExpectedAt = Instant.FromUtc(2026, 11, 24, 22, 0),
        OccurredAt = Instant.FromUtc(2026, 11, 18, 15, 0),
        HoldReason = Markup,
        Note = Markup,
        ResolutionCode = Markup,
        ResolutionNote = Markup,
        SurveyUrl = Markup,
        StatusUrl = Markup,
        DuplicateOf = Markup,
        AgencyCode = Markup,
        AgencyName = Markup,
        TimeZone = DateTimeZone.ForOffset(Offset.FromHours(-5)),
        Queue = Markup,
        Assignee = Markup,
        CenterName = Markup,
        CenterPhone = Markup,
        ResidentName = Markup,
        SlaKpi = Markup,
        SlaDueAt = Instant.FromUtc(2026, 11, 17, 15, 0),
        SlaWarningAt = Instant.FromUtc(2026, 11, 17, 11, 0),
        EscalateTo = Markup,
    };

    public static readonly NotificationData Empty = new("T");

    /// <summary>Whether rendered HTML holds a trial value's markup or quotes unescaped.</summary>
    public static bool ShowsMarkup(string html) =>
        html.Contains("<script>c311", System.StringComparison.Ordinal)
        || html.Contains("\"c311", System.StringComparison.Ordinal)
        || html.Contains("c311'", System.StringComparison.Ordinal);
}
