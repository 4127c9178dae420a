using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Ardalis.Specification;
using Civic311.Application;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.Primitives;
using NodaTime;

namespace Civic311.Core.Tests.Storage.Specifications;

/// <summary>
/// What each builder method of <see cref="ServiceRequestSpecificationBuilderExtensions"/> matches, on four requests made
/// through the real lifecycle; every answer is checked twice: by Ardalis' evaluation and by the translated plan.
/// </summary>
public sealed class ServiceRequestSpecificationBuilderTests : IAsyncLifetime
{
    private static readonly Instant Start = TestCatalog.Start;

    private readonly FakeClock _clock = new(Start);
    private ServiceRequest _pothole = null!;   // DOT, queue DOT-ROADWAY, point (40.7, -74.0), at Start, Submitted
    private ServiceRequest _info = null!;      // DSNY, no queue, no location, at Start + 1 h, Submitted
    private ServiceRequest _missed = null!;    // DSNY, queue DSNY-COLLECTION, address only, at Start + 2 h, Acknowledged
    private ServiceRequest _duplicate = null!; // DOT, point (40.8, -73.9), at Start + 3 h, Duplicate of _pothole

    private IEnumerable<ServiceRequest> Requests => [_pothole, _info, _missed, _duplicate];

    public async Task InitializeAsync()
    {
        var service = new ServiceRequests(new InMemoryServiceRequestStore(), TestCatalog.Options(), _clock);
        _pothole = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Latitude = 40.7, Longitude = -74.0 });
        _clock.Advance(Duration.FromHours(1));
        _info = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "INFO" });
        _clock.Advance(Duration.FromHours(1));
        _missed = await service.SubmitAsync(new ServiceRequestSubmission
        {
            ServiceCode = "MISSED-PICKUP",
            Address = "350 5th Ave",
            Attributes = new Dictionary<string, StringValues> { ["BIN-TYPE"] = "TRASH" },
        });
        _clock.Advance(Duration.FromHours(1));
        var duplicate = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Latitude = 40.8, Longitude = -73.9 });
        _clock.Advance(Duration.FromHours(1));
        _missed = await service.AcknowledgeAsync(_missed.Id);
        _duplicate = await service.MarkAsDuplicateAsync(duplicate.Id, _pothole.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void AllRequests_MatchesEveryRequestOldestFirst()
    {
        Matching(new AllRequests()).Should().Equal(_pothole, _info, _missed, _duplicate);
        ServiceRequestQueryPlan.From(new AllRequests()).Filter.Should().BeNull();
    }

    [Fact]
    public void WithStatus_SeveralStatuses_MatchesAnyOfThem()
    {
        Matching(q => q.WithStatus(ServiceRequestStatus.Acknowledged)).Should().Equal(_missed);
        Matching(q => q.WithStatus(ServiceRequestStatus.Submitted, ServiceRequestStatus.Duplicate)).Should().Equal(_pothole, _info, _duplicate);
        Matching(q => q.WithStatus(ServiceRequestStatus.Closed)).Should().BeEmpty();
    }

    [Fact]
    public void WithStatus_RepeatedStatus_IsKeptOnce()
    {
        var plan = ServiceRequestQueryPlan.From(Spec(q => q.WithStatus(ServiceRequestStatus.Submitted, ServiceRequestStatus.Submitted)));

        plan.Filter!.Values.Should().Equal(ServiceRequestStatus.Submitted);
    }

    [Fact]
    public void WithStatus_NoStatusUndefinedOrNull_Throws()
    {
        // An empty list would match every request (the old query's reading) or none (a SQL IN ()): refused, so neither is guessed.
        FluentActions.Invoking(() => Spec(q => q.WithStatus())).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("statuses");
        FluentActions.Invoking(() => Spec(q => q.WithStatus((ServiceRequestStatus)77))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Spec(q => q.WithStatus(null!))).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void OnlyOpen_MixedStatuses_ExcludesResolvedClosedCancelledAndDuplicate()
    {
        Matching(q => q.OnlyOpen()).Should().Equal(_pothole, _info, _missed);
        ServiceRequestQueryPlan.From(Spec(q => q.OnlyOpen())).Filter!.Values.Should().BeEquivalentTo(new object[]
        {
            ServiceRequestStatus.Submitted, ServiceRequestStatus.Acknowledged, ServiceRequestStatus.Assigned,
            ServiceRequestStatus.InProgress, ServiceRequestStatus.OnHold, ServiceRequestStatus.Reopened,
        });
    }

    [Fact]
    public void WithServiceCode_OtherCasing_Matches()
    {
        Matching(q => q.WithServiceCode("pothole")).Should().Equal(_pothole, _duplicate);
        Matching(q => q.WithServiceCode("INFO", "Missed-Pickup")).Should().Equal(_info, _missed);
        Matching(q => q.WithServiceCode("HEAT")).Should().BeEmpty();
    }

    [Fact]
    public void WithServiceCode_SameCodeInTwoCasings_IsKeptOnce()
    {
        ServiceRequestQueryPlan.From(Spec(q => q.WithServiceCode("POTHOLE", "pothole"))).Filter!.Values.Should().Equal("POTHOLE");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void WithServiceCodeAgencyOrQueue_EmptyValue_Throws(string? value)
    {
        FluentActions.Invoking(() => Spec(q => q.WithServiceCode("POTHOLE", value!))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Spec(q => q.WithAgency(value!))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Spec(q => q.WithQueue(value!))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Spec(q => q.WithServiceCode(null!))).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void WithAgency_OtherCasing_Matches()
    {
        Matching(q => q.WithAgency("dsny")).Should().Equal(_info, _missed);
        Matching(q => q.WithAgency("DOT", "ACC")).Should().Equal(_pothole, _duplicate);
    }

    [Fact]
    public void WithQueue_OtherCasingAndNoQueue_MatchesCaseInsensitivelyButNeverWithoutAQueue()
    {
        _info.Queue.Should().BeNull();

        Matching(q => q.WithQueue("dot-roadway")).Should().Equal(_pothole, _duplicate);
        Matching(q => q.WithQueue("DSNY-COLLECTION", "DOT-ROADWAY")).Should().Equal(_pothole, _missed, _duplicate);
    }

    [Fact]
    public void RequestedBetween_IncludesTheLowerBoundExcludesTheUpperAndMayBeOpenOnEitherSide()
    {
        Matching(q => q.RequestedBetween(Start + Duration.FromHours(1), Start + Duration.FromHours(3))).Should().Equal(_info, _missed);
        Matching(q => q.RequestedBetween(null, Start + Duration.FromHours(1))).Should().Equal(_pothole);
        Matching(q => q.RequestedBetween(Start + Duration.FromHours(2), null)).Should().Equal(_missed, _duplicate);
        Matching(q => q.RequestedBetween(null, null)).Should().HaveCount(4);
        Matching(q => q.RequestedBetween(Start, Start)).Should().BeEmpty();
    }

    [Fact]
    public void RequestedBetween_UpperBoundBeforeLowerBound_Throws()
    {
        FluentActions.Invoking(() => Spec(q => q.RequestedBetween(Start, Start - Duration.FromTicks(1))))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("to");
    }

    [Fact]
    public void WithinArea_MatchesOnlyPointsInTheBoxEdgesIncluded()
    {
        Matching(q => q.WithinArea(new GeoBox(40.6, -74.1, 40.75, -73.95))).Should().Equal(_pothole);
        Matching(q => q.WithinArea(new GeoBox(-90, -180, 90, 180))).Should().Equal(_pothole, _duplicate);
        Matching(q => q.WithinArea(new GeoBox(40.7, -74.0, 40.8, -73.9))).Should().Equal(_pothole, _duplicate);
    }

    [Fact]
    public void DuplicatesOf_Original_MatchesOnlyItsDuplicates()
    {
        Matching(new DuplicatesOfRequest(_pothole.Id)).Should().Equal(_duplicate);
        Matching(new DuplicatesOfRequest(_info.Id)).Should().BeEmpty();
    }

    [Fact]
    public void SeveralConditions_AreCombinedWithAnd()
    {
        Matching(q => q.WithAgency("DSNY").WithStatus(ServiceRequestStatus.Submitted)).Should().Equal(_info);
    }

    [Fact]
    public void OrderedBy_EachOrderAndDirection_SortsByItsInstantThenId()
    {
        _missed.UpdatedAt.Should().NotBe(_missed.RequestedAt);

        Matching(q => q.OrderedBy(ServiceRequestOrder.RequestedAt, descending: true)).Should().Equal(_duplicate, _missed, _info, _pothole);
        var byChange = Requests.OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id).ToArray();
        Matching(q => q.OrderedBy(ServiceRequestOrder.UpdatedAt)).Should().Equal(byChange);
        FluentActions.Invoking(() => Spec(q => q.OrderedBy((ServiceRequestOrder)5))).Should().Throw<ArgumentOutOfRangeException>();
    }

    // Ardalis' evaluation, checked against the plan a store translates (PlanEvaluator reads it naively).
    private ServiceRequest[] Matching(Action<ISpecificationBuilder<ServiceRequest>> conditions) => Matching(Spec(conditions));

    private ServiceRequest[] Matching(ServiceRequestSpecification specification)
    {
        var evaluated = specification.Evaluate(Requests).ToArray();
        var plan = ServiceRequestQueryPlan.From(specification);
        Requests.Where(r => PlanEvaluator.Matches(plan, r)).Should().BeEquivalentTo(evaluated, "the plan means what the specification means");
        return evaluated;
    }

    private static AdHoc Spec(Action<ISpecificationBuilder<ServiceRequest>> conditions)
    {
        var specification = new AdHoc();
        conditions(specification.Query);
        return specification;
    }

    private sealed class AdHoc : ServiceRequestSpecification
    {
    }
}
