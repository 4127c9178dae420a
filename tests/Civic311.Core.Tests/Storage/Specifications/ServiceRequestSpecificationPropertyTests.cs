using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using Ardalis.Specification;
using Civic311.Core.Tests.Sla.Calendar;
using Civic311.Requests;
using Civic311.Storage;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Civic311.Core.Tests.Storage.Specifications;

/// <summary>
/// The builder methods mean what their documentation says, and their translated plan means what Ardalis' in-memory
/// evaluation of them means: over a population made through the real lifecycle, for random conditions and orders.
/// </summary>
public sealed class ServiceRequestSpecificationPropertyTests
{
    private static readonly string[] Codes = ["POTHOLE", "pothole", "INFO", "Missed-Pickup", "DEAD-ANIMAL", "HEAT", "STREET-CONDITION", "NOPE"];
    private static readonly string[] Agencies = ["DOT", "dsny", "ACC", "HPD", "NONE"];
    private static readonly string[] Queues = ["DOT-ROADWAY", "dsny-collection", "HPD-HEAT", "DOT-STREETS", "NOWHERE"];

    private static IReadOnlyList<ServiceRequest> Population => RequestPopulation.Requests;

    [Fact]
    public void Population_Varies_SoThatThePropertiesCanFail()
    {
        Population.Select(r => r.Status).Distinct().Should().HaveCountGreaterThan(3);
        Population.Select(r => r.Agency).Distinct().Should().HaveCountGreaterThan(3);
        Population.Should().Contain(r => r.Queue == null).And.Contain(r => r.Queue != null);
        Population.Should().Contain(r => r.NextSlaCheckAt != null).And.Contain(r => r.DuplicateOf != null).And.Contain(r => r.Location == null || r.Location.Point == null);
        Population.GroupBy(r => r.RequestedAt).Should().Contain(g => g.Count() > 1, "ties make the order fall back to the id");
    }

    [Fact]
    public void Evaluate_BuilderMethods_MatchAndOrderAsDocumented()
    {
        var nonEmpty = 0;
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), (int seed) =>
        {
            var random = new Random(seed);
            var (reference, specification) = RandomPair(random);
            var expected = Population.Where(reference.Matches).Order(Comparer<ServiceRequest>.Create(reference.Compare)).Select(r => r.Id).ToList();
            var actual = specification.Evaluate(Population).Select(r => r.Id).ToList();
            nonEmpty += expected.Count > 0 ? 1 : 0;
            if (!actual.SequenceEqual(expected))
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: the reference gives [{string.Join(", ", expected)}], the specification [{string.Join(", ", actual)}]");
            }
        });

        PropertyRunner.Check(nameof(Evaluate_BuilderMethods_MatchAndOrderAsDocumented), property, 400);
        nonEmpty.Should().BeGreaterThan(100, "most random queries match something");
    }

    [Fact]
    public void From_RandomSpecifications_TranslateToAPlanThatMeansWhatArdalisEvaluationMeans()
    {
        var matched = 0;
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), (int seed) =>
        {
            var random = new Random(seed);
            var specification = new AdHoc();
            var conditions = random.Next(0, 3);
            for (var i = 0; i < conditions; i++)
            {
                specification.Query.Where(RandomCondition(random, depth: 3));
            }

            RandomOrder(random, specification.Query);
            var plan = ServiceRequestQueryPlan.From(specification);
            var expected = Population.Where(r => PlanEvaluator.Matches(plan, r));
            expected = plan.Order.Count == 0 ? expected : expected.Order(Comparer<ServiceRequest>.Create((a, b) => CompareByPlan(plan, a, b)));
            var expectedIds = expected.Select(r => r.Id).ToList();
            var actual = specification.Evaluate(Population).Select(r => r.Id).ToList();
            matched += expectedIds.Count is > 0 and < 120 ? 1 : 0;
            if (!actual.SequenceEqual(expectedIds))
            {
                throw new Xunit.Sdk.XunitException(
                    $"seed {seed}: {string.Join(" && ", specification.WhereExpressions.Select(w => w.Filter.ToString()))}\n" +
                    $"plan: {plan.Filter?.Source ?? "(none)"}\nplan gives {expectedIds.Count}, Ardalis {actual.Count}");
            }
        });

        PropertyRunner.Check(nameof(From_RandomSpecifications_TranslateToAPlanThatMeansWhatArdalisEvaluationMeans), property, 500);
        matched.Should().BeGreaterThan(100, "most random specifications match some requests but not all");
    }

    [Fact]
    public void Evaluate_TheDocsExample_KeepsOpenPotholesNearAPointNewestFirst()
    {
        var center = Population.First(r => r.ServiceCode == "POTHOLE" && r.Location?.Point is not null).Location!.Point!.Value;
        var since = RequestPopulation.First;

        var actual = new OpenPotholesNear(center, since).Evaluate(Population).ToList();

        var expected = Population
            .Where(r => r.IsOpen && r.ServiceCode == "POTHOLE" && r.RequestedAt >= since && r.Queue != null)
            .Where(r => r.Location?.Point is { } p && GeoCircle.DistanceMeters(center, p) <= 20_000)
            .OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
            .ToList();
        expected.Should().NotBeEmpty("the centre is an open pothole's own point");
        actual.Should().Equal(expected);
        ServiceRequestQueryPlan.From(new OpenPotholesNear(center, since)).Filter!.Operands.Should().HaveCount(5);
    }

    private static int CompareByPlan(ServiceRequestQueryPlan plan, ServiceRequest a, ServiceRequest b)
    {
        foreach (var key in plan.Order)
        {
            var compared = key.Field switch
            {
                ServiceRequestField.RequestedAt => a.RequestedAt.CompareTo(b.RequestedAt),
                ServiceRequestField.UpdatedAt => a.UpdatedAt.CompareTo(b.UpdatedAt),
                _ => a.Id.CompareTo(b.Id),
            };
            if (compared != 0)
            {
                return key.Descending ? -compared : compared;
            }
        }

        return 0;
    }

    // The builder methods' documented meaning, written out by hand as the reference the specification is checked against.
    private static (Reference Reference, ServiceRequestSpecification Specification) RandomPair(Random random)
    {
        var conditions = new List<Func<ServiceRequest, bool>>();
        var specification = new AdHoc();
        var builder = specification.Query;
        static bool AnyCode(string[] codes, string? value) => value is not null && codes.Any(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));
        if (random.Next(4) == 0)
        {
            var statuses = Pick(random, Enum.GetValues<ServiceRequestStatus>());
            conditions.Add(r => statuses.Contains(r.Status));
            builder.WithStatus(statuses);
        }
        else if (random.Next(3) == 0)
        {
            conditions.Add(r => r.Status is not (ServiceRequestStatus.Resolved or ServiceRequestStatus.Closed or ServiceRequestStatus.Cancelled or ServiceRequestStatus.Duplicate));
            builder.OnlyOpen();
        }

        if (random.Next(3) == 0)
        {
            var codes = Pick(random, Codes);
            conditions.Add(r => AnyCode(codes, r.ServiceCode));
            builder.WithServiceCode(codes);
        }

        if (random.Next(3) == 0)
        {
            var agencies = Pick(random, Agencies);
            conditions.Add(r => AnyCode(agencies, r.Agency));
            builder.WithAgency(agencies);
        }

        if (random.Next(4) == 0)
        {
            var queues = Pick(random, Queues);
            conditions.Add(r => AnyCode(queues, r.Queue));
            builder.WithQueue(queues);
        }

        if (random.Next(3) == 0)
        {
            var (from, to) = (random.Next(2) == 0 ? RandomInstant(random) : (Instant?)null, random.Next(2) == 0 ? RandomInstant(random) : (Instant?)null);
            if (from > to)
            {
                (from, to) = (to, from);
            }

            conditions.Add(r => (from is null || r.RequestedAt >= from) && (to is null || r.RequestedAt < to));
            builder.RequestedBetween(from, to);
        }

        if (random.Next(4) == 0)
        {
            var box = RandomBox(random);
            conditions.Add(r => r.Location?.Point is { } point && point.Latitude >= box.South && point.Latitude <= box.North && point.Longitude >= box.West && point.Longitude <= box.East);
            builder.WithinArea(box);
        }

        if (random.Next(5) == 0)
        {
            var original = Population[random.Next(6)].Id;
            conditions.Add(r => r.DuplicateOf == original);
            builder.DuplicatesOf(original);
        }

        if (random.Next(4) == 0)
        {
            var dueBy = RandomInstant(random);
            conditions.Add(r => r.NextSlaCheckAt is { } check && check <= dueBy);
            builder.WithSlaCheckDueBy(dueBy);
        }

        var order = random.Next(2) == 0 ? ServiceRequestOrder.RequestedAt : ServiceRequestOrder.UpdatedAt;
        var descending = random.Next(2) == 0;
        builder.OrderedBy(order, descending);
        return (new Reference(r => conditions.All(c => c(r)), order, descending), specification);
    }

    private sealed record Reference(Func<ServiceRequest, bool> Matches, ServiceRequestOrder Order, bool Descending)
    {
        public int Compare(ServiceRequest a, ServiceRequest b)
        {
            var byKey = Order == ServiceRequestOrder.UpdatedAt ? a.UpdatedAt.CompareTo(b.UpdatedAt) : a.RequestedAt.CompareTo(b.RequestedAt);
            return (Descending ? -1 : 1) * (byKey != 0 ? byKey : a.Id.CompareTo(b.Id));
        }
    }

    /// <summary>A random condition over the indexed fields, written as an integrator would, composed with &amp;&amp;, || and !.</summary>
    private static Expression<Func<ServiceRequest, bool>> RandomCondition(Random random, int depth)
    {
        if (depth > 0 && random.Next(3) == 0)
        {
            var left = RandomCondition(random, depth - 1);
            var right = RandomCondition(random, depth - 1);
            var body = random.Next(3) switch
            {
                0 => Expression.AndAlso(left.Body, Rebind(right, left.Parameters[0])),
                1 => Expression.OrElse(left.Body, Rebind(right, left.Parameters[0])),
                _ => (Expression)Expression.Not(left.Body),
            };
            return Expression.Lambda<Func<ServiceRequest, bool>>(body, left.Parameters[0]);
        }

        var sample = Population[random.Next(Population.Count)];
        var status = sample.Status;
        var code = Codes[random.Next(Codes.Length)];
        var instant = RandomInstant(random);
        var id = sample.Id;
        switch (random.Next(24))
        {
            case 0: return x => x.Status == status;
            case 1: return x => x.Status != status;
            case 2:
                var statuses = Pick(random, Enum.GetValues<ServiceRequestStatus>());
                return x => statuses.Contains(x.Status); // C# 14 binds this to MemoryExtensions.Contains over a span
            case 3:
                var list = Pick(random, Enum.GetValues<ServiceRequestStatus>()).ToList();
                return x => list.Contains(x.Status);
            case 4:
                var agency = Agencies[random.Next(Agencies.Length)];
                return x => string.Equals(x.Agency, agency, StringComparison.OrdinalIgnoreCase);
            case 5: return x => x.ServiceCode == code;
            case 6:
                var codes = Pick(random, Codes);
                return x => Enumerable.Contains(codes, x.ServiceCode, StringComparer.OrdinalIgnoreCase);
            case 7: return x => x.Queue == null;
            case 8: return x => x.Queue != null;
            case 9:
                var prefix = Queues[random.Next(Queues.Length)][..random.Next(1, 5)];
                return x => x.Queue != null && x.Queue.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
            case 10:
                var tracking = sample.TrackingNumber[..random.Next(1, sample.TrackingNumber.Length + 1)];
                return x => x.TrackingNumber.StartsWith(tracking, StringComparison.Ordinal);
            case 11: return x => x.RequestedAt >= instant;
            case 12: return x => x.RequestedAt < instant;
            case 13: return x => x.UpdatedAt > instant;
            case 14: return x => x.NextSlaCheckAt <= instant;
            case 15: return x => instant >= x.RequestedAt;
            case 16:
                var original = Population[random.Next(6)].Id;
                return x => x.DuplicateOf == original;
            case 17: return x => x.DuplicateOf.HasValue;
            case 18: return x => x.Id == id;
            case 19: return x => x.IsOpen;
            case 20:
                var box = RandomBox(random);
                return x => box.Contains(x.Location);
            case 21:
                var circle = new GeoCircle(new GeoPoint(40.5 + (random.NextDouble() * 0.4), -74.25 + (random.NextDouble() * 0.55)), random.Next(500, 20_000));
                return x => circle.Contains(x.Location);
            case 22: return x => x.Priority == Priority.Normal;
            default:
                var queues = new List<string?> { null, Queues[random.Next(Queues.Length)] };
                return x => queues.Contains(x.Queue);
        }
    }

    private static void RandomOrder(Random random, ISpecificationBuilder<ServiceRequest> query)
    {
        switch (random.Next(5))
        {
            case 0:
                break;
            case 1:
                query.OrderBy(x => x.UpdatedAt);
                break;
            case 2:
                query.OrderByDescending(x => x.RequestedAt).ThenBy(x => x.Id);
                break;
            default:
                query.OrderedBy(random.Next(2) == 0 ? ServiceRequestOrder.RequestedAt : ServiceRequestOrder.UpdatedAt, random.Next(2) == 0);
                break;
        }
    }

    private static Expression Rebind(Expression<Func<ServiceRequest, bool>> lambda, ParameterExpression parameter) =>
        new Rebinder(lambda.Parameters[0], parameter).Visit(lambda.Body);

    private static T[] Pick<T>(Random random, T[] values) =>
        values.Where(_ => random.Next(3) == 0).DefaultIfEmpty(values[random.Next(values.Length)]).ToArray();

    private static Instant RandomInstant(Random random)
    {
        // Half the time an instant some request has, so that the bounds' inclusiveness is tested.
        var sample = Population[random.Next(Population.Count)];
        switch (random.Next(6))
        {
            case 0: return sample.RequestedAt;
            case 1: return sample.UpdatedAt;
            case 2 when sample.NextSlaCheckAt is { } check: return check;
        }

        var span = (RequestPopulation.Last - RequestPopulation.First).TotalTicks;
        return RequestPopulation.First + Duration.FromTicks((long)(span * ((random.NextDouble() * 1.2) - 0.1)));
    }

    private static GeoBox RandomBox(Random random)
    {
        var south = 40.5 + (random.NextDouble() * 0.4);
        var west = -74.25 + (random.NextDouble() * 0.55);
        return new GeoBox(south, west, Math.Min(90, south + (random.NextDouble() * 0.3)), Math.Min(180, west + (random.NextDouble() * 0.4)));
    }

    /// <summary>A specification built by the test after construction (integrators add conditions in a constructor).</summary>
    private sealed class AdHoc : ServiceRequestSpecification
    {
    }

    /// <summary>The example of docs/queries.md (with a radius that catches several of the population).</summary>
    private sealed class OpenPotholesNear : ServiceRequestSpecification
    {
        public OpenPotholesNear(GeoPoint point, Instant since)
        {
            Query.OnlyOpen()
                .WithServiceCode("pothole")
                .Near(point, radiusMeters: 20_000)
                .Where(x => x.RequestedAt >= since && x.Queue != null)
                .OrderedBy(ServiceRequestOrder.RequestedAt, descending: true);
        }
    }

    private sealed class Rebinder(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
