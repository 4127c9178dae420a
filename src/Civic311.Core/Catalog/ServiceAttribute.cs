using System;
using System.Collections.Generic;

namespace Civic311.Catalog;

/// <summary>A question asked when a service is requested (an Open311 attribute).</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class ServiceAttribute
{
    private readonly HashSet<string>? _keys;

    internal ServiceAttribute(
        string code,
        string? description,
        AttributeDatatype datatype,
        string? datatypeDescription,
        bool isRequired,
        int order,
        bool isVariable,
        IReadOnlyList<AttributeValueOption> values)
    {
        Code = code;
        Description = description;
        Datatype = datatype;
        DatatypeDescription = datatypeDescription;
        IsRequired = isRequired;
        Order = order;
        IsVariable = isVariable;
        Values = values;
        if (values.Count > 0)
        {
            _keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                _keys.Add(value.Key);
            }
        }
    }

    /// <summary>Gets the attribute code, unique within its service type.</summary>
    public string Code { get; }

    /// <summary>Gets the question or label shown to the resident.</summary>
    public string? Description { get; }

    /// <summary>Gets the datatype.</summary>
    public AttributeDatatype Datatype { get; }

    /// <summary>Gets the help text for the datatype.</summary>
    public string? DatatypeDescription { get; }

    /// <summary>Gets a value indicating whether a value must be given.</summary>
    public bool IsRequired { get; }

    /// <summary>Gets the display order.</summary>
    public int Order { get; }

    /// <summary>Gets a value indicating whether the resident enters a value (<see langword="false"/>: informational text only).</summary>
    public bool IsVariable { get; }

    /// <summary>Gets the allowed values of a list attribute; empty for other datatypes.</summary>
    public IReadOnlyList<AttributeValueOption> Values { get; }

    /// <summary>Gets a value indicating whether the datatype is a list.</summary>
    public bool IsList => Datatype is AttributeDatatype.SingleValueList or AttributeDatatype.MultiValueList;

    /// <summary>Tells whether <paramref name="key"/> is one of the allowed values (keys compare ordinally).</summary>
    /// <param name="key">The submitted key.</param>
    /// <returns><see langword="true"/> when the key is allowed.</returns>
    public bool IsAllowedValue(string key) => _keys is not null && _keys.Contains(key);
}

/// <summary>One allowed value of a list attribute.</summary>
/// <param name="Key">The key submitted with a request.</param>
/// <param name="Name">The display name.</param>
public sealed record AttributeValueOption(string Key, string Name);
