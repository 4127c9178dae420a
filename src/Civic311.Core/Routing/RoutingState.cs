using System;
using Civic311.Catalog;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Routing;

/// <summary>A service type as routing sees it: a dense id, its agency's zone and calendar, and the rules that can apply to it.</summary>
internal sealed class ServiceInfo(int id, ServiceType type, BusinessCalendar? calendar, int[] bucket)
{
    public int Id { get; } = id;

    public ServiceType Type { get; } = type;

    public DateTimeZone Zone => Type.Agency.TimeZone;

    /// <summary>The owning agency's calendar; <see langword="null"/> for open around the clock.</summary>
    public BusinessCalendar? Calendar { get; } = calendar;

    /// <summary>The indexes (ascending) of the rules that require this service type; <see cref="RoutingRules"/> merges them with the unrestricted ones.</summary>
    public int[] Bucket { get; set; } = bucket;
}

/// <summary>
/// One evaluation's facts, each computed at most once and only when a condition asks: the district per set, the normalized
/// description, the local time in the agency's zone and whether the agency is open.
/// </summary>
internal ref struct RoutingState
{
    public const int NotLookedUp = -2;
    public const int Outside = -1;

    private readonly DistrictSet[] _sets;
    private readonly Span<int> _districts;
    private string? _normalized;
    private bool _hasLocal;
    private LocalDateTime _local;
    private int _open; // 0 unknown, 1 open, 2 closed

    public RoutingState(in RoutingInput input, ServiceInfo? service, DistrictSet[] sets, Span<int> districts)
    {
        Input = input;
        Service = service;
        _sets = sets;
        _districts = districts;
        _districts.Fill(NotLookedUp);
    }

    public RoutingInput Input { get; }

    /// <summary>The service type, when the code is in the catalog.</summary>
    public ServiceInfo? Service { get; }

    public readonly DistrictSet Set(int set) => _sets[set];

    /// <summary>The index of the district of <paramref name="set"/> containing the point, or <see cref="Outside"/> (also without a point).</summary>
    public readonly int District(int set)
    {
        var district = _districts[set];
        if (district == NotLookedUp)
        {
            district = Input.Location is { } point ? _sets[set].Locate(point.Longitude, point.Latitude) : Outside;
            _districts[set] = district;
        }

        return district;
    }

    /// <summary>The description folded by <see cref="RoutingText.Normalize"/>; <see langword="null"/> without one.</summary>
    public string? NormalizedDescription()
    {
        if (_normalized is null && !string.IsNullOrEmpty(Input.Description))
        {
            _normalized = RoutingText.Normalize(Input.Description);
        }

        return _normalized;
    }

    /// <summary>The local date and time of the request in the owning agency's zone; <see langword="false"/> when the service type is unknown.</summary>
    public bool TryGetLocalTime(out LocalDateTime local)
    {
        if (!_hasLocal && Service is not null)
        {
            _local = Input.RequestedAt.InZone(Service.Zone).LocalDateTime;
            _hasLocal = true;
        }

        local = _local;
        return _hasLocal;
    }

    /// <summary>Whether the owning agency is open at the request's instant; <see langword="null"/> when the service type is unknown.</summary>
    public bool? IsAgencyOpen()
    {
        if (_open == 0 && Service is not null)
        {
            _open = Service.Calendar is null || Service.Calendar.IsOpenAt(Input.RequestedAt) ? 1 : 2;
        }

        return _open == 0 ? null : _open == 1;
    }
}
