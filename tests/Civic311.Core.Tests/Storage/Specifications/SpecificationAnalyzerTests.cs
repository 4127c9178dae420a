using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using Ardalis.Specification;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;

namespace Civic311.Core.Tests.Storage.Specifications;

/// <summary>What <see cref="ServiceRequestQueryPlan.From"/> makes of each construct of the subset, and how it refuses the rest.</summary>
public sealed class SpecificationAnalyzerTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 2, 14, 0);
    private static readonly ServiceRequestId Original = new(Guid.Parse("0d4f1c55-8f43-4b8e-9a57-6c0b2f1e9a10"));

    [Fact]
    public void From_Equality_IsACompareNodeWithTheTypedValue()
    {
        var filter = FilterOf(x => x.Status == ServiceRequestStatus.Acknowledged); // compiled as (int)x.Status == 1

        filter.Kind.Should().Be(ServiceRequestFilterKind.Compare);
        filter.Field.Should().Be(ServiceRequestField.Status);
        filter.Comparison.Should().Be(FilterComparison.Equal);
        filter.Value.Should().Be(ServiceRequestStatus.Acknowledged);
    }

    [Fact]
    public void From_ValueOnTheLeft_FlipsTheComparison()
    {
        var since = At;
        var filter = FilterOf(x => since < x.UpdatedAt);

        filter.Field.Should().Be(ServiceRequestField.UpdatedAt);
        filter.Comparison.Should().Be(FilterComparison.GreaterThan);
        filter.Value.Should().Be(At);
    }

    [Theory]
    [InlineData(0, FilterComparison.LessThan)]
    [InlineData(1, FilterComparison.LessThanOrEqual)]
    [InlineData(2, FilterComparison.GreaterThan)]
    [InlineData(3, FilterComparison.GreaterThanOrEqual)]
    [InlineData(4, FilterComparison.NotEqual)]
    public void From_Ranges_OnInstants_AreCompareNodes(int form, FilterComparison expected)
    {
        Expression<Func<ServiceRequest, bool>>[] forms =
            [x => x.RequestedAt < At, x => x.RequestedAt <= At, x => x.RequestedAt > At, x => x.RequestedAt >= At, x => x.RequestedAt != At];

        var filter = FilterOf(forms[form]);

        filter.Comparison.Should().Be(expected);
        filter.Field.Should().Be(ServiceRequestField.RequestedAt);
    }

    [Fact]
    public void From_LiftedNullableComparison_ReadsTheFieldThroughTheLift()
    {
        var filter = FilterOf(x => x.NextSlaCheckAt <= At);

        filter.Field.Should().Be(ServiceRequestField.NextSlaCheckAt);
        filter.Comparison.Should().Be(FilterComparison.LessThanOrEqual);
        filter.Value.Should().Be(At);
    }

    [Fact]
    public void From_ContainsOverAList_IsAnInNodeOfDistinctValues()
    {
        var statuses = new List<ServiceRequestStatus> { ServiceRequestStatus.Submitted, ServiceRequestStatus.InProgress, ServiceRequestStatus.Submitted };
        var filter = FilterOf(x => statuses.Contains(x.Status));

        filter.Kind.Should().Be(ServiceRequestFilterKind.In);
        filter.Values.Should().Equal(ServiceRequestStatus.Submitted, ServiceRequestStatus.InProgress);
    }

    [Fact]
    public void From_ArrayContains_BoundToASpanByCSharp14_IsAnInNode()
    {
        var codes = new[] { "POTHOLE", "HEAT" };
        var filter = FilterOf(x => codes.Contains(x.ServiceCode));

        filter.Kind.Should().Be(ServiceRequestFilterKind.In);
        filter.Values.Should().Equal("POTHOLE", "HEAT");
        filter.IgnoreCase.Should().BeFalse();
    }

    [Fact]
    public void From_ContainsWithOrdinalIgnoreCase_IsACaseInsensitiveInNode()
    {
        var filter = FilterOf(x => Enumerable.Contains(new[] { "dot", "DOT", "Dsny" }, x.Agency, StringComparer.OrdinalIgnoreCase));

        filter.IgnoreCase.Should().BeTrue();
        filter.Values.Should().Equal("dot", "Dsny");
    }

    [Fact]
    public void From_ContainsOfAnEmptyList_MatchesNothing()
    {
        var none = Array.Empty<string>();
        var plan = PlanOf(x => Enumerable.Contains(none, x.Agency));

        plan.MatchesNothing.Should().BeTrue();
        plan.Filter.Should().BeNull();
    }

    [Fact]
    public void From_ContainsOfAListWithNull_AlsoMatchesNull()
    {
        var queues = new List<string?> { null, "HPD-HEAT" };
        var filter = FilterOf(x => queues.Contains(x.Queue));

        filter.Kind.Should().Be(ServiceRequestFilterKind.Or);
        filter.Operands.Select(o => o.Kind).Should().Equal(ServiceRequestFilterKind.IsNull, ServiceRequestFilterKind.In);
    }

    [Fact]
    public void From_AndOrNot_NestAndFlattenChains()
    {
        var filter = FilterOf(x => x.Agency == "DOT" && (x.Queue == null || !(x.RequestedAt < At)) && x.IsOpen);

        filter.Kind.Should().Be(ServiceRequestFilterKind.And);
        filter.Operands.Select(o => o.Kind).Should().Equal(ServiceRequestFilterKind.Compare, ServiceRequestFilterKind.Or, ServiceRequestFilterKind.In);
        var or = filter.Operands[1];
        or.Operands.Select(o => o.Kind).Should().Equal(ServiceRequestFilterKind.IsNull, ServiceRequestFilterKind.Not);
        filter.Operands[2].Values.Should().NotContain(ServiceRequestStatus.Closed).And.Contain(ServiceRequestStatus.Submitted);
    }

    [Fact]
    public void From_SeveralWheres_AreOneAnd()
    {
        var plan = ServiceRequestQueryPlan.From(new Built(q => q.Where(x => x.Agency == "DOT").Where(x => x.Queue != null)));

        plan.Filter!.Kind.Should().Be(ServiceRequestFilterKind.And);
        plan.Filter.Operands[1].Kind.Should().Be(ServiceRequestFilterKind.Not);
        plan.Filter.Operands[1].Operands[0].Kind.Should().Be(ServiceRequestFilterKind.IsNull);
    }

    [Fact]
    public void From_NullChecks_AreIsNullNodes()
    {
        FilterOf(x => x.DuplicateOf == null).Kind.Should().Be(ServiceRequestFilterKind.IsNull);
        FilterOf(x => x.DuplicateOf.HasValue).Operands[0].Should().Match<ServiceRequestFilter>(n => n.Kind == ServiceRequestFilterKind.IsNull && n.Field == ServiceRequestField.DuplicateOf);
        FilterOf(x => x.Queue != null).Kind.Should().Be(ServiceRequestFilterKind.Not);
    }

    [Fact]
    public void From_DuplicateOfEquality_CarriesTheId()
    {
        var filter = FilterOf(x => x.DuplicateOf == Original);

        filter.Value.Should().Be(Original);
        filter.Field.Should().Be(ServiceRequestField.DuplicateOf);
    }

    [Fact]
    public void From_StringEqualsAndStartsWith_CarryTheirCaseRule()
    {
        var equals = FilterOf(x => string.Equals(x.TrackingNumber, "311-26-0000001", StringComparison.OrdinalIgnoreCase));
        var startsWith = FilterOf(x => x.ServiceCode.StartsWith("POT", StringComparison.Ordinal));

        equals.Should().Match<ServiceRequestFilter>(n => n.Kind == ServiceRequestFilterKind.Compare && n.IgnoreCase && (string)n.Value! == "311-26-0000001");
        startsWith.Should().Match<ServiceRequestFilter>(n => n.Kind == ServiceRequestFilterKind.StartsWith && !n.IgnoreCase && (string)n.Value! == "POT");
    }

    [Fact]
    public void From_BoxAndCircle_AreGeographicNodes()
    {
        var box = new GeoBox(40.6, -74.1, 40.8, -73.9);
        var circle = new GeoCircle(new GeoPoint(40.7, -74.0), 500);

        FilterOf(x => box.Contains(x.Location)).Should().Match<ServiceRequestFilter>(n => n.Kind == ServiceRequestFilterKind.WithinBox && n.Box == box);
        FilterOf(x => circle.Contains(x.Location)).Should().Match<ServiceRequestFilter>(n => n.Kind == ServiceRequestFilterKind.WithinCircle && n.Circle == circle);
    }

    [Fact]
    public void From_CapturedVariables_AreReadOnceAtTranslation()
    {
        var agency = "DOT";
        var plan = PlanOf(x => x.Agency == agency);
        agency = "HPD";

        plan.Filter!.Value.Should().Be("DOT");
    }

    [Fact]
    public void From_PartsIndependentOfTheRequest_AreEvaluatedAndFolded()
    {
        var includeAll = true;

        PlanOf(x => includeAll || x.Agency == "DOT").Filter.Should().BeNull();
        PlanOf(x => !includeAll && x.Agency == "DOT").MatchesNothing.Should().BeTrue();
        PlanOf(x => x.RequestedAt >= At - Duration.FromHours(1)).Filter!.Value.Should().Be(At - Duration.FromHours(1));
    }

    [Fact]
    public void From_Order_ListsItsKeysAndPaging()
    {
        var plan = ServiceRequestQueryPlan.From(new Built(q => q.OrderedBy(ServiceRequestOrder.UpdatedAt, descending: true).Skip(10).Take(5)));

        plan.Order.Should().Equal(new ServiceRequestSortKey(ServiceRequestField.UpdatedAt, true), new ServiceRequestSortKey(ServiceRequestField.Id, true));
        plan.Skip.Should().Be(10);
        plan.Take.Should().Be(5);
    }

    [Fact]
    public void From_NamedSpecifications_TranslateCompletely()
    {
        var specifications = new ServiceRequestSpecification[]
        {
            new OpenRequestsOfAgency("DOT"), new SlaCheckDue(At), new DuplicatesOfRequest(Original),
            new RequestsNear(new GeoPoint(40.7, -74.0), 250), new RequestsUpdatedSince(At),
        };

        foreach (var specification in specifications)
        {
            var plan = ServiceRequestQueryPlan.From(specification);
            plan.Filter.Should().NotBeNull(specification.GetType().Name);
            plan.Order.Should().HaveCount(2, specification.GetType().Name);
        }
    }

    // ---- refusals: each names the part and says why ----

    [Fact]
    public void From_NonIndexedField_IsRefusedNamingTheField()
    {
        var act = () => PlanOf(x => x.Description!.Contains("pothole"));

        act.Should().Throw<NotSupportedException>().WithMessage("The condition 'x.Description.Contains(\"pothole\")' is not supported: *Description is not an indexed field*Indexed fields: Id, *");
    }

    [Fact]
    public void From_NonIndexedFieldCompared_IsRefusedNamingTheField()
    {
        var act = () => PlanOf(x => x.Assignee == "ana");

        act.Should().Throw<NotSupportedException>().WithMessage("*'(x.Assignee == \"ana\")'*Assignee is not an indexed field*");
    }

    [Fact]
    public void From_NestedMember_IsRefusedNamingIt()
    {
        var act = () => PlanOf(x => x.Location!.District == "Bronx");

        act.Should().Throw<NotSupportedException>().WithMessage("*x.Location.District is not an indexed field*");
    }

    [Fact]
    public void From_ConditionOnTheReporter_IsRefusedWithoutTheResidentsData()
    {
        var byEmail = () => PlanOf(x => x.Reporter!.Email == "ana.garcia@example.org");
        var byPhone = () => PlanOf(x => x.Description == "call me at 212-555-0123");

        byEmail.Should().Throw<NotSupportedException>().Which.Message.Should().Contain("x.Reporter.Email == \"…\"").And.NotContain("ana.garcia");
        byPhone.Should().Throw<NotSupportedException>().Which.Message.Should().Contain("Description is not an indexed field").And.NotContain("555-0123");
    }

    [Fact]
    public void From_UnknownMethod_IsRefusedNamingIt()
    {
        var act = () => PlanOf(x => x.TrackingNumber.EndsWith("1", StringComparison.Ordinal));

        act.Should().Throw<NotSupportedException>().WithMessage("*'x.TrackingNumber.EndsWith(\"1\", Ordinal)'*String.EndsWith is not one stores translate*");
    }

    [Fact]
    public void From_CultureSensitiveText_IsRefused()
    {
        var startsWith = () => PlanOf(x => x.ServiceCode.StartsWith("POT"));
        var equals = () => PlanOf(x => string.Equals(x.Agency, "dot", StringComparison.CurrentCultureIgnoreCase));

        startsWith.Should().Throw<NotSupportedException>().WithMessage("*StartsWith without a StringComparison*");
        equals.Should().Throw<NotSupportedException>().WithMessage("*StringComparison.CurrentCultureIgnoreCase depends on a culture*");
    }

    [Fact]
    public void From_RangeOnAnUnorderedField_IsRefused()
    {
        var act = () => PlanOf(x => x.Status > ServiceRequestStatus.Acknowledged);

        act.Should().Throw<NotSupportedException>().WithMessage("*Status compares only with == and !=*");
    }

    [Fact]
    public void From_FieldComparedWithAField_IsRefused()
    {
        var act = () => PlanOf(x => x.UpdatedAt > x.RequestedAt);

        act.Should().Throw<NotSupportedException>().WithMessage("*compares the request with itself*");
    }

    [Fact]
    public void From_ValueThatThrows_IsRefusedNamingIt()
    {
        string? missing = null;
        var act = () => PlanOf(x => x.Agency == missing!.ToUpperInvariant());

        act.Should().Throw<NotSupportedException>().WithMessage("The value 'missing.ToUpperInvariant()' could not be evaluated*");
    }

    [Fact]
    public void From_CustomComparer_IsRefused()
    {
        var act = () => PlanOf(x => Enumerable.Contains(new[] { "DOT" }, x.Agency, StringComparer.InvariantCultureIgnoreCase));

        act.Should().Throw<NotSupportedException>().WithMessage("*StringComparer.Ordinal or StringComparer.OrdinalIgnoreCase*");
    }

    [Fact]
    public void From_NullCheckOnAFieldThatIsNeverNull_IsRefused()
    {
        var act = () => PlanOf(x => x.Agency == null);

        act.Should().Throw<NotSupportedException>().WithMessage("*Agency is never null*");
    }

    [Fact]
    public void From_OrderByANonKeyField_IsRefused()
    {
        var act = () => ServiceRequestQueryPlan.From(new Built(q => q.OrderBy(x => x.ServiceCode)));

        act.Should().Throw<NotSupportedException>().WithMessage("Ordering by 'x.ServiceCode' is not supported*");
    }

    [Fact]
    public void From_SearchPostProcessingAndInclude_AreRefused()
    {
        var search = () => ServiceRequestQueryPlan.From(new Built(q => q.Search(x => x.ServiceCode, "%POT%")));
        var post = () => ServiceRequestQueryPlan.From(new Built(q => q.PostProcessingAction(r => r.Take(1))));

        search.Should().Throw<NotSupportedException>().WithMessage("Search(...) is not supported*");
        post.Should().Throw<NotSupportedException>().WithMessage("PostProcessingAction(...) is not supported*");
    }

    [Fact]
    public void From_Null_Throws()
    {
        var act = () => ServiceRequestQueryPlan.From(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("specification");
    }

    private static ServiceRequestFilter FilterOf(Expression<Func<ServiceRequest, bool>> condition) => PlanOf(condition).Filter!;

    private static ServiceRequestQueryPlan PlanOf(Expression<Func<ServiceRequest, bool>> condition) =>
        ServiceRequestQueryPlan.From(new Built(q => q.Where(condition)));

    private sealed class Built : ServiceRequestSpecification
    {
        public Built(Action<ISpecificationBuilder<ServiceRequest>> build)
        {
            build(Query);
        }
    }
}
