using System.Collections.Generic;
using Civic311.Internal;

namespace Civic311.Routing;

/// <summary><c>{"not": c}</c>: the child compiles through the registry.</summary>
internal sealed class NotConditionKind() : RoutingConditionKind<RoutingConditionDefinition>("not", d => d.Not)
{
    protected override CompiledCondition CompilePart(RoutingConditionDefinition child, RoutingConditionContext context, string path, ref ErrorList problems) =>
        CompiledCondition.Leaf(RoutingConditionKinds.Compile(child, context, path, ref problems).Node is { } node ? new NotCondition(node) : null);
}

internal sealed class NotCondition(Condition child) : Condition
{
    public override bool Evaluate(ref RoutingState state) => !child.Evaluate(ref state);

    public override string Reason(ref RoutingState state, bool outcome) =>
        (outcome ? "not (" + child.Describe() + "): " : "not (" + child.Describe() + ") fails: ") + child.Reason(ref state, !outcome);

    public override string Describe() => "not (" + child.Describe() + ")";

    public override void CollectSets(ISet<int> sets) => child.CollectSets(sets);
}
