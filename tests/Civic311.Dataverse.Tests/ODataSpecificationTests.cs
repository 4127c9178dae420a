using System;
using System.Linq;
using Ardalis.Specification;
using Civic311.Dataverse.Mapping;
using Civic311.Requests;
using Civic311.Storage;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Civic311.Dataverse.Tests;

/// <summary>The OData a specification's plan becomes for the incidents table, construct by construct, and what Dataverse refuses.</summary>
public sealed class ODataSpecificationTests
{
    private const string Base = "civic_document ne null";
    private static readonly DataverseSchema Schema = new("civic");
    private static readonly Instant At = Instant.FromUnixTimeTicks(17_729_000_000_000_000);
    private static readonly ServiceRequestId Original = new(Guid.Parse("0d4f1c55-8f43-4b8e-9a57-6c0b2f1e9a10"));

    [Fact]
    public void For_NoConditionsNorOrder_FiltersToCivic311RowsOldestFirst()
    {
        var query = For(q => { });

        query.QueryString.Should().StartWith("$select=civic_document,civic_lastchangeid,statecode,statuscode,civic_duplicatecount&$filter=");
        Filter(query).Should().Be(Base);
        OrderBy(query).Should().Be("civic_requestedkey asc");
        query.CheckEachRow.Should().BeFalse();
    }

    [Fact]
    public void For_StatusAgencyAndDates_IsOneFlatAndOfIndexedColumns()
    {
        var from = At;
        var to = At + Duration.FromHours(2);
        var specification = For(q => q.WithStatus(ServiceRequestStatus.Submitted).WithAgency("DOT").RequestedBetween(from, to).OrderedBy(ServiceRequestOrder.UpdatedAt, descending: true));

        // A status is matched in its incident state: a case resolved in Dynamics keeps the status Civic311 last wrote.
        Filter(specification).Should().Be($"{Base} and (civic_status eq 'Submitted' and statecode eq 0) and civic_agency eq 'DOT' and civic_requestedticks ge {from.ToUnixTimeTicks()} and civic_requestedticks lt {to.ToUnixTimeTicks()}");
        OrderBy(specification).Should().Be("civic_updatedkey desc");
    }

    [Fact]
    public void For_OpenRequestsOfAgency_IsAnOrOfTheOpenStatusesAndTheAgency()
    {
        var query = ODataSpecification.For(ServiceRequestQueryPlan.From(new OpenRequestsOfAgency("DSNY")), Schema);

        Filter(query).Should().Be(Base + " and ((civic_status eq 'Submitted' or civic_status eq 'Acknowledged' or civic_status eq 'Assigned' or " +
            "civic_status eq 'InProgress' or civic_status eq 'OnHold' or civic_status eq 'Reopened') and statecode eq 0) and civic_agency eq 'DSNY'");
    }

    [Fact]
    public void For_StatusesOfSeveralStates_MatchesEachInItsIncidentState()
    {
        var query = For(q => q.WithStatus(ServiceRequestStatus.Submitted, ServiceRequestStatus.Resolved, ServiceRequestStatus.Closed, ServiceRequestStatus.Duplicate));

        Filter(query).Should().Be(Base + " and ((civic_status eq 'Submitted' and statecode eq 0) or ((civic_status eq 'Resolved' or civic_status eq 'Closed') and statecode eq 1) or " +
            "(civic_status eq 'Duplicate' and statecode eq 2))");
    }

    [Theory]
    [InlineData(0, "civic_requestedticks lt 17729000000000000")]
    [InlineData(1, "civic_requestedticks le 17729000000000000")]
    [InlineData(2, "civic_updatedticks gt 17729000000000000")]
    [InlineData(3, "civic_updatedticks ge 17729000000000000")]
    [InlineData(4, "(statecode eq 0 and civic_nextslacheckticks ne null and civic_nextslacheckticks le 17729000000000000)")]
    [InlineData(5, "(statecode ne 0 or civic_nextslacheckticks eq null or civic_nextslacheckticks ne 17729000000000000)")]
    public void For_Ranges_CompareTheTicksColumns_NullSafe(int form, string expected)
    {
        var query = form switch
        {
            0 => For(q => q.Where(x => x.RequestedAt < At)),
            1 => For(q => q.Where(x => x.RequestedAt <= At)),
            2 => For(q => q.Where(x => x.UpdatedAt > At)),
            3 => For(q => q.Where(x => x.UpdatedAt >= At)),
            4 => For(q => q.Where(x => x.NextSlaCheckAt <= At)),
            _ => For(q => q.Where(x => x.NextSlaCheckAt != At)),
        };

        Filter(query).Should().Be(Base + " and " + expected);
    }

    [Fact]
    public void For_Equalities_UseEachFieldsColumnAndLiteral()
    {
        var id = Original;
        Filter(For(q => q.Where(x => x.Id == id))).Should().Be(Base + " and incidentid eq 0d4f1c55-8f43-4b8e-9a57-6c0b2f1e9a10");
        var duplicates = For(q => q.DuplicatesOf(Original));
        Filter(duplicates).Should().Be(Base + " and (civic_duplicateof eq '0d4f1c55-8f43-4b8e-9a57-6c0b2f1e9a10' or _masterid_value eq 0d4f1c55-8f43-4b8e-9a57-6c0b2f1e9a10)");
        duplicates.CheckEachRow.Should().BeTrue("a case merged in Dynamics matches by masterid, which alone does not make it a duplicate");

        // A negated link cannot exclude the cases merged in Dynamics (matched by masterid and checked row by row): refused.
        foreach (var negated in new Action[] { () => For(q => q.Where(x => x.DuplicateOf != id)), () => For(q => q.Where(x => !(x.DuplicateOf == id))) })
        {
            negated.Should().Throw<NotSupportedException>().Which.Message.Should().Contain("DuplicateOf").And.Contain("masterid");
        }

        Filter(For(q => q.Where(x => x.Channel == Channel.Phone))).Should().Be(Base + " and civic_channel eq 'Phone'");
        Filter(For(q => q.Where(x => x.Status != ServiceRequestStatus.Closed))).Should().Be(Base + " and not (civic_status eq 'Closed' and statecode eq 1)");
    }

    [Fact]
    public void For_Text_IsEscapedAndCaseInsensitive()
    {
        var query = For(q => q.Where(x => string.Equals(x.TrackingNumber, "O'Brien's", StringComparison.OrdinalIgnoreCase)));

        Filter(query).Should().Be(Base + " and civic_trackingnumber eq 'O''Brien''s'");
    }

    [Fact]
    public void For_InAndStartsWithOnANullableColumn_AreFalseForNull()
    {
        Filter(For(q => q.WithQueue("A", "B"))).Should().Be(Base + " and not (civic_queue eq null) and (civic_queue ne null and (civic_queue eq 'A' or civic_queue eq 'B'))");
        Filter(For(q => q.Where(x => x.Queue!.StartsWith("DOT-", StringComparison.OrdinalIgnoreCase)))).Should().Be(Base + " and (civic_queue ne null and startswith(civic_queue,'DOT-'))");
    }

    [Fact]
    public void For_AndOrNotAndNull_NestAsWritten()
    {
        var query = For(q => q.Where(x => x.DuplicateOf == null || !(x.RequestedAt >= At && x.Status == ServiceRequestStatus.Submitted)));

        Filter(query).Should().Be(Base + " and (civic_duplicateof eq null or not ((civic_requestedticks ge 17729000000000000 and (civic_status eq 'Submitted' and statecode eq 0))))");
    }

    [Fact]
    public void For_Box_BoundsBothCoordinates()
    {
        var query = For(q => q.WithinArea(new GeoBox(40.5, -74.25, 40.9, -73.7)));

        Filter(query).Should().Be(Base + " and (civic_latitude ne null and civic_latitude ge 40.5 and civic_latitude le 40.9 and civic_longitude ge -74.25 and civic_longitude le -73.7)");
        query.CheckEachRow.Should().BeFalse();
    }

    [Fact]
    public void For_Circle_FiltersByItsBoxAndChecksEachRow()
    {
        var circle = new GeoCircle(new GeoPoint(40.7, -74.0), 1000);
        var box = circle.BoundingBox;
        var query = For(q => q.Near(circle.Center, circle.RadiusMeters));

        Filter(query).Should().Be(Base + FormattableString.Invariant(
            $" and (civic_latitude ne null and civic_latitude ge {box.South:R} and civic_latitude le {box.North:R} and civic_longitude ge {box.West:R} and civic_longitude le {box.East:R})"));
        query.CheckEachRow.Should().BeTrue();
    }

    [Fact]
    public void For_AConditionThatNeverHolds_MatchesNoRow()
    {
        var none = Array.Empty<string>();

        Filter(For(q => q.Where(x => none.Contains(x.Agency)))).Should().Be(Base + " and incidentid eq null");
    }

    [Fact]
    public void For_UpdatedAtDescendingThenIdDescending_IsTheUpdatedSortKey()
    {
        OrderBy(For(q => q.OrderByDescending(x => x.UpdatedAt).ThenByDescending(x => x.Id))).Should().Be("civic_updatedkey desc");
        OrderBy(For(q => q.OrderBy(x => x.RequestedAt))).Should().Be("civic_requestedkey asc");
    }

    // ---- refusals ----

    [Fact]
    public void For_Skip_IsRefused()
    {
        var act = () => For(q => q.Skip(20));

        act.Should().Throw<NotSupportedException>().WithMessage("Skip(20) is not supported by the Dataverse store: Dataverse has no $skip; read the next page with the continuation token.");
    }

    [Fact]
    public void For_Take_IsRefused()
    {
        var act = () => For(q => q.Take(5));

        act.Should().Throw<NotSupportedException>().WithMessage("Take(5) is not supported by the Dataverse store*page size*");
    }

    [Fact]
    public void For_CaseSensitiveText_IsRefusedNamingTheCondition()
    {
        var act = () => For(q => q.Where(x => x.ServiceCode == "POTHOLE"));

        act.Should().Throw<NotSupportedException>().WithMessage("The condition '(x.ServiceCode == \"POTHOLE\")' is not supported by the Dataverse store: Dataverse compares text without regard to case*OrdinalIgnoreCase*");
    }

    [Fact]
    public void For_Priority_IsRefused()
    {
        var act = () => For(q => q.Where(x => x.Priority == Priority.Urgent));

        act.Should().Throw<NotSupportedException>().WithMessage("*Priority*prioritycode holds Urgent and High as one value*");
    }

    [Fact]
    public void For_CircleUnderNot_IsRefused()
    {
        var circle = new GeoCircle(new GeoPoint(40.7, -74.0), 1000);
        var act = () => For(q => q.Where(x => !circle.Contains(x.Location)));

        act.Should().Throw<NotSupportedException>().WithMessage("*circle.Contains(x.Location)*cannot be negated*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void For_OrdersWithoutASortKeyColumn_AreRefused(int form)
    {
        var act = form switch
        {
            0 => () => For(q => q.OrderBy(x => x.Id)),
            1 => () => For(q => q.OrderBy(x => x.RequestedAt).ThenByDescending(x => x.Id)),
            _ => (Func<ODataRequestQuery>)(() => For(q => q.OrderBy(x => x.RequestedAt).ThenBy(x => x.UpdatedAt))),
        };

        act.Should().Throw<NotSupportedException>().WithMessage("Ordering by * is not supported by the Dataverse store: order by RequestedAt or UpdatedAt, optionally then by Id in the same direction.");
    }

    private static ODataRequestQuery For(Action<ISpecificationBuilder<ServiceRequest>> build) =>
        ODataSpecification.For(ServiceRequestQueryPlan.From(new Built(build)), Schema);

    private static string Filter(ODataRequestQuery query) => Part(query, "$filter=");

    private static string OrderBy(ODataRequestQuery query) => Part(query, "$orderby=");

    private static string Part(ODataRequestQuery query, string name) =>
        Uri.UnescapeDataString(query.QueryString.Split('&').Single(p => p.StartsWith(name, StringComparison.Ordinal))[name.Length..]);

    private sealed class Built : ServiceRequestSpecification
    {
        public Built(Action<ISpecificationBuilder<ServiceRequest>> build)
        {
            build(Query);
        }
    }
}
