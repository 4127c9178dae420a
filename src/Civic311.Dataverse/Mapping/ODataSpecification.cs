using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Dataverse.Mapping;

/// <summary>A specification as an incidents query: the query string, and whether each row must still be checked (a circle is filtered by its box).</summary>
internal readonly record struct ODataRequestQuery(string QueryString, bool CheckEachRow);

/// <summary>
/// Translates a <see cref="ServiceRequestQueryPlan"/> into OData <c>$select</c>, <c>$filter</c> and <c>$orderby</c> over the
/// columns <see cref="DataverseSchema"/> names (the indexed ones: docs/dataverse.md).
/// Dataverse compares text without regard to case and has no <c>$skip</c>, distance function or ordering by more than
/// one sort-key column; what needs those is refused with a <see cref="NotSupportedException"/> naming the part.
/// </summary>
internal static class ODataSpecification
{
    private const string Store = "the Dataverse store";

    public static ODataRequestQuery For(ServiceRequestQueryPlan plan, DataverseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Skip is { } skip)
        {
            throw new NotSupportedException($"Skip({skip}) is not supported by {Store}: Dataverse has no $skip; read the next page with the continuation token.");
        }

        if (plan.Take is { } take)
        {
            throw new NotSupportedException($"Take({take}) is not supported by {Store}: it pages by continuation token; set the page size and stop reading pages when you have enough.");
        }

        var (key, descending) = SortKey(plan.Order, schema);
        var translator = new Translator(schema);

        // Not every incident is a Civic311 request: only rows with a document are. The key never is null, so "eq null" matches nothing.
        var filter = $"{schema.Document} ne null";
        if (plan.MatchesNothing)
        {
            filter += " and incidentid eq null";
        }
        else if (plan.Filter is { } node)
        {
            // A top-level And joins the base filter without parentheses: one flat conjunction Dataverse plans over its indexes.
            var conditions = node.Kind == ServiceRequestFilterKind.And ? node.Operands : [node];
            filter += string.Concat(conditions.Select(c => " and " + translator.Translate(c, negated: false)));
        }

        return new ODataRequestQuery(ODataFilter.Compose(schema, filter, key, descending), translator.ChecksRows);
    }

    private static (string Column, bool Descending) SortKey(IReadOnlyList<ServiceRequestSortKey> order, DataverseSchema schema)
    {
        // The sort-key columns hold {ticks:D19}{id:N}: the instant with ties by id in the same direction, one column.
        if (order.Count == 0)
        {
            return (schema.RequestedKey, false);
        }

        if (order is [{ Field: ServiceRequestField.RequestedAt or ServiceRequestField.UpdatedAt } first, ..] &&
            (order.Count == 1 || (order.Count == 2 && order[1] == new ServiceRequestSortKey(ServiceRequestField.Id, first.Descending))))
        {
            return (first.Field == ServiceRequestField.UpdatedAt ? schema.UpdatedKey : schema.RequestedKey, first.Descending);
        }

        var text = string.Join(", then ", order.Select(k => k.Field + (k.Descending ? " descending" : string.Empty)));
        throw new NotSupportedException($"Ordering by {text} is not supported by {Store}: order by RequestedAt or UpdatedAt, optionally then by Id in the same direction.");
    }

    private sealed class Translator
    {
        private readonly DataverseSchema _schema;

        public Translator(DataverseSchema schema)
        {
            _schema = schema;
        }

        public bool ChecksRows { get; private set; }

        public string Translate(ServiceRequestFilter node, bool negated)
        {
            switch (node.Kind)
            {
                case ServiceRequestFilterKind.And:
                case ServiceRequestFilterKind.Or:
                    var separator = node.Kind == ServiceRequestFilterKind.And ? " and " : " or ";
                    return "(" + string.Join(separator, node.Operands.Select(o => Translate(o, negated))) + ")";
                case ServiceRequestFilterKind.Not:
                    return "not (" + Translate(node.Operands[0], !negated) + ")";
                case ServiceRequestFilterKind.IsNull when node.Field == ServiceRequestField.NextSlaCheckAt:
                    return $"({StateColumn} ne {IncidentStates.ActiveState} or {Column(node)} eq null)";
                case ServiceRequestFilterKind.IsNull:
                    return $"{Column(node)} eq null";
                case ServiceRequestFilterKind.Compare or ServiceRequestFilterKind.In when node.Field == ServiceRequestField.Status:
                    return Statuses(node);
                case ServiceRequestFilterKind.Compare when node is { Field: ServiceRequestField.DuplicateOf, Comparison: FilterComparison.Equal } && !negated:
                    // A case merged in Dynamics is a duplicate by its masterid (it was read-only, so the column was never
                    // written): ask for both, and check each row, since a masterid alone does not make the request a duplicate.
                    ChecksRows = true;
                    return _schema.DuplicatesOf((ServiceRequestId)node.Value!);
                case ServiceRequestFilterKind.Compare when node.Field == ServiceRequestField.DuplicateOf:
                    // What the case above asks for is more than the link (checked row by row), which no "not" can exclude exactly.
                    throw Refuse(node, "a case merged in Dynamics is a duplicate by its masterid, so only a positive DuplicateOf == original is exact; test the status (Duplicate) instead");
                case ServiceRequestFilterKind.Compare:
                    return Compare(node);
                case ServiceRequestFilterKind.In:
                    CaseInsensitive(node);
                    var column = Column(node);
                    var parts = node.Values.Select(v => $"{column} eq {Literal(node, v)}").ToArray();
                    return NotNull(node, parts.Length == 1 ? parts[0] : "(" + string.Join(" or ", parts) + ")");
                case ServiceRequestFilterKind.StartsWith:
                    CaseInsensitive(node);
                    return NotNull(node, $"startswith({Column(node)},{Literal(node, node.Value!)})");
                case ServiceRequestFilterKind.WithinBox:
                    return Box(node.Box);
                default:
                    if (negated)
                    {
                        // The box of a circle holds more than the circle; under a "not" it would drop rows that belong.
                        throw Refuse(node, "a circle is filtered by its bounding box and each row's distance is checked after, which cannot be negated");
                    }

                    ChecksRows = true;
                    return Box(node.Circle.BoundingBox);
            }
        }

        private string Compare(ServiceRequestFilter node)
        {
            CaseInsensitive(node);
            var op = node.Comparison switch
            {
                FilterComparison.Equal => "eq",
                FilterComparison.NotEqual => "ne",
                FilterComparison.LessThan => "lt",
                FilterComparison.LessThanOrEqual => "le",
                FilterComparison.GreaterThan => "gt",
                _ => "ge",
            };
            var comparison = $"{Column(node)} {op} {Literal(node, node.Value!)}";

            // C# says null != value; SQL (which Dataverse runs) says unknown, which "ne" and "not" would drop.
            if (node.Comparison == FilterComparison.NotEqual && IsNullable(node.Field))
            {
                return node.Field == ServiceRequestField.NextSlaCheckAt
                    ? $"({StateColumn} ne {IncidentStates.ActiveState} or {Column(node)} eq null or {comparison})"
                    : $"({Column(node)} eq null or {comparison})";
            }

            return NotNull(node, comparison);
        }

        /// <summary>A test of a column that may be null, made false (not unknown) for null so that a "not" around it is exact.</summary>
        /// <remarks>
        /// A case resolved or cancelled in Dynamics is read-only, so the check Civic311 last wrote stays in its column while
        /// the request it reads as has no running clock: the column counts only on an active case.
        /// </remarks>
        private string NotNull(ServiceRequestFilter node, string test) => node.Field switch
        {
            ServiceRequestField.NextSlaCheckAt => $"({StateColumn} eq {IncidentStates.ActiveState} and {Column(node)} ne null and {test})",
            _ when IsNullable(node.Field) => $"({Column(node)} ne null and {test})",
            _ => test,
        };

        // A status is matched in its own incident state: a case resolved, cancelled or reopened in Dynamics keeps the
        // status Civic311 last wrote in its (then read-only) column, but reads as what its state says.
        private string Statuses(ServiceRequestFilter node)
        {
            var values = node.Kind == ServiceRequestFilterKind.In ? node.Values : [node.Value!];
            var byState = values.Cast<ServiceRequestStatus>().GroupBy(v => IncidentStates.ToCodes(v).State).Select(group =>
            {
                var parts = group.Select(v => $"{_schema.Status} eq '{v}'").ToArray();
                var any = parts.Length == 1 ? parts[0] : "(" + string.Join(" or ", parts) + ")";
                return $"({any} and {StateColumn} eq {group.Key.ToString(CultureInfo.InvariantCulture)})";
            }).ToArray();
            var test = byState.Length == 1 ? byState[0] : "(" + string.Join(" or ", byState) + ")";
            return node is { Kind: ServiceRequestFilterKind.Compare, Comparison: FilterComparison.NotEqual } ? $"not {test}" : test;
        }

        private const string StateColumn = "statecode";

        private string Box(GeoBox box) => string.Create(CultureInfo.InvariantCulture,
            $"({_schema.Latitude} ne null and {_schema.Latitude} ge {box.South:R} and {_schema.Latitude} le {box.North:R} and {_schema.Longitude} ge {box.West:R} and {_schema.Longitude} le {box.East:R})");

        private static bool IsNullable(ServiceRequestField field) =>
            field is ServiceRequestField.Queue or ServiceRequestField.NextSlaCheckAt or ServiceRequestField.DuplicateOf;

        private static void CaseInsensitive(ServiceRequestFilter node)
        {
            var text = node.Field is ServiceRequestField.TrackingNumber or ServiceRequestField.ServiceCode or ServiceRequestField.Agency or ServiceRequestField.Queue;
            if (text && !node.IgnoreCase)
            {
                throw Refuse(node, "Dataverse compares text without regard to case; compare with StringComparison.OrdinalIgnoreCase (or StringComparer.OrdinalIgnoreCase in Contains)");
            }
        }

        private string Column(ServiceRequestFilter node) => node.Field switch
        {
            ServiceRequestField.Id => "incidentid",
            ServiceRequestField.TrackingNumber => _schema.TrackingNumber,
            ServiceRequestField.Status => _schema.Status,
            ServiceRequestField.ServiceCode => _schema.ServiceCode,
            ServiceRequestField.Agency => _schema.Agency,
            ServiceRequestField.Queue => _schema.Queue,
            ServiceRequestField.Channel => _schema.Column("channel"),
            ServiceRequestField.RequestedAt => _schema.RequestedTicks,
            ServiceRequestField.UpdatedAt => _schema.UpdatedTicks,
            ServiceRequestField.NextSlaCheckAt => _schema.NextSlaCheckTicks,
            ServiceRequestField.DuplicateOf => _schema.DuplicateOf,
            ServiceRequestField.Location => _schema.Latitude, // a point has both coordinates or neither
            ServiceRequestField.Priority => throw Refuse(node, "Dataverse's prioritycode holds Urgent and High as one value, so no filter on it is exact"),
            _ => throw Refuse(node, $"{node.Field} has no column"),
        };

        private static string Literal(ServiceRequestFilter node, object value) => value switch
        {
            string text => $"'{ODataFilter.Escape(text)}'",
            NodaTime.Instant instant => instant.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture),
            ServiceRequestId id when node.Field == ServiceRequestField.Id => id.ToString(), // a Guid literal for the key
            ServiceRequestId id => $"'{id}'",
            ServiceRequestStatus or Channel => $"'{value}'",
            _ => throw Refuse(node, $"a {value.GetType().Name} value has no OData literal"),
        };

        private static NotSupportedException Refuse(ServiceRequestFilter node, string why) =>
            new($"The condition '{node.Source}' is not supported by {Store}: {why}.");
    }
}
