using System;
using System.Buffers.Binary;
using System.Collections.Generic;
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
    public int CompareToPosition(ServiceRequest request, PlanPosition position)
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

/// <summary>
/// Where a page of a specification query ended: the sort keys and id of its last request, how many results the
/// specification's <c>Take</c> still allows (-1 for no cap), and the fingerprint of the plan it belongs to.
/// </summary>
internal sealed record PlanPosition(string Fingerprint, long[] Keys, ServiceRequestId Id, int Remaining)
{
    private const byte FormatVersion = 2; // 1 was the removed query type's token: refused as malformed
    private const int FingerprintBytes = 8;

    public string Encode()
    {
        var bytes = new byte[1 + FingerprintBytes + (8 * Keys.Length) + 16 + 4];
        bytes[0] = FormatVersion;
        Convert.FromHexString(Fingerprint).CopyTo(bytes, 1);
        var at = 1 + FingerprintBytes;
        foreach (var key in Keys)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), key);
            at += 8;
        }

        Id.Value.TryWriteBytes(bytes.AsSpan(at));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 16), Remaining);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <exception cref="ArgumentException">The token is malformed or belongs to another plan.</exception>
    public static PlanPosition Decode(string token, string fingerprint, int instantKeys)
    {
        var length = 1 + FingerprintBytes + (8 * instantKeys) + 16 + 4;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[Math.Max(length, (base64.Length / 4) * 3)];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written < 1 + FingerprintBytes || bytes[0] != FormatVersion)
        {
            throw new ArgumentException("The continuation token is malformed; pass the token of the previous page unchanged.", nameof(token));
        }

        if (!Convert.ToHexString(bytes, 1, FingerprintBytes).Equals(fingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException("The continuation token belongs to a query with another filter, order or paging; start that query from its first page.", nameof(token));
        }

        var at = 1 + FingerprintBytes;
        var keys = new long[instantKeys];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at));
            at += 8;
        }

        var guid = written == length ? new Guid(bytes.AsSpan(at, 16)) : Guid.Empty;
        var remaining = written == length ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 16)) : -2;
        if (guid == Guid.Empty || remaining < -1)
        {
            throw new ArgumentException("The continuation token is malformed; pass the token of the previous page unchanged.", nameof(token));
        }

        return new PlanPosition(fingerprint, keys, new ServiceRequestId(guid), remaining);
    }
}
