namespace Civic311.Sla;

/// <summary>Where an SLA instance stands.</summary>
public enum SlaStatus
{
    /// <summary>Running; the warning instant has not passed.</summary>
    InProgress = 0,

    /// <summary>Running; past the warning instant, not yet past the due instant.</summary>
    NearingBreach = 1,

    /// <summary>The due instant passed before the KPI was met (final once recorded).</summary>
    Breached = 2,

    /// <summary>The KPI was met by the due instant (final).</summary>
    Met = 3,

    /// <summary>The clock is stopped (the request is on hold); business time does not count.</summary>
    Paused = 4,

    /// <summary>The SLA no longer applies (the request was cancelled or marked duplicate; final).</summary>
    Cancelled = 5,
}
