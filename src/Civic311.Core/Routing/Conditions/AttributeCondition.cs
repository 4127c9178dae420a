using System;
using System.Linq;
using Civic311.Internal;

namespace Civic311.Routing;

/// <summary><c>{"attribute": {"code": "LANES_BLOCKED", "in": ["yes"]}}</c>: the attribute has one of these values (case-insensitively); without <c>in</c>, any value.</summary>
internal sealed class AttributeConditionKind() : RoutingConditionKind<AttributeConditionDefinition>("attribute", d => d.Attribute)
{
    protected override CompiledCondition CompilePart(AttributeConditionDefinition attribute, RoutingConditionContext context, string path, ref ErrorList problems)
    {
        var code = RequiredText(attribute.Code, path + ".code", "The attribute code is required.", ref problems);
        var ok = code is not null;
        if (code is not null && !context.Catalog.ServiceTypes.Any(t => t.TryGetAttribute(code, out _)))
        {
            problems.Add(path + ".code", ValidationErrorCodes.Unknown, $"No service type in the catalog has the attribute '{code}'.");
            ok = false;
        }

        string[]? values = null;
        if (attribute.In is not null)
        {
            values = Texts(attribute.In, path + ".in", "attribute value", ref problems);
            ok &= values is not null;
        }

        return CompiledCondition.Leaf(ok ? new AttributeCondition(code!, values) : null);
    }
}

internal sealed class AttributeCondition(string code, string[]? values) : Condition
{
    public override bool Evaluate(ref RoutingState state)
    {
        if (state.Input.Attributes is not { } attributes || !attributes.TryGetValue(code, out var given))
        {
            return false;
        }

        foreach (var value in given)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (values is null)
            {
                return true;
            }

            foreach (var wanted in values)
            {
                if (string.Equals(value, wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (state.Input.Attributes is not { } attributes || !attributes.TryGetValue(code, out var given) || given.All(string.IsNullOrEmpty))
        {
            return $"attribute {code}: not given";
        }

        return outcome ? $"attribute {code} is {given}" : $"attribute {code}: {given} is not {OneOf(values!)}";
    }

    public override string Describe() => values is null ? $"attribute {code} is given" : $"attribute {code} is {OneOf(values)}";
}
