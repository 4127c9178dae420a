using System;
using System.Collections.Generic;
using Civic311.Internal;

namespace Civic311.Routing;

/// <summary><c>{"service": ["POTHOLE", "STREETLIGHT"]}</c>: the service code is one of these catalog codes.</summary>
internal sealed class ServiceConditionKind() : ServiceListConditionKind("service", d => d.Service, "service code", isGroup: false)
{
    protected override string? Resolve(string code, RoutingConditionContext context, HashSet<int> ids, List<string> values)
    {
        if (!context.ServiceIds.TryGetValue(code, out var id))
        {
            return $"The service code '{code}' is not in the catalog.";
        }

        if (ids.Add(id))
        {
            values.Add(context.Catalog.ServiceTypes[id].Code);
        }

        return null;
    }
}

/// <summary>
/// A kind whose part is a list of entries that each stand for some catalog service types (codes, groups); it compiles to a
/// <see cref="ServiceCondition"/>, which requires those service types and tests only the service type.
/// </summary>
internal abstract class ServiceListConditionKind(string name, Func<RoutingConditionDefinition, IList<string>?> part, string what, bool isGroup)
    : RoutingConditionKind<IList<string>>(name, part)
{
    protected sealed override CompiledCondition CompilePart(IList<string> entries, RoutingConditionContext context, string path, ref ErrorList problems)
    {
        var before = problems.Count;
        var ids = new HashSet<int>();
        var values = new List<string>();
        if (entries.Count == 0)
        {
            problems.Add(path, ValidationErrorCodes.Required, $"List at least one {what}.");
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i]?.Trim();
            if (string.IsNullOrEmpty(entry))
            {
                problems.Add($"{path}[{i}]", ValidationErrorCodes.Required, $"A {what} is empty.");
            }
            else if (Resolve(entry, context, ids, values) is { } unknown)
            {
                problems.Add($"{path}[{i}]", ValidationErrorCodes.Unknown, unknown);
            }
        }

        if (problems.Count != before)
        {
            return default;
        }

        var byId = new bool[context.ServiceCount];
        foreach (var id in ids)
        {
            byId[id] = true;
        }

        return new CompiledCondition(new ServiceCondition(byId, isGroup, values.ToArray()), ids, true);
    }

    /// <summary>Adds the service ids <paramref name="entry"/> (trimmed, not empty) stands for, and the text explanations show for it.</summary>
    /// <returns>The problem when the entry is unknown; otherwise <see langword="null"/>.</returns>
    protected abstract string? Resolve(string entry, RoutingConditionContext context, HashSet<int> ids, List<string> values);
}

/// <summary>A service-code or service-group test, compiled to a flag per catalog service type.</summary>
internal sealed class ServiceCondition(bool[] byServiceId, bool isGroup, string[] values) : Condition
{
    public override bool Evaluate(ref RoutingState state) => state.Service is { } service && byServiceId[service.Id];

    public override string Reason(ref RoutingState state, bool outcome)
    {
        var code = state.Input.ServiceCode;
        if (state.Service is not { } service)
        {
            return $"service type: {code} is not in the catalog";
        }

        if (isGroup)
        {
            var group = service.Type.Group ?? "(no group)";
            return outcome ? $"service group is {group} ({service.Type.Code})" : $"service group: {service.Type.Code} is in {group}, not {OneOf(values)}";
        }

        return outcome ? $"service type is {service.Type.Code}" : $"service type: {service.Type.Code} is not {OneOf(values)}";
    }

    public override string Describe() => (isGroup ? "service group is " : "service type is ") + OneOf(values);
}
