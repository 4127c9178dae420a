using System;
using Ardalis.Specification;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;

namespace Civic311.Core.Tests.Storage.Specifications;

/// <summary>A plan's fingerprint, which binds continuation tokens: equal for equal plans, different for any other.</summary>
public sealed class QueryPlanFingerprintTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 2, 14, 0);

    private static string Of(ServiceRequestSpecification specification) => ServiceRequestQueryPlan.From(specification).Fingerprint;

    [Fact]
    public void Fingerprint_OfEqualSpecifications_IsEqualAndSixteenHexDigits()
    {
        var fingerprint = Of(new OpenRequestsOfAgency("DOT"));

        fingerprint.Should().Be(Of(new OpenRequestsOfAgency("DOT"))).And.MatchRegex("^[0-9A-F]{16}$");
        Of(new RequestsUpdatedSince(At)).Should().Be(Of(new RequestsUpdatedSince(At)));
    }

    [Fact]
    public void Fingerprint_DiffersForAnotherValueFieldOrderSkipOrTake()
    {
        string[] fingerprints =
        [
            Of(new RequestsUpdatedSince(At)),
            Of(new RequestsUpdatedSince(At + Duration.FromTicks(1))), // a captured instant a tick apart
            Of(new OpenRequestsOfAgency("DOT")),
            Of(new OpenRequestsOfAgency("DSNY")),
            Of(new RequestsNear(new GeoPoint(40.7, -74.0), 250)),
            Of(new RequestsNear(new GeoPoint(40.7, -74.0), 251)),
            Of(new AdHoc(q => q.Query.Where(x => x.Queue == "A|B"))),
            Of(new AdHoc(q => q.Query.Where(x => x.Queue == "A").Where(x => x.Queue == "B"))), // text cannot imitate separators
            Of(new AdHoc(q => q.Query.OrderedBy(ServiceRequestOrder.RequestedAt))),
            Of(new AdHoc(q => q.Query.OrderedBy(ServiceRequestOrder.RequestedAt, descending: true))),
            Of(new AdHoc(q => q.Query.OrderedBy(ServiceRequestOrder.RequestedAt).Skip(2))),
            Of(new AdHoc(q => q.Query.OrderedBy(ServiceRequestOrder.RequestedAt).Take(2))),
            Of(new AdHoc(q => q.Query.Where(x => x.Status == ServiceRequestStatus.Submitted))),
            Of(new AdHoc(q => q.Query.Where(x => x.Status != ServiceRequestStatus.Submitted))),
        ];

        fingerprints.Should().OnlyHaveUniqueItems();
    }

    private sealed class AdHoc : ServiceRequestSpecification
    {
        public AdHoc(Action<AdHoc> build) => build(this);

        public new ISpecificationBuilder<ServiceRequest> Query => base.Query;
    }
}
