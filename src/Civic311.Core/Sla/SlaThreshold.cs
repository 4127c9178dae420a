namespace Civic311.Sla;

/// <summary>Which threshold of an SLA instance was reached.</summary>
public enum SlaThreshold
{
    /// <summary>The warning instant passed: the target is nearing breach.</summary>
    Warning = 0,

    /// <summary>The due instant passed: the target is breached.</summary>
    Breach = 1,
}
