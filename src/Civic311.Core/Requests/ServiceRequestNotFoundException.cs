namespace Civic311.Requests;

/// <summary>No service request has the given id or tracking number.</summary>
public sealed class ServiceRequestNotFoundException : Civic311Exception
{
    /// <summary>Creates the exception for a lookup by id (for store implementations).</summary>
    /// <param name="id">The id looked up.</param>
    public ServiceRequestNotFoundException(ServiceRequestId id)
        : base($"No service request has the id {id}.")
    {
        RequestId = id;
    }

    /// <summary>Creates the exception for a lookup by tracking number.</summary>
    /// <param name="trackingNumber">The tracking number looked up.</param>
    public ServiceRequestNotFoundException(string trackingNumber)
        : base($"No service request has the tracking number '{trackingNumber}'.")
    {
        TrackingNumber = trackingNumber;
    }

    /// <summary>Gets the id that was looked up, when the lookup was by id.</summary>
    public ServiceRequestId? RequestId { get; }

    /// <summary>Gets the tracking number that was looked up, when the lookup was by tracking number.</summary>
    public string? TrackingNumber { get; }
}
