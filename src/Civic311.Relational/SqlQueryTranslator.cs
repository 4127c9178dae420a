using System;
using System.Collections.Generic;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Relational;

/// <summary>
/// Translates a <see cref="ServiceRequestQueryPlan"/> into one SQL <c>SELECT</c> over <see cref="RelationalSchema.Requests"/>:
/// the filter as a <c>WHERE</c> whose every leaf is true or false (never unknown, so <c>NOT</c> means what C#'s <c>!</c>
/// means for null fields), the order with ties broken by id, the keyset position of the previous page, and the page as
/// <c>LIMIT</c>/<c>OFFSET</c>. Everything is exact in SQL (a circle too: the box narrows by index, the haversine decides),
/// so nothing is filtered after fetching.
/// </summary>
internal sealed class SqlQueryTranslator
{
    private readonly SqlDialect _dialect;
    private readonly SqlStatement _sql = new();

    private SqlQueryTranslator(SqlDialect dialect)
    {
        _dialect = dialect;
    }

    /// <summary>The order a plan reads in, as in-memory paging orders: its keys up to the id, else requested time; then the id in the first key's direction.</summary>
    public static IReadOnlyList<ServiceRequestSortKey> OrderOf(ServiceRequestQueryPlan plan)
    {
        var keys = new List<ServiceRequestSortKey>();
        foreach (var key in plan.Order)
        {
            keys.Add(key);
            if (key.Field == ServiceRequestField.Id)
            {
                break; // ids are unique: later keys never decide
            }
        }

        if (keys.Count == 0)
        {
            keys.Add(new ServiceRequestSortKey(ServiceRequestField.RequestedAt, false));
        }

        if (keys[^1].Field != ServiceRequestField.Id)
        {
            keys.Add(new ServiceRequestSortKey(ServiceRequestField.Id, keys[0].Descending));
        }

        return keys;
    }

    /// <summary>The page's <c>SELECT</c> of <c>version, document</c>.</summary>
    /// <param name="dialect">The dialect.</param>
    /// <param name="plan">The plan (not matching nothing).</param>
    /// <param name="order">From <see cref="OrderOf"/>.</param>
    /// <param name="after">The previous page's last row, or <see langword="null"/> on the first page.</param>
    /// <param name="limit">The rows to read.</param>
    /// <param name="offset">The rows to skip first.</param>
    public static SqlStatement Select(SqlDialect dialect, ServiceRequestQueryPlan plan, IReadOnlyList<ServiceRequestSortKey> order, RelationalPosition? after, int limit, int offset)
    {
        var translator = new SqlQueryTranslator(dialect);
        var sql = translator._sql.Append($"SELECT version, document FROM {RelationalSchema.Requests}");
        var where = " WHERE ";
        if (plan.Filter is { } filter)
        {
            sql.Append(where);
            translator.Condition(filter);
            where = " AND ";
        }

        if (after is not null)
        {
            sql.Append(where);
            translator.After(order, after);
        }

        sql.Append(" ORDER BY ");
        for (var i = 0; i < order.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(SortColumn(order[i].Field)).Append(order[i].Descending ? " DESC" : " ASC");
        }

        sql.Append(" LIMIT ").Value(limit);
        if (offset > 0)
        {
            sql.Append(" OFFSET ").Value(offset);
        }

        return sql;
    }

    private static string SortColumn(ServiceRequestField field) => field switch
    {
        ServiceRequestField.RequestedAt => "requested_at",
        ServiceRequestField.UpdatedAt => "updated_at",
        ServiceRequestField.Id => "id",
        _ => throw new NotSupportedException($"Ordering by {field} is not supported: order by RequestedAt, UpdatedAt or Id."),
    };

    // Rows after the position in the order: a row value when every key sorts one way (an index range), else the expansion.
    private void After(IReadOnlyList<ServiceRequestSortKey> order, RelationalPosition after)
    {
        object Value(int i) => order[i].Field == ServiceRequestField.Id ? RelationalValues.Id(after.Id) : after.Keys[i];
        var uniform = true;
        foreach (var key in order)
        {
            uniform &= key.Descending == order[0].Descending;
        }

        if (uniform)
        {
            _sql.Append("(");
            for (var i = 0; i < order.Count; i++)
            {
                _sql.Append(i == 0 ? string.Empty : ", ").Append(SortColumn(order[i].Field));
            }

            _sql.Append(order[0].Descending ? ") < (" : ") > (");
            for (var i = 0; i < order.Count; i++)
            {
                _sql.Append(i == 0 ? string.Empty : ", ").Value(Value(i));
            }

            _sql.Append(")");
            return;
        }

        _sql.Append("(");
        for (var i = 0; i < order.Count; i++)
        {
            _sql.Append(i == 0 ? "(" : " OR (");
            for (var j = 0; j < i; j++)
            {
                _sql.Append(SortColumn(order[j].Field)).Append(" = ").Value(Value(j)).Append(" AND ");
            }

            _sql.Append(SortColumn(order[i].Field)).Append(order[i].Descending ? " < " : " > ").Value(Value(i)).Append(")");
        }

        _sql.Append(")");
    }

    private void Condition(ServiceRequestFilter node)
    {
        switch (node.Kind)
        {
            case ServiceRequestFilterKind.And:
            case ServiceRequestFilterKind.Or:
                _sql.Append("(");
                for (var i = 0; i < node.Operands.Count; i++)
                {
                    _sql.Append(i == 0 ? string.Empty : node.Kind == ServiceRequestFilterKind.And ? " AND " : " OR ");
                    Condition(node.Operands[i]);
                }

                _sql.Append(")");
                return;
            case ServiceRequestFilterKind.Not:
                _sql.Append("NOT (");
                Condition(node.Operands[0]);
                _sql.Append(")");
                return;
            case ServiceRequestFilterKind.IsNull:
                _sql.Append(node.Field == ServiceRequestField.Location ? "has_location = 0" : Column(node) + " IS NULL");
                return;
            case ServiceRequestFilterKind.Compare:
                Compare(node);
                return;
            case ServiceRequestFilterKind.In:
                In(node);
                return;
            case ServiceRequestFilterKind.StartsWith:
                // substr and length count characters alike, so the prefix is compared whole; no LIKE, so no wildcards to escape.
                var prefix = Text(node, node.Value!);
                NotNull(node, () => _sql.Append("substr(").Append(Column(node)).Append(", 1, length(").Value(prefix).Append(")) = ").Value(prefix));
                return;
            case ServiceRequestFilterKind.WithinBox:
                Box(node.Box);
                return;
            case ServiceRequestFilterKind.WithinCircle:
                Circle(node.Circle);
                return;
            default:
                throw new NotSupportedException($"The condition '{node.Source}' is not supported by the {_dialect.Name} store: {node.Kind} has no SQL translation.");
        }
    }

    private void Compare(ServiceRequestFilter node)
    {
        var op = node.Comparison switch
        {
            FilterComparison.Equal => " = ",
            FilterComparison.NotEqual => " <> ",
            FilterComparison.LessThan => " < ",
            FilterComparison.LessThanOrEqual => " <= ",
            FilterComparison.GreaterThan => " > ",
            _ => " >= ",
        };
        if (node.Comparison == FilterComparison.NotEqual && IsNullable(node.Field))
        {
            // C# says null != value; SQL would say unknown, which NOT and <> would drop.
            _sql.Append("(").Append(Column(node)).Append(" IS NULL OR ").Append(Column(node)).Append(op);
            Literal(node, node.Value!);
            _sql.Append(")");
            return;
        }

        NotNull(node, () =>
        {
            _sql.Append(Column(node)).Append(op);
            Literal(node, node.Value!);
        });
    }

    private void In(ServiceRequestFilter node)
    {
        NotNull(node, () =>
        {
            _sql.Append(Column(node));
            if (node.Values.Count == 1)
            {
                _sql.Append(" = ");
                Literal(node, node.Values[0]);
                return;
            }

            _sql.Append(" IN (");
            for (var i = 0; i < node.Values.Count; i++)
            {
                _sql.Append(i == 0 ? string.Empty : ", ");
                Literal(node, node.Values[i]);
            }

            _sql.Append(")");
        });
    }

    /// <summary>A test of a column that may be null, made false (not unknown) for null so a NOT around it is exact.</summary>
    private void NotNull(ServiceRequestFilter node, Action test)
    {
        if (!IsNullable(node.Field))
        {
            test();
            return;
        }

        _sql.Append("(").Append(Column(node)).Append(" IS NOT NULL AND ");
        test();
        _sql.Append(")");
    }

    private void Box(GeoBox box) =>
        _sql.Append("(latitude IS NOT NULL AND latitude >= ").Value(box.South).Append(" AND latitude <= ").Value(box.North)
            .Append(" AND longitude >= ").Value(box.West).Append(" AND longitude <= ").Value(box.East).Append(")");

    // GeoCircle.Contains in SQL, operation for operation (the same IEEE arithmetic and C library functions), inside its
    // bounding box so the location index narrows the rows first.
    private void Circle(GeoCircle circle)
    {
        const double ToRadians = Math.PI / 180;
        var center = circle.Center;
        _sql.Append("(");
        Box(circle.BoundingBox);
        _sql.Append(" AND ").Value(2 * GeoCircle.EarthRadiusMeters).Append(" * asin(").Append(_dialect.Least).Append("(1, sqrt(");
        HalfSineSquared("latitude", center.Latitude, ToRadians);
        _sql.Append(" + (").Value(Math.Cos(center.Latitude * ToRadians)).Append(" * cos(latitude * ").Value(ToRadians).Append(") * ");
        HalfSine("longitude", center.Longitude, ToRadians);
        _sql.Append(" * ");
        HalfSine("longitude", center.Longitude, ToRadians);
        _sql.Append(")))) <= ").Value(circle.RadiusMeters).Append(")");
    }

    private void HalfSineSquared(string column, double center, double toRadians)
    {
        _sql.Append("(");
        HalfSine(column, center, toRadians);
        _sql.Append(" * ");
        HalfSine(column, center, toRadians);
        _sql.Append(")");
    }

    private void HalfSine(string column, double center, double toRadians) =>
        _sql.Append("sin(((").Append(column).Append(" - ").Value(center).Append(") * ").Value(toRadians).Append(") / 2)");

    private void Literal(ServiceRequestFilter node, object value)
    {
        switch (value)
        {
            // Enum names are identifiers, written as literals so a query's status list matches a partial index's condition.
            case ServiceRequestStatus or Priority or Channel:
                _sql.Append("'").Append(value.ToString()!.Replace("'", "''", StringComparison.Ordinal)).Append("'");
                return;
            case string text:
                _sql.Value(Text(node, text));
                return;
            case NodaTime.Instant instant:
                _sql.Value(RelationalValues.Nanoseconds(instant));
                return;
            case ServiceRequestId id:
                _sql.Value(RelationalValues.Id(id));
                return;
            default:
                throw new NotSupportedException($"The condition '{node.Source}' is not supported by the {_dialect.Name} store: a {value.GetType().Name} value has no column type.");
        }
    }

    private static string Text(ServiceRequestFilter node, object value) => node.IgnoreCase ? RelationalValues.Key((string)value) : (string)value;

    private static bool IsNullable(ServiceRequestField field) =>
        field is ServiceRequestField.Queue or ServiceRequestField.NextSlaCheckAt or ServiceRequestField.DuplicateOf;

    private string Column(ServiceRequestFilter node) => node.Field switch
    {
        ServiceRequestField.Id => "id",
        ServiceRequestField.TrackingNumber => node.IgnoreCase ? "tracking_key" : "tracking_number",
        ServiceRequestField.Status => "status",
        ServiceRequestField.ServiceCode => node.IgnoreCase ? "service_code_key" : "service_code",
        ServiceRequestField.Agency => node.IgnoreCase ? "agency_key" : "agency",
        ServiceRequestField.Queue => node.IgnoreCase ? "queue_key" : "queue",
        ServiceRequestField.Priority => "priority",
        ServiceRequestField.Channel => "channel",
        ServiceRequestField.RequestedAt => "requested_at",
        ServiceRequestField.UpdatedAt => "updated_at",
        ServiceRequestField.NextSlaCheckAt => "next_sla_check_at",
        ServiceRequestField.DuplicateOf => "duplicate_of",
        _ => throw new NotSupportedException($"The condition '{node.Source}' is not supported by the {_dialect.Name} store: {node.Field} has no column."),
    };
}
