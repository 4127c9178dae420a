using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Civic311.Requests;
using NodaTime;
using NodaTime.Text;

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

    protected static string OneOf<T>(IEnumerable<T> values)
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

internal sealed class AllCondition(Condition[] children) : Condition
{
    public override bool Evaluate(ref RoutingState state)
    {
        foreach (var child in children)
        {
            if (!child.Evaluate(ref state))
            {
                return false;
            }
        }

        return true;
    }

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (!outcome)
        {
            foreach (var child in children)
            {
                if (!child.Evaluate(ref state))
                {
                    return child.Reason(ref state, false);
                }
            }
        }

        var reasons = new string[children.Length];
        for (var i = 0; i < children.Length; i++)
        {
            reasons[i] = children[i].Reason(ref state, true);
        }

        return string.Join("; ", reasons);
    }

    public override string Describe() => string.Join(" and ", children.Select(c => c is AnyCondition ? "(" + c.Describe() + ")" : c.Describe()));

    public override void CollectSets(ISet<int> sets)
    {
        foreach (var child in children)
        {
            child.CollectSets(sets);
        }
    }
}

internal sealed class AnyCondition(Condition[] children) : Condition
{
    public override bool Evaluate(ref RoutingState state)
    {
        foreach (var child in children)
        {
            if (child.Evaluate(ref state))
            {
                return true;
            }
        }

        return false;
    }

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (outcome)
        {
            foreach (var child in children)
            {
                if (child.Evaluate(ref state))
                {
                    return child.Reason(ref state, true);
                }
            }
        }

        var reasons = new string[children.Length];
        for (var i = 0; i < children.Length; i++)
        {
            reasons[i] = children[i].Reason(ref state, false);
        }

        return "none of: " + string.Join("; ", reasons);
    }

    public override string Describe() => string.Join(" or ", children.Select(c => c is AllCondition ? "(" + c.Describe() + ")" : c.Describe()));

    public override void CollectSets(ISet<int> sets)
    {
        foreach (var child in children)
        {
            child.CollectSets(sets);
        }
    }
}

internal sealed class NotCondition(Condition child) : Condition
{
    public override bool Evaluate(ref RoutingState state) => !child.Evaluate(ref state);

    public override string Reason(ref RoutingState state, bool outcome) =>
        (outcome ? "not (" + child.Describe() + "): " : "not (" + child.Describe() + ") fails: ") + child.Reason(ref state, !outcome);

    public override string Describe() => "not (" + child.Describe() + ")";

    public override void CollectSets(ISet<int> sets) => child.CollectSets(sets);
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

internal sealed class ChannelCondition(Channel[] channels) : Condition
{
    private readonly int _mask = channels.Aggregate(0, (m, c) => m | (1 << (int)c));

    public override bool Evaluate(ref RoutingState state) => (_mask & (1 << (int)state.Input.Channel)) != 0;

    public override string Reason(ref RoutingState state, bool outcome) =>
        outcome ? $"channel is {state.Input.Channel}" : $"channel: {state.Input.Channel} is not {OneOf(channels)}";

    public override string Describe() => "channel is " + OneOf(channels);
}

internal sealed class PriorityCondition(Priority[] priorities) : Condition
{
    private readonly int _mask = priorities.Aggregate(0, (m, p) => m | (1 << (int)p));

    public override bool Evaluate(ref RoutingState state) => (_mask & (1 << (int)state.Input.Priority)) != 0;

    public override string Reason(ref RoutingState state, bool outcome) =>
        outcome ? $"priority is {state.Input.Priority}" : $"priority: {state.Input.Priority} is not {OneOf(priorities)}";

    public override string Describe() => "priority is " + OneOf(priorities);
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

/// <summary>Keywords, folded once at build time; the description is folded at most once per evaluation, on first need.</summary>
internal sealed class KeywordCondition(string[] keywords, string[] folded) : Condition
{
    public override bool Evaluate(ref RoutingState state) => Find(ref state) >= 0;

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (string.IsNullOrEmpty(state.Input.Description))
        {
            return "keywords: the request has no description";
        }

        var found = Find(ref state);
        return found >= 0 ? $"the description mentions '{keywords[found]}'" : $"keywords: the description mentions none of {OneOf(keywords.Select(k => "'" + k + "'"))}";
    }

    public override string Describe() => "the description mentions " + OneOf(keywords.Select(k => "'" + k + "'"));

    private int Find(ref RoutingState state)
    {
        if (state.NormalizedDescription() is not { } text)
        {
            return -1;
        }

        for (var i = 0; i < folded.Length; i++)
        {
            if (text.Contains(folded[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A window of local time (from inclusive, to exclusive, wrapping past midnight) and days, in the owning agency's zone.</summary>
internal sealed class TimeCondition(LocalTime? from, LocalTime? to, IsoDayOfWeek[] days) : Condition
{
    private static readonly LocalTimePattern Pattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private readonly int _dayMask = days.Length == 0 ? 0xFF : days.Aggregate(0, (m, d) => m | (1 << (int)d));

    public override bool Evaluate(ref RoutingState state)
    {
        if (!state.TryGetLocalTime(out var local) || (_dayMask & (1 << (int)local.DayOfWeek)) == 0)
        {
            return false;
        }

        if (from is not { } start || to is not { } end)
        {
            return true;
        }

        var time = local.TimeOfDay;
        return start < end ? time >= start && time < end : time >= start || time < end;
    }

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (!state.TryGetLocalTime(out var local))
        {
            return $"time: service type {state.Input.ServiceCode} is not in the catalog, so its agency's time zone is unknown";
        }

        var when = string.Create(CultureInfo.InvariantCulture, $"{local.DayOfWeek} {Pattern.Format(local.TimeOfDay)} ({state.Service!.Zone.Id})");
        return outcome ? $"local time is {when}" : $"time: {when} is not {Window()}";
    }

    public override string Describe() => "local time is " + Window();

    private string Window()
    {
        var hours = from is { } start && to is { } end ? $"{Pattern.Format(start)}-{(end == LocalTime.Midnight ? "24:00" : Pattern.Format(end))}" : "any time";
        return days.Length == 0 ? hours + " on any day" : hours + " on " + OneOf(days);
    }
}

internal sealed class ReporterKindCondition(string[] kinds) : Condition
{
    public override bool Evaluate(ref RoutingState state)
    {
        if (state.Input.ReporterKind is not { } kind)
        {
            return false;
        }

        foreach (var wanted in kinds)
        {
            if (string.Equals(kind.Trim(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public override string Reason(ref RoutingState state, bool outcome) =>
        state.Input.ReporterKind is not { } kind ? "reporter kind: not given"
        : outcome ? $"reporter kind is {kind}" : $"reporter kind: {kind} is not {OneOf(kinds)}";

    public override string Describe() => "reporter kind is " + OneOf(kinds);
}

internal sealed class AgencyOpenCondition(bool open) : Condition
{
    public override bool Evaluate(ref RoutingState state) => state.IsAgencyOpen() == open;

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (state.IsAgencyOpen() is not { } isOpen)
        {
            return $"agency hours: service type {state.Input.ServiceCode} is not in the catalog, so its agency is unknown";
        }

        var agency = state.Service!.Type.Agency.Code;
        var fact = $"agency {agency} is {(isOpen ? "open" : "closed")} at {state.Input.RequestedAt.InZone(state.Service.Zone).LocalDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} ({state.Service.Zone.Id})";
        return outcome ? fact : $"agency hours: {fact}, rule wants it {(open ? "open" : "closed")}";
    }

    public override string Describe() => open ? "the agency is open" : "the agency is closed";
}

internal sealed class CustomConditionNode(IRoutingCondition condition) : Condition
{
    public override bool Evaluate(ref RoutingState state) => condition.Evaluate(state.Input, out _);

    public override string Reason(ref RoutingState state, bool outcome)
    {
        condition.Evaluate(state.Input, out var reason);
        return $"{condition.Name}: {reason ?? (outcome ? "holds" : "does not hold")}";
    }

    public override string Describe() => $"custom condition '{condition.Name}'";
}
