using System;
using System.Collections.Generic;
using Civic311.Internal;

namespace Civic311.Routing;

/// <summary><c>{"reporterKind": ["liaison"]}</c>: the reporter's kind is one of these (case-insensitively).</summary>
internal sealed class ReporterKindConditionKind() : RoutingConditionKind<IList<string>>("reporterKind", d => d.ReporterKind)
{
    protected override CompiledCondition CompilePart(IList<string> kinds, RoutingConditionContext context, string path, ref ErrorList problems) =>
        CompiledCondition.Leaf(Texts(kinds, path, "reporter kind", ref problems) is { } valid ? new ReporterKindCondition(valid) : null);
}

internal sealed class ReporterKindCondition(string[] kinds) : Condition
{
    public override bool Evaluate(ref RoutingState state)
    {
        if (state.Input.ReporterKind is not { } kind)
        {
            return false;
        }

        foreach (var wanted in kinds)
        {
            if (string.Equals(kind.Trim(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public override string Reason(ref RoutingState state, bool outcome) =>
        state.Input.ReporterKind is not { } kind ? "reporter kind: not given"
        : outcome ? $"reporter kind is {kind}" : $"reporter kind: {kind} is not {OneOf(kinds)}";

    public override string Describe() => "reporter kind is " + OneOf(kinds);
}
