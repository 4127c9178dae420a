using Civic311.Requests;

namespace Civic311.Storage;

/// <summary>A new request's id or tracking number is already stored; nothing was written.</summary>
public sealed class DuplicateServiceRequestException : Civic311Exception
{
    /// <summary>Creates the exception (for store implementations).</summary>
    /// <param name="requestId">The id of the request being added.</param>
    /// <param name="trackingNumber">Its tracking number.</param>
    /// <param name="conflictsOn">What is taken: <c>id</c> or <c>trackingNumber</c>.</param>
    public DuplicateServiceRequestException(ServiceRequestId requestId, string trackingNumber, string conflictsOn)
        : base($"Cannot add service request {requestId} ({trackingNumber}): its {conflictsOn} is already taken. Nothing was written.")
    {
        RequestId = requestId;
        TrackingNumber = trackingNumber;
        ConflictsOn = conflictsOn;
    }

    /// <summary>Gets the id of the request being added.</summary>
    public ServiceRequestId RequestId { get; }

    /// <summary>Gets its tracking number.</summary>
    public string TrackingNumber { get; }

    /// <summary>Gets what is taken: <c>id</c> or <c>trackingNumber</c>.</summary>
    public string ConflictsOn { get; }
}
