using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;

namespace Civic311.InMemory;

/// <summary>Where a page ended: the sort key and id of its last request, under one order.</summary>
internal readonly record struct KeysetPosition(ServiceRequestOrder Order, bool Descending, Instant Key, ServiceRequestId Id)
{
    private const byte FormatVersion = 1;
    private const int Length = 1 + 1 + 1 + 8 + 16;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = FormatVersion;
        bytes[1] = (byte)Order;
        bytes[2] = Descending ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(bytes[3..], Key.ToUnixTimeTicks());
        Id.Value.TryWriteBytes(bytes[11..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static KeysetPosition Decode(string token, ServiceRequestQuery query)
    {
        var bytes = new byte[Length];
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != Length || bytes[0] != FormatVersion)
        {
            throw new ArgumentException("The continuation token is malformed; pass the token of the previous page unchanged.", nameof(token));
        }

        var order = (ServiceRequestOrder)bytes[1];
        var descending = bytes[2] == 1;
        if (order != query.OrderBy || descending != query.Descending)
        {
            throw new ArgumentException($"The continuation token belongs to a query ordered by {order}{(descending ? " descending" : string.Empty)}; this query is ordered by {query.OrderBy}{(query.Descending ? " descending" : string.Empty)}.", nameof(token));
        }

        var ticks = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(3));
        var guid = new Guid(bytes.AsSpan(11, 16));
        if (guid == Guid.Empty)
        {
            throw new ArgumentException("The continuation token is malformed; pass the token of the previous page unchanged.", nameof(token));
        }

        return new KeysetPosition(order, descending, Instant.FromUnixTimeTicks(ticks), new ServiceRequestId(guid));
    }
}

/// <summary>Orders requests by the query's sort key, then by id, so that every request has one place in the order.</summary>
internal sealed class KeysetComparer : IComparer<ServiceRequest>
{
    private readonly ServiceRequestQuery _query;
    private readonly int _sign;

    public KeysetComparer(ServiceRequestQuery query)
    {
        _query = query;
        _sign = query.Descending ? -1 : 1;
        Reversed = Comparer<ServiceRequest>.Create((x, y) => Compare(y, x));
    }

    public IComparer<ServiceRequest> Reversed { get; }

    public int Compare(ServiceRequest? x, ServiceRequest? y)
    {
        var byKey = _query.SortKeyOf(x!).CompareTo(_query.SortKeyOf(y!));
        return _sign * (byKey != 0 ? byKey : x!.Id.CompareTo(y!.Id));
    }

    public int CompareToPosition(ServiceRequest request, KeysetPosition position)
    {
        var byKey = _query.SortKeyOf(request).CompareTo(position.Key);
        return _sign * (byKey != 0 ? byKey : request.Id.CompareTo(position.Id));
    }
}
