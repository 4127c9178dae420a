using System.Collections.Generic;
using Microsoft.Extensions.Primitives;

namespace Civic311.Requests;

/// <summary>
/// What a resident or an agent reports: the input of <see cref="Application.ServiceRequests.SubmitAsync"/>. Every field is checked
/// against the catalog, and every problem is reported at once.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record ServiceRequestSubmission
{
    /// <summary>Gets the service code (required).</summary>
    public string? ServiceCode { get; init; }

    /// <summary>Gets the description of the problem (at most 4,000 characters).</summary>
    public string? Description { get; init; }

    /// <summary>Gets the WGS84 latitude; give it together with <see cref="Longitude"/>.</summary>
    public double? Latitude { get; init; }

    /// <summary>Gets the WGS84 longitude; give it together with <see cref="Latitude"/>.</summary>
    public double? Longitude { get; init; }

    /// <summary>Gets the street address or a description of the place.</summary>
    public string? Address { get; init; }

    /// <summary>Gets the zip or postal code.</summary>
    public string? ZipCode { get; init; }

    /// <summary>Gets the district (ward, borough, council district), when the caller knows it.</summary>
    public string? District { get; init; }

    /// <summary>Gets how to reach the reporter; optional.</summary>
    public ReporterContact? Reporter { get; init; }

    /// <summary>Gets how the request arrived.</summary>
    /// <value>Defaults to <see cref="Channel.Phone"/>.</value>
    public Channel Channel { get; init; } = Channel.Phone;

    /// <summary>Gets the priority.</summary>
    /// <value>Defaults to <see cref="Priority.Normal"/>.</value>
    public Priority Priority { get; init; } = Priority.Normal;

    /// <summary>
    /// Gets the attribute values by attribute code. A multi-value list takes several values; numbers use an invariant
    /// decimal point; date-times are ISO 8601 with an offset or <c>Z</c>.
    /// </summary>
    public IReadOnlyDictionary<string, StringValues>? Attributes { get; init; }

    /// <summary>Gets the reference of the request in the system it came from (an Open311 token, a legacy id); optional.</summary>
    public string? ExternalReference { get; init; }

    /// <summary>
    /// Gets the id to give the request, or <see langword="null"/> for a new one (the usual case). Set it when the record was
    /// created in a CRM first (a case entered in Dynamics 365) and Civic311 takes it in under the CRM's id.
    /// </summary>
    public ServiceRequestId? Id { get; init; }

    /// <summary>Gets who entered the request: an agent's user id, an app name, or <c>resident</c>.</summary>
    /// <value>Defaults to <c>resident</c>.</value>
    public string Actor { get; init; } = "resident";

    /// <summary>Gets an optional note recorded with the submit history entry.</summary>
    public string? Note { get; init; }
}
