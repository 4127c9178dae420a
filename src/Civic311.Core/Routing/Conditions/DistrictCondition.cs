using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Internal;

namespace Civic311.Routing;

/// <summary><c>{"district": {"set": "borough", "in": ["Brooklyn"]}}</c>: the point is in one of these districts of the set (without <c>in</c>, in any).</summary>
internal sealed class DistrictConditionKind() : RoutingConditionKind<DistrictConditionDefinition>("district", d => d.District)
{
    protected override CompiledCondition CompilePart(DistrictConditionDefinition district, RoutingConditionContext context, string path, ref ErrorList problems)
    {
        if (RequiredText(district.Set, path + ".set", "The district set is required.", ref problems) is not { } setName)
        {
            return default;
        }

        var indexes = context.SetIndexes;
        if (!indexes.TryGetValue(setName, out var index))
        {
            problems.Add(path + ".set", ValidationErrorCodes.Unknown, $"There is no district set '{setName}'{(indexes.Count == 0 ? " (none is defined)" : $" (the sets are {string.Join(", ", indexes.Keys)})")}.");
            return default;
        }

        var set = context.Sets[index];
        if (district.In is null)
        {
            return CompiledCondition.Leaf(set is null ? null : new DistrictCondition(index, set.Name, null, []));
        }

        if (district.In.Count == 0)
        {
            problems.Add(path + ".in", ValidationErrorCodes.Required, "'in' lists no district; leave it out for any district of the set.");
            return default;
        }

        if (set is null)
        {
            return default; // the set has its own errors
        }

        var wanted = new bool[set.Districts.Length];
        var names = new List<string>();
        for (var i = 0; i < district.In.Count; i++)
        {
            var name = district.In[i]?.Trim();
            var key = string.IsNullOrEmpty(name) ? null : DistrictSet.Key(name, set.Normalized);
            var found = key is null ? -1 : Array.FindIndex(set.Keys, d => string.Equals(d, key, StringComparison.OrdinalIgnoreCase));
            if (found < 0)
            {
                var known = set.Districts.Length > 12 ? string.Join(", ", set.Districts.Take(12)) + ", ..." : string.Join(", ", set.Districts);
                problems.Add($"{path}.in[{i}]", string.IsNullOrEmpty(name) ? ValidationErrorCodes.Required : ValidationErrorCodes.Unknown, $"'{name}' is not a district of the set '{set.Name}' (its districts: {known}).");
            }
            else if (!wanted[found])
            {
                wanted[found] = true;
                names.Add(set.Districts[found]);
            }
        }

        return CompiledCondition.Leaf(new DistrictCondition(index, set.Name, wanted, names.ToArray()));
    }
}

internal sealed class DistrictCondition(int set, string setName, bool[]? wanted, string[] wantedNames) : Condition
{
    public override bool Evaluate(ref RoutingState state)
    {
        var district = state.District(set);
        return district >= 0 && (wanted is null || wanted[district]);
    }

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (state.Input.Location is not { } point)
        {
            return $"district {setName}: the request has no location";
        }

        var district = state.District(set);
        if (district < 0)
        {
            return $"district {setName}: point {point} is outside every {setName} district";
        }

        var name = state.Set(set).Districts[district];
        return outcome ? $"{setName} is {name}" : $"district {setName}: point is in {name}, rule wants {OneOf(wantedNames)}";
    }

    public override string Describe() => wanted is null ? $"inside a {setName} district" : $"{setName} is {OneOf(wantedNames)}";

    public override void CollectSets(ISet<int> sets) => sets.Add(set);
}
