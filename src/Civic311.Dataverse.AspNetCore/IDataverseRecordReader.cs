using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Dataverse.Webhooks;

/// <summary>
/// Reads a Dataverse row by id, for the webhook receiver: the incident when a payload was stripped for size (over 256 KB)
/// or when a change arrives for a case Civic311 has not taken in yet, and the contact that reported a case. With the
/// Dataverse store registered, a Web API reader over the store's connection is used unless another is registered.
/// </summary>
/// <threadsafety>Implementations must be thread-safe.</threadsafety>
public interface IDataverseRecordReader
{
    /// <summary>Reads a row.</summary>
    /// <param name="logicalName">The table's logical name, for example <c>incident</c>.</param>
    /// <param name="id">The row's id.</param>
    /// <param name="columns">The columns wanted (logical names; lookups by their column name, for example <c>ownerid</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The row with its values typed as in a webhook payload, or <see langword="null"/> when it does not exist.</returns>
    ValueTask<DataverseEntity?> ReadAsync(string logicalName, Guid id, IReadOnlyCollection<string> columns, CancellationToken cancellationToken = default);
}
