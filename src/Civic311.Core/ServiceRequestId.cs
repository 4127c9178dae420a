using System;
using System.Diagnostics.CodeAnalysis;
using Civic311.Internal;
using NodaTime;

namespace Civic311;

/// <summary>The identity of a service request: a GUID, stable across stores (it becomes the Dataverse <c>incidentid</c>).</summary>
/// <remarks>The <see langword="default"/> value wraps <see cref="Guid.Empty"/> and identifies no request.</remarks>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public readonly struct ServiceRequestId : IEquatable<ServiceRequestId>, IComparable<ServiceRequestId>, IComparable, ISpanFormattable
{
    /// <summary>Wraps an existing GUID.</summary>
    /// <param name="value">The GUID; must not be <see cref="Guid.Empty"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty.</exception>
    public ServiceRequestId(Guid value)
    {
        if (value == Guid.Empty)
        {
            throw new ArgumentException("A service request id cannot be the empty GUID.", nameof(value));
        }

        Value = value;
    }

    /// <summary>Gets the GUID.</summary>
    public Guid Value { get; }

    /// <summary>Gets a value indicating whether this is the <see langword="default"/> (empty) id.</summary>
    public bool IsEmpty => Value == Guid.Empty;

    /// <summary>Creates a new random (version 4) id.</summary>
    /// <returns>A new id.</returns>
    public static ServiceRequestId NewId() => new(FastGuid.NewVersion4());

    /// <summary>
    /// Creates a new time-ordered (version 7) id whose leading bits are <paramref name="timestamp"/>'s Unix milliseconds, so
    /// ids sort roughly by creation and index well in databases. <see cref="Application.ServiceRequests"/> uses the injected clock's time.
    /// </summary>
    /// <param name="timestamp">The creation instant; instants before 1970 or after the year 10889 are clamped.</param>
    /// <returns>A new id.</returns>
    public static ServiceRequestId NewId(Instant timestamp) => new(FastGuid.NewVersion7(timestamp));

    /// <summary>Parses the text form of an id.</summary>
    /// <param name="text">A GUID in any format <see cref="Guid.TryParse(string?, out Guid)"/> accepts.</param>
    /// <param name="id">The id, when parsed.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a non-empty GUID.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ServiceRequestId id)
    {
        if (Guid.TryParse(text, out var guid) && guid != Guid.Empty)
        {
            id = new ServiceRequestId(guid);
            return true;
        }

        id = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(ServiceRequestId other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ServiceRequestId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(ServiceRequestId other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    /// <remarks>Lets comparers that see ids as objects (a specification's <c>ThenBy(x =&gt; x.Id)</c>) order them.</remarks>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        ServiceRequestId other => CompareTo(other),
        _ => throw new ArgumentException($"A ServiceRequestId compares only with another; got {obj.GetType().Name}.", nameof(obj)),
    };

    /// <summary>Returns the GUID in its hyphenated "D" form.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Value.ToString("D");

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format ?? "D", formatProvider);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Value.TryFormat(destination, out charsWritten, format.IsEmpty ? "D" : format);

    /// <summary>Compares two ids for equality.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(ServiceRequestId left, ServiceRequestId right) => left.Equals(right);

    /// <summary>Compares two ids for inequality.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(ServiceRequestId left, ServiceRequestId right) => !left.Equals(right);

    /// <summary>Orders ids.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(ServiceRequestId left, ServiceRequestId right) => left.CompareTo(right) < 0;

    /// <summary>Orders ids.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(ServiceRequestId left, ServiceRequestId right) => left.CompareTo(right) > 0;

    /// <summary>Orders ids.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first or equal.</returns>
    public static bool operator <=(ServiceRequestId left, ServiceRequestId right) => left.CompareTo(right) <= 0;

    /// <summary>Orders ids.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last or equal.</returns>
    public static bool operator >=(ServiceRequestId left, ServiceRequestId right) => left.CompareTo(right) >= 0;
}
