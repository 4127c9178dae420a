using System;
using System.Buffers.Binary;
using Civic311.Requests;

namespace Civic311.Relational;

/// <summary>
/// Where a page of a specification query ended: the sort keys (as the store compares them: nanoseconds in SQL, ticks in
/// the in-memory store, which compiles this file too) and id of its last request, and how many results the specification's
/// <c>Take</c> still allows (-1 for no cap), bound to the fingerprint of the plan: a token handed to another specification,
/// or to the same one with other values, is refused.
/// </summary>
internal sealed record RelationalPosition(long[] Keys, ServiceRequestId Id, int Remaining)
{
    private const byte FormatVersion = 3; // 1 and 2 were earlier formats, refused as malformed
    private const int FingerprintBytes = 8;

    public string Encode(string fingerprint)
    {
        var bytes = new byte[1 + FingerprintBytes + (8 * Keys.Length) + 16 + 4];
        bytes[0] = FormatVersion;
        Convert.FromHexString(fingerprint).CopyTo(bytes, 1);
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

    /// <param name="token">The token.</param>
    /// <param name="fingerprint">The fingerprint of the plan it is used with.</param>
    /// <param name="keyCount">The number of instant keys before the id in the plan's order.</param>
    /// <param name="parameterName">The name of the caller's parameter, for the exception.</param>
    /// <exception cref="ArgumentException">The token is malformed or belongs to another plan.</exception>
    public static RelationalPosition Decode(string token, string fingerprint, int keyCount, string parameterName)
    {
        var length = 1 + FingerprintBytes + (8 * keyCount) + 16 + 4;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[Math.Max(length, base64.Length / 4 * 3)];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written < 1 + FingerprintBytes || bytes[0] != FormatVersion)
        {
            throw new ArgumentException("The continuation token is malformed or not one this store issued; pass the token of the previous page unchanged.", parameterName);
        }

        if (!Convert.ToHexString(bytes, 1, FingerprintBytes).Equals(fingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException("The continuation token belongs to a query with another filter, order or paging; start that query from its first page.", parameterName);
        }

        var at = 1 + FingerprintBytes;
        var keys = new long[keyCount];
        for (var i = 0; i < keys.Length && written == length; i++)
        {
            keys[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at));
            at += 8;
        }

        var guid = written == length ? new Guid(bytes.AsSpan(at, 16)) : Guid.Empty;
        var remaining = written == length ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 16)) : -2;
        if (guid == Guid.Empty || remaining < -1)
        {
            throw new ArgumentException("The continuation token is malformed; pass the token of the previous page unchanged.", parameterName);
        }

        return new RelationalPosition(keys, new ServiceRequestId(guid), remaining);
    }
}
