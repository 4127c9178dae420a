using System.Collections.Generic;
using Civic311.Internal;
using Civic311.Requests;

namespace Civic311.Storage;

/// <summary>One page of query results.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class ServiceRequestPage
{
    /// <summary>The largest page a store reads in one call (Dataverse caps a page at 5,000 rows).</summary>
    public const int MaxSize = 5000;

    /// <summary>The page size when a caller names none.</summary>
    public const int DefaultSize = 100;

    /// <summary>Creates a page (for store implementations).</summary>
    /// <param name="items">The requests on this page.</param>
    /// <param name="continuationToken">The token for the next page; <see langword="null"/> on the last page.</param>
    public ServiceRequestPage(IReadOnlyList<ServiceRequest> items, string? continuationToken)
    {
        Items = Guard.NotNull(items);
        ContinuationToken = continuationToken;
    }

    /// <summary>Gets the requests on this page.</summary>
    public IReadOnlyList<ServiceRequest> Items { get; }

    /// <summary>Gets the opaque token that reads the next page; <see langword="null"/> on the last page.</summary>
    public string? ContinuationToken { get; }

    /// <summary>Gets a value indicating whether another page follows.</summary>
    public bool HasMore => ContinuationToken is not null;
}
