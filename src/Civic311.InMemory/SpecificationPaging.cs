using System;
using System.Collections.Generic;
using Civic311.Relational;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;

namespace Civic311.InMemory;

/// <summary>
/// Orders requests by a plan's keys, then by id in the first key's direction (with no keys, by
/// <see cref="ServiceRequest.RequestedAt"/> then id), so that every request has one place in the order.
/// </summary>
internal sealed class PlanComparer : IComparer<ServiceRequest>
{
    private readonly (ServiceRequestField Field, int Sign)[] _keys;

    public PlanComparer(ServiceRequestQueryPlan plan)
    {
        var keys = new List<(ServiceRequestField, int)>();
        foreach (var key in plan.Order)
        {
            keys.Add((key.Field, key.Descending ? -1 : 1));
            if (key.Field == ServiceRequestField.Id)
            {
                break; // ids are unique: later keys never decide
            }
        }

        if (keys.Count == 0)
        {
            keys.Add((ServiceRequestField.RequestedAt, 1));
        }

        if (keys[^1].Item1 != ServiceRequestField.Id)
        {
            keys.Add((ServiceRequestField.Id, keys[0].Item2));
        }

        _keys = keys.ToArray();
        Reversed = Comparer<ServiceRequest>.Create((x, y) => Compare(y, x));
    }

    /// <summary>Gets the number of instant keys before the id: the length of a position.</summary>
    public int InstantKeys => _keys.Length - 1;

    public IComparer<ServiceRequest> Reversed { get; }

    /// <summary>Whether the order is by <see cref="ServiceRequest.RequestedAt"/> then id, both one way: the index's order.</summary>
    public bool IsByRequestedAt(out bool descending)
    {
        descending = _keys[0].Sign < 0;
        return _keys.Length == 2 && _keys[0].Field == ServiceRequestField.RequestedAt && _keys[0].Sign == _keys[1].Sign;
    }

    public int Compare(ServiceRequest? x, ServiceRequest? y)
    {
        for (var i = 0; i < _keys.Length - 1; i++)
        {
            var byKey = Instant(x!, _keys[i].Field).CompareTo(Instant(y!, _keys[i].Field));
            if (byKey != 0)
            {
                return _keys[i].Sign * byKey;
            }
        }

        return _keys[^1].Sign * x!.Id.CompareTo(y!.Id);
    }

    /// <summary>Where <paramref name="request"/> sorts relative to a position: positive when after it.</summary>
    public int CompareToPosition(ServiceRequest request, RelationalPosition position)
    {
        for (var i = 0; i < _keys.Length - 1; i++)
        {
            var byKey = Instant(request, _keys[i].Field).ToUnixTimeTicks().CompareTo(position.Keys[i]);
            if (byKey != 0)
            {
                return _keys[i].Sign * byKey;
            }
        }

        return _keys[^1].Sign * request.Id.CompareTo(position.Id);
    }

    public long[] KeysOf(ServiceRequest request)
    {
        var keys = new long[_keys.Length - 1];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Instant(request, _keys[i].Field).ToUnixTimeTicks();
        }

        return keys;
    }

    // The analyzer orders only by RequestedAt, UpdatedAt and Id.
    private static Instant Instant(ServiceRequest request, ServiceRequestField field) => field switch
    {
        ServiceRequestField.RequestedAt => request.RequestedAt,
        ServiceRequestField.UpdatedAt => request.UpdatedAt,
        _ => throw new InvalidOperationException($"The in-memory store cannot order by {field}."),
    };
}
