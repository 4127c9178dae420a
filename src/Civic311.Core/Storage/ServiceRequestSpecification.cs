using System;
using System.Linq;
using System.Threading;
using Ardalis.Specification;
using Civic311.Internal;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Storage;

/// <summary>
/// A query over service requests written as an Ardalis specification: derive from it and add conditions with
/// <c>Query.Where(...)</c>, <c>Query.OrderBy(...)</c> and the request-specific builder methods of
/// <see cref="ServiceRequestSpecificationBuilderExtensions"/> in the constructor (the Ardalis idiom; a derived
/// specification's constructor may also call its base's to build on it). Each <c>Where</c> adds a condition all results
/// meet (AND).
/// </summary>
/// <remarks>
/// <see cref="Specification{T}.Evaluate"/> evaluates it in memory with Ardalis' evaluator; every store takes the subset
/// that <see cref="ServiceRequestQueryPlan.From"/> translates (docs/queries.md), a page at a time, through
/// <see cref="IServiceRequestStore.QueryAsync(ISpecification{ServiceRequest}, string?, int, System.Threading.CancellationToken)"/>.
/// </remarks>
/// <example><code>
/// public sealed class OpenPotholesNear : ServiceRequestSpecification
/// {
///     public OpenPotholesNear(GeoPoint point)
///     {
///         Query.OnlyOpen().WithServiceCode("POTHOLE").Near(point, 250).OrderedBy(ServiceRequestOrder.RequestedAt, descending: true);
///     }
/// }
/// </code></example>
public abstract class ServiceRequestSpecification : Specification<ServiceRequest>
{
    private CachedPlan? _plan;

    // The plan of this instance, translated once: a specification held and asked for page after page costs no analysis
    // after the first. Builder calls only ever add, so the counts of what was added tell a cached plan from a stale one.
    internal ServiceRequestQueryPlan Plan()
    {
        SpecificationAnalyzer.RefuseUnsupportedParts(this);
        var shape = (WhereExpressions.TryGetNonEnumeratedCount(out var where) ? where : WhereExpressions.Count(),
            OrderExpressions.TryGetNonEnumeratedCount(out var order) ? order : OrderExpressions.Count(),
            Skip, Take);
        if (Volatile.Read(ref _plan) is { } cached && cached.Shape == shape)
        {
            return cached.Value;
        }

        var plan = SpecificationAnalyzer.AnalyzeSupported(this);
        Volatile.Write(ref _plan, new CachedPlan(shape, plan));
        return plan;
    }

    private sealed record CachedPlan((int Where, int Order, int Skip, int Take) Shape, ServiceRequestQueryPlan Value);
}

/// <summary>Every request, oldest first: an export, or the base of a specification that adds its own conditions.</summary>
public sealed class AllRequests : ServiceRequestSpecification
{
    /// <summary>Creates the specification.</summary>
    public AllRequests()
    {
        Query.OrderedBy(ServiceRequestOrder.RequestedAt);
    }
}

/// <summary>Open requests of one agency (case-insensitive), oldest first: an agency's work list.</summary>
public sealed class OpenRequestsOfAgency : ServiceRequestSpecification
{
    /// <summary>Creates the specification.</summary>
    /// <param name="agency">The agency code.</param>
    /// <exception cref="ArgumentException"><paramref name="agency"/> is empty or white space.</exception>
    public OpenRequestsOfAgency(string agency)
    {
        Query.OnlyOpen().WithAgency(agency).OrderedBy(ServiceRequestOrder.RequestedAt);
    }
}

/// <summary>Requests whose next SLA check is due by an instant, oldest first: what the SLA monitor reads on each tick.</summary>
public sealed class SlaCheckDue : ServiceRequestSpecification
{
    /// <summary>Creates the specification.</summary>
    /// <param name="dueBy">Usually now.</param>
    public SlaCheckDue(Instant dueBy)
    {
        Query.WithSlaCheckDueBy(dueBy).OrderedBy(ServiceRequestOrder.RequestedAt);
    }
}

/// <summary>The requests marked as duplicates of an original, oldest first.</summary>
public sealed class DuplicatesOfRequest : ServiceRequestSpecification
{
    /// <summary>Creates the specification.</summary>
    /// <param name="original">The original request.</param>
    public DuplicatesOfRequest(ServiceRequestId original)
    {
        Query.DuplicatesOf(original).OrderedBy(ServiceRequestOrder.RequestedAt);
    }
}

/// <summary>Requests with a point within a radius of a point, newest first.</summary>
public sealed class RequestsNear : ServiceRequestSpecification
{
    /// <summary>Creates the specification.</summary>
    /// <param name="center">The point.</param>
    /// <param name="radiusMeters">The radius in metres.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="radiusMeters"/> is out of range (see <see cref="GeoCircle"/>).</exception>
    public RequestsNear(GeoPoint center, double radiusMeters)
    {
        Query.Near(center, radiusMeters).OrderedBy(ServiceRequestOrder.RequestedAt, descending: true);
    }
}

/// <summary>Requests changed at or after an instant, in the order they last changed: what a sync reads.</summary>
public sealed class RequestsUpdatedSince : ServiceRequestSpecification
{
    /// <summary>Creates the specification.</summary>
    /// <param name="since">The inclusive lower bound of <see cref="ServiceRequest.UpdatedAt"/>.</param>
    public RequestsUpdatedSince(Instant since)
    {
        Query.UpdatedSince(since).OrderedBy(ServiceRequestOrder.UpdatedAt);
    }
}
