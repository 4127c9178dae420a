using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using Ardalis.Specification;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Storage;

/// <summary>
/// Turns a specification's <c>Where</c> and <c>OrderBy</c> expressions into a <see cref="ServiceRequestQueryPlan"/> over the
/// indexed fields, refusing anything else by name: a store must never fetch everything and filter in memory.
/// </summary>
internal static partial class SpecificationAnalyzer
{
    private const string Supported =
        "Supported: comparisons (==, !=, <, <=, >, >=) of an indexed field with a value, values.Contains(x.Field) (with StringComparer.Ordinal " +
        "or OrdinalIgnoreCase for text), string.Equals and StartsWith with StringComparison.Ordinal or OrdinalIgnoreCase, null checks, " +
        "x.IsOpen, box.Contains(x.Location) and circle.Contains(x.Location), combined with &&, || and !. Indexed fields: " +
        "Id, TrackingNumber, Status, ServiceCode, Agency, Queue, Priority, Channel, RequestedAt, UpdatedAt, NextSlaCheckAt, DuplicateOf, Location.";

    private static readonly Dictionary<string, ServiceRequestField> Fields = new(StringComparer.Ordinal)
    {
        [nameof(ServiceRequest.Id)] = ServiceRequestField.Id,
        [nameof(ServiceRequest.TrackingNumber)] = ServiceRequestField.TrackingNumber,
        [nameof(ServiceRequest.Status)] = ServiceRequestField.Status,
        [nameof(ServiceRequest.ServiceCode)] = ServiceRequestField.ServiceCode,
        [nameof(ServiceRequest.Agency)] = ServiceRequestField.Agency,
        [nameof(ServiceRequest.Queue)] = ServiceRequestField.Queue,
        [nameof(ServiceRequest.Priority)] = ServiceRequestField.Priority,
        [nameof(ServiceRequest.Channel)] = ServiceRequestField.Channel,
        [nameof(ServiceRequest.RequestedAt)] = ServiceRequestField.RequestedAt,
        [nameof(ServiceRequest.UpdatedAt)] = ServiceRequestField.UpdatedAt,
        [nameof(ServiceRequest.NextSlaCheckAt)] = ServiceRequestField.NextSlaCheckAt,
        [nameof(ServiceRequest.DuplicateOf)] = ServiceRequestField.DuplicateOf,
        [nameof(ServiceRequest.Location)] = ServiceRequestField.Location,
    };

    private static readonly object[] OpenStatuses = Enum.GetValues<ServiceRequestStatus>().Where(Lifecycle.IsOpen).Cast<object>().ToArray();

    public static ServiceRequestQueryPlan Analyze(ISpecification<ServiceRequest> specification)
    {
        RefuseUnsupportedParts(specification);
        return AnalyzeSupported(specification);
    }

    // What no store translates, whatever its conditions: checked on every use, also of a specification whose plan is cached.
    public static void RefuseUnsupportedParts(ISpecification<ServiceRequest> specification)
    {
        if (specification.SearchCriterias.Any())
        {
            throw new NotSupportedException("Search(...) is not supported: it matches SQL LIKE patterns, which not every store has; use StartsWith with StringComparison.Ordinal or OrdinalIgnoreCase.");
        }

        if (specification.PostProcessingAction is not null)
        {
            throw new NotSupportedException("PostProcessingAction(...) is not supported: it runs in memory on everything fetched, and a store filters and orders where the data is.");
        }

        if (specification.IncludeExpressions.Any() || specification.IncludeStrings.Any())
        {
            throw new NotSupportedException("Include(...) is not supported: a store always returns whole requests.");
        }
    }

    public static ServiceRequestQueryPlan AnalyzeSupported(ISpecification<ServiceRequest> specification)
    {
        var parts = new List<ServiceRequestFilter>();
        var nothing = false;
        foreach (var where in specification.WhereExpressions)
        {
            var (node, constant) = new Translation(where.Filter.Parameters[0]).Predicate(where.Filter.Body);
            if (constant is false)
            {
                nothing = true;
            }
            else if (node is not null)
            {
                // Where(a && b).Where(c) is one And of three, as Where(a).Where(b).Where(c) is.
                parts.AddRange(node.Kind == ServiceRequestFilterKind.And ? node.Operands : [node]);
            }
        }

        var filter = nothing || parts.Count == 0 ? null : parts.Count == 1 ? parts[0] : Combine(ServiceRequestFilterKind.And, parts);
        return new ServiceRequestQueryPlan(filter, nothing, Order(specification), specification.Skip > 0 ? specification.Skip : null, specification.Take >= 0 ? specification.Take : null);
    }

    private static List<ServiceRequestSortKey> Order(ISpecification<ServiceRequest> specification)
    {
        var keys = new List<ServiceRequestSortKey>();
        foreach (var order in specification.OrderExpressions)
        {
            var first = order.OrderType is OrderTypeEnum.OrderBy or OrderTypeEnum.OrderByDescending;
            if (first && keys.Count > 0)
            {
                throw new NotSupportedException($"A second OrderBy(...) (by {Text(StripConvert(order.KeySelector.Body))}) is not supported: follow the first with ThenBy(...).");
            }

            var body = StripConvert(order.KeySelector.Body);
            var field = body is MemberExpression { Expression: ParameterExpression } member && Fields.TryGetValue(member.Member.Name, out var f) ? f : (ServiceRequestField?)null;
            if (field is not (ServiceRequestField.RequestedAt or ServiceRequestField.UpdatedAt or ServiceRequestField.Id))
            {
                throw new NotSupportedException($"Ordering by '{Text(body)}' is not supported: order by x.RequestedAt or x.UpdatedAt, then by x.Id (the orders every store can page through).");
            }

            keys.Add(new ServiceRequestSortKey(field.Value, order.OrderType is OrderTypeEnum.OrderByDescending or OrderTypeEnum.ThenByDescending));
        }

        return keys;
    }

    private static ServiceRequestFilter Combine(ServiceRequestFilterKind kind, IReadOnlyList<ServiceRequestFilter> operands) =>
        new(kind, () => string.Join(kind == ServiceRequestFilterKind.And ? " && " : " || ", operands.Select(o => "(" + o.Source + ")"))) { Operands = operands };

    private static Expression StripConvert(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
        {
            expression = convert.Operand;
        }

        return expression;
    }

    private static NotSupportedException Refuse(Expression part, string why) => new($"The condition '{Text(part)}' is not supported: {why}. {Supported}");

    /// <summary>The C# text of an expression, captured variables shown by their names rather than as their closure class.</summary>
    /// <remarks>Messages are logged: e-mail addresses and phone numbers are redacted, and the text values of a condition that reads
    /// the reporter or the address (most likely a resident's own) are hidden.</remarks>
    internal static string Text(Expression expression)
    {
        var text = ClosureReference().Replace(expression.ToString(), string.Empty);
        if (text.Contains(".Reporter", StringComparison.Ordinal) || text.Contains(".Address", StringComparison.Ordinal))
        {
            text = TextLiteral().Replace(text, "\"…\"");
        }

        return PersonalData.Redact(text) ?? text;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial System.Text.RegularExpressions.Regex TextLiteral();

    [System.Text.RegularExpressions.GeneratedRegex(@"value\([^()]*\)\.")]
    private static partial System.Text.RegularExpressions.Regex ClosureReference();

    /// <summary>The translation of one <c>Where</c> lambda: knows its parameter.</summary>
    private sealed class Translation
    {
        private readonly ParameterExpression _request;

        public Translation(ParameterExpression request)
        {
            _request = request;
        }

        /// <summary>A condition: a node, or a constant when it does not depend on the request (folded away in and/or/not).</summary>
        public (ServiceRequestFilter? Node, bool? Constant) Predicate(Expression expression)
        {
            if (!DependsOnRequest(expression))
            {
                return (null, (bool)Evaluate(expression)!);
            }

            switch (expression.NodeType)
            {
                case ExpressionType.AndAlso:
                case ExpressionType.And:
                case ExpressionType.OrElse:
                case ExpressionType.Or:
                    return Logical((BinaryExpression)expression);
                case ExpressionType.Not:
                    var (operand, constant) = Predicate(((UnaryExpression)expression).Operand);
                    return constant is { } c ? (null, !c) : (new ServiceRequestFilter(ServiceRequestFilterKind.Not, expression) { Operands = [operand!] }, null);
                case ExpressionType.Equal:
                case ExpressionType.NotEqual:
                case ExpressionType.LessThan:
                case ExpressionType.LessThanOrEqual:
                case ExpressionType.GreaterThan:
                case ExpressionType.GreaterThanOrEqual:
                    return Comparison((BinaryExpression)expression);
                case ExpressionType.Call:
                    return Call((MethodCallExpression)expression);
                case ExpressionType.MemberAccess:
                    return Member((MemberExpression)expression);
                default:
                    throw Refuse(expression, $"a {expression.NodeType} expression is not a condition stores translate");
            }
        }

        private (ServiceRequestFilter?, bool?) Logical(BinaryExpression expression)
        {
            var and = expression.NodeType is ExpressionType.AndAlso or ExpressionType.And;
            var (left, leftConstant) = Predicate(expression.Left);
            var (right, rightConstant) = Predicate(expression.Right);
            if (leftConstant is { } l)
            {
                return l == and ? (right, rightConstant) : (null, l);
            }

            if (rightConstant is { } r)
            {
                return r == and ? (left, null) : (null, r);
            }

            var kind = and ? ServiceRequestFilterKind.And : ServiceRequestFilterKind.Or;
            var operands = new List<ServiceRequestFilter>();
            foreach (var side in new[] { left!, right! })
            {
                if (side.Kind == kind)
                {
                    operands.AddRange(side.Operands); // a && (b && c) is one And of three
                }
                else
                {
                    operands.Add(side);
                }
            }

            return (new ServiceRequestFilter(kind, expression) { Operands = operands }, null);
        }

        private (ServiceRequestFilter?, bool?) Member(MemberExpression member)
        {
            if (member is { Member.Name: nameof(ServiceRequest.IsOpen), Expression: ParameterExpression })
            {
                return (new ServiceRequestFilter(ServiceRequestFilterKind.In, member) { Field = ServiceRequestField.Status, Values = OpenStatuses }, null);
            }

            if (member is { Member.Name: "HasValue", Expression: { } nullable } && Nullable.GetUnderlyingType(nullable.Type) is not null)
            {
                var field = FieldOf(nullable, member);
                var isNull = new ServiceRequestFilter(ServiceRequestFilterKind.IsNull, member) { Field = field };
                return (new ServiceRequestFilter(ServiceRequestFilterKind.Not, member) { Operands = [isNull] }, null);
            }

            throw Refuse(member, "a member of the request is a condition only as x.IsOpen or x.Field.HasValue");
        }

        private (ServiceRequestFilter?, bool?) Comparison(BinaryExpression expression)
        {
            var swap = !DependsOnRequest(expression.Left);
            var fieldSide = swap ? expression.Right : expression.Left;
            var valueSide = swap ? expression.Left : expression.Right;
            if (DependsOnRequest(valueSide))
            {
                throw Refuse(expression, "it compares the request with itself; compare one indexed field with a value");
            }

            var field = FieldOf(fieldSide, expression);
            var comparison = (expression.NodeType, swap) switch
            {
                (ExpressionType.Equal, _) => FilterComparison.Equal,
                (ExpressionType.NotEqual, _) => FilterComparison.NotEqual,
                (ExpressionType.LessThan, false) or (ExpressionType.GreaterThan, true) => FilterComparison.LessThan,
                (ExpressionType.LessThanOrEqual, false) or (ExpressionType.GreaterThanOrEqual, true) => FilterComparison.LessThanOrEqual,
                (ExpressionType.GreaterThan, false) or (ExpressionType.LessThan, true) => FilterComparison.GreaterThan,
                _ => FilterComparison.GreaterThanOrEqual,
            };
            if (field == ServiceRequestField.Location)
            {
                throw Refuse(expression, "Location is tested only with box.Contains(x.Location) or circle.Contains(x.Location)");
            }

            if (comparison is not (FilterComparison.Equal or FilterComparison.NotEqual) && !IsInstant(field))
            {
                throw Refuse(expression, $"{field} compares only with == and != (ranges apply to RequestedAt, UpdatedAt and NextSlaCheckAt)");
            }

            var value = Normalize(field, Evaluate(valueSide), expression);
            if (value is null)
            {
                // C#: x.F == null tests null; a lifted <, <=, >, >= with null is never true.
                return comparison switch
                {
                    FilterComparison.Equal => (IsNull(field, expression), null),
                    FilterComparison.NotEqual => (new ServiceRequestFilter(ServiceRequestFilterKind.Not, expression) { Operands = [IsNull(field, expression)] }, null),
                    _ => (null, false),
                };
            }

            return (new ServiceRequestFilter(ServiceRequestFilterKind.Compare, expression) { Field = field, Comparison = comparison, Value = value }, null);
        }

        private (ServiceRequestFilter?, bool?) Call(MethodCallExpression call)
        {
            var method = call.Method;
            if ((method.DeclaringType == typeof(GeoBox) || method.DeclaringType == typeof(GeoCircle)) && method.Name == nameof(GeoBox.Contains) && call.Object is { } shape)
            {
                if (call.Arguments is not [var location] || location.Type != typeof(ServiceLocation) || DependsOnRequest(shape) || FieldOf(location, call) != ServiceRequestField.Location)
                {
                    throw Refuse(call, "write box.Contains(x.Location) or circle.Contains(x.Location), with the box or circle a value");
                }

                return Evaluate(shape) is GeoBox box
                    ? (new ServiceRequestFilter(ServiceRequestFilterKind.WithinBox, call) { Field = ServiceRequestField.Location, Box = box }, null)
                    : (new ServiceRequestFilter(ServiceRequestFilterKind.WithinCircle, call) { Field = ServiceRequestField.Location, Circle = (GeoCircle)Evaluate(shape)! }, null);
            }

            if (method.Name == nameof(Enumerable.Contains))
            {
                return Contains(call);
            }

            if (method.DeclaringType == typeof(string) && method.Name == nameof(string.Equals))
            {
                return TextEquals(call);
            }

            if (method.DeclaringType == typeof(string) && method.Name == nameof(string.StartsWith) && call.Object is { } text)
            {
                if (call.Arguments is not [var prefix, var how] || how.Type != typeof(StringComparison))
                {
                    throw Refuse(call, "StartsWith without a StringComparison compares by the current culture; pass StringComparison.Ordinal or OrdinalIgnoreCase");
                }

                var field = TextField(text, call);
                var value = Evaluate(prefix) as string ?? throw Refuse(call, "the prefix is null");
                return (new ServiceRequestFilter(ServiceRequestFilterKind.StartsWith, call) { Field = field, Value = value, IgnoreCase = IgnoreCase(how, call) }, null);
            }

            throw Refuse(call, $"the method {method.DeclaringType?.Name}.{method.Name} is not one stores translate" +
                (call.Object is { } target && DependsOnRequest(target) ? $" ({DescribeMember(target)})" : string.Empty));
        }

        private (ServiceRequestFilter?, bool?) Contains(MethodCallExpression call)
        {
            // values.Contains(x.F) as Enumerable.Contains(values, x.F[, comparer]), MemoryExtensions.Contains(span, x.F) (C# 14
            // binds arrays to spans) or an instance ICollection<T>.Contains(x.F).
            Expression source;
            Expression item;
            Expression? comparer = null;
            if (call.Object is null && call.Arguments.Count is 2 or 3)
            {
                (source, item) = (call.Arguments[0], call.Arguments[1]);
                comparer = call.Arguments.Count == 3 ? call.Arguments[2] : null;
                if (call.Method.DeclaringType == typeof(MemoryExtensions) && StripConvert(source) is var spanned)
                {
                    source = spanned is MethodCallExpression { Method.Name: "op_Implicit", Arguments: [var array] } ? array : spanned;
                }
                else if (call.Method.DeclaringType != typeof(Enumerable))
                {
                    throw Refuse(call, $"the method {call.Method.DeclaringType?.Name}.Contains is not one stores translate");
                }
            }
            else if (call.Object is { } collection && call.Arguments.Count == 1)
            {
                (source, item) = (collection, call.Arguments[0]);
            }
            else
            {
                throw Refuse(call, "write values.Contains(x.Field)");
            }

            if (DependsOnRequest(source))
            {
                var member = StripConvert(source);
                throw Refuse(call, member is MemberExpression { Expression: ParameterExpression } m && !Fields.ContainsKey(m.Member.Name)
                    ? $"{m.Member.Name} is not an indexed field"
                    : "Contains tests whether a list of values holds an indexed field (values.Contains(x.Field)); text search inside a field is not supported");
            }

            var field = FieldOf(item, call);
            var ignoreCase = false;
            if (comparer is not null && Evaluate(comparer) is { } given)
            {
                ignoreCase = ReferenceEquals(given, StringComparer.OrdinalIgnoreCase) || given.Equals(StringComparer.OrdinalIgnoreCase);
                if (!ignoreCase && !ReferenceEquals(given, StringComparer.Ordinal) && !given.Equals(StringComparer.Ordinal) && given != (object)EqualityComparer<string>.Default)
                {
                    throw Refuse(call, "the comparer must be StringComparer.Ordinal or StringComparer.OrdinalIgnoreCase");
                }

                if (!IsText(field))
                {
                    throw Refuse(call, $"a comparer applies to text fields only; {field} is not text");
                }
            }

            if (Evaluate(source) is not IEnumerable values)
            {
                throw Refuse(call, "the list of values is null");
            }

            var distinct = new List<object>();
            var hasNull = false;
            foreach (var value in values)
            {
                var normalized = Normalize(field, value, call);
                if (normalized is null)
                {
                    hasNull = true;
                }
                else if (!distinct.Any(d => ignoreCase ? string.Equals((string)d, (string)normalized, StringComparison.OrdinalIgnoreCase) : d.Equals(normalized)))
                {
                    distinct.Add(normalized);
                }
            }

            var any = distinct.Count == 0 ? null : new ServiceRequestFilter(ServiceRequestFilterKind.In, call) { Field = field, Values = distinct, IgnoreCase = ignoreCase };
            return (hasNull, any) switch
            {
                (false, null) => (null, false), // an empty list holds nothing
                (false, _) => (any, null),
                (true, null) => (IsNull(field, call), null),
                _ => (new ServiceRequestFilter(ServiceRequestFilterKind.Or, call) { Operands = [IsNull(field, call), any] }, null),
            };
        }

        private (ServiceRequestFilter?, bool?) TextEquals(MethodCallExpression call)
        {
            Expression[] arguments = call.Object is null ? [.. call.Arguments] : [call.Object, .. call.Arguments];
            if (arguments is not [var a, var b, ..] || arguments.Length > 3 || b.Type != typeof(string))
            {
                throw Refuse(call, "write string.Equals(x.Field, value, StringComparison.Ordinal or OrdinalIgnoreCase)");
            }

            var ignoreCase = arguments.Length == 3 && IgnoreCase(arguments[2], call);
            var swap = !DependsOnRequest(a);
            var (fieldSide, valueSide) = swap ? (b, a) : (a, b);
            if (DependsOnRequest(valueSide))
            {
                throw Refuse(call, "it compares the request with itself; compare one indexed field with a value");
            }

            var field = TextField(fieldSide, call);
            return Evaluate(valueSide) is string value
                ? (new ServiceRequestFilter(ServiceRequestFilterKind.Compare, call) { Field = field, Comparison = FilterComparison.Equal, Value = value, IgnoreCase = ignoreCase }, null)
                : (IsNull(field, call), null);
        }

        private static bool IgnoreCase(Expression comparison, Expression whole) => (StringComparison)Evaluate(comparison)! switch
        {
            StringComparison.Ordinal => false,
            StringComparison.OrdinalIgnoreCase => true,
            var other => throw Refuse(whole, $"StringComparison.{other} depends on a culture; use Ordinal or OrdinalIgnoreCase"),
        };

        private ServiceRequestField TextField(Expression expression, Expression whole)
        {
            var field = FieldOf(expression, whole);
            return IsText(field) ? field : throw Refuse(whole, $"{field} is not text");
        }

        /// <summary>The indexed field an expression reads (through conversions and <c>.Value</c>), or a refusal naming what it reads instead.</summary>
        private ServiceRequestField FieldOf(Expression expression, Expression whole)
        {
            var stripped = StripConvert(expression);
            if (stripped is MemberExpression { Member.Name: "Value", Expression: { } inner } && Nullable.GetUnderlyingType(inner.Type) is not null)
            {
                stripped = StripConvert(inner);
            }

            if (stripped is MemberExpression { Expression: ParameterExpression parameter } member && parameter == _request)
            {
                return Fields.TryGetValue(member.Member.Name, out var field)
                    ? field
                    : throw Refuse(whole, $"{member.Member.Name} is not an indexed field");
            }

            throw Refuse(whole, $"{DescribeMember(stripped)} is not an indexed field of the request");
        }

        private string DescribeMember(Expression expression) => expression is MemberExpression member && DependsOnRequest(expression)
            ? (member.Expression is ParameterExpression ? member.Member.Name : Text(member))
            : Text(expression);

        private static ServiceRequestFilter IsNull(ServiceRequestField field, Expression whole) =>
            field is ServiceRequestField.Queue or ServiceRequestField.NextSlaCheckAt or ServiceRequestField.DuplicateOf or ServiceRequestField.Location
                ? new ServiceRequestFilter(ServiceRequestFilterKind.IsNull, whole) { Field = field }
                : throw Refuse(whole, $"{field} is never null; null checks apply to Queue, NextSlaCheckAt, DuplicateOf and Location");

        private bool DependsOnRequest(Expression expression)
        {
            var finder = new ParameterFinder(_request);
            finder.Visit(expression);
            return finder.Found;
        }

        /// <summary>The value a comparison's other side has, typed as the field is (enums arrive as their numbers).</summary>
        private static object? Normalize(ServiceRequestField field, object? value, Expression whole)
        {
            if (value is null)
            {
                return null;
            }

            var type = field switch
            {
                ServiceRequestField.Id or ServiceRequestField.DuplicateOf => typeof(ServiceRequestId),
                ServiceRequestField.Status => typeof(ServiceRequestStatus),
                ServiceRequestField.Priority => typeof(Priority),
                ServiceRequestField.Channel => typeof(Channel),
                ServiceRequestField.RequestedAt or ServiceRequestField.UpdatedAt or ServiceRequestField.NextSlaCheckAt => typeof(Instant),
                ServiceRequestField.Location => typeof(ServiceLocation),
                _ => typeof(string),
            };
            if (type.IsEnum && value is int number)
            {
                value = Enum.ToObject(type, number);
            }

            return type.IsInstanceOfType(value) ? value : throw Refuse(whole, $"{field} compares with a {type.Name}, not a {value.GetType().Name}");
        }

        /// <summary>Evaluates a part that does not depend on the request, once; closures' fields are read without compiling.</summary>
        private static object? Evaluate(Expression expression)
        {
            try
            {
                return expression switch
                {
                    ConstantExpression constant => constant.Value,
                    MemberExpression { Member: FieldInfo field } member => field.GetValue(member.Expression is null ? null : Evaluate(member.Expression)),
                    MemberExpression { Member: PropertyInfo property } member => property.GetValue(member.Expression is null ? null : Evaluate(member.Expression)),
                    UnaryExpression { NodeType: ExpressionType.Convert, Method: null } convert when Nullable.GetUnderlyingType(convert.Type) == convert.Operand.Type || convert.Type == typeof(object) =>
                        Evaluate(convert.Operand),

                    // An enum compared as its number: Normalize types it back.
                    UnaryExpression { NodeType: ExpressionType.Convert, Method: null } convert when convert.Operand.Type.IsEnum && convert.Type == Enum.GetUnderlyingType(convert.Operand.Type) =>
                        Evaluate(convert.Operand),
                    _ => Expression.Lambda<Func<object?>>(Expression.Convert(expression, typeof(object))).Compile(preferInterpretation: true)(),
                };
            }
            catch (Exception ex) when (ex is not NotSupportedException)
            {
                var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                var message = cause is TargetException ? "Object reference not set to an instance of an object." : cause.Message;
                throw new NotSupportedException($"The value '{Text(expression)}' could not be evaluated when the specification was translated: {message}", cause);
            }
        }

        private static bool IsText(ServiceRequestField field) =>
            field is ServiceRequestField.TrackingNumber or ServiceRequestField.ServiceCode or ServiceRequestField.Agency or ServiceRequestField.Queue;

        private static bool IsInstant(ServiceRequestField field) =>
            field is ServiceRequestField.RequestedAt or ServiceRequestField.UpdatedAt or ServiceRequestField.NextSlaCheckAt;
    }

    private sealed class ParameterFinder : ExpressionVisitor
    {
        private readonly ParameterExpression _parameter;

        public ParameterFinder(ParameterExpression parameter)
        {
            _parameter = parameter;
        }

        public bool Found { get; private set; }

        public override Expression? Visit(Expression? node) => Found ? node : base.Visit(node);

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found |= node == _parameter;
            return node;
        }
    }
}
