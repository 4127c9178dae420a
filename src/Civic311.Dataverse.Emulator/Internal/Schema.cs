using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>A table's definition: the part of EntityMetadata the emulator needs to validate and answer requests.</summary>
internal sealed class TableDef
{
    public TableDef(string logicalName, string entitySetName, string primaryIdAttribute, string? primaryNameAttribute)
    {
        LogicalName = logicalName;
        EntitySetName = entitySetName;
        SchemaName = logicalName;
        PrimaryIdAttribute = primaryIdAttribute;
        PrimaryNameAttribute = primaryNameAttribute;
    }

    public string LogicalName { get; }

    public string EntitySetName { get; }

    public string SchemaName { get; set; }

    public string PrimaryIdAttribute { get; }

    public string? PrimaryNameAttribute { get; }

    public Guid MetadataId { get; set; } = Guid.NewGuid();

    public bool IsCustom { get; set; }

    public int ObjectTypeCode { get; set; }

    /// <summary>When false, any property is accepted on write (tables defined loosely through the setup API).</summary>
    public bool Strict { get; set; } = true;

    /// <summary>What the table's creator posted (DisplayName, OwnershipType, ..), echoed back by GET EntityDefinitions.</summary>
    public JsonObject Posted { get; set; } = [];

    public Dictionary<string, ColumnDef> Columns { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NavDef> Navigations { get; } = new(StringComparer.Ordinal);

    /// <summary>Collection-valued navigation properties a create may deep-insert (email_activity_parties), by name.</summary>
    public Dictionary<string, CollectionNavDef> CollectionNavigations { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Set on tables whose rows the Web API creates only through their parent (activityparty: GET only, rows come from the
    /// activity's deep insert); direct POST, PATCH and DELETE are refused.
    /// </summary>
    public bool RetrieveOnly { get; set; }

    public List<KeyDef> Keys { get; } = [];

    public Dictionary<string, RelationshipDef> Relationships { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>statecode → (default statuscode, allowed statuscodes); empty when the table has no state.</summary>
    public Dictionary<int, (int DefaultStatus, int[] Statuses)> States { get; } = [];

    public ColumnDef AddColumn(string logicalName, DataverseColumnType type, int? maxLength = null, string? schemaName = null)
    {
        var column = new ColumnDef(logicalName, schemaName ?? logicalName, type, maxLength);
        Columns[logicalName] = column;
        return column;
    }

    public void AddLookup(string column, params (string Nav, string[] Targets)[] navigations)
    {
        AddColumn(column, DataverseColumnType.Lookup);
        foreach (var (nav, targets) in navigations)
        {
            Navigations[nav] = new NavDef(nav, column, targets);
        }
    }

    public string TypeName => "Microsoft.Dynamics.CRM." + LogicalName;

    /// <summary>The property a column is read back as: <c>_{column}_value</c> for lookups, the column name otherwise.</summary>
    public static string RowProperty(ColumnDef column) =>
        column.Type == DataverseColumnType.Lookup ? "_" + column.LogicalName + "_value" : column.LogicalName;

    /// <summary>Finds a column by the name a query or key uses: the column name, or <c>_{lookup}_value</c>.</summary>
    public ColumnDef? FindByProperty(string property)
    {
        if (Columns.TryGetValue(property, out var column) && column.Type != DataverseColumnType.Lookup)
        {
            return column;
        }

        if (property.Length > 7 && property.StartsWith('_') && property.EndsWith("_value", StringComparison.Ordinal)
            && Columns.TryGetValue(property[1..^6], out var lookup) && lookup.Type == DataverseColumnType.Lookup)
        {
            return lookup;
        }

        return null;
    }
}

internal sealed class ColumnDef
{
    public ColumnDef(string logicalName, string schemaName, DataverseColumnType type, int? maxLength)
    {
        LogicalName = logicalName;
        SchemaName = schemaName;
        Type = type;
        MaxLength = maxLength;
    }

    public string LogicalName { get; }

    public string SchemaName { get; }

    public DataverseColumnType Type { get; }

    public int? MaxLength { get; }

    public Guid MetadataId { get; } = Guid.NewGuid();

    /// <summary>Set by the service (createdon, versionnumber ..): values a client sends are ignored.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Can be written but never read back (serviceendpoint.authvalue): always returned as null.</summary>
    public bool WriteOnly { get; set; }

    /// <summary>SystemRequired: a create without a value is refused.</summary>
    public bool SystemRequired { get; set; }

    public bool IsCustom { get; set; }

    /// <summary>What the column's creator posted through the metadata API, echoed back by GET .../Attributes(..).</summary>
    public JsonObject Posted { get; set; } = [];
}

internal sealed record NavDef(string Name, string Column, string[] Targets);

/// <param name="Name">The parent's navigation property, e.g. <c>email_activity_parties</c>.</param>
/// <param name="ChildTable">The child table's logical name, e.g. <c>activityparty</c>.</param>
/// <param name="ChildNavigation">The child's single-valued navigation back to the parent, e.g. <c>activityid_email</c>.</param>
internal sealed record CollectionNavDef(string Name, string ChildTable, string ChildNavigation);

internal sealed record KeyDef(string LogicalName, string SchemaName, string[] Columns)
{
    public Guid MetadataId { get; } = Guid.NewGuid();

    public JsonObject Posted { get; init; } = [];
}

internal sealed record RelationshipDef(string SchemaName, string ReferencedEntity, string ReferencingEntity, string Lookup, string Navigation)
{
    public Guid MetadataId { get; } = Guid.NewGuid();
}
