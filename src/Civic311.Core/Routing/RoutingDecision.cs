using System.Collections.Generic;
using Civic311.Requests;

namespace Civic311.Routing;

/// <summary>Where a request goes, and by which rule: the result of <see cref="RoutingRules.Route"/>.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class RoutingDecision
{
    internal RoutingDecision(
        string agency,
        string queue,
        string? owner,
        Priority? priority,
        string? slaPolicy,
        IReadOnlyList<string> tags,
        int? ruleIndex,
        string? ruleName,
        IReadOnlyList<string> outsideDistricts,
        string summary)
    {
        Agency = agency;
        Queue = queue;
        Owner = owner;
        Priority = priority;
        SlaPolicy = slaPolicy;
        Tags = tags;
        RuleIndex = ruleIndex;
        RuleName = ruleName;
        OutsideDistricts = outsideDistricts;
        Summary = summary;
    }

    /// <summary>Gets the code of the accountable agency.</summary>
    public string Agency { get; }

    /// <summary>Gets the queue code (one of the agency's queues).</summary>
    public string Queue { get; }

    /// <summary>Gets the user or team id that should own the request; <see langword="null"/> when the rule names none.</summary>
    public string? Owner { get; }

    /// <summary>Gets the priority the request should get; <see langword="null"/> to keep its own.</summary>
    public Priority? Priority { get; }

    /// <summary>Gets the name of the SLA policy to apply instead of the service type's; <see langword="null"/> for none.</summary>
    public string? SlaPolicy { get; }

    /// <summary>Gets the tags to put on the request.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Gets the position of the matching rule in the definition (0-based); <see langword="null"/> for the fallback.</summary>
    public int? RuleIndex { get; }

    /// <summary>Gets the name of the matching rule; <see langword="null"/> for the fallback.</summary>
    public string? RuleName { get; }

    /// <summary>Gets a value indicating whether no rule matched and the fallback applied.</summary>
    public bool IsFallback => RuleIndex is null;

    /// <summary>
    /// Gets the district sets the request's point lies outside every district of: among the sets the matching rule refers
    /// to, or, for the fallback, among all the sets the rules refer to. Empty when the request has no point or is inside.
    /// </summary>
    public IReadOnlyList<string> OutsideDistricts { get; }

    /// <summary>Gets a value indicating whether the request's point lies outside every district of some set (see <see cref="OutsideDistricts"/>).</summary>
    public bool IsOutsideDistricts => OutsideDistricts.Count > 0;

    /// <summary>
    /// Gets one sentence for the request's history, for example
    /// <c>routed by rule 'brooklyn-potholes' (#3) to DOT/DOT-BROOKLYN: service type is POTHOLE and borough is Brooklyn</c>.
    /// </summary>
    public string Summary { get; }

    /// <summary>Returns <see cref="Summary"/>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => Summary;
}
