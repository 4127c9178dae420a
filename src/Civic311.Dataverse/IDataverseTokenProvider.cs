using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Dataverse;

/// <summary>A source of bearer tokens for the Dataverse Web API, used instead of an Azure.Core credential.</summary>
/// <threadsafety>Implementations must be thread-safe; the client calls it before every request and expects it to cache.</threadsafety>
public interface IDataverseTokenProvider
{
    /// <summary>Gets a bearer token valid for at least the next minute.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token (without the <c>Bearer </c> prefix).</returns>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default);
}
