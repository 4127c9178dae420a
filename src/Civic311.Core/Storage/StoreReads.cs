using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Ardalis.Specification;
using Civic311.Requests;

namespace Civic311.Storage;

/// <summary>Reads that span pages, for the SDK's own callers.</summary>
internal static class StoreReads
{
    /// <summary>Every request a specification matches, in its order, read in the largest pages a store gives.</summary>
    /// <remarks>For result sets known to be small (the duplicates of one request): nothing here bounds the list.</remarks>
    public static async ValueTask<List<ServiceRequest>> ReadAllAsync(this IServiceRequestStore store, ISpecification<ServiceRequest> specification, CancellationToken cancellationToken)
    {
        var all = new List<ServiceRequest>();
        string? token = null;
        do
        {
            var page = await store.QueryAsync(specification, token, ServiceRequestPage.MaxSize, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return all;
    }
}
