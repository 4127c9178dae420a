using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Civic311.Notifications.Channels;

/// <summary>The outcome of <see cref="WebhookSignature.Verify"/>.</summary>
public enum WebhookVerification
{
    /// <summary>The signature matches and the timestamp is within the tolerance.</summary>
    Valid = 0,

    /// <summary>The signature or timestamp header is missing or malformed.</summary>
    Malformed = 1,

    /// <summary>The timestamp is further from now than the tolerance: a replay, or a clock far off.</summary>
    TimestampOutOfTolerance = 2,

    /// <summary>The signature does not match the body and timestamp (a tampered body, or another secret).</summary>
    SignatureMismatch = 3,
}

/// <summary>
/// Signs and verifies Civic311 webhook requests: HMAC-SHA256 with a shared secret over <c>"{timestamp}.{body}"</c>, where
/// the timestamp is the <see cref="TimestampHeader"/> value (Unix seconds) and the body the raw UTF-8 request body; the
/// <see cref="SignatureHeader"/> is <c>sha256=</c> and the lower-case hex of the MAC. Receivers call
/// <see cref="Verify"/> with the raw body before parsing it.
/// </summary>
/// <threadsafety>Thread-safe.</threadsafety>
public static class WebhookSignature
{
    /// <summary>The header carrying the signature: <c>sha256=&lt;hex&gt;</c>.</summary>
    public const string SignatureHeader = "X-Civic311-Signature";

    /// <summary>The header carrying the signing time in Unix seconds.</summary>
    public const string TimestampHeader = "X-Civic311-Timestamp";

    /// <summary>The header carrying the message's idempotency key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const string Prefix = "sha256=";

    /// <summary>Computes the signature header value.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestamp">The signing time, in Unix seconds.</param>
    /// <param name="body">The raw request body.</param>
    /// <returns><c>sha256=</c> followed by 64 lower-case hex digits.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexString(Mac(secret, timestamp, body)).ToLowerInvariant();
    }

    /// <summary>Verifies a request: the timestamp must be within <paramref name="tolerance"/> of <paramref name="now"/>, and the signature must match, compared in constant time.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestampHeader">The <see cref="TimestampHeader"/> value.</param>
    /// <param name="signatureHeader">The <see cref="SignatureHeader"/> value.</param>
    /// <param name="body">The raw request body, as received.</param>
    /// <param name="now">The receiver's current time.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>, for example 5 minutes.</param>
    /// <returns><see cref="WebhookVerification.Valid"/>, or why the request must be rejected.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty or <paramref name="tolerance"/> is negative.</exception>
    public static WebhookVerification Verify(
        string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero);
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || signatureHeader is null
            || !signatureHeader.StartsWith(Prefix, StringComparison.Ordinal)
            || signatureHeader.Length != Prefix.Length + 64)
        {
            return WebhookVerification.Malformed;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signatureHeader.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return WebhookVerification.Malformed;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > (long)tolerance.TotalSeconds)
        {
            return WebhookVerification.TimestampOutOfTolerance;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, timestamp, body))
            ? WebhookVerification.Valid
            : WebhookVerification.SignatureMismatch;
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
