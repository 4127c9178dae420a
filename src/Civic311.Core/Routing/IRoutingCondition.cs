using System;
using System.Collections.Generic;
using Civic311.Sla;

namespace Civic311.Routing;

/// <summary>
/// An integrator's own routing condition, referenced from a rule as <c>{"custom": "name"}</c> and registered in
/// <see cref="RoutingBuildOptions.Conditions"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe and fast: they run on every routing of a request whose candidate rules use them, and may run more than once per request (explanations evaluate again to collect reasons).</remarks>
public interface IRoutingCondition
{
    /// <summary>Gets the name rules refer to the condition by (case-insensitive).</summary>
    string Name { get; }

    /// <summary>Evaluates the condition.</summary>
    /// <param name="input">The request being routed.</param>
    /// <param name="reason">A short, human-readable reason for the outcome (shown in explanations); may be <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the condition holds.</returns>
    bool Evaluate(in RoutingInput input, out string? reason);
}

/// <summary>What <see cref="RoutingRules.Build"/> needs besides the definition and the catalog.</summary>
/// <threadsafety>Not thread-safe: fill it, then build.</threadsafety>
public sealed class RoutingBuildOptions
{
    /// <summary>
    /// Gets or sets the business calendar of an agency (by agency code), for <c>agencyOpen</c> conditions. An agency without
    /// a calendar id in the catalog and no calendar here is open around the clock.
    /// </summary>
    public Func<string, BusinessCalendar?>? Calendars { get; set; }

    /// <summary>Gets the custom conditions rules may refer to by name.</summary>
    public IList<IRoutingCondition> Conditions { get; } = new List<IRoutingCondition>();
}
