using System.Collections.Generic;
using NodaTime;

namespace Civic311.Requests;

/// <summary>
/// A request that happened before Civic311, as an integrator has it (for example a row of a city's open-data export): what
/// was reported, when, and how it ended. <see cref="Application.ServiceRequests.PrepareImportAsync"/> turns it into a
/// <see cref="ServiceRequest"/> with the history and SLA clocks it would have had, for a store's bulk import.
/// </summary>
public sealed record HistoricalRequest
{
    /// <summary>Gets what was reported: service code, description, location, reporter, channel, priority, attributes.</summary>
    /// <remarks>Validated as a submission is; its <see cref="ServiceRequestSubmission.Id"/> keeps the request's id when set.</remarks>
    public required ServiceRequestSubmission Submission { get; init; }

    /// <summary>Gets when it was reported; not in the future.</summary>
    public required Instant RequestedAt { get; init; }

    /// <summary>
    /// Gets the tracking number it had (letters, digits, '-', '_', '.'; at most 64 characters), or <see langword="null"/>
    /// to draw one from the center's sequence, in the year it was reported.
    /// </summary>
    public string? TrackingNumber { get; init; }

    /// <summary>Gets when it was resolved; with <see cref="ClosedAt"/> alone it is resolved and closed at once.</summary>
    public Instant? ResolvedAt { get; init; }

    /// <summary>Gets how it was resolved; <c>RESOLVED</c> with no note when not known.</summary>
    public Resolution? Resolution { get; init; }

    /// <summary>Gets when it was closed (after its resolution).</summary>
    public Instant? ClosedAt { get; init; }

    /// <summary>Gets when it was cancelled; not together with a resolution.</summary>
    public Instant? CancelledAt { get; init; }

    /// <summary>Gets why it was cancelled (at most 500 characters); a generic reason when not known.</summary>
    public string? CancelReason { get; init; }
}

/// <summary>A historical request that was not prepared, and why (nothing of it is imported).</summary>
/// <param name="Index">Its 0-based position in the input.</param>
/// <param name="TrackingNumber">The tracking number it gave, if any.</param>
/// <param name="Errors">Every problem, each naming its field (<c>submission.serviceCode</c>, <c>closedAt</c>, …).</param>
public sealed record ImportRejection(int Index, string? TrackingNumber, IReadOnlyList<ValidationError> Errors);

/// <summary>What <see cref="Application.ServiceRequests.PrepareImportAsync"/> made of historical requests.</summary>
/// <param name="Requests">The requests built, in input order, ready for a store's bulk import.</param>
/// <param name="Rejected">The records refused, with their problems.</param>
public sealed record ImportPreparation(IReadOnlyList<ServiceRequest> Requests, IReadOnlyList<ImportRejection> Rejected);
