using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.Primitives;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.Storage;

public sealed class ServiceRequestQueryTests : IAsyncLifetime
{
    private static readonly Instant Start = TestCatalog.Start;

    private readonly FakeClock _clock = new(Start);
    private ServiceRequest _pothole = null!;   // DOT, queue DOT-ROADWAY, point (40.7, -74.0), at Start, Submitted
    private ServiceRequest _info = null!;      // DSNY, no queue, no location, at Start + 1 h, Submitted
    private ServiceRequest _missed = null!;    // DSNY, queue DSNY-COLLECTION, address only, at Start + 2 h, Acknowledged
    private ServiceRequest _duplicate = null!; // DOT, point (40.8, -73.9), at Start + 3 h, Duplicate of _pothole

    private IEnumerable<ServiceRequest> AllRequests => [_pothole, _info, _missed, _duplicate];

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

    // ---- defaults and immutability ----

    [Fact]
    public void All_Default_HasNoFiltersOldestFirstAndAPageOf100()
    {
        var all = ServiceRequestQuery.All;

        all.Statuses.Should().BeEmpty();
        all.ServiceCodes.Should().BeEmpty();
        all.Agencies.Should().BeEmpty();
        all.Queues.Should().BeEmpty();
        all.RequestedFrom.Should().BeNull();
        all.RequestedTo.Should().BeNull();
        all.Area.Should().BeNull();
        all.DuplicateOf.Should().BeNull();
        all.OrderBy.Should().Be(ServiceRequestOrder.RequestedAt);
        all.Descending.Should().BeFalse();
        all.PageSize.Should().Be(ServiceRequestPage.DefaultSize).And.Be(100);
        ServiceRequestPage.MaxSize.Should().Be(5000);
    }

    [Fact]
    public void IsSatisfiedBy_AllQuery_MatchesEveryRequest()
    {
        AllRequests.Should().OnlyContain(r => ServiceRequestQuery.All.IsSatisfiedBy(r));
    }

    public static TheoryData<string> Builders() => new()
    {
        nameof(ServiceRequestQuery.WithStatus),
        nameof(ServiceRequestQuery.OnlyOpen),
        nameof(ServiceRequestQuery.WithServiceCode),
        nameof(ServiceRequestQuery.WithAgency),
        nameof(ServiceRequestQuery.WithQueue),
        nameof(ServiceRequestQuery.RequestedBetween),
        nameof(ServiceRequestQuery.WithinArea),
        nameof(ServiceRequestQuery.DuplicatesOf),
        nameof(ServiceRequestQuery.OrderedBy),
        nameof(ServiceRequestQuery.WithPageSize),
    };

    [Theory]
    [MemberData(nameof(Builders))]
    public void WithMethod_AnyBuilder_ReturnsANewQueryAndLeavesTheOriginalUnchanged(string builder)
    {
        var original = ServiceRequestQuery.All.WithServiceCode("HEAT").WithPageSize(10);
        var before = Snapshot(original);

        var changed = Apply(original, builder);

        changed.Should().NotBeSameAs(original);
        Snapshot(original).Should().Be(before, $"{builder} must not change the query it was called on");
        Snapshot(changed).Should().NotBe(before, $"{builder} must change the new query");
        Snapshot(ServiceRequestQuery.All).Should().Be(Snapshot(ServiceRequestQuery.All.WithPageSize(100)), "All itself never changes");
    }

    [Fact]
    public void Builders_Chained_KeepEveryEarlierSetting()
    {
        var area = new GeoBox(40, -75, 41, -73);
        var original = ServiceRequestId.NewId();

        var query = ServiceRequestQuery.All
            .WithStatus(ServiceRequestStatus.Submitted)
            .WithServiceCode("POTHOLE")
            .WithAgency("DOT")
            .WithQueue("DOT-ROADWAY")
            .RequestedBetween(Start, Start + Duration.FromDays(1))
            .WithinArea(area)
            .DuplicatesOf(original)
            .OrderedBy(ServiceRequestOrder.UpdatedAt, descending: true)
            .WithPageSize(50);

        query.Statuses.Should().Equal(ServiceRequestStatus.Submitted);
        query.ServiceCodes.Should().Equal("POTHOLE");
        query.Agencies.Should().Equal("DOT");
        query.Queues.Should().Equal("DOT-ROADWAY");
        query.RequestedFrom.Should().Be(Start);
        query.RequestedTo.Should().Be(Start + Duration.FromDays(1));
        query.Area.Should().Be(area);
        query.DuplicateOf.Should().Be(original);
        query.OrderBy.Should().Be(ServiceRequestOrder.UpdatedAt);
        query.Descending.Should().BeTrue();
        query.PageSize.Should().Be(50);
    }

    // ---- filters ----

    [Fact]
    public void WithStatus_SeveralStatuses_MatchesAnyOfThem()
    {
        Matching(ServiceRequestQuery.All.WithStatus(ServiceRequestStatus.Acknowledged)).Should().Equal(_missed);
        Matching(ServiceRequestQuery.All.WithStatus(ServiceRequestStatus.Submitted, ServiceRequestStatus.Duplicate)).Should().Equal(_pothole, _info, _duplicate);
        Matching(ServiceRequestQuery.All.WithStatus(ServiceRequestStatus.Closed)).Should().BeEmpty();
    }

    [Fact]
    public void WithStatus_RepeatedStatus_IsKeptOnce()
    {
        ServiceRequestQuery.All.WithStatus(ServiceRequestStatus.Submitted, ServiceRequestStatus.Submitted).Statuses.Should().Equal(ServiceRequestStatus.Submitted);
    }

    [Fact]
    public void WithStatus_NoStatus_MatchesAny()
    {
        Matching(ServiceRequestQuery.All.WithStatus(ServiceRequestStatus.Closed).WithStatus()).Should().HaveCount(4);
    }

    [Fact]
    public void WithStatus_UndefinedStatusOrNull_Throws()
    {
        FluentActions.Invoking(() => ServiceRequestQuery.All.WithStatus((ServiceRequestStatus)77)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => ServiceRequestQuery.All.WithStatus(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void OnlyOpen_MixedStatuses_ExcludesResolvedClosedCancelledAndDuplicate()
    {
        var query = ServiceRequestQuery.All.OnlyOpen();

        Matching(query).Should().Equal(_pothole, _info, _missed);
        query.Statuses.Should().BeEquivalentTo(new[]
        {
            ServiceRequestStatus.Submitted, ServiceRequestStatus.Acknowledged, ServiceRequestStatus.Assigned,
            ServiceRequestStatus.InProgress, ServiceRequestStatus.OnHold, ServiceRequestStatus.Reopened,
        });
    }

    [Fact]
    public void WithServiceCode_OtherCasing_Matches()
    {
        Matching(ServiceRequestQuery.All.WithServiceCode("pothole")).Should().Equal(_pothole, _duplicate);
        Matching(ServiceRequestQuery.All.WithServiceCode("INFO", "Missed-Pickup")).Should().Equal(_info, _missed);
        Matching(ServiceRequestQuery.All.WithServiceCode("HEAT")).Should().BeEmpty();
    }

    [Fact]
    public void WithServiceCode_SameCodeInTwoCasings_IsKeptOnce()
    {
        ServiceRequestQuery.All.WithServiceCode("POTHOLE", "pothole").ServiceCodes.Should().Equal("POTHOLE");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void WithServiceCodeAgencyOrQueue_EmptyValue_Throws(string? value)
    {
        FluentActions.Invoking(() => ServiceRequestQuery.All.WithServiceCode("POTHOLE", value!)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => ServiceRequestQuery.All.WithAgency(value!)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => ServiceRequestQuery.All.WithQueue(value!)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void WithServiceCode_NullArray_Throws()
    {
        FluentActions.Invoking(() => ServiceRequestQuery.All.WithServiceCode(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void WithAgency_OtherCasing_Matches()
    {
        Matching(ServiceRequestQuery.All.WithAgency("dsny")).Should().Equal(_info, _missed);
        Matching(ServiceRequestQuery.All.WithAgency("DOT", "ACC")).Should().Equal(_pothole, _duplicate);
    }

    [Fact]
    public void WithQueue_OtherCasingAndNoQueue_MatchesCaseInsensitivelyButNeverWithoutAQueue()
    {
        _info.Queue.Should().BeNull();

        Matching(ServiceRequestQuery.All.WithQueue("dot-roadway")).Should().Equal(_pothole, _duplicate);
        Matching(ServiceRequestQuery.All.WithQueue("DSNY-COLLECTION", "DOT-ROADWAY")).Should().Equal(_pothole, _missed, _duplicate);
    }

    [Fact]
    public void RequestedBetween_ClosedRange_IncludesTheLowerBoundAndExcludesTheUpperBound()
    {
        var query = ServiceRequestQuery.All.RequestedBetween(Start + Duration.FromHours(1), Start + Duration.FromHours(3));

        Matching(query).Should().Equal(_info, _missed);
    }

    [Fact]
    public void RequestedBetween_OpenBounds_FilterOnOneSideOnly()
    {
        Matching(ServiceRequestQuery.All.RequestedBetween(null, Start + Duration.FromHours(1))).Should().Equal(_pothole);
        Matching(ServiceRequestQuery.All.RequestedBetween(Start + Duration.FromHours(2), null)).Should().Equal(_missed, _duplicate);
        Matching(ServiceRequestQuery.All.RequestedBetween(null, null)).Should().HaveCount(4);
    }

    [Fact]
    public void RequestedBetween_EqualBounds_IsAnEmptyRange()
    {
        Matching(ServiceRequestQuery.All.RequestedBetween(Start, Start)).Should().BeEmpty();
    }

    [Fact]
    public void RequestedBetween_UpperBoundBeforeLowerBound_Throws()
    {
        FluentActions.Invoking(() => ServiceRequestQuery.All.RequestedBetween(Start, Start - Duration.FromTicks(1)))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("to");
    }

    [Fact]
    public void WithinArea_RequestsWithAndWithoutPoints_MatchesOnlyPointsInTheBox()
    {
        Matching(ServiceRequestQuery.All.WithinArea(new GeoBox(40.6, -74.1, 40.75, -73.95))).Should().Equal(_pothole);
        Matching(ServiceRequestQuery.All.WithinArea(new GeoBox(-90, -180, 90, 180))).Should().Equal(_pothole, _duplicate);
    }

    [Fact]
    public void WithinArea_PointOnTheEdge_Matches()
    {
        Matching(ServiceRequestQuery.All.WithinArea(new GeoBox(40.7, -74.0, 40.8, -73.9))).Should().Equal(_pothole, _duplicate);
    }

    [Fact]
    public void DuplicatesOf_Original_MatchesOnlyItsDuplicates()
    {
        Matching(ServiceRequestQuery.All.DuplicatesOf(_pothole.Id)).Should().Equal(_duplicate);
        Matching(ServiceRequestQuery.All.DuplicatesOf(_info.Id)).Should().BeEmpty();
    }

    [Fact]
    public void IsSatisfiedBy_SeveralFilters_AreCombinedWithAnd()
    {
        var query = ServiceRequestQuery.All.WithAgency("DSNY").WithStatus(ServiceRequestStatus.Submitted);

        Matching(query).Should().Equal(_info);
    }

    [Fact]
    public void IsSatisfiedBy_NullRequest_Throws()
    {
        FluentActions.Invoking(() => ServiceRequestQuery.All.IsSatisfiedBy(null!)).Should().Throw<ArgumentNullException>();
    }

    // ---- order and page size ----

    [Fact]
    public void SortKeyOf_EachOrder_ReturnsItsInstant()
    {
        _missed.UpdatedAt.Should().NotBe(_missed.RequestedAt);

        ServiceRequestQuery.All.SortKeyOf(_missed).Should().Be(_missed.RequestedAt);
        ServiceRequestQuery.All.OrderedBy(ServiceRequestOrder.UpdatedAt).SortKeyOf(_missed).Should().Be(_missed.UpdatedAt);
    }

    [Fact]
    public void OrderedBy_UndefinedOrder_Throws()
    {
        FluentActions.Invoking(() => ServiceRequestQuery.All.OrderedBy((ServiceRequestOrder)5)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(5001)]
    [InlineData(int.MaxValue)]
    public void WithPageSize_OutOfRange_Throws(int pageSize)
    {
        FluentActions.Invoking(() => ServiceRequestQuery.All.WithPageSize(pageSize)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5000)]
    public void WithPageSize_OnTheLimits_IsAccepted(int pageSize)
    {
        ServiceRequestQuery.All.WithPageSize(pageSize).PageSize.Should().Be(pageSize);
    }

    private ServiceRequest[] Matching(ServiceRequestQuery query) => AllRequests.Where(query.IsSatisfiedBy).ToArray();

    private ServiceRequestQuery Apply(ServiceRequestQuery query, string builder) => builder switch
    {
        nameof(ServiceRequestQuery.WithStatus) => query.WithStatus(ServiceRequestStatus.Closed),
        nameof(ServiceRequestQuery.OnlyOpen) => query.OnlyOpen(),
        nameof(ServiceRequestQuery.WithServiceCode) => query.WithServiceCode("POTHOLE"),
        nameof(ServiceRequestQuery.WithAgency) => query.WithAgency("DOT"),
        nameof(ServiceRequestQuery.WithQueue) => query.WithQueue("DOT-ROADWAY"),
        nameof(ServiceRequestQuery.RequestedBetween) => query.RequestedBetween(Start, null),
        nameof(ServiceRequestQuery.WithinArea) => query.WithinArea(new GeoBox(0, 0, 1, 1)),
        nameof(ServiceRequestQuery.DuplicatesOf) => query.DuplicatesOf(_pothole.Id),
        nameof(ServiceRequestQuery.OrderedBy) => query.OrderedBy(ServiceRequestOrder.UpdatedAt, descending: true),
        nameof(ServiceRequestQuery.WithPageSize) => query.WithPageSize(20),
        _ => throw new ArgumentOutOfRangeException(nameof(builder), builder, null),
    };

    private static string Snapshot(ServiceRequestQuery q) => string.Join(
        " | ",
        string.Join(",", q.Statuses),
        string.Join(",", q.ServiceCodes),
        string.Join(",", q.Agencies),
        string.Join(",", q.Queues),
        q.RequestedFrom?.ToString() ?? "-",
        q.RequestedTo?.ToString() ?? "-",
        q.Area?.ToString() ?? "-",
        q.DuplicateOf?.ToString() ?? "-",
        q.OrderBy.ToString(),
        q.Descending.ToString(),
        q.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
