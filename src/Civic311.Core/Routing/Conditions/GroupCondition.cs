using System;
using System.Collections.Generic;

namespace Civic311.Routing;

/// <summary><c>{"group": ["Streets"]}</c>: the service type is in one of these catalog groups.</summary>
internal sealed class GroupConditionKind() : ServiceListConditionKind("group", d => d.Group, "service group", isGroup: true)
{
    protected override string? Resolve(string group, RoutingConditionContext context, HashSet<int> ids, List<string> values)
    {
        var matched = false;
        for (var id = 0; id < context.ServiceCount; id++)
        {
            if (string.Equals(context.Catalog.ServiceTypes[id].Group, group, StringComparison.OrdinalIgnoreCase))
            {
                ids.Add(id);
                matched = true;
            }
        }

        values.Add(group);
        return matched ? null : $"No service type in the catalog is in the group '{group}'.";
    }
}
