using System;
using System.Linq;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;

namespace Civic311.Core.Tests.Storage.Specifications;

/// <summary>
/// A naive reading of a <see cref="ServiceRequestFilter"/> tree, written from its documentation: what a store's
/// translation must mean. The tests compare it with the specification's own in-memory meaning.
/// </summary>
internal static class PlanEvaluator
{
    public static bool Matches(ServiceRequestQueryPlan plan, ServiceRequest request) =>
        !plan.MatchesNothing && (plan.Filter is null || Matches(plan.Filter, request));

    public static bool Matches(ServiceRequestFilter node, ServiceRequest request)
    {
        switch (node.Kind)
        {
            case ServiceRequestFilterKind.And:
                return node.Operands.All(o => Matches(o, request));
            case ServiceRequestFilterKind.Or:
                return node.Operands.Any(o => Matches(o, request));
            case ServiceRequestFilterKind.Not:
                return !Matches(node.Operands.Single(), request);
            case ServiceRequestFilterKind.IsNull:
                return Read(node.Field, request) is null;
            case ServiceRequestFilterKind.WithinBox:
                return node.Box.Contains(request.Location);
            case ServiceRequestFilterKind.WithinCircle:
                return node.Circle.Contains(request.Location);
        }

        var value = Read(node.Field, request);
        if (value is null)
        {
            return node.Kind == ServiceRequestFilterKind.Compare && node.Comparison == FilterComparison.NotEqual;
        }

        var comparison = node.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return node.Kind switch
        {
            ServiceRequestFilterKind.In => node.Values.Any(v => Same(v, value, comparison)),
            ServiceRequestFilterKind.StartsWith => ((string)value).StartsWith((string)node.Value!, comparison),
            _ => node.Comparison switch
            {
                FilterComparison.Equal => Same(node.Value!, value, comparison),
                FilterComparison.NotEqual => !Same(node.Value!, value, comparison),
                FilterComparison.LessThan => ((Instant)value) < (Instant)node.Value!,
                FilterComparison.LessThanOrEqual => ((Instant)value) <= (Instant)node.Value!,
                FilterComparison.GreaterThan => ((Instant)value) > (Instant)node.Value!,
                _ => ((Instant)value) >= (Instant)node.Value!,
            },
        };
    }

    private static bool Same(object expected, object actual, StringComparison comparison) =>
        expected is string text ? string.Equals(text, (string)actual, comparison) : expected.Equals(actual);

    private static object? Read(ServiceRequestField field, ServiceRequest request) => field switch
    {
        ServiceRequestField.Id => request.Id,
        ServiceRequestField.TrackingNumber => request.TrackingNumber,
        ServiceRequestField.Status => request.Status,
        ServiceRequestField.ServiceCode => request.ServiceCode,
        ServiceRequestField.Agency => request.Agency,
        ServiceRequestField.Queue => request.Queue,
        ServiceRequestField.Priority => request.Priority,
        ServiceRequestField.Channel => request.Channel,
        ServiceRequestField.RequestedAt => request.RequestedAt,
        ServiceRequestField.UpdatedAt => request.UpdatedAt,
        ServiceRequestField.NextSlaCheckAt => request.NextSlaCheckAt,
        ServiceRequestField.DuplicateOf => request.DuplicateOf,
        _ => request.Location?.Point,
    };
}
