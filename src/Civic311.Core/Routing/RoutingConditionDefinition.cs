using System.Collections.Generic;
using System.Linq;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Routing;

/// <summary>
/// A routing condition: exactly one of its properties is set, naming the kind of test. In JSON each condition is an object
/// with one key:
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>{"all": [c1, c2]}</c></term><description>every condition holds (at least one condition).</description></item>
/// <item><term><c>{"any": [c1, c2]}</c></term><description>at least one condition holds.</description></item>
/// <item><term><c>{"not": c}</c></term><description>the condition does not hold.</description></item>
/// <item><term><c>{"service": ["POTHOLE", "STREETLIGHT"]}</c></term><description>the service code is one of these (catalog codes).</description></item>
/// <item><term><c>{"group": ["Streets"]}</c></term><description>the service type is in one of these catalog groups.</description></item>
/// <item><term><c>{"district": {"set": "borough", "in": ["Brooklyn"]}}</c></term><description>the request's point is in one of these districts of the set; without <c>in</c>, in any district of the set.</description></item>
/// <item><term><c>{"channel": ["phone", "liaison"]}</c></term><description>the request arrived on one of these channels.</description></item>
/// <item><term><c>{"priority": ["high", "urgent"]}</c></term><description>the request has one of these priorities.</description></item>
/// <item><term><c>{"attribute": {"code": "LANES_BLOCKED", "in": ["yes"]}}</c></term><description>the attribute has one of these values (case-insensitively); without <c>in</c>, any value.</description></item>
/// <item><term><c>{"keywords": ["bache", "árbol caído"]}</c></term><description>the description contains one of these words or phrases, as whole words, ignoring case, accents and punctuation.</description></item>
/// <item><term><c>{"time": {"from": "22:00", "to": "06:00", "days": ["saturday", "sunday"]}}</c></term><description>local time and day of week in the time zone of the agency that owns the service type; <c>from</c> inclusive, <c>to</c> exclusive (<c>24:00</c> for midnight), wrapping past midnight when <c>from</c> is later; <c>days</c> are of the local date at the request's instant.</description></item>
/// <item><term><c>{"reporterKind": ["liaison"]}</c></term><description>the reporter's kind is one of these (case-insensitively).</description></item>
/// <item><term><c>{"agencyOpen": true}</c></term><description>the owning agency's business calendar is open (<c>false</c>: closed) at the request's instant.</description></item>
/// <item><term><c>{"custom": "name"}</c></term><description>an <see cref="IRoutingCondition"/> registered under that name in <see cref="RoutingBuildOptions.Conditions"/>.</description></item>
/// </list>
/// </remarks>
public sealed class RoutingConditionDefinition
{
    /// <summary>Gets or sets conditions that must all hold.</summary>
    public IList<RoutingConditionDefinition>? All { get; set; }

    /// <summary>Gets or sets conditions of which at least one must hold.</summary>
    public IList<RoutingConditionDefinition>? Any { get; set; }

    /// <summary>Gets or sets a condition that must not hold.</summary>
    public RoutingConditionDefinition? Not { get; set; }

    /// <summary>Gets or sets service codes, one of which the request's must be.</summary>
    public IList<string>? Service { get; set; }

    /// <summary>Gets or sets service groups, one of which the request's service type must be in.</summary>
    public IList<string>? Group { get; set; }

    /// <summary>Gets or sets a district test.</summary>
    public DistrictConditionDefinition? District { get; set; }

    /// <summary>Gets or sets channels, one of which the request must have arrived on.</summary>
    public IList<Channel>? Channel { get; set; }

    /// <summary>Gets or sets priorities, one of which the request must have.</summary>
    public IList<Priority>? Priority { get; set; }

    /// <summary>Gets or sets an attribute-value test.</summary>
    public AttributeConditionDefinition? Attribute { get; set; }

    /// <summary>Gets or sets words or phrases, one of which the description must contain (whole words; case, accents and punctuation ignored).</summary>
    public IList<string>? Keywords { get; set; }

    /// <summary>Gets or sets a time-of-day and day-of-week window, in the owning agency's time zone.</summary>
    public TimeConditionDefinition? Time { get; set; }

    /// <summary>Gets or sets reporter kinds, one of which the reporter's must be (case-insensitively).</summary>
    public IList<string>? ReporterKind { get; set; }

    /// <summary>Gets or sets a test of the owning agency's business calendar: <see langword="true"/> open, <see langword="false"/> closed.</summary>
    public bool? AgencyOpen { get; set; }

    /// <summary>Gets or sets the name of a custom condition registered in <see cref="RoutingBuildOptions.Conditions"/>.</summary>
    public string? Custom { get; set; }

    /// <summary>Creates a condition that holds when all of <paramref name="conditions"/> hold.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition AllOf(params RoutingConditionDefinition[] conditions) => new() { All = conditions.ToList() };

    /// <summary>Creates a condition that holds when any of <paramref name="conditions"/> holds.</summary>
    /// <param name="conditions">The conditions.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition AnyOf(params RoutingConditionDefinition[] conditions) => new() { Any = conditions.ToList() };

    /// <summary>Creates a condition that holds when <paramref name="condition"/> does not.</summary>
    /// <param name="condition">The condition.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition Negate(RoutingConditionDefinition condition) => new() { Not = condition };

    /// <summary>Creates a service-code condition.</summary>
    /// <param name="codes">The service codes.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition ServiceIs(params string[] codes) => new() { Service = codes.ToList() };

    /// <summary>Creates a service-group condition.</summary>
    /// <param name="groups">The groups.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition GroupIs(params string[] groups) => new() { Group = groups.ToList() };

    /// <summary>Creates a district condition.</summary>
    /// <param name="set">The district set name.</param>
    /// <param name="districts">The district names; none for "in any district of the set".</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition InDistrict(string set, params string[] districts) =>
        new() { District = new DistrictConditionDefinition { Set = set, In = districts.Length == 0 ? null : districts.ToList() } };

    /// <summary>Creates a channel condition.</summary>
    /// <param name="channels">The channels.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition ChannelIs(params Channel[] channels) => new() { Channel = channels.ToList() };

    /// <summary>Creates a priority condition.</summary>
    /// <param name="priorities">The priorities.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition PriorityIs(params Priority[] priorities) => new() { Priority = priorities.ToList() };

    /// <summary>Creates an attribute condition.</summary>
    /// <param name="code">The attribute code.</param>
    /// <param name="values">The accepted values; none for "any value".</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition AttributeIs(string code, params string[] values) =>
        new() { Attribute = new AttributeConditionDefinition { Code = code, In = values.Length == 0 ? null : values.ToList() } };

    /// <summary>Creates a keyword condition.</summary>
    /// <param name="keywords">The words or phrases.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition Mentions(params string[] keywords) => new() { Keywords = keywords.ToList() };

    /// <summary>Creates a time-window condition.</summary>
    /// <param name="from">The start time, <c>HH:mm</c>, inclusive; <see langword="null"/> with <paramref name="to"/> for whole days.</param>
    /// <param name="to">The end time, <c>HH:mm</c> (or <c>24:00</c>), exclusive.</param>
    /// <param name="days">The days of the week; none for every day.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition Between(string? from, string? to, params IsoDayOfWeek[] days) =>
        new() { Time = new TimeConditionDefinition { From = from, To = to, Days = days.Length == 0 ? null : days.ToList() } };

    /// <summary>Creates a reporter-kind condition.</summary>
    /// <param name="kinds">The kinds, for example <c>liaison</c>.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition ReporterKindIs(params string[] kinds) => new() { ReporterKind = kinds.ToList() };

    /// <summary>Creates a condition on the owning agency's business calendar.</summary>
    /// <param name="open"><see langword="true"/> for open, <see langword="false"/> for closed.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition AgencyIsOpen(bool open = true) => new() { AgencyOpen = open };

    /// <summary>Creates a reference to a custom condition.</summary>
    /// <param name="name">The name it is registered under.</param>
    /// <returns>The condition.</returns>
    public static RoutingConditionDefinition CustomCondition(string name) => new() { Custom = name };
}

/// <summary>The request's point is in one of the named districts of a set.</summary>
public sealed class DistrictConditionDefinition
{
    /// <summary>Gets or sets the district set name (one of <see cref="RoutingDefinition.Districts"/>).</summary>
    public string? Set { get; set; }

    /// <summary>Gets or sets the district names (case-insensitively); <see langword="null"/> for any district of the set.</summary>
    public IList<string>? In { get; set; }
}

/// <summary>An attribute of the request has one of the given values.</summary>
public sealed class AttributeConditionDefinition
{
    /// <summary>Gets or sets the attribute code; some service type in the catalog must define it.</summary>
    public string? Code { get; set; }

    /// <summary>Gets or sets the accepted values (case-insensitively); <see langword="null"/> for any non-empty value.</summary>
    public IList<string>? In { get; set; }
}

/// <summary>A window of local time and days of the week, in the time zone of the agency owning the service type.</summary>
public sealed class TimeConditionDefinition
{
    /// <summary>Gets or sets the start, <c>HH:mm</c>, inclusive.</summary>
    public string? From { get; set; }

    /// <summary>Gets or sets the end, <c>HH:mm</c> or <c>24:00</c>, exclusive; earlier than <see cref="From"/> wraps past midnight.</summary>
    public string? To { get; set; }

    /// <summary>Gets or sets the days of the week (of the local date at the request's instant); <see langword="null"/> for every day.</summary>
    public IList<IsoDayOfWeek>? Days { get; set; }
}
