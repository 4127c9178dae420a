using System;
using System.Collections.Generic;
using Civic311.Catalog;
using Civic311.Sla;

namespace Civic311.Routing;

/// <summary>What conditions refer to while a routing definition compiles: the catalog, the district sets, the custom conditions and the agencies' calendars.</summary>
internal sealed class RoutingConditionContext
{
    private readonly Dictionary<string, int> _serviceIds = new(StringComparer.OrdinalIgnoreCase);

    public RoutingConditionContext(ServiceCatalog catalog, RoutingBuildOptions options)
    {
        Catalog = catalog;
        Options = options;
        for (var i = 0; i < catalog.ServiceTypes.Count; i++)
        {
            _serviceIds.Add(catalog.ServiceTypes[i].Code, i);
        }
    }

    public ServiceCatalog Catalog { get; }

    public RoutingBuildOptions Options { get; }

    /// <summary>Gets the number of service types; a service id is an index into <see cref="ServiceCatalog.ServiceTypes"/>.</summary>
    public int ServiceCount => Catalog.ServiceTypes.Count;

    /// <summary>Gets the service ids by service code (case-insensitive).</summary>
    public IReadOnlyDictionary<string, int> ServiceIds => _serviceIds;

    /// <summary>Gets the district set indexes by name (case-insensitive), including sets that failed to load.</summary>
    public Dictionary<string, int> SetIndexes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the district sets by index; <see langword="null"/> for a set that failed to load (it has its own problems).</summary>
    public List<DistrictSet?> Sets { get; } = [];

    /// <summary>Gets the custom conditions by name (case-insensitive).</summary>
    public Dictionary<string, IRoutingCondition> Custom { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the calendar per catalog agency (by index); <see langword="null"/> until an <c>agencyOpen</c> condition asks for them.</summary>
    public BusinessCalendar?[]? Calendars { get; set; }
}
