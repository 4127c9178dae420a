using System.Collections.Generic;
using System.Linq;

namespace Civic311.Routing;

/// <summary>
/// A compiled condition. <see cref="Evaluate"/> is the hot path and builds no text; <see cref="Reason"/> (explanations only)
/// states the facts behind an outcome; <see cref="Describe"/> is the fixed text of what the condition requires.
/// </summary>
internal abstract class Condition
{
    public abstract bool Evaluate(ref RoutingState state);

    public abstract string Reason(ref RoutingState state, bool outcome);

    public abstract string Describe();

    /// <summary>Adds the district sets this condition looks at.</summary>
    public virtual void CollectSets(ISet<int> sets)
    {
    }

    /// <summary>"a", "a or b", "a, b or c".</summary>
    internal static string OneOf<T>(IEnumerable<T> values)
    {
        var texts = values.Select(v => v?.ToString() ?? string.Empty).ToArray();
        return texts.Length switch
        {
            0 => "(nothing)",
            1 => texts[0],
            _ => string.Join(", ", texts[..^1]) + " or " + texts[^1],
        };
    }
}

/// <summary>
/// A compiled condition with what the compiler needs to index its rule: the node (<see langword="null"/> when invalid), the
/// service ids it requires (<see langword="null"/>: any), and whether it tests only the service type. <c>default</c> is "invalid".
/// </summary>
internal readonly record struct CompiledCondition(Condition? Node, HashSet<int>? Required, bool Pure)
{
    /// <summary>A condition that does not restrict the service type (<see langword="null"/> node: invalid).</summary>
    public static CompiledCondition Leaf(Condition? node) => new(node, null, false);
}
