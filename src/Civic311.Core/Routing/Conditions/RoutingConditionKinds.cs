using System.Collections.Generic;
using System.Linq;
using Civic311.Internal;
using Civic311.Requests;

namespace Civic311.Routing;

/// <summary>
/// The table of condition kinds, and the compilation of one condition object through it: exactly one kind must be set.
/// A new kind of condition is a new <see cref="RoutingConditionKind"/> file, its property on <see cref="RoutingConditionDefinition"/>, and a line here.
/// </summary>
internal static class RoutingConditionKinds
{
    /// <summary>Every kind, in the order the "empty condition" message lists them.</summary>
    public static readonly RoutingConditionKind[] Registered =
    [
        JunctionConditionKind.AllOf,
        JunctionConditionKind.AnyOf,
        new NotConditionKind(),
        new ServiceConditionKind(),
        new GroupConditionKind(),
        new DistrictConditionKind(),
        new EnumListConditionKind<Channel, ChannelField>(),
        new EnumListConditionKind<Priority, PriorityField>(),
        new AttributeConditionKind(),
        new KeywordsConditionKind(),
        new TimeConditionKind(),
        new ReporterKindConditionKind(),
        new AgencyOpenConditionKind(),
        new CustomConditionKind(),
    ];

    private static readonly string EmptyMessage = $"The condition is empty: set one of {Condition.OneOf(Registered.Select(k => k.Name))}.";

    /// <summary>Validates and compiles a condition object (at <paramref name="path"/>) by the one kind it sets.</summary>
    /// <returns>The compiled condition; <c>default</c> (no node) when invalid.</returns>
    public static CompiledCondition Compile(RoutingConditionDefinition? condition, RoutingConditionContext context, string path, ref ErrorList problems)
    {
        if (condition is null)
        {
            problems.Add(path, ValidationErrorCodes.Required, "The condition is null.");
            return default;
        }

        RoutingConditionKind? kind = null;
        List<string>? several = null;
        foreach (var candidate in Registered)
        {
            if (!candidate.IsSetOn(condition))
            {
                continue;
            }

            if (kind is null)
            {
                kind = candidate;
            }
            else
            {
                (several ??= [kind.Name]).Add(candidate.Name);
            }
        }

        if (kind is null)
        {
            problems.Add(path, ValidationErrorCodes.Required, EmptyMessage);
            return default;
        }

        if (several is not null)
        {
            problems.Add(path, ValidationErrorCodes.Inconsistent, $"The condition sets {string.Join(" and ", several)}; a condition is of one kind only (combine several with 'all' or 'any').");
            return default;
        }

        return kind.Compile(condition, context, path + "." + kind.Name, ref problems);
    }
}
