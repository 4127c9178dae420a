using Civic311.Requests;

namespace Civic311.Storage;

/// <summary>Someone else changed the request since it was read; nothing was written. Read it again and retry.</summary>
public sealed class ConcurrencyConflictException : Civic311Exception
{
    /// <summary>Creates the exception (for store implementations).</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="expectedVersion">The version the writer expected.</param>
    /// <param name="actualVersion">The version found, when the store knows it.</param>
    public ConcurrencyConflictException(ServiceRequestId requestId, string? expectedVersion, string? actualVersion)
        : base($"Service request {requestId} was changed by someone else: expected version '{expectedVersion}', found '{actualVersion ?? "unknown"}'. Nothing was written; read it again and retry.")
    {
        RequestId = requestId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the request.</summary>
    public ServiceRequestId RequestId { get; }

    /// <summary>Gets the version the writer expected.</summary>
    public string? ExpectedVersion { get; }

    /// <summary>Gets the version found, when known.</summary>
    public string? ActualVersion { get; }
}
