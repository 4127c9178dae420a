using System;

namespace Civic311.Dataverse.Mapping;

/// <summary>
/// The Dataverse <c>incident</c> state (<c>statecode</c>) and status reason (<c>statuscode</c>) values Civic311 uses, and
/// the two-way mapping between them and <see cref="ServiceRequestStatus"/>: the one place these numbers are written down.
/// </summary>
/// <remarks>
/// The standard values of the incident table: state 0 Active (status reasons 1 In Progress, 2 On Hold, 3 Waiting for
/// Details, 4 Researching), 1 Resolved (5 Problem Solved, 1000 Information Provided) and 2 Cancelled (6 Cancelled,
/// 2000 Merged). Resolved and cancelled cases are read-only until reactivated.
/// </remarks>
public static class IncidentStates
{
    /// <summary>State (<c>statecode</c>) 0 Active: the case is open.</summary>
    public const int ActiveState = 0;

    /// <summary>State (<c>statecode</c>) 1 Resolved.</summary>
    public const int ResolvedState = 1;

    /// <summary>State (<c>statecode</c>) 2 Cancelled (which includes merged cases).</summary>
    public const int CancelledState = 2;

    /// <summary>Status reason (<c>statuscode</c>) 1 In Progress, of the Active state.</summary>
    public const int InProgress = 1;

    /// <summary>Status reason (<c>statuscode</c>) 2 On Hold, of the Active state.</summary>
    public const int OnHold = 2;

    /// <summary>Status reason (<c>statuscode</c>) 3 Waiting for Details, of the Active state.</summary>
    public const int WaitingForDetails = 3;

    /// <summary>Status reason (<c>statuscode</c>) 4 Researching, of the Active state.</summary>
    public const int Researching = 4;

    /// <summary>Status reason (<c>statuscode</c>) 5 Problem Solved, of the Resolved state.</summary>
    public const int ProblemSolved = 5;

    /// <summary>Status reason (<c>statuscode</c>) 1000 Information Provided, of the Resolved state.</summary>
    public const int InformationProvided = 1000;

    /// <summary>Status reason (<c>statuscode</c>) 6 Cancelled, of the Cancelled state.</summary>
    public const int Cancelled = 6;

    /// <summary>Status reason (<c>statuscode</c>) 2000 Merged, of the Cancelled state (the surviving case is in <c>masterid</c>).</summary>
    public const int Merged = 2000;

    /// <summary>The state and status reason an incident gets for a Civic311 lifecycle status.</summary>
    /// <param name="status">The Civic311 status.</param>
    /// <returns>
    /// On Hold for <see cref="ServiceRequestStatus.OnHold"/>; Resolved / Problem Solved for resolved and closed requests;
    /// Cancelled / Cancelled and Cancelled / Merged for cancelled and duplicate ones; Active / In Progress otherwise.
    /// </returns>
    public static (int State, int Status) ToCodes(ServiceRequestStatus status) => status switch
    {
        ServiceRequestStatus.OnHold => (ActiveState, OnHold),
        ServiceRequestStatus.Resolved or ServiceRequestStatus.Closed => (ResolvedState, ProblemSolved),
        ServiceRequestStatus.Cancelled => (CancelledState, Cancelled),
        ServiceRequestStatus.Duplicate => (CancelledState, Merged),
        _ => (ActiveState, InProgress),
    };

    /// <summary>The state a status reason belongs to, for a row that carries only the status reason.</summary>
    /// <param name="status">A status reason (<c>statuscode</c>).</param>
    /// <returns>Its state, or <see langword="null"/> for a status reason that is not one of the standard values.</returns>
    public static int? StateOf(int status) => status switch
    {
        InProgress or OnHold or WaitingForDetails or Researching => ActiveState,
        ProblemSolved or InformationProvided => ResolvedState,
        Cancelled or Merged => CancelledState,
        _ => null,
    };

    /// <summary>The Civic311 status an incident's state and status reason stand for.</summary>
    /// <param name="state">The state (<c>statecode</c>).</param>
    /// <param name="status">The status reason (<c>statuscode</c>).</param>
    /// <param name="known">
    /// The status Civic311 already holds, if any: it is kept when it maps to the same state and status reason, since
    /// several Civic311 statuses (submitted, assigned, in progress, reopened…) share Active / In Progress.
    /// </param>
    /// <returns>
    /// The status; otherwise On Hold for Active / On Hold, In Progress for the other Active reasons, Resolved for either
    /// Resolved reason, Cancelled for Cancelled / Cancelled and Duplicate for Cancelled / Merged.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">The pair is not a standard state with one of its own status reasons.</exception>
    public static ServiceRequestStatus ToStatus(int state, int status, ServiceRequestStatus? known = null)
    {
        if (StateOf(status) != state)
        {
            throw new ArgumentOutOfRangeException(
                nameof(status), status, FormattableString.Invariant($"statecode {state} with statuscode {status} is not a standard incident state and status reason."));
        }

        if (known is { } current && ToCodes(current) == (state, status))
        {
            return current;
        }

        return (state, status) switch
        {
            (ActiveState, OnHold) => ServiceRequestStatus.OnHold,
            (ActiveState, _) => ServiceRequestStatus.InProgress,
            (ResolvedState, _) => ServiceRequestStatus.Resolved,
            (_, Merged) => ServiceRequestStatus.Duplicate,
            _ => ServiceRequestStatus.Cancelled,
        };
    }
}
