using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Internal;

namespace Civic311.Routing;

/// <summary><c>{"all": [c1, c2]}</c> and <c>{"any": [c1, c2]}</c>: the children compile through the registry.</summary>
internal sealed class JunctionConditionKind : RoutingConditionKind<IList<RoutingConditionDefinition>>
{
    public static readonly JunctionConditionKind AllOf = new("all", d => d.All, all: true);
    public static readonly JunctionConditionKind AnyOf = new("any", d => d.Any, all: false);

    private readonly bool _all;

    private JunctionConditionKind(string name, Func<RoutingConditionDefinition, IList<RoutingConditionDefinition>?> part, bool all)
        : base(name, part) => _all = all;

    protected override CompiledCondition CompilePart(IList<RoutingConditionDefinition> children, RoutingConditionContext context, string path, ref ErrorList problems)
    {
        if (children.Count == 0)
        {
            problems.Add(path, ValidationErrorCodes.Required, $"'{Name}' needs at least one condition.");
            return default;
        }

        var compiled = new CompiledCondition[children.Count];
        for (var i = 0; i < children.Count; i++)
        {
            compiled[i] = RoutingConditionKinds.Compile(children[i], context, $"{path}[{i}]", ref problems);
        }

        HashSet<int>? required = null;
        if (_all)
        {
            foreach (var child in compiled.Where(c => c.Required is not null))
            {
                if (required is null)
                {
                    required = [.. child.Required!];
                }
                else
                {
                    required.IntersectWith(child.Required!);
                }
            }
        }
        else if (compiled.All(c => c.Required is not null))
        {
            required = [.. compiled.SelectMany(c => c.Required!)];
        }

        var pure = compiled.All(c => c.Pure);
        if (compiled.Any(c => c.Node is null))
        {
            return new CompiledCondition(null, required, pure);
        }

        var nodes = compiled.Select(c => c.Node!).ToArray();
        return new CompiledCondition(nodes.Length == 1 ? nodes[0] : new JunctionCondition(nodes, _all), required, pure);
    }
}

/// <summary>All children hold (<c>all</c>), or at least one does (<c>any</c>); evaluation stops at the first child that decides.</summary>
internal sealed class JunctionCondition(Condition[] children, bool all) : Condition
{
    public override bool Evaluate(ref RoutingState state)
    {
        foreach (var child in children)
        {
            if (child.Evaluate(ref state) != all)
            {
                return !all;
            }
        }

        return all;
    }

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (outcome != all)
        {
            // The child that decided.
            foreach (var child in children)
            {
                if (child.Evaluate(ref state) == outcome)
                {
                    return child.Reason(ref state, outcome);
                }
            }
        }

        var reasons = new string[children.Length];
        for (var i = 0; i < children.Length; i++)
        {
            reasons[i] = children[i].Reason(ref state, all);
        }

        return (all ? string.Empty : "none of: ") + string.Join("; ", reasons);
    }

    public override string Describe() =>
        string.Join(all ? " and " : " or ", children.Select(c => c is JunctionCondition other && other.IsAll != all ? "(" + c.Describe() + ")" : c.Describe()));

    public override void CollectSets(ISet<int> sets)
    {
        foreach (var child in children)
        {
            child.CollectSets(sets);
        }
    }

    private bool IsAll => all;
}
