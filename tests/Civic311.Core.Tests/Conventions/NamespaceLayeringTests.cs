using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Civic311.Application;

namespace Civic311.Core.Tests.Conventions;

/// <summary>
/// Core's namespaces form layers: the shared vocabulary at the base, one namespace per capability, the application layer
/// on top. These tests read the compiled assembly, so a use hidden in a lambda or an async method is caught too.
/// </summary>
public sealed class NamespaceLayeringTests
{
    private static readonly Assembly Core = typeof(ServiceRequests).Assembly;

    private static readonly IReadOnlyDictionary<(string From, string To), string> Edges = NamespaceDependencies.Edges(Core);

    /// <summary>
    /// What each namespace may use (besides itself and its own <c>.Internal</c> machinery). Everything may use the base
    /// namespace <c>Civic311</c>; the base uses nothing above it.
    /// </summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Civic311"] = [],
        ["Civic311.Catalog"] = [],
        ["Civic311.Sla.Holidays"] = [],
        ["Civic311.Sla"] = ["Civic311.Catalog", "Civic311.Sla.Holidays"],
        ["Civic311.Routing"] = ["Civic311.Catalog", "Civic311.Sla"],
        ["Civic311.Notifications"] = ["Civic311.Catalog"],
        ["Civic311.Requests"] = ["Civic311.Catalog", "Civic311.Sla", "Civic311.Routing", "Civic311.Notifications"],
        ["Civic311.Storage"] = ["Civic311.Catalog", "Civic311.Sla", "Civic311.Notifications", "Civic311.Requests"],
        ["Civic311.Application"] = ["Civic311.Catalog", "Civic311.Sla", "Civic311.Sla.Holidays", "Civic311.Routing", "Civic311.Notifications", "Civic311.Requests", "Civic311.Storage"],
        ["Microsoft.Extensions.DependencyInjection"] = ["Civic311.Application", "Civic311.Storage", "Civic311.Requests", "Civic311.Catalog"],
    };

    [Fact]
    public void Edges_Core_SeeTheApplicationLayerUseTheAggregate()
    {
        // Guards the other tests against passing vacuously (an analysis that finds nothing finds no cycle either).
        Edges.Keys.Should().Contain(("Civic311.Application", "Civic311.Requests"));
        Edges.Keys.Should().Contain(("Civic311.Requests", "Civic311.Sla"));
        Edges.Count.Should().BeGreaterThan(10);
    }

    [Fact]
    public void Namespaces_Core_NoTwoUseEachOther()
    {
        var pairs = Edges.Keys
            .Where(e => string.CompareOrdinal(e.From, e.To) < 0 && Edges.ContainsKey((e.To, e.From)))
            .Select(e => $"{e.From} <-> {e.To}: {Edges[e]}; {Edges[(e.To, e.From)]}");

        pairs.Should().BeEmpty("dependencies between Core's namespaces point one way only");
    }

    [Fact]
    public void Namespaces_Core_FormNoCycle()
    {
        var cycles = StronglyConnected(Edges.Keys).Where(c => c.Count > 1).Select(c => string.Join(" -> ", c));

        cycles.Should().BeEmpty("no chain of namespace uses may lead back to where it started");
    }

    [Fact]
    public void Namespaces_Core_UseOnlyTheLayersBelowThem()
    {
        var offenders = Edges
            .Where(e => e.Key.To != "Civic311" && !(Allowed.TryGetValue(e.Key.From, out var below) && below.Contains(e.Key.To)))
            .Select(e => $"{e.Key.From} -> {e.Key.To} ({e.Value})")
            .Order(StringComparer.Ordinal);

        offenders.Should().BeEmpty("each namespace may use only the layers listed for it in this test (architecture.md)");
    }

    [Fact]
    public void Namespaces_Core_AreAllPlacedInALayer()
    {
        var namespaces = Core.GetTypes().Select(NamespaceDependencies.UnitOf).OfType<string>().Distinct();

        namespaces.Should().BeSubsetOf(Allowed.Keys, "a new namespace needs its place in the layering");
    }

    private static List<List<string>> StronglyConnected(IEnumerable<(string From, string To)> edges)
    {
        // Tarjan's algorithm; the graph has a dozen nodes, so recursion depth is no concern.
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var target in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(target))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (stack.Contains(target))
                {
                    low[node] = Math.Min(low[node], index[target]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                result.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return result;
    }
}
