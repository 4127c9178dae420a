using Civic311.Internal;

namespace Civic311.Routing;

/// <summary><c>{"custom": "name"}</c>: an <see cref="IRoutingCondition"/> registered under that name in <see cref="RoutingBuildOptions.Conditions"/>.</summary>
internal sealed class CustomConditionKind() : RoutingConditionKind<string>("custom", d => d.Custom)
{
    protected override CompiledCondition CompilePart(string name, RoutingConditionContext context, string path, ref ErrorList problems)
    {
        var custom = context.Custom;
        if (!custom.TryGetValue(name.Trim(), out var condition))
        {
            problems.Add(path, ValidationErrorCodes.Unknown, $"No custom condition is registered as '{name}'{(custom.Count == 0 ? string.Empty : $" (registered: {string.Join(", ", custom.Keys)})")}.");
            return default;
        }

        return CompiledCondition.Leaf(new CustomConditionNode(condition));
    }
}

internal sealed class CustomConditionNode(IRoutingCondition condition) : Condition
{
    public override bool Evaluate(ref RoutingState state) => condition.Evaluate(state.Input, out _);

    public override string Reason(ref RoutingState state, bool outcome)
    {
        condition.Evaluate(state.Input, out var reason);
        return $"{condition.Name}: {reason ?? (outcome ? "holds" : "does not hold")}";
    }

    public override string Describe() => $"custom condition '{condition.Name}'";
}
