using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Civic311.Dataverse.Webhooks;

/// <summary>
/// A Dataverse row as a webhook carries it (a <c>Target</c> or an entity image) or as the receiver re-read it: its table,
/// its id and its columns with typed values.
/// </summary>
/// <remarks>
/// Attribute values are <see langword="null"/>, <see cref="string"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="decimal"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="Guid"/>, a NodaTime <c>Instant</c> (from
/// <c>/Date(ms)/</c>), <see cref="DataverseEntityReference"/>, <see cref="DataverseOptionSetValue"/>,
/// <see cref="DataverseMoney"/>, <see cref="DataverseEntity"/>, a read-only list of these, or, for a shape the receiver does
/// not know, the raw <see cref="System.Text.Json.JsonElement"/>.
/// </remarks>
/// <threadsafety>Immutable; thread-safe.</threadsafety>
public sealed class DataverseEntity
{
    private static readonly IReadOnlyDictionary<string, string> NoFormattedValues = ReadOnlyDictionary<string, string>.Empty;

    internal DataverseEntity(string logicalName, Guid id, IReadOnlyDictionary<string, object?> attributes, IReadOnlyDictionary<string, string>? formattedValues = null)
    {
        LogicalName = logicalName;
        Id = id;
        Attributes = attributes;
        FormattedValues = formattedValues ?? NoFormattedValues;
    }

    /// <summary>Gets the table's logical name, for example <c>incident</c>.</summary>
    public string LogicalName { get; }

    /// <summary>Gets the row's id; <see cref="Guid.Empty"/> when the payload did not carry one.</summary>
    public Guid Id { get; }

    /// <summary>Gets the columns present, by logical name (case-sensitive, as Dataverse names them: lower case).</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; }

    /// <summary>Gets the display labels Dataverse sent for choice and lookup columns, by logical name.</summary>
    public IReadOnlyDictionary<string, string> FormattedValues { get; }

    /// <summary>Whether the column is present (possibly with a <see langword="null"/> value, meaning it was cleared).</summary>
    /// <param name="name">The column's logical name.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(string name) => Attributes.ContainsKey(name);

    /// <inheritdoc />
    public override string ToString() => $"{LogicalName}({Id:D}) [{Attributes.Count} columns]";
}

/// <summary>A lookup value: the row it points to (<c>EntityReference</c>).</summary>
/// <param name="Id">The row's id.</param>
/// <param name="LogicalName">The row's table, for example <c>systemuser</c> or <c>contact</c>.</param>
/// <param name="Name">The row's primary name when Dataverse sent it; often <see langword="null"/>.</param>
public sealed record DataverseEntityReference(Guid Id, string LogicalName, string? Name);

/// <summary>A choice value (<c>OptionSetValue</c>), for example <c>prioritycode</c> or <c>statecode</c>.</summary>
/// <param name="Value">The option's number.</param>
public readonly record struct DataverseOptionSetValue(int Value);

/// <summary>A currency value (<c>Money</c>).</summary>
/// <param name="Value">The amount.</param>
public readonly record struct DataverseMoney(decimal Value);
