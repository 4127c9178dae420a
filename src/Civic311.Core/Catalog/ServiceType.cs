using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Civic311.Catalog;

/// <summary>A kind of request residents can make (an Open311 "service"), owned by one agency.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class ServiceType
{
    private readonly Dictionary<string, ServiceAttribute> _attributesByCode;

    internal ServiceType(
        string code,
        string name,
        string? group,
        IReadOnlyList<string> keywords,
        string? description,
        Agency agency,
        string? defaultQueue,
        bool isActive,
        bool isLocationRequired,
        IReadOnlyList<ServiceAttribute> attributes)
    {
        Code = code;
        Name = name;
        Group = group;
        Keywords = keywords;
        Description = description;
        Agency = agency;
        DefaultQueue = defaultQueue;
        IsActive = isActive;
        IsLocationRequired = isLocationRequired;
        Attributes = attributes;
        _attributesByCode = new Dictionary<string, ServiceAttribute>(attributes.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var attribute in attributes)
        {
            _attributesByCode.Add(attribute.Code, attribute);
        }
    }

    /// <summary>Gets the service code.</summary>
    public string Code { get; }

    /// <summary>Gets the display name.</summary>
    public string Name { get; }

    /// <summary>Gets the group the service is listed under.</summary>
    public string? Group { get; }

    /// <summary>Gets the search keywords.</summary>
    public IReadOnlyList<string> Keywords { get; }

    /// <summary>Gets the description shown to residents.</summary>
    public string? Description { get; }

    /// <summary>Gets the owning agency.</summary>
    public Agency Agency { get; }

    /// <summary>Gets the queue new requests go to until routing or staff choose another; <see langword="null"/> when none is set.</summary>
    public string? DefaultQueue { get; }

    /// <summary>Gets a value indicating whether new requests of this type are accepted.</summary>
    public bool IsActive { get; }

    /// <summary>Gets a value indicating whether a request must carry a location (a point or an address).</summary>
    public bool IsLocationRequired { get; }

    /// <summary>Gets the attributes, in display order.</summary>
    public IReadOnlyList<ServiceAttribute> Attributes { get; }

    /// <summary>Gets a value indicating whether the service has attributes (Open311's <c>metadata</c> flag).</summary>
    public bool HasMetadata => Attributes.Count > 0;

    /// <summary>Finds an attribute by code (case-insensitive).</summary>
    /// <param name="code">The attribute code.</param>
    /// <param name="attribute">The attribute, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetAttribute(string code, [NotNullWhen(true)] out ServiceAttribute? attribute) =>
        _attributesByCode.TryGetValue(code, out attribute);

    /// <inheritdoc />
    public override string ToString() => $"{Code} ({Name})";
}
