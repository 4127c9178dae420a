namespace Civic311.Storage;

/// <summary>
/// The orders <see cref="ServiceRequestSpecificationBuilderExtensions.OrderedBy"/> offers: the instants every store indexes.
/// Ties are broken by request id, so paging is stable.
/// </summary>
public enum ServiceRequestOrder
{
    /// <summary>By submission instant.</summary>
    RequestedAt = 0,

    /// <summary>By last-change instant.</summary>
    UpdatedAt = 1,
}
