using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Requests;

namespace Civic311.Routing;

/// <summary>The parts <see cref="RoutingRules"/> is made of.</summary>
/// <remarks>
/// A rule whose queue is a pattern has <see cref="QueueSet"/> (the set the pattern names, else -1) and one precomputed
/// decision per district of that set in <see cref="ByDistrict"/>, so routing picks a decision by index and formats nothing.
/// </remarks>
internal sealed record CompiledRule(int Index, string Name, Condition? Condition, RoutingDecision Decision, int[] Sets, string[]? AppliesTo, int QueueSet = -1, RoutingDecision[]? ByDistrict = null);

/// <summary>
/// Validates a <see cref="RoutingDefinition"/> against the catalog, listing every problem with its path, and compiles it:
/// district sets into spatial indexes, conditions into trees, and rules into per-service-type buckets.
/// </summary>
internal sealed class RoutingCompiler
{
    private readonly ServiceCatalog _catalog;
    private readonly RoutingBuildOptions _options;
    private readonly RoutingConditionContext _context;
    private ErrorList _problems;

    private RoutingCompiler(ServiceCatalog catalog, RoutingBuildOptions options)
    {
        _catalog = catalog;
        _options = options;
        _context = new RoutingConditionContext(catalog, options);
    }

    private int ServiceCount => _catalog.ServiceTypes.Count;

    public static bool TryCompile(RoutingDefinition definition, ServiceCatalog catalog, RoutingBuildOptions? options, out RoutingRules? rules, out IReadOnlyList<ValidationError> errors)
    {
        var compiler = new RoutingCompiler(catalog, options ?? new RoutingBuildOptions());
        rules = compiler.Compile(definition);
        errors = compiler._problems.ToList();
        return !compiler._problems.HasErrors;
    }

    private RoutingRules? Compile(RoutingDefinition definition)
    {
        RegisterCustomConditions();
        CompileDistricts(definition);

        var rules = new List<CompiledRule>(definition.Rules.Count);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var covered = new HashSet<int>();
        string? catchAll = null;
        var buckets = new List<int>?[ServiceCount];
        var general = new List<int>();
        for (var i = 0; i < definition.Rules.Count; i++)
        {
            var path = $"rules[{i}]";
            var rule = definition.Rules[i];
            if (rule is null)
            {
                _problems.Add(path, ValidationErrorCodes.Required, "The rule entry is null.");
                continue;
            }

            var name = rule.Name?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                _problems.Add(path + ".name", ValidationErrorCodes.Required, "The rule name is required (explanations and history show it).");
                name = $"#{i}";
            }
            else if (!names.Add(name))
            {
                _problems.Add(path + ".name", ValidationErrorCodes.Duplicate, $"The rule name '{name}' is used by another rule (names compare case-insensitively).");
            }

            var when = rule.When is null ? default : RoutingConditionKinds.Compile(rule.When, _context, path + ".when", ref _problems);
            if (catchAll is not null)
            {
                _problems.Add(path, ValidationErrorCodes.Inconsistent, $"The rule '{name}' can never be reached: {catchAll}.");
            }
            else if (when.Required is { Count: 0 })
            {
                _problems.Add(path + ".when", ValidationErrorCodes.Inconsistent, $"The rule '{name}' can never match: its service conditions exclude each other.");
            }
            else if (when.Required is { } required && required.IsSubsetOf(covered))
            {
                _problems.Add(path, ValidationErrorCodes.Inconsistent, $"The rule '{name}' can never be reached: earlier rules that test only the service type already catch {Codes(required)}.");
            }

            if (rule.When is null)
            {
                catchAll ??= $"the rule '{name}' (#{i}) before it has no condition and catches every request";
            }
            else if (when.Pure && when.Required is { } caught)
            {
                covered.UnionWith(caught);
                if (covered.Count == ServiceCount)
                {
                    catchAll ??= $"the rules up to '{name}' (#{i}) catch every service type by its code alone";
                }
            }

            var condition = when.Node;
            var action = CompileAction(rule.Then, path + ".then");
            if (action is null || (rule.When is not null && condition is null))
            {
                continue;
            }

            var sets = new SortedSet<int>();
            condition?.CollectSets(sets);
            var describe = condition?.Describe() ?? "every request";
            var decision = action.Decide(i, name, $"routed by rule '{name}' (#{i}) to {action.Agency}/{action.Queue}: {describe}");
            RoutingDecision[]? byDistrict = null;
            if (action.QueueSet >= 0)
            {
                sets.Add(action.QueueSet);
                var set = _context.Sets[action.QueueSet]!;
                byDistrict = new RoutingDecision[set.Districts.Length];
                for (var d = 0; d < byDistrict.Length; d++)
                {
                    byDistrict[d] = action.Decide(i, name, $"routed by rule '{name}' (#{i}) to {action.Agency}/{action.Queues![d]} ({set.Name} {set.Districts[d]} by the pattern {action.Queue}): {describe}", action.Queues[d]);
                }
            }

            rules.Add(new CompiledRule(i, name, condition, decision, sets.ToArray(), when.Required?.Order().Select(id => _catalog.ServiceTypes[id].Code).ToArray(), action.QueueSet, byDistrict));
            if (when.Required is { } ids)
            {
                foreach (var id in ids)
                {
                    (buckets[id] ??= []).Add(i);
                }
            }
            else
            {
                general.Add(i);
            }
        }

        var fallback = CompileAction(definition.Fallback, "fallback");
        if (_problems.HasErrors || fallback is null)
        {
            return null;
        }

        var services = new Dictionary<string, ServiceInfo>(StringComparer.OrdinalIgnoreCase);
        for (var id = 0; id < ServiceCount; id++)
        {
            var type = _catalog.ServiceTypes[id];
            var calendar = _context.Calendars?[IndexOfAgency(type.Agency)];
            services.Add(type.Code, new ServiceInfo(id, type, calendar, buckets[id]?.ToArray() ?? []));
        }

        var referenced = rules.SelectMany(r => r.Sets).Distinct().Order().ToArray();
        return new RoutingRules(
            rules.ToArray(),
            general.ToArray(),
            services,
            _context.Sets.Select(s => s!).ToArray(),
            referenced,
            fallback.Decide(null, null, $"routed to the fallback {fallback.Agency}/{fallback.Queue}: no rule matched"));
    }

    private string Codes(IEnumerable<int> ids)
    {
        var codes = ids.Order().Select(id => _catalog.ServiceTypes[id].Code).ToArray();
        return codes.Length > 8 ? string.Join(", ", codes.Take(8)) + $" and {codes.Length - 8} more" : string.Join(", ", codes);
    }

    private int IndexOfAgency(Agency agency)
    {
        for (var i = 0; i < _catalog.Agencies.Count; i++)
        {
            if (ReferenceEquals(_catalog.Agencies[i], agency))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"The agency '{agency.Code}' is not in the catalog.");
    }

    private void RegisterCustomConditions()
    {
        for (var i = 0; i < _options.Conditions.Count; i++)
        {
            var condition = _options.Conditions[i];
            if (condition is null || string.IsNullOrWhiteSpace(condition.Name))
            {
                _problems.Add($"options.conditions[{i}]", ValidationErrorCodes.Required, "The custom condition is null or has no name.");
            }
            else if (!_context.Custom.TryAdd(condition.Name.Trim(), condition))
            {
                _problems.Add($"options.conditions[{i}]", ValidationErrorCodes.Duplicate, $"Two custom conditions are named '{condition.Name}'.");
            }
        }
    }

    private void CompileDistricts(RoutingDefinition definition)
    {
        for (var i = 0; i < definition.Districts.Count; i++)
        {
            var path = $"districts[{i}]";
            var set = definition.Districts[i];
            if (set is null)
            {
                _problems.Add(path, ValidationErrorCodes.Required, "The district set entry is null.");
                continue;
            }

            var name = set.Name?.Trim();
            var ok = true;
            if (string.IsNullOrEmpty(name))
            {
                _problems.Add(path + ".name", ValidationErrorCodes.Required, "The district set name is required (conditions refer to it).");
                ok = false;
            }
            else if (_context.SetIndexes.ContainsKey(name))
            {
                _problems.Add(path + ".name", ValidationErrorCodes.Duplicate, $"The district set name '{name}' is used twice.");
                ok = false;
            }
            else
            {
                _context.SetIndexes.Add(name, _context.Sets.Count);
            }

            var nameProperty = set.NameProperty?.Trim();
            if (string.IsNullOrEmpty(nameProperty))
            {
                _problems.Add(path + ".nameProperty", ValidationErrorCodes.Required, "The name property is required: the feature property that names each district.");
                ok = false;
            }

            if (ok)
            {
                _context.Sets.Add(GeoJsonDistricts.Load(set, name!, nameProperty!, definition.FileProvider, path, ref _problems));
            }
            else if (!string.IsNullOrEmpty(name) && _context.SetIndexes.TryGetValue(name, out var index) && index == _context.Sets.Count)
            {
                _context.Sets.Add(null);
            }
        }
    }

    private CompiledAction? CompileAction(RoutingActionDefinition? action, string path)
    {
        if (action is null)
        {
            _problems.Add(path, ValidationErrorCodes.Required, path == "fallback"
                ? "The fallback is required: where a request goes when no rule matches (or its location is outside every district)."
                : "The rule has no action ('then'): give at least an agency and a queue.");
            return null;
        }

        var before = _problems.Count;
        Agency? agency = null;
        AgencyQueue? queue = null;
        var queueSet = -1;
        string[]? queues = null;
        if (string.IsNullOrWhiteSpace(action.Agency))
        {
            _problems.Add(path + ".agency", ValidationErrorCodes.Required, "The agency is required.");
        }
        else if (!_catalog.TryGetAgency(action.Agency.Trim(), out agency))
        {
            _problems.Add(path + ".agency", ValidationErrorCodes.Unknown, $"The agency '{action.Agency}' is not in the catalog.");
        }

        if (string.IsNullOrWhiteSpace(action.Queue))
        {
            _problems.Add(path + ".queue", ValidationErrorCodes.Required, "The queue is required.");
        }
        else if (QueuePattern.LooksLikePattern(action.Queue))
        {
            (queueSet, queues) = CompileQueuePattern(action.Queue.Trim(), agency, path);
        }
        else if (agency is not null && (queue = agency.Queues.FirstOrDefault(q => string.Equals(q.Code, action.Queue.Trim(), StringComparison.OrdinalIgnoreCase))) is null)
        {
            _problems.Add(path + ".queue", ValidationErrorCodes.Unknown, agency.Queues.Count == 0
                ? $"The queue '{action.Queue}' is unknown: agency '{agency.Code}' declares no queues (add them to its 'queues' in the catalog)."
                : $"The queue '{action.Queue}' is not one of agency '{agency.Code}''s queues ({string.Join(", ", agency.Queues.Select(q => q.Code))}).");
        }

        if (action.Priority is { } priority && !Enum.IsDefined(priority))
        {
            _problems.Add(path + ".priority", ValidationErrorCodes.NotInList, $"'{(int)priority}' is not a priority.");
        }

        var tags = new List<string>(action.Tags.Count);
        for (var t = 0; t < action.Tags.Count; t++)
        {
            var tag = action.Tags[t]?.Trim();
            if (string.IsNullOrEmpty(tag))
            {
                _problems.Add($"{path}.tags[{t}]", ValidationErrorCodes.Required, "A tag is empty.");
            }
            else if (tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                _problems.Add($"{path}.tags[{t}]", ValidationErrorCodes.Duplicate, $"The tag '{tag}' appears twice.");
            }
            else
            {
                tags.Add(tag);
            }
        }

        return _problems.Count == before
            ? new CompiledAction(agency!.Code, queue?.Code ?? action.Queue!.Trim(), Blank(action.Owner), action.Priority, Blank(action.SlaPolicy), tags.ToArray(), queueSet, queues)
            : null;
    }

    /// <summary>
    /// Resolves a queue pattern such as <c>WARD-{ward}</c> to one queue per district of the set it names, checking that the
    /// set exists, that every produced name is a valid queue code, and that the agency declares the pattern itself or every
    /// produced queue.
    /// </summary>
    private (int Set, string[]? Queues) CompileQueuePattern(string text, Agency? agency, string path)
    {
        path += ".queue";
        if (path.StartsWith("fallback", StringComparison.Ordinal))
        {
            _problems.Add(path, ValidationErrorCodes.Inconsistent, "The fallback cannot use a queue pattern: it also takes requests outside every district; give one queue.");
            return (-1, null);
        }

        if (!QueuePattern.TryParse(text, out var pattern))
        {
            _problems.Add(path, ValidationErrorCodes.InvalidFormat, $"The queue pattern '{text}' must have exactly one '{{set}}' placeholder naming a district set, around letters, digits, '-', '_' or '.' (for example 'WARD-{{ward}}').");
            return (-1, null);
        }

        if (!_context.SetIndexes.TryGetValue(pattern.Set, out var index))
        {
            var indexes = _context.SetIndexes;
            _problems.Add(path, ValidationErrorCodes.Unknown, $"The queue pattern '{text}' names no district set '{pattern.Set}'{(indexes.Count == 0 ? " (none is defined)" : $" (the sets are {string.Join(", ", indexes.Keys)})")}.");
            return (-1, null);
        }

        if (_context.Sets[index] is not { } set)
        {
            return (-1, null); // the set has its own errors
        }

        var declared = agency is not null && agency.HasPattern(pattern);
        var queues = new string[set.Districts.Length];
        var ok = true;
        for (var d = 0; d < queues.Length; d++)
        {
            queues[d] = pattern.Produce(set.Keys[d]);
            if (!Internal.Codes.IsValid(queues[d]))
            {
                _problems.Add(path, ValidationErrorCodes.InvalidFormat, $"The queue pattern '{text}' gives district '{set.Districts[d]}' of the set '{set.Name}' the queue '{queues[d]}', which is not a valid queue code: the queue code {Internal.Codes.Describe(queues[d])}.");
                ok = false;
            }
            else if (agency is not null && !declared && !agency.HasQueue(queues[d]))
            {
                _problems.Add(path, ValidationErrorCodes.Unknown, $"The queue pattern '{text}' gives district '{set.Districts[d]}' of the set '{set.Name}' the queue '{queues[d]}', which agency '{agency.Code}' does not declare (declare the pattern '{text}' or that queue in its 'queues').");
                ok = false;
            }
        }

        return ok ? (index, queues) : (-1, null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A checked action; with a queue pattern, <see cref="QueueSet"/> is its set and <see cref="Queues"/> the queue of each district.</summary>
    private sealed record CompiledAction(string Agency, string Queue, string? Owner, Priority? Priority, string? SlaPolicy, string[] Tags, int QueueSet, string[]? Queues)
    {
        public RoutingDecision Decide(int? index, string? name, string summary, string? queue = null) =>
            new(Agency, queue ?? Queue, Owner, Priority, SlaPolicy, Tags, index, name, [], summary);
    }
}
