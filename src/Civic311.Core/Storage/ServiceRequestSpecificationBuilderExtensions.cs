using System;
using System.Collections.Generic;
using System.Linq;
using Ardalis.Specification;
using Civic311.Internal;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Storage;

/// <summary>
/// The request-specific conditions and orders of a <see cref="ServiceRequestSpecification"/>, as builder methods on
/// <c>Query</c> (the Ardalis way to share conditions between specifications). Each adds one <c>Where</c> (or the order) in
/// the subset every store translates, so a specification built from them runs on every store.
/// </summary>
public static class ServiceRequestSpecificationBuilderExtensions
{
    // Read-only and built once, so that every specification's meaning of "open" is the same list.
    private static readonly ServiceRequestStatus[] OpenStatuses = Enum.GetValues<ServiceRequestStatus>().Where(Lifecycle.IsOpen).ToArray();

    /// <summary>Matches requests in any of the given statuses.</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="statuses">The statuses; at least one.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">No status is given, or one is not defined.</exception>
    public static ISpecificationBuilder<ServiceRequest> WithStatus(this ISpecificationBuilder<ServiceRequest> query, params ServiceRequestStatus[] statuses)
    {
        Guard.NotNull(query);
        Guard.NotNull(statuses);
        if (statuses.Length == 0)
        {
            throw new ArgumentException("Give at least one status to match.", nameof(statuses));
        }

        foreach (var status in statuses)
        {
            Guard.Defined(status);
        }

        var values = statuses.Distinct().ToArray();
        return query.Where(x => Enumerable.Contains(values, x.Status));
    }

    /// <summary>Matches requests that are still being worked (not resolved, closed, cancelled or duplicate).</summary>
    /// <param name="query">The specification's builder.</param>
    /// <returns>The builder.</returns>
    public static ISpecificationBuilder<ServiceRequest> OnlyOpen(this ISpecificationBuilder<ServiceRequest> query) =>
        Guard.NotNull(query).Where(x => Enumerable.Contains(OpenStatuses, x.Status));

    /// <summary>Matches requests of any of the given service types (case-insensitive).</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="serviceCodes">The service codes; at least one.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">No code is given, or one is empty.</exception>
    public static ISpecificationBuilder<ServiceRequest> WithServiceCode(this ISpecificationBuilder<ServiceRequest> query, params string[] serviceCodes)
    {
        var codes = Codes(query, serviceCodes, nameof(serviceCodes));
        return query.Where(x => Enumerable.Contains(codes, x.ServiceCode, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Matches requests of any of the given agencies (case-insensitive).</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="agencies">The agency codes; at least one.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">No code is given, or one is empty.</exception>
    public static ISpecificationBuilder<ServiceRequest> WithAgency(this ISpecificationBuilder<ServiceRequest> query, params string[] agencies)
    {
        var codes = Codes(query, agencies, nameof(agencies));
        return query.Where(x => Enumerable.Contains(codes, x.Agency, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Matches requests in any of the given queues (case-insensitive); requests in no queue never match.</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="queues">The queues; at least one.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">No queue is given, or one is empty.</exception>
    public static ISpecificationBuilder<ServiceRequest> WithQueue(this ISpecificationBuilder<ServiceRequest> query, params string[] queues)
    {
        var codes = Codes(query, queues, nameof(queues));
        return query.Where(x => x.Queue != null && Enumerable.Contains(codes, x.Queue, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Matches requests submitted in [<paramref name="from"/>, <paramref name="to"/>); either bound may be open.</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="from">The inclusive lower bound, or <see langword="null"/>.</param>
    /// <param name="to">The exclusive upper bound, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static ISpecificationBuilder<ServiceRequest> RequestedBetween(this ISpecificationBuilder<ServiceRequest> query, Instant? from, Instant? to)
    {
        Guard.NotNull(query);
        if (from is { } f && to is { } t && t < f)
        {
            throw new ArgumentException($"The upper bound {t} is before the lower bound {f}.", nameof(to));
        }

        if (from is { } lower)
        {
            query.Where(x => x.RequestedAt >= lower);
        }

        if (to is { } upper)
        {
            query.Where(x => x.RequestedAt < upper);
        }

        return query;
    }

    /// <summary>Matches requests changed at or after <paramref name="since"/>.</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="since">The inclusive lower bound of <see cref="ServiceRequest.UpdatedAt"/>.</param>
    /// <returns>The builder.</returns>
    public static ISpecificationBuilder<ServiceRequest> UpdatedSince(this ISpecificationBuilder<ServiceRequest> query, Instant since) =>
        Guard.NotNull(query).Where(x => x.UpdatedAt >= since);

    /// <summary>Matches requests whose point lies in <paramref name="area"/>; requests without a point never match.</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="area">The box.</param>
    /// <returns>The builder.</returns>
    public static ISpecificationBuilder<ServiceRequest> WithinArea(this ISpecificationBuilder<ServiceRequest> query, GeoBox area) =>
        Guard.NotNull(query).Where(x => area.Contains(x.Location));

    /// <summary>Matches requests whose point lies within <paramref name="radiusMeters"/> of <paramref name="center"/>.</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="center">The point.</param>
    /// <param name="radiusMeters">The radius in metres.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="radiusMeters"/> is out of range (see <see cref="GeoCircle"/>).</exception>
    public static ISpecificationBuilder<ServiceRequest> Near(this ISpecificationBuilder<ServiceRequest> query, GeoPoint center, double radiusMeters)
    {
        Guard.NotNull(query);
        var circle = new GeoCircle(center, radiusMeters);
        return query.Where(x => circle.Contains(x.Location));
    }

    /// <summary>Matches the requests marked as duplicates of <paramref name="original"/>.</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="original">The original request.</param>
    /// <returns>The builder.</returns>
    public static ISpecificationBuilder<ServiceRequest> DuplicatesOf(this ISpecificationBuilder<ServiceRequest> query, ServiceRequestId original) =>
        Guard.NotNull(query).Where(x => x.DuplicateOf == original);

    /// <summary>Matches requests whose next SLA check (<see cref="ServiceRequest.NextSlaCheckAt"/>) is at or before <paramref name="instant"/>.</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="instant">Usually now.</param>
    /// <returns>The builder.</returns>
    public static ISpecificationBuilder<ServiceRequest> WithSlaCheckDueBy(this ISpecificationBuilder<ServiceRequest> query, Instant instant) =>
        Guard.NotNull(query).Where(x => x.NextSlaCheckAt <= instant);

    /// <summary>Orders by submission or last-change instant, ties broken by id in the same direction, so paging is stable.</summary>
    /// <param name="query">The specification's builder.</param>
    /// <param name="order">The sort key.</param>
    /// <param name="descending"><see langword="true"/> for newest first.</param>
    /// <returns>The ordered builder.</returns>
    public static IOrderedSpecificationBuilder<ServiceRequest> OrderedBy(this ISpecificationBuilder<ServiceRequest> query, ServiceRequestOrder order, bool descending = false)
    {
        Guard.NotNull(query);
        return (Guard.Defined(order), descending) switch
        {
            (ServiceRequestOrder.UpdatedAt, false) => query.OrderBy(x => x.UpdatedAt).ThenBy(x => x.Id),
            (ServiceRequestOrder.UpdatedAt, true) => query.OrderByDescending(x => x.UpdatedAt).ThenByDescending(x => x.Id),
            (_, false) => query.OrderBy(x => x.RequestedAt).ThenBy(x => x.Id),
            (_, true) => query.OrderByDescending(x => x.RequestedAt).ThenByDescending(x => x.Id),
        };
    }

    private static string[] Codes(ISpecificationBuilder<ServiceRequest> query, string[] values, string name)
    {
        Guard.NotNull(query);
        Guard.NotNull(values, name);
        if (values.Length == 0)
        {
            throw new ArgumentException("Give at least one code to match.", name);
        }

        foreach (var value in values)
        {
            Guard.NotNullOrWhiteSpace(value, name);
        }

        return values.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }
}
