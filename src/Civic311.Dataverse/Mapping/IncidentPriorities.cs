using Civic311.Requests;

namespace Civic311.Dataverse.Mapping;

/// <summary>
/// The Dataverse <c>incident</c> priority (<c>prioritycode</c>) values and the two-way mapping between them and
/// <see cref="Priority"/>: the one place these numbers are written down.
/// </summary>
/// <remarks>
/// The incident table has three standard priorities: 1 High, 2 Normal and 3 Low. Civic311's <see cref="Priority.Urgent"/>
/// has no Dataverse value of its own and is written as High; High read back is <see cref="Priority.High"/>.
/// </remarks>
public static class IncidentPriorities
{
    /// <summary>Priority (<c>prioritycode</c>) 1 High.</summary>
    public const int High = 1;

    /// <summary>Priority (<c>prioritycode</c>) 2 Normal.</summary>
    public const int Normal = 2;

    /// <summary>Priority (<c>prioritycode</c>) 3 Low.</summary>
    public const int Low = 3;

    /// <summary>The priority an incident gets for a Civic311 priority.</summary>
    /// <param name="priority">The Civic311 priority.</param>
    /// <returns>High for <see cref="Priority.High"/> and <see cref="Priority.Urgent"/>, Low for <see cref="Priority.Low"/>, Normal otherwise.</returns>
    public static int ToCode(Priority priority) => priority switch
    {
        Priority.High or Priority.Urgent => High,
        Priority.Low => Low,
        _ => Normal,
    };

    /// <summary>The Civic311 priority an incident's priority stands for.</summary>
    /// <param name="code">The priority (<c>prioritycode</c>).</param>
    /// <returns>The priority, or <see langword="null"/> for a value that is not one of the standard three.</returns>
    public static Priority? ToPriority(int code) => code switch
    {
        High => Priority.High,
        Normal => Priority.Normal,
        Low => Priority.Low,
        _ => null,
    };
}
