using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ardalis.Specification;
using Civic311.Requests;

namespace Civic311.Storage;

/// <summary>The fields of a request that specifications may filter or order on: the ones every store indexes.</summary>
public enum ServiceRequestField
{
    /// <summary><see cref="ServiceRequest.Id"/> (a <see cref="ServiceRequestId"/>).</summary>
    Id = 0,

    /// <summary><see cref="ServiceRequest.TrackingNumber"/> (text).</summary>
    TrackingNumber = 1,

    /// <summary><see cref="ServiceRequest.Status"/> (a <see cref="ServiceRequestStatus"/>).</summary>
    Status = 2,

    /// <summary><see cref="ServiceRequest.ServiceCode"/> (text).</summary>
    ServiceCode = 3,

    /// <summary><see cref="ServiceRequest.Agency"/> (text).</summary>
    Agency = 4,

    /// <summary><see cref="ServiceRequest.Queue"/> (text, may be null).</summary>
    Queue = 5,

    /// <summary><see cref="ServiceRequest.Priority"/> (a <see cref="Civic311.Priority"/>).</summary>
    Priority = 6,

    /// <summary><see cref="ServiceRequest.Channel"/> (a <see cref="Civic311.Channel"/>).</summary>
    Channel = 7,

    /// <summary><see cref="ServiceRequest.RequestedAt"/> (an instant).</summary>
    RequestedAt = 8,

    /// <summary><see cref="ServiceRequest.UpdatedAt"/> (an instant).</summary>
    UpdatedAt = 9,

    /// <summary><see cref="ServiceRequest.NextSlaCheckAt"/> (an instant, may be null).</summary>
    NextSlaCheckAt = 10,

    /// <summary><see cref="ServiceRequest.DuplicateOf"/> (a <see cref="ServiceRequestId"/>, may be null).</summary>
    DuplicateOf = 11,

    /// <summary>The point of <see cref="ServiceRequest.Location"/> (its latitude and longitude), for boxes and circles only.</summary>
    Location = 12,
}

/// <summary>What a <see cref="ServiceRequestFilter"/> node tests.</summary>
public enum ServiceRequestFilterKind
{
    /// <summary>Every one of <see cref="ServiceRequestFilter.Operands"/> holds.</summary>
    And = 0,

    /// <summary>At least one of <see cref="ServiceRequestFilter.Operands"/> holds.</summary>
    Or = 1,

    /// <summary>The single operand does not hold.</summary>
    Not = 2,

    /// <summary>The field compares with <see cref="ServiceRequestFilter.Value"/> as <see cref="ServiceRequestFilter.Comparison"/> says; a null field only ever differs.</summary>
    Compare = 3,

    /// <summary>The field equals one of <see cref="ServiceRequestFilter.Values"/>; a null field never does.</summary>
    In = 4,

    /// <summary>The field is null.</summary>
    IsNull = 5,

    /// <summary>The text field starts with <see cref="ServiceRequestFilter.Value"/>; a null field never does.</summary>
    StartsWith = 6,

    /// <summary>The location's point lies in <see cref="ServiceRequestFilter.Box"/>, edges included; no point never does.</summary>
    WithinBox = 7,

    /// <summary>The location's point lies in <see cref="ServiceRequestFilter.Circle"/>, edge included; no point never does.</summary>
    WithinCircle = 8,
}

/// <summary>How a <see cref="ServiceRequestFilterKind.Compare"/> node compares.</summary>
public enum FilterComparison
{
    /// <summary>Equal.</summary>
    Equal = 0,

    /// <summary>Not equal (true for a null field).</summary>
    NotEqual = 1,

    /// <summary>Less than.</summary>
    LessThan = 2,

    /// <summary>Less than or equal.</summary>
    LessThanOrEqual = 3,

    /// <summary>Greater than.</summary>
    GreaterThan = 4,

    /// <summary>Greater than or equal.</summary>
    GreaterThanOrEqual = 5,
}

/// <summary>
/// One node of a specification's filter, translated from its <c>Where</c> expressions: what a store turns into its own
/// query language. Values are typed as the field is (<see cref="string"/>, <see cref="ServiceRequestStatus"/>,
/// <see cref="ServiceRequestId"/>, <see cref="NodaTime.Instant"/>, <see cref="Civic311.Priority"/>, <see cref="Civic311.Channel"/>).
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class ServiceRequestFilter
{
    // The text is made only when asked for (a refusal's message): writing out expressions is most of a translation's cost.
    private readonly Func<string> _describe;
    private string? _source;

    internal ServiceRequestFilter(ServiceRequestFilterKind kind, System.Linq.Expressions.Expression source)
        : this(kind, () => SpecificationAnalyzer.Text(source))
    {
    }

    internal ServiceRequestFilter(ServiceRequestFilterKind kind, Func<string> describe)
    {
        Kind = kind;
        _describe = describe;
    }

    /// <summary>Gets what the node tests.</summary>
    public ServiceRequestFilterKind Kind { get; }

    /// <summary>Gets the C# text of the condition the node came from, for messages (e-mail addresses and phone numbers redacted).</summary>
    public string Source => _source ??= _describe();

    /// <summary>Gets the field a leaf tests (not meaningful for <c>And</c>, <c>Or</c> and <c>Not</c>).</summary>
    public ServiceRequestField Field { get; internal init; }

    /// <summary>Gets the comparison of a <see cref="ServiceRequestFilterKind.Compare"/> node.</summary>
    public FilterComparison Comparison { get; internal init; }

    /// <summary>Gets the value of a <c>Compare</c> or <c>StartsWith</c> node (never null: comparisons with null are <c>IsNull</c> nodes).</summary>
    public object? Value { get; internal init; }

    /// <summary>Gets the values of an <see cref="ServiceRequestFilterKind.In"/> node (at least one, distinct).</summary>
    public IReadOnlyList<object> Values { get; internal init; } = [];

    /// <summary>Gets a value indicating whether text compares ordinally ignoring case (otherwise ordinally, case-sensitive).</summary>
    public bool IgnoreCase { get; internal init; }

    /// <summary>Gets the operands of <c>And</c> (two or more), <c>Or</c> (two or more) and <c>Not</c> (one).</summary>
    public IReadOnlyList<ServiceRequestFilter> Operands { get; internal init; } = [];

    /// <summary>Gets the box of a <see cref="ServiceRequestFilterKind.WithinBox"/> node.</summary>
    public GeoBox Box { get; internal init; }

    /// <summary>Gets the circle of a <see cref="ServiceRequestFilterKind.WithinCircle"/> node.</summary>
    public GeoCircle Circle { get; internal init; }

    /// <inheritdoc />
    public override string ToString() => Source;
}

/// <summary>One key of a specification's order.</summary>
/// <param name="Field">The field: <see cref="ServiceRequestField.RequestedAt"/>, <see cref="ServiceRequestField.UpdatedAt"/> or <see cref="ServiceRequestField.Id"/>.</param>
/// <param name="Descending">Whether the key sorts descending.</param>
public readonly record struct ServiceRequestSortKey(ServiceRequestField Field, bool Descending);

/// <summary>
/// A specification translated for a store: its filter as a tree over the indexed fields, its order, and its paging. The
/// store turns these into its own query language (OData <c>$filter</c>, SQL) and refuses, with a
/// <see cref="NotSupportedException"/> naming the part, what its language cannot express.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class ServiceRequestQueryPlan
{
    internal ServiceRequestQueryPlan(ServiceRequestFilter? filter, bool matchesNothing, IReadOnlyList<ServiceRequestSortKey> order, int? skip, int? take)
    {
        Filter = filter;
        MatchesNothing = matchesNothing;
        Order = order;
        Skip = skip;
        Take = take;
    }

    /// <summary>Gets the filter, or <see langword="null"/> when every request matches (or none does, see <see cref="MatchesNothing"/>).</summary>
    public ServiceRequestFilter? Filter { get; }

    /// <summary>Gets a value indicating whether the conditions can never hold (a condition that is constantly false): a store answers without asking.</summary>
    public bool MatchesNothing { get; }

    /// <summary>Gets the order keys, first key first; empty when the specification gives no order.</summary>
    public IReadOnlyList<ServiceRequestSortKey> Order { get; }

    /// <summary>Gets the number of results to skip, or <see langword="null"/>; stores that page only by continuation token refuse it.</summary>
    public int? Skip { get; }

    /// <summary>Gets the largest number of results, or <see langword="null"/>.</summary>
    public int? Take { get; }

    /// <summary>
    /// Gets a fingerprint of the plan (filter with its evaluated values, order, skip and take): 16 hex digits, equal for equal
    /// plans. Stores bind continuation tokens to it, so a token handed to another query is refused.
    /// </summary>
    public string Fingerprint => _fingerprint ??= ComputeFingerprint();

    private string? _fingerprint;

    /// <summary>
    /// Translates a specification. Captured variables and other parts that do not depend on the request are evaluated
    /// once, here.
    /// </summary>
    /// <param name="specification">The specification.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="NotSupportedException">A part of the specification is outside the subset every store translates; the message names it and says what is supported.</exception>
    public static ServiceRequestQueryPlan From(ISpecification<ServiceRequest> specification) => specification switch
    {
        null => throw new ArgumentNullException(nameof(specification)),
        ServiceRequestSpecification own => own.Plan(),
        _ => SpecificationAnalyzer.Analyze(specification),
    };

    private string ComputeFingerprint()
    {
        // Written from the typed values, never from the source text: two captured variables of one name differ here.
        var text = new StringBuilder();
        text.Append(MatchesNothing ? 'N' : 'Y');
        if (Filter is { } filter)
        {
            Write(text, filter);
        }

        foreach (var key in Order)
        {
            text.Append(CultureInfo.InvariantCulture, $"|o{(int)key.Field}{(key.Descending ? 'd' : 'a')}");
        }

        text.Append(CultureInfo.InvariantCulture, $"|s{Skip}|t{Take}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 8);
    }

    private static void Write(StringBuilder text, ServiceRequestFilter node)
    {
        text.Append(CultureInfo.InvariantCulture, $"({(int)node.Kind}:{(int)node.Field}:{(int)node.Comparison}:{(node.IgnoreCase ? 'i' : 'c')}");
        switch (node.Kind)
        {
            case ServiceRequestFilterKind.And or ServiceRequestFilterKind.Or or ServiceRequestFilterKind.Not:
                foreach (var operand in node.Operands)
                {
                    Write(text, operand);
                }

                break;
            case ServiceRequestFilterKind.WithinBox:
                text.Append(CultureInfo.InvariantCulture, $"{node.Box.South:R},{node.Box.West:R},{node.Box.North:R},{node.Box.East:R}");
                break;
            case ServiceRequestFilterKind.WithinCircle:
                text.Append(CultureInfo.InvariantCulture, $"{node.Circle.Center.Latitude:R},{node.Circle.Center.Longitude:R},{node.Circle.RadiusMeters:R}");
                break;
            default:
                WriteValue(text, node.Value);
                foreach (var value in node.Values)
                {
                    WriteValue(text, value);
                }

                break;
        }

        text.Append(')');
    }

    private static void WriteValue(StringBuilder text, object? value)
    {
        // Length-prefixed, so no text value can imitate the separators.
        var written = value switch
        {
            null => string.Empty,
            NodaTime.Instant instant => instant.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        text.Append(CultureInfo.InvariantCulture, $"[{value?.GetType().Name}{written.Length}:{written}]");
    }
}
