using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Requests;

namespace Civic311.Routing;

/// <summary>
/// A compiled, validated routing configuration: sends each request to the accountable agency and queue by the first rule
/// that matches, or to the fallback.
/// </summary>
/// <remarks>
/// <para>
/// Compiled for speed: rules that can only match some service types (their condition requires a service code or group)
/// are indexed by service type, so routing a request evaluates only its service type's rules and the rules that apply to
/// every type, merged in rule order (first-match-wins is exact). District sets are an STRtree over polygon envelopes with
/// prepared polygons; each set is looked up at most once per request, and only when a rule needs it. <see cref="Route"/>
/// builds no explanation text and, for a request inside its districts, allocates nothing.
/// </para>
/// <para>Every decision can be explained with <see cref="Explain"/>, which gives the same decision and a trace of every rule.</para>
/// </remarks>
/// <threadsafety>Immutable and thread-safe; build it once and share it.</threadsafety>
public sealed class RoutingRules
{
    private const int StackSets = 16;

    private readonly CompiledRule[] _rules;
    private readonly int[] _general;
    private readonly Dictionary<string, ServiceInfo> _services;
    private readonly DistrictSet[] _sets;
    private readonly int[] _referencedSets;
    private readonly RoutingDecision _fallback;

    internal RoutingRules(CompiledRule[] rules, int[] general, Dictionary<string, ServiceInfo> services, DistrictSet[] sets, int[] referencedSets, RoutingDecision fallback)
    {
        _rules = rules;
        _general = general;
        _services = services;
        _sets = sets;
        _referencedSets = referencedSets;
        _fallback = fallback;
        var names = new string[sets.Length];
        for (var i = 0; i < sets.Length; i++)
        {
            names[i] = sets[i].Name;
        }

        DistrictSets = names;
    }

    /// <summary>Gets the number of rules.</summary>
    public int Count => _rules.Length;

    /// <summary>Gets the names of the district sets, in definition order.</summary>
    public IReadOnlyList<string> DistrictSets { get; }

    /// <summary>Validates a definition against the catalog and compiles it.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="catalog">The service catalog (agencies, their queues, service codes and groups).</param>
    /// <param name="options">Calendars for <c>agencyOpen</c> conditions and custom conditions; optional.</param>
    /// <returns>The compiled rules.</returns>
    /// <exception cref="Civic311ValidationException">The definition is invalid; every problem is listed with its path.</exception>
    public static RoutingRules Build(RoutingDefinition definition, ServiceCatalog catalog, RoutingBuildOptions? options = null) =>
        TryBuild(definition, catalog, options, out var rules, out var errors)
            ? rules
            : throw new Civic311ValidationException("routing configuration", errors);

    /// <summary>Validates a definition and compiles it, reporting problems instead of throwing.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="catalog">The service catalog.</param>
    /// <param name="options">Calendars and custom conditions; optional.</param>
    /// <param name="rules">The compiled rules when valid.</param>
    /// <param name="errors">Every problem found; empty when valid.</param>
    /// <returns><see langword="true"/> when the definition is valid.</returns>
    public static bool TryBuild(
        RoutingDefinition definition,
        ServiceCatalog catalog,
        RoutingBuildOptions? options,
        [NotNullWhen(true)] out RoutingRules? rules,
        out IReadOnlyList<ValidationError> errors)
    {
        Guard.NotNull(definition);
        Guard.NotNull(catalog);
        return RoutingCompiler.TryCompile(definition, catalog, options, out rules, out errors);
    }

    /// <summary>Routes a request: the first matching rule's action, or the fallback.</summary>
    /// <param name="input">The request.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException">The input has no service code.</exception>
    public RoutingDecision Route(in RoutingInput input)
    {
        var service = Service(input);
        var districts = _sets.Length <= StackSets ? stackalloc int[StackSets] : new int[_sets.Length];
        var state = new RoutingState(input, service, _sets, districts[.._sets.Length]);
        var bucket = service?.Bucket ?? [];
        var general = _general;
        int b = 0, g = 0;
        while (b < bucket.Length || g < general.Length)
        {
            var index = g >= general.Length || (b < bucket.Length && bucket[b] < general[g]) ? bucket[b++] : general[g++];
            var rule = _rules[RulePosition(index)];
            if ((rule.Condition is null || rule.Condition.Evaluate(ref state)) && Decision(rule, ref state) is { } decision)
            {
                return WithOutside(decision, rule.Sets, ref state);
            }
        }

        return WithOutside(_fallback, _referencedSets, ref state);
    }

    /// <summary>Routes a request and explains the decision: every rule, evaluated or not, matched or not, and why.</summary>
    /// <param name="input">The request.</param>
    /// <returns>The explanation, whose decision is the one <see cref="Route"/> gives.</returns>
    /// <exception cref="ArgumentException">The input has no service code.</exception>
    public RoutingExplanation Explain(in RoutingInput input)
    {
        var service = Service(input);
        var state = new RoutingState(input, service, _sets, new int[_sets.Length]);
        var candidate = new bool[_rules.Length];
        foreach (var index in _general)
        {
            candidate[RulePosition(index)] = true;
        }

        foreach (var index in service?.Bucket ?? [])
        {
            candidate[RulePosition(index)] = true;
        }

        var trace = new RuleTrace[_rules.Length];
        CompiledRule? matched = null;
        for (var i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (matched is not null)
            {
                trace[i] = new RuleTrace(rule.Index, rule.Name, false, false, $"not evaluated: rule '{matched.Name}' (#{matched.Index}) matched first");
            }
            else if (!candidate[i])
            {
                var codes = rule.AppliesTo!;
                var list = codes.Length > 8 ? string.Join(", ", codes[..8]) + $" and {codes.Length - 8} more" : string.Join(", ", codes);
                trace[i] = new RuleTrace(rule.Index, rule.Name, false, false, $"not evaluated: applies only to service type{(codes.Length == 1 ? string.Empty : "s")} {list}; the request is {input.ServiceCode}");
            }
            else
            {
                var outcome = rule.Condition is null || rule.Condition.Evaluate(ref state);
                var reason = rule.Condition is null ? "no condition: matches every request" : rule.Condition.Reason(ref state, outcome);
                if (outcome && Decision(rule, ref state) is null)
                {
                    outcome = false;
                    reason += $"; but its queue comes from the {_sets[rule.QueueSet].Name} district and the request's point is in none, so the rule does not apply";
                }
                else if (outcome && rule.QueueSet >= 0)
                {
                    var set = _sets[rule.QueueSet];
                    reason += $"; queue {rule.ByDistrict![state.District(rule.QueueSet)].Queue} from {set.Name} {set.Districts[state.District(rule.QueueSet)]}";
                }
                trace[i] = new RuleTrace(rule.Index, rule.Name, true, outcome, reason);
                matched = outcome ? rule : null;
            }
        }

        var decision = matched is null ? WithOutside(_fallback, _referencedSets, ref state) : WithOutside(Decision(matched, ref state)!, matched.Sets, ref state);
        var districts = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var s = 0; s < _sets.Length; s++)
        {
            var district = state.District(s);
            districts.Add(_sets[s].Name, district >= 0 ? _sets[s].Districts[district] : null);
        }

        return new RoutingExplanation(decision, trace, districts);
    }

    /// <summary>Finds the district of a set that contains a point (borders count as inside; where districts overlap, the first in the file wins).</summary>
    /// <param name="set">The district set name (case-insensitive).</param>
    /// <param name="point">The point.</param>
    /// <returns>The district name, or <see langword="null"/> when the point is outside every district of the set.</returns>
    /// <exception cref="ArgumentException">There is no such district set.</exception>
    public string? FindDistrict(string set, GeoPoint point)
    {
        Guard.NotNull(set);
        foreach (var districts in _sets)
        {
            if (string.Equals(districts.Name, set, StringComparison.OrdinalIgnoreCase))
            {
                var found = districts.Locate(point.Longitude, point.Latitude);
                return found >= 0 ? districts.Districts[found] : null;
            }
        }

        throw new ArgumentException($"There is no district set '{set}'.", nameof(set));
    }

    /// <summary>Finds, in every district set, the district that contains a point ("which ward, borough and precinct is this?").</summary>
    /// <param name="point">The point.</param>
    /// <returns>Each set's name (in the order defined) with its district, or <see langword="null"/> where the point is outside the set.</returns>
    public IReadOnlyList<KeyValuePair<string, string?>> FindDistricts(GeoPoint point)
    {
        var found = new KeyValuePair<string, string?>[_sets.Length];
        for (var i = 0; i < _sets.Length; i++)
        {
            var district = _sets[i].Locate(point.Longitude, point.Latitude);
            found[i] = new(_sets[i].Name, district >= 0 ? _sets[i].Districts[district] : null);
        }

        return found;
    }

    /// <summary>The compiled district set of that name (for tests and tools).</summary>
    internal DistrictSet GetDistrictSet(string name) =>
        Array.Find(_sets, s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)) ?? throw new ArgumentException($"There is no district set '{name}'.", nameof(name));

    private ServiceInfo? Service(in RoutingInput input)
    {
        if (input.ServiceCode is null)
        {
            throw new ArgumentException("The routing input has no service code.", nameof(input));
        }

        return _services.GetValueOrDefault(input.ServiceCode);
    }

    // Rules that failed validation are never compiled, so a valid set has one compiled rule per definition index.
    private static int RulePosition(int index) => index;

    /// <summary>
    /// The matched rule's decision: its only one, or, for a queue pattern, the one precomputed for the district of the point;
    /// <see langword="null"/> when the point is in no district of the pattern's set (the rule then does not apply and the
    /// next rule is tried, since there is no queue to send the request to).
    /// </summary>
    private static RoutingDecision? Decision(CompiledRule rule, ref RoutingState state)
    {
        if (rule.QueueSet < 0)
        {
            return rule.Decision;
        }

        var district = state.District(rule.QueueSet);
        return district >= 0 ? rule.ByDistrict![district] : null;
    }

    private RoutingDecision WithOutside(RoutingDecision decision, int[] sets, ref RoutingState state)
    {
        if (state.Input.Location is null || sets.Length == 0)
        {
            return decision;
        }

        List<string>? outside = null;
        foreach (var set in sets)
        {
            if (state.District(set) < 0)
            {
                (outside ??= []).Add(_sets[set].Name);
            }
        }

        if (outside is null)
        {
            return decision;
        }

        return new RoutingDecision(
            decision.Agency,
            decision.Queue,
            decision.Owner,
            decision.Priority,
            decision.SlaPolicy,
            decision.Tags,
            decision.RuleIndex,
            decision.RuleName,
            outside.ToArray(),
            $"{decision.Summary}; the location {state.Input.Location} is outside every district of {string.Join(" and ", outside)}");
    }
}
