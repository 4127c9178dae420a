using System.Collections.Generic;
using System.Linq;

namespace Civic311.Requests;

/// <summary>A lifecycle operation is not allowed in the request's current state; nothing was changed.</summary>
public sealed class InvalidTransitionException : Civic311Exception
{
    internal InvalidTransitionException(ServiceRequest request, LifecycleAction action, string reason, IReadOnlyList<LifecycleAction> allowed)
        : base(BuildMessage(request, action, reason, allowed))
    {
        RequestId = request.Id;
        TrackingNumber = request.TrackingNumber;
        Action = action;
        Status = request.Status;
        Reason = reason;
        AllowedActions = allowed;
    }

    /// <summary>Gets the id of the request.</summary>
    public ServiceRequestId RequestId { get; }

    /// <summary>Gets the tracking number of the request.</summary>
    public string TrackingNumber { get; }

    /// <summary>Gets the operation that was refused.</summary>
    public LifecycleAction Action { get; }

    /// <summary>Gets the request's status when the operation was refused.</summary>
    public ServiceRequestStatus Status { get; }

    /// <summary>Gets why the operation was refused.</summary>
    public string Reason { get; }

    /// <summary>Gets the operations the request allowed at that moment.</summary>
    public IReadOnlyList<LifecycleAction> AllowedActions { get; }

    private static string BuildMessage(ServiceRequest request, LifecycleAction action, string reason, IReadOnlyList<LifecycleAction> allowed) =>
        $"Cannot {action} service request {request.TrackingNumber}: {reason} "
        + (allowed.Count == 0 ? "No operation is allowed any more." : "Allowed now: " + string.Join(", ", allowed.Select(a => a.ToString())) + ".");
}
