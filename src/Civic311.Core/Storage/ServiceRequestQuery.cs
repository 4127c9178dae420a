using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Internal;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Storage;

/// <summary>The order of query results. Ties are broken by request id, so paging is stable.</summary>
public enum ServiceRequestOrder
{
    /// <summary>By submission instant.</summary>
    RequestedAt = 0,

    /// <summary>By last-change instant.</summary>
    UpdatedAt = 1,
}

/// <summary>
/// A query specification over service requests: filters combined with AND (each list filter matches any of its values),
/// an order and a page size. Immutable; each <c>With…</c> method returns a new query. Stores translate it to their own
/// query language; <see cref="IsSatisfiedBy"/> is the reference meaning.
/// </summary>
/// <remarks>
/// Superseded by the specifications (<see cref="ServiceRequestSpecification"/>, the named ones such as
/// <see cref="OpenRequestsOfAgency"/>, and the builder methods of <see cref="ServiceRequestSpecificationBuilderExtensions"/>,
/// each this query's namesake), which every store takes; this type is removed once every caller has moved (docs/queries.md).
/// </remarks>
/// <example><code>
/// var query = ServiceRequestQuery.All
///     .WithStatus(ServiceRequestStatus.Submitted, ServiceRequestStatus.Acknowledged)
///     .WithAgency("DSNY")
///     .RequestedBetween(from, to)
///     .OrderedBy(ServiceRequestOrder.RequestedAt, descending: true)
///     .WithPageSize(50);
/// </code></example>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class ServiceRequestQuery
{
    /// <summary>The largest page a store returns (Dataverse's limit).</summary>
    public const int MaxPageSize = ServiceRequestPage.MaxSize;

    /// <summary>The page size of <see cref="All"/>.</summary>
    public const int DefaultPageSize = ServiceRequestPage.DefaultSize;

    // Read-only so that a caller casting Statuses back to an array cannot change every query's meaning of "open".
    private static readonly IReadOnlyList<ServiceRequestStatus> OpenStatuses =
        Array.AsReadOnly(Enum.GetValues<ServiceRequestStatus>().Where(Lifecycle.IsOpen).ToArray());

    private ServiceRequestQuery()
    {
    }

    /// <summary>Gets the query that matches every request, oldest first, 100 a page.</summary>
    public static ServiceRequestQuery All { get; } = new();

    /// <summary>Gets the statuses to match; empty matches any.</summary>
    public IReadOnlyList<ServiceRequestStatus> Statuses { get; private init; } = [];

    /// <summary>Gets the service codes to match (case-insensitive); empty matches any.</summary>
    public IReadOnlyList<string> ServiceCodes { get; private init; } = [];

    /// <summary>Gets the agency codes to match (case-insensitive); empty matches any.</summary>
    public IReadOnlyList<string> Agencies { get; private init; } = [];

    /// <summary>Gets the queues to match (case-insensitive); empty matches any.</summary>
    public IReadOnlyList<string> Queues { get; private init; } = [];

    /// <summary>Gets the inclusive lower bound of <see cref="ServiceRequest.RequestedAt"/>, if any.</summary>
    public Instant? RequestedFrom { get; private init; }

    /// <summary>Gets the exclusive upper bound of <see cref="ServiceRequest.RequestedAt"/>, if any.</summary>
    public Instant? RequestedTo { get; private init; }

    /// <summary>Gets the box the request's point must lie in, if any; requests without a point never match it.</summary>
    public GeoBox? Area { get; private init; }

    /// <summary>Gets the original whose duplicates to match, if any.</summary>
    public ServiceRequestId? DuplicateOf { get; private init; }

    /// <summary>Gets the instant by which a request's next SLA check must fall (<see cref="ServiceRequest.NextSlaCheckAt"/>), if any.</summary>
    public Instant? SlaCheckDueBy { get; private init; }

    /// <summary>Gets the order.</summary>
    public ServiceRequestOrder OrderBy { get; private init; }

    /// <summary>Gets a value indicating whether the order is newest first.</summary>
    public bool Descending { get; private init; }

    /// <summary>Gets the maximum number of requests a page holds.</summary>
    public int PageSize { get; private init; } = DefaultPageSize;

    /// <summary>Matches requests in any of the given statuses.</summary>
    /// <param name="statuses">The statuses.</param>
    /// <returns>The new query.</returns>
    public ServiceRequestQuery WithStatus(params ServiceRequestStatus[] statuses)
    {
        Guard.NotNull(statuses);
        foreach (var status in statuses)
        {
            Guard.Defined(status);
        }

        return new ServiceRequestQuery(this) { Statuses = Array.AsReadOnly(statuses.Distinct().ToArray()) };
    }

    /// <summary>Matches requests that are still being worked (not resolved, closed, cancelled or duplicate).</summary>
    /// <returns>The new query.</returns>
    public ServiceRequestQuery OnlyOpen() => new(this) { Statuses = OpenStatuses };

    /// <summary>Matches requests of any of the given service types.</summary>
    /// <param name="serviceCodes">The service codes.</param>
    /// <returns>The new query.</returns>
    public ServiceRequestQuery WithServiceCode(params string[] serviceCodes) => new(this) { ServiceCodes = Codes(serviceCodes) };

    /// <summary>Matches requests of any of the given agencies.</summary>
    /// <param name="agencies">The agency codes.</param>
    /// <returns>The new query.</returns>
    public ServiceRequestQuery WithAgency(params string[] agencies) => new(this) { Agencies = Codes(agencies) };

    /// <summary>Matches requests in any of the given queues.</summary>
    /// <param name="queues">The queues.</param>
    /// <returns>The new query.</returns>
    public ServiceRequestQuery WithQueue(params string[] queues) => new(this) { Queues = Codes(queues) };

    /// <summary>Matches requests submitted in [<paramref name="from"/>, <paramref name="to"/>); either bound may be open.</summary>
    /// <param name="from">The inclusive lower bound, or <see langword="null"/>.</param>
    /// <param name="to">The exclusive upper bound, or <see langword="null"/>.</param>
    /// <returns>The new query.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public ServiceRequestQuery RequestedBetween(Instant? from, Instant? to)
    {
        if (from is { } f && to is { } t && t < f)
        {
            throw new ArgumentException($"The upper bound {t} is before the lower bound {f}.", nameof(to));
        }

        return new ServiceRequestQuery(this) { RequestedFrom = from, RequestedTo = to };
    }

    /// <summary>Matches requests whose point lies in <paramref name="area"/>.</summary>
    /// <param name="area">The box.</param>
    /// <returns>The new query.</returns>
    public ServiceRequestQuery WithinArea(GeoBox area) => new(this) { Area = area };

    /// <summary>Matches the requests marked as duplicates of <paramref name="original"/>.</summary>
    /// <param name="original">The original request.</param>
    /// <returns>The new query.</returns>
    public ServiceRequestQuery DuplicatesOf(ServiceRequestId original) => new(this) { DuplicateOf = original };

    /// <summary>
    /// Matches requests whose next SLA check (<see cref="ServiceRequest.NextSlaCheckAt"/>) is at or before <paramref name="instant"/>:
    /// what the SLA monitor reads on each tick. Stores answer it from an index, not by scanning open requests.
    /// </summary>
    /// <param name="instant">Usually now.</param>
    /// <returns>The new query.</returns>
    public ServiceRequestQuery WithSlaCheckDueBy(Instant instant) => new(this) { SlaCheckDueBy = instant };

    /// <summary>Sets the order.</summary>
    /// <param name="order">The sort key.</param>
    /// <param name="descending"><see langword="true"/> for newest first.</param>
    /// <returns>The new query.</returns>
    public ServiceRequestQuery OrderedBy(ServiceRequestOrder order, bool descending = false) =>
        new(this) { OrderBy = Guard.Defined(order), Descending = descending };

    /// <summary>Sets the page size.</summary>
    /// <param name="pageSize">From 1 to <see cref="MaxPageSize"/>.</param>
    /// <returns>The new query.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is out of range.</exception>
    public ServiceRequestQuery WithPageSize(int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        return new ServiceRequestQuery(this) { PageSize = pageSize };
    }

    /// <summary>Tells whether a request matches the filters (the reference meaning every store implements).</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool IsSatisfiedBy(ServiceRequest request)
    {
        Guard.NotNull(request);
        return (Statuses.Count == 0 || Contains(Statuses, request.Status))
            && (ServiceCodes.Count == 0 || ContainsCode(ServiceCodes, request.ServiceCode))
            && (Agencies.Count == 0 || ContainsCode(Agencies, request.Agency))
            && (Queues.Count == 0 || (request.Queue is not null && ContainsCode(Queues, request.Queue)))
            && (RequestedFrom is not { } from || request.RequestedAt >= from)
            && (RequestedTo is not { } to || request.RequestedAt < to)
            && (Area is not { } area || (request.Location?.Point is { } point && area.Contains(point)))
            && (DuplicateOf is not { } original || request.DuplicateOf == original)
            && (SlaCheckDueBy is not { } dueBy || (request.NextSlaCheckAt is { } check && check <= dueBy));
    }

    /// <summary>Gets the sort key of a request under this query's order.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The instant the query orders by.</returns>
    public Instant SortKeyOf(ServiceRequest request) =>
        OrderBy == ServiceRequestOrder.UpdatedAt ? Guard.NotNull(request).UpdatedAt : Guard.NotNull(request).RequestedAt;

    private ServiceRequestQuery(ServiceRequestQuery other)
    {
        Statuses = other.Statuses;
        ServiceCodes = other.ServiceCodes;
        Agencies = other.Agencies;
        Queues = other.Queues;
        RequestedFrom = other.RequestedFrom;
        RequestedTo = other.RequestedTo;
        Area = other.Area;
        DuplicateOf = other.DuplicateOf;
        SlaCheckDueBy = other.SlaCheckDueBy;
        OrderBy = other.OrderBy;
        Descending = other.Descending;
        PageSize = other.PageSize;
    }

    private static System.Collections.ObjectModel.ReadOnlyCollection<string> Codes(string[] values)
    {
        Guard.NotNull(values);
        foreach (var value in values)
        {
            Guard.NotNullOrWhiteSpace(value);
        }

        return Array.AsReadOnly(values.Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
    }

    private static bool Contains(IReadOnlyList<ServiceRequestStatus> list, ServiceRequestStatus value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsCode(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
