using System.Collections.Generic;
using System.Text;

namespace Civic311.Routing;

/// <summary>A routing decision with its reasons: every rule, whether it was evaluated, whether it matched, and why not.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class RoutingExplanation
{
    internal RoutingExplanation(RoutingDecision decision, IReadOnlyList<RuleTrace> rules, IReadOnlyDictionary<string, string?> districts)
    {
        Decision = decision;
        Rules = rules;
        Districts = districts;
    }

    /// <summary>Gets the decision (the same <see cref="RoutingRules.Route"/> gives).</summary>
    public RoutingDecision Decision { get; }

    /// <summary>Gets one entry per rule, in rule order.</summary>
    public IReadOnlyList<RuleTrace> Rules { get; }

    /// <summary>Gets, for every district set, the district containing the request's point; <see langword="null"/> when outside every district or without a point.</summary>
    public IReadOnlyDictionary<string, string?> Districts { get; }

    /// <summary>Returns the decision's summary and one line per rule, for staff.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(Decision.Summary);
        foreach (var rule in Rules)
        {
            text.AppendLine().Append("  ").Append(rule);
        }

        return text.ToString();
    }
}

/// <summary>What happened to one rule while a request was routed.</summary>
/// <param name="Index">The rule's position in the definition (0-based).</param>
/// <param name="Name">The rule name.</param>
/// <param name="Evaluated">Whether the condition was evaluated (not when the rule cannot apply to the service type, or an earlier rule matched).</param>
/// <param name="Matched">Whether the rule matched (and routed the request).</param>
/// <param name="Reason">Why it matched, why not, or why it was not evaluated.</param>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record RuleTrace(int Index, string Name, bool Evaluated, bool Matched, string Reason)
{
    /// <summary>Returns "#index 'name': matched|no|skipped: reason".</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"#{Index} '{Name}': {(Matched ? "matched" : Evaluated ? "no" : "skipped")}: {Reason}";
}
