using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Requests;
using Civic311.Sla;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Routing;

/// <summary>The parts <see cref="RoutingRules"/> is made of.</summary>
internal sealed record CompiledRule(int Index, string Name, Condition? Condition, RoutingDecision Decision, int[] Sets, string[]? AppliesTo);

/// <summary>
/// Validates a <see cref="RoutingDefinition"/> against the catalog, listing every problem with its path, and compiles it:
/// district sets into spatial indexes, conditions into trees, and rules into per-service-type buckets.
/// </summary>
internal sealed class RoutingCompiler
{
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private readonly ServiceCatalog _catalog;
    private readonly RoutingBuildOptions _options;
    private readonly Dictionary<string, int> _setIndexes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<DistrictSet?> _sets = [];
    private readonly Dictionary<string, IRoutingCondition> _custom = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _serviceIds = new(StringComparer.OrdinalIgnoreCase);
    private BusinessCalendar?[]? _calendars;
    private ErrorList _problems;

    private RoutingCompiler(ServiceCatalog catalog, RoutingBuildOptions options)
    {
        _catalog = catalog;
        _options = options;
        for (var i = 0; i < catalog.ServiceTypes.Count; i++)
        {
            _serviceIds.Add(catalog.ServiceTypes[i].Code, i);
        }
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

            var when = rule.When is null ? default : CompileCondition(rule.When, path + ".when");
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
            rules.Add(new CompiledRule(i, name, condition, decision, sets.ToArray(), when.Required?.Order().Select(id => _catalog.ServiceTypes[id].Code).ToArray()));
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
            var calendar = _calendars?[IndexOfAgency(type.Agency)];
            services.Add(type.Code, new ServiceInfo(id, type, calendar, buckets[id]?.ToArray() ?? []));
        }

        var referenced = rules.SelectMany(r => r.Sets).Distinct().Order().ToArray();
        return new RoutingRules(
            rules.ToArray(),
            general.ToArray(),
            services,
            _sets.Select(s => s!).ToArray(),
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
            else if (!_custom.TryAdd(condition.Name.Trim(), condition))
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
            else if (_setIndexes.ContainsKey(name))
            {
                _problems.Add(path + ".name", ValidationErrorCodes.Duplicate, $"The district set name '{name}' is used twice.");
                ok = false;
            }
            else
            {
                _setIndexes.Add(name, _sets.Count);
            }

            var nameProperty = set.NameProperty?.Trim();
            if (string.IsNullOrEmpty(nameProperty))
            {
                _problems.Add(path + ".nameProperty", ValidationErrorCodes.Required, "The name property is required: the feature property that names each district.");
                ok = false;
            }

            if (ok)
            {
                _sets.Add(GeoJsonDistricts.Load(set, name!, nameProperty!, definition.FileProvider, path, ref _problems));
            }
            else if (!string.IsNullOrEmpty(name) && _setIndexes.TryGetValue(name, out var index) && index == _sets.Count)
            {
                _sets.Add(null);
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
            ? new CompiledAction(agency!.Code, queue!.Code, Blank(action.Owner), action.Priority, Blank(action.SlaPolicy), tags.ToArray())
            : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private Compiled CompileCondition(RoutingConditionDefinition? condition, string path)
    {
        if (condition is null)
        {
            _problems.Add(path, ValidationErrorCodes.Required, "The condition is null.");
            return default;
        }

        var kinds = Kinds(condition);
        if (kinds.Count != 1)
        {
            _problems.Add(path, kinds.Count == 0 ? ValidationErrorCodes.Required : ValidationErrorCodes.Inconsistent, kinds.Count == 0
                ? "The condition is empty: set one of all, any, not, service, group, district, channel, priority, attribute, keywords, time, reporterKind, agencyOpen or custom."
                : $"The condition sets {string.Join(" and ", kinds)}; a condition is of one kind only (combine several with 'all' or 'any').");
            return default;
        }

        return kinds[0] switch
        {
            "all" => Combine(condition.All!, path + ".all", all: true),
            "any" => Combine(condition.Any!, path + ".any", all: false),
            "not" => Negate(condition.Not!, path + ".not"),
            "service" => Services(condition.Service!, path + ".service"),
            "group" => Groups(condition.Group!, path + ".group"),
            "district" => District(condition.District!, path + ".district"),
            "channel" => Leaf(NonEmptyDefined(condition.Channel!, path + ".channel") is { } channels ? new ChannelCondition(channels) : null),
            "priority" => Leaf(NonEmptyDefined(condition.Priority!, path + ".priority") is { } priorities ? new PriorityCondition(priorities) : null),
            "attribute" => Attribute(condition.Attribute!, path + ".attribute"),
            "keywords" => Keywords(condition.Keywords!, path + ".keywords"),
            "time" => Time(condition.Time!, path + ".time"),
            "reporterKind" => Leaf(Texts(condition.ReporterKind!, path + ".reporterKind", "reporter kind") is { } kinds2 ? new ReporterKindCondition(kinds2) : null),
            "agencyOpen" => AgencyOpen(condition.AgencyOpen!.Value, path + ".agencyOpen"),
            _ => Custom(condition.Custom!, path + ".custom"),
        };
    }

    private static List<string> Kinds(RoutingConditionDefinition c)
    {
        var kinds = new List<string>(1);
        void Add(bool set, string name)
        {
            if (set)
            {
                kinds.Add(name);
            }
        }

        Add(c.All is not null, "all");
        Add(c.Any is not null, "any");
        Add(c.Not is not null, "not");
        Add(c.Service is not null, "service");
        Add(c.Group is not null, "group");
        Add(c.District is not null, "district");
        Add(c.Channel is not null, "channel");
        Add(c.Priority is not null, "priority");
        Add(c.Attribute is not null, "attribute");
        Add(c.Keywords is not null, "keywords");
        Add(c.Time is not null, "time");
        Add(c.ReporterKind is not null, "reporterKind");
        Add(c.AgencyOpen is not null, "agencyOpen");
        Add(c.Custom is not null, "custom");
        return kinds;
    }

    private static Compiled Leaf(Condition? node) => new(node, null, false);

    private Compiled Combine(IList<RoutingConditionDefinition> children, string path, bool all)
    {
        if (children.Count == 0)
        {
            _problems.Add(path, ValidationErrorCodes.Required, $"'{(all ? "all" : "any")}' needs at least one condition.");
            return default;
        }

        var compiled = new Compiled[children.Count];
        for (var i = 0; i < children.Count; i++)
        {
            compiled[i] = CompileCondition(children[i], $"{path}[{i}]");
        }

        HashSet<int>? required = null;
        if (all)
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
            return new Compiled(null, required, pure);
        }

        var nodes = compiled.Select(c => c.Node!).ToArray();
        var node = nodes.Length == 1 ? nodes[0] : all ? (Condition)new AllCondition(nodes) : new AnyCondition(nodes);
        return new Compiled(node, required, pure);
    }

    private Compiled Negate(RoutingConditionDefinition child, string path)
    {
        var compiled = CompileCondition(child, path);
        return Leaf(compiled.Node is { } node ? new NotCondition(node) : null);
    }

    private Compiled Services(IList<string> codes, string path)
    {
        var before = _problems.Count;
        var ids = new HashSet<int>();
        var values = new List<string>();
        if (codes.Count == 0)
        {
            _problems.Add(path, ValidationErrorCodes.Required, "List at least one service code.");
        }

        for (var i = 0; i < codes.Count; i++)
        {
            var code = codes[i]?.Trim();
            if (string.IsNullOrEmpty(code))
            {
                _problems.Add($"{path}[{i}]", ValidationErrorCodes.Required, "A service code is empty.");
            }
            else if (!_serviceIds.TryGetValue(code, out var id))
            {
                _problems.Add($"{path}[{i}]", ValidationErrorCodes.Unknown, $"The service code '{code}' is not in the catalog.");
            }
            else if (ids.Add(id))
            {
                values.Add(_catalog.ServiceTypes[id].Code);
            }
        }

        return _problems.Count == before ? ServiceNode(ids, false, values) : default;
    }

    private Compiled Groups(IList<string> groups, string path)
    {
        var before = _problems.Count;
        var ids = new HashSet<int>();
        var values = new List<string>();
        if (groups.Count == 0)
        {
            _problems.Add(path, ValidationErrorCodes.Required, "List at least one service group.");
        }

        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i]?.Trim();
            if (string.IsNullOrEmpty(group))
            {
                _problems.Add($"{path}[{i}]", ValidationErrorCodes.Required, "A service group is empty.");
                continue;
            }

            var matched = false;
            for (var id = 0; id < ServiceCount; id++)
            {
                if (string.Equals(_catalog.ServiceTypes[id].Group, group, StringComparison.OrdinalIgnoreCase))
                {
                    ids.Add(id);
                    matched = true;
                }
            }

            if (!matched)
            {
                _problems.Add($"{path}[{i}]", ValidationErrorCodes.Unknown, $"No service type in the catalog is in the group '{group}'.");
            }

            values.Add(group);
        }

        return _problems.Count == before ? ServiceNode(ids, true, values) : default;
    }

    private Compiled ServiceNode(HashSet<int> ids, bool isGroup, List<string> values)
    {
        var byId = new bool[ServiceCount];
        foreach (var id in ids)
        {
            byId[id] = true;
        }

        return new Compiled(new ServiceCondition(byId, isGroup, values.ToArray()), ids, true);
    }

    private Compiled District(DistrictConditionDefinition district, string path)
    {
        var setName = district.Set?.Trim();
        if (string.IsNullOrEmpty(setName))
        {
            _problems.Add(path + ".set", ValidationErrorCodes.Required, "The district set is required.");
            return default;
        }

        if (!_setIndexes.TryGetValue(setName, out var index))
        {
            _problems.Add(path + ".set", ValidationErrorCodes.Unknown, $"There is no district set '{setName}'{(_setIndexes.Count == 0 ? " (none is defined)" : $" (the sets are {string.Join(", ", _setIndexes.Keys)})")}.");
            return default;
        }

        var set = _sets[index];
        if (district.In is null)
        {
            return Leaf(set is null ? null : new DistrictCondition(index, set.Name, null, []));
        }

        if (district.In.Count == 0)
        {
            _problems.Add(path + ".in", ValidationErrorCodes.Required, "'in' lists no district; leave it out for any district of the set.");
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
            var found = string.IsNullOrEmpty(name) ? -1 : Array.FindIndex(set.Districts, d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase));
            if (found < 0)
            {
                var known = set.Districts.Length > 12 ? string.Join(", ", set.Districts.Take(12)) + ", ..." : string.Join(", ", set.Districts);
                _problems.Add($"{path}.in[{i}]", string.IsNullOrEmpty(name) ? ValidationErrorCodes.Required : ValidationErrorCodes.Unknown, $"'{name}' is not a district of the set '{set.Name}' (its districts: {known}).");
            }
            else if (!wanted[found])
            {
                wanted[found] = true;
                names.Add(set.Districts[found]);
            }
        }

        return Leaf(new DistrictCondition(index, set.Name, wanted, names.ToArray()));
    }

    private T[]? NonEmptyDefined<T>(IList<T> values, string path)
        where T : struct, Enum
    {
        var before = _problems.Count;
        if (values.Count == 0)
        {
            _problems.Add(path, ValidationErrorCodes.Required, $"List at least one {typeof(T).Name.ToLowerInvariant()}.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!Enum.IsDefined(values[i]))
            {
                _problems.Add($"{path}[{i}]", ValidationErrorCodes.NotInList, $"'{values[i]}' is not a {typeof(T).Name.ToLowerInvariant()}.");
            }
        }

        return _problems.Count == before ? values.Distinct().ToArray() : null;
    }

    private string[]? Texts(IList<string> values, string path, string what)
    {
        var before = _problems.Count;
        if (values.Count == 0)
        {
            _problems.Add(path, ValidationErrorCodes.Required, $"List at least one {what}.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                _problems.Add($"{path}[{i}]", ValidationErrorCodes.Required, $"A {what} is empty.");
            }
        }

        return _problems.Count == before ? values.Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray() : null;
    }

    private Compiled Attribute(AttributeConditionDefinition attribute, string path)
    {
        var code = attribute.Code?.Trim();
        var ok = true;
        if (string.IsNullOrEmpty(code))
        {
            _problems.Add(path + ".code", ValidationErrorCodes.Required, "The attribute code is required.");
            ok = false;
        }
        else if (!_catalog.ServiceTypes.Any(t => t.TryGetAttribute(code, out _)))
        {
            _problems.Add(path + ".code", ValidationErrorCodes.Unknown, $"No service type in the catalog has the attribute '{code}'.");
            ok = false;
        }

        string[]? values = null;
        if (attribute.In is not null)
        {
            values = Texts(attribute.In, path + ".in", "attribute value");
            ok &= values is not null;
        }

        return Leaf(ok ? new AttributeCondition(code!, values) : null);
    }

    private Compiled Keywords(IList<string> keywords, string path)
    {
        var texts = Texts(keywords, path, "keyword");
        if (texts is null)
        {
            return default;
        }

        var folded = new string[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            folded[i] = RoutingText.Normalize(texts[i]);
            if (folded[i].Length <= 2)
            {
                _problems.Add($"{path}[{keywords.IndexOf(texts[i])}]", ValidationErrorCodes.InvalidFormat, $"The keyword '{texts[i]}' has no letters or digits to match.");
                return default;
            }
        }

        return Leaf(new KeywordCondition(texts, folded));
    }

    private Compiled Time(TimeConditionDefinition time, string path)
    {
        var before = _problems.Count;
        var from = ParseTime(time.From, path + ".from", allowEndOfDay: false);
        var to = ParseTime(time.To, path + ".to", allowEndOfDay: true);
        if ((time.From is null) != (time.To is null))
        {
            _problems.Add(path, ValidationErrorCodes.Required, "Give both 'from' and 'to', or neither (days only).");
        }
        else if (from is not null && from == to && !string.Equals(time.To?.Trim(), "24:00", StringComparison.Ordinal))
        {
            _problems.Add(path + ".to", ValidationErrorCodes.Inconsistent, "'from' and 'to' are equal, so the window is empty; use 00:00 to 24:00 for the whole day.");
        }

        var days = time.Days is null ? [] : NonEmptyDefined(time.Days, path + ".days") ?? [];
        if (time.Days is not null && days.Contains(IsoDayOfWeek.None))
        {
            _problems.Add(path + ".days", ValidationErrorCodes.NotInList, "'none' is not a day of the week.");
        }

        if (time.From is null && time.To is null && time.Days is null)
        {
            _problems.Add(path, ValidationErrorCodes.Required, "The time condition sets neither hours ('from', 'to') nor 'days'.");
        }

        if (_problems.Count != before)
        {
            return default;
        }

        // 00:00-24:00 is the whole day: no hour test.
        var wholeDay = from == LocalTime.Midnight && to == LocalTime.Midnight;
        return Leaf(new TimeCondition(wholeDay ? null : from, wholeDay ? null : to, days));
    }

    private LocalTime? ParseTime(string? text, string path, bool allowEndOfDay)
    {
        if (text is null)
        {
            return null;
        }

        if (ControlCharacters.IndexIn(text) is >= 0 and var bad)
        {
            _problems.Add(path, ValidationErrorCodes.InvalidFormat, ControlCharacters.Describe(text, bad));
            return null;
        }

        text = text.Trim();
        if (allowEndOfDay && text == "24:00")
        {
            return LocalTime.Midnight;
        }

        var result = TimePattern.Parse(text);
        if (!result.Success)
        {
            _problems.Add(path, ValidationErrorCodes.InvalidFormat, $"'{text}' is not a time of day as HH:mm{(allowEndOfDay ? " (or 24:00)" : string.Empty)}.");
            return null;
        }

        return result.Value;
    }

    private Compiled AgencyOpen(bool open, string path)
    {
        if (_calendars is null)
        {
            _calendars = new BusinessCalendar?[_catalog.Agencies.Count];
            for (var i = 0; i < _catalog.Agencies.Count; i++)
            {
                var agency = _catalog.Agencies[i];
                _calendars[i] = _options.Calendars?.Invoke(agency.Code);
                if (_calendars[i] is null && agency.CalendarId is not null)
                {
                    _problems.Add(path, ValidationErrorCodes.Unknown, $"The agency '{agency.Code}' works on the calendar '{agency.CalendarId}', but RoutingBuildOptions.Calendars gives no calendar for it.");
                }
            }
        }

        return Leaf(new AgencyOpenCondition(open));
    }

    private Compiled Custom(string name, string path)
    {
        if (!_custom.TryGetValue(name.Trim(), out var condition))
        {
            _problems.Add(path, ValidationErrorCodes.Unknown, $"No custom condition is registered as '{name}'{(_custom.Count == 0 ? string.Empty : $" (registered: {string.Join(", ", _custom.Keys)})")}.");
            return default;
        }

        return Leaf(new CustomConditionNode(condition));
    }

    /// <summary>A compiled condition: its node (null when invalid), the service ids it requires (null: any), and whether it tests only the service type.</summary>
    private readonly record struct Compiled(Condition? Node, HashSet<int>? Required, bool Pure);

    private sealed record CompiledAction(string Agency, string Queue, string? Owner, Priority? Priority, string? SlaPolicy, string[] Tags)
    {
        public RoutingDecision Decide(int? index, string? name, string summary) =>
            new(Agency, Queue, Owner, Priority, SlaPolicy, Tags, index, name, [], summary);
    }
}
