using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using NodaTime;

namespace Civic311.Internal;

/// <summary>
/// GUIDs from a per-thread buffer of cryptographically secure random bytes. <see cref="Guid.NewGuid"/> asks the OS for 16
/// bytes every time, which on some Linux hosts costs more than a whole submit; one 4 KB refill serves about 400 ids.
/// </summary>
internal static class FastGuid
{
    private const int BufferSize = 4096;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_used;

    /// <summary>A random (version 4) GUID.</summary>
    public static Guid NewVersion4()
    {
        Span<byte> bytes = stackalloc byte[16];
        TakeRandom(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>A time-ordered (version 7, RFC 9562) GUID: 48 bits of Unix milliseconds, then 74 random bits.</summary>
    public static Guid NewVersion7(Instant timestamp)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = Math.Clamp(timestamp.ToUnixTimeMilliseconds(), 0L, (1L << 48) - 1);
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], milliseconds << 16);
        TakeRandom(bytes[6..]);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private static void TakeRandom(Span<byte> destination)
    {
        var buffer = t_buffer;
        if (buffer is null || t_used + destination.Length > BufferSize)
        {
            buffer = t_buffer ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(buffer);
            t_used = 0;
        }

        var source = buffer.AsSpan(t_used, destination.Length);
        source.CopyTo(destination);
        source.Clear(); // never hand out the same bytes twice, even after a bug elsewhere
        t_used += destination.Length;
    }
}
