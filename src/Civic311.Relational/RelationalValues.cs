using System;
using System.Globalization;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Relational;

/// <summary>How values are kept in columns: instants as nanoseconds since 1970 (exact, and ordered as the instants are),
/// ids as lower-case GUID text (ordered as <see cref="Guid.CompareTo(Guid)"/> orders them), enums by name, versions as numbers.</summary>
internal static class RelationalValues
{
    private static readonly Instant Epoch = Instant.FromUnixTimeTicks(0);

    /// <summary>The instant as nanoseconds since 1970, saturated at the ends of the 64-bit range (years 1677 and 2262),
    /// which only a filter value can reach.</summary>
    public static long Nanoseconds(Instant instant)
    {
        var duration = instant - Epoch;
        return duration < Duration.FromNanoseconds(long.MinValue) ? long.MinValue
            : duration > Duration.FromNanoseconds(long.MaxValue) ? long.MaxValue
            : duration.ToInt64Nanoseconds();
    }

    public static Instant ToInstant(long nanoseconds) => Epoch + Duration.FromNanoseconds(nanoseconds);

    public static object? Nanoseconds(Instant? instant) => instant is { } value ? Nanoseconds(value) : null;

    public static string Id(ServiceRequestId id) => id.Value.ToString("D", CultureInfo.InvariantCulture);

    public static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>The form case-insensitive comparisons read: ordinal-ignore-case equality is equality of the upper-invariant forms.</summary>
    public static string Key(string text) => text.ToUpperInvariant();

    public static string Version(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The number a version text stands for, or -1 when it is not one this store wrote (it then matches no row).</summary>
    public static long ParseVersion(string? version) =>
        long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1;
}
