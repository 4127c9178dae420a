namespace Civic311;

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
