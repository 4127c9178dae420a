using System.Text.Json;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>
/// The metadata a provisioning step needs (create-update-entity-definitions, create-update-column-definitions,
/// create-update-entity-relationships): tables, columns, lookups (as one-to-many relationships) and alternate keys,
/// each created with POST and checked with GET (404 when absent). Not the whole metadata model.
/// </summary>
internal sealed partial class Processor
{
    private static readonly Dictionary<string, DataverseColumnType> AttributeTypes = new(StringComparer.Ordinal)
    {
        ["Microsoft.Dynamics.CRM.StringAttributeMetadata"] = DataverseColumnType.String,
        ["Microsoft.Dynamics.CRM.MemoAttributeMetadata"] = DataverseColumnType.Memo,
        ["Microsoft.Dynamics.CRM.IntegerAttributeMetadata"] = DataverseColumnType.Integer,
        ["Microsoft.Dynamics.CRM.BigIntAttributeMetadata"] = DataverseColumnType.BigInt,
        ["Microsoft.Dynamics.CRM.DecimalAttributeMetadata"] = DataverseColumnType.Decimal,
        ["Microsoft.Dynamics.CRM.DoubleAttributeMetadata"] = DataverseColumnType.Double,
        ["Microsoft.Dynamics.CRM.MoneyAttributeMetadata"] = DataverseColumnType.Money,
        ["Microsoft.Dynamics.CRM.DateTimeAttributeMetadata"] = DataverseColumnType.DateTime,
        ["Microsoft.Dynamics.CRM.BooleanAttributeMetadata"] = DataverseColumnType.Boolean,
        ["Microsoft.Dynamics.CRM.PicklistAttributeMetadata"] = DataverseColumnType.Picklist,
    };

    private EmulatorResponse Metadata(OperationRequest request, List<Segment> segments, OperationScope scope)
    {
        var method = request.Method.ToUpperInvariant();
        if (segments[0].Name == "RelationshipDefinitions")
        {
            return (segments, method) switch
            {
                ([{ Key: null }], "POST") => CreateRelationship(request.BodyObject(), scope),
                ([{ Key: { } key }], "GET") => Single(RelationshipJson(FindRelationship(key)), request),
                _ => throw MethodNotAllowed(method, "RelationshipDefinitions"),
            };
        }

        if (segments[0].Key is null)
        {
            return (segments.Count, method) switch
            {
                (1, "GET") => Collection("EntityDefinitions", _store.Tables.Select(t => EntityJson(t.Def)), request),
                (1, "POST") => CreateTable(request.BodyObject(), scope),
                _ => throw MethodNotAllowed(method, "EntityDefinitions"),
            };
        }

        var table = FindTable(segments[0].Key!);
        if (segments.Count == 1)
        {
            return method == "GET" ? Single(EntityJson(table.Def), request) : throw MethodNotAllowed(method, "EntityDefinitions");
        }

        var child = segments[1];
        return (child.Name, child.Key, method) switch
        {
            ("Attributes", null, "GET") => Collection("EntityDefinitions(" + segments[0].Key + ")/Attributes", table.Def.Columns.Values.Select(c => AttributeJson(table.Def, c)), request),
            ("Attributes", null, "POST") => CreateAttribute(table, request.BodyObject(), scope),
            ("Attributes", { } key, "GET") => Single(AttributeJson(table.Def, FindColumn(table.Def, key)), request),
            ("Keys", null, "GET") => Collection("EntityDefinitions(" + segments[0].Key + ")/Keys", table.Def.Keys.Select(k => KeyJson(table.Def, k)), request),
            ("Keys", null, "POST") => CreateKey(table, request.BodyObject(), scope),
            ("Keys", { } key, "GET") => Single(KeyJson(table.Def, FindKey(table.Def, key)), request),
            _ => throw EmulatorError.Unsupported($"The emulator does not support the metadata path '{request.Path}' with {method}."),
        };
    }

    private static EmulatorResponse Single(JsonObject metadata, OperationRequest request)
    {
        var options = QueryOptions.Parse(request.Query, p => new QueryProperty(p, null), collection: false);
        if (options.Select is { } select)
        {
            foreach (var name in metadata.Select(p => p.Key).Where(k => !k.StartsWith('@') && k != "MetadataId" && !select.Contains(k)).ToList())
            {
                metadata.Remove(name);
            }
        }

        return EmulatorResponse.Json(200, metadata);
    }

    private EmulatorResponse Collection(string context, IEnumerable<JsonObject> items, OperationRequest request)
    {
        var options = QueryOptions.Parse(request.Query, p => new QueryProperty(p, null), collection: true);
        var page = options.Run(items, "MetadataId", null);
        var values = page.Rows.Select(item =>
        {
            item.Remove("@odata.context");
            if (options.Select is { } select)
            {
                foreach (var name in item.Select(p => p.Key).Where(k => !k.StartsWith('@') && k != "MetadataId" && !select.Contains(k)).ToList())
                {
                    item.Remove(name);
                }
            }

            return (JsonNode)item;
        });
        return EmulatorResponse.Json(200, new JsonObject
        {
            ["@odata.context"] = ServiceRoot + "$metadata#" + context,
            ["value"] = new JsonArray(values.ToArray()),
        });
    }

    // ---- Tables ----------------------------------------------------------------------------------------------------

    private EmulatorResponse CreateTable(JsonObject body, OperationScope scope)
    {
        RequireType(body, "Microsoft.Dynamics.CRM.EntityMetadata", optional: true);
        var schemaName = RequireString(body, "SchemaName");
        RequireLabel(body, "DisplayName");
        RequireLabel(body, "DisplayCollectionName");
        var ownership = RequireString(body, "OwnershipType");
        foreach (var flag in new[] { "HasActivities", "HasNotes" })
        {
            if (body[flag] is not { } value || value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"The EntityMetadata property '{flag}' is required.");
            }
        }

        CheckCustomName(schemaName);
        var logicalName = schemaName.ToLowerInvariant();
        if (_store.ByLogicalName(logicalName) is not null)
        {
            throw NotUnique(schemaName, "Entity");
        }

        var attributes = body["Attributes"] as JsonArray ?? [];
        var primary = attributes.OfType<JsonObject>().Where(a => a["IsPrimaryName"]?.GetValueKind() == JsonValueKind.True).ToList();
        if (primary.Count != 1 || primary[0]["@odata.type"]?.GetValue<string>().TrimStart('#') != "Microsoft.Dynamics.CRM.StringAttributeMetadata")
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "The Attributes of a new table must include exactly one StringAttributeMetadata with IsPrimaryName true.");
        }

        var setName = body["EntitySetName"]?.GetValue<string>() ?? Plural(logicalName);
        if (_store.BySetName(setName) is not null)
        {
            throw NotUnique(setName, "EntitySetName");
        }

        var posted = (JsonObject)body.DeepClone();
        posted.Remove("Attributes");
        posted.Remove("@odata.type");
        var primaryName = RequireString(primary[0], "SchemaName").ToLowerInvariant();
        var def = BuiltInSchema.Standard(_store, logicalName, setName, logicalName + "id", primaryName, 0, owned: ownership == "UserOwned");
        def.SchemaName = schemaName;
        def.IsCustom = true;
        def.Posted = posted;
        BuiltInSchema.ActiveInactive(def);
        if (ownership == "UserOwned")
        {
            def.AddLookup("ownerid", ("ownerid", ["systemuser", "team"]));
        }

        var table = _store.BySetName(setName)!;
        scope.Undo.Add(() => _store.Remove(table));
        foreach (var attribute in attributes.OfType<JsonObject>())
        {
            AddColumn(def, attribute, scope);
        }

        return new EmulatorResponse(204).WithHeader("OData-EntityId", $"{ServiceRoot}EntityDefinitions({def.MetadataId:D})");
    }

    /// <summary>The entity set name the service derives from a logical name (new_category → new_categories).</summary>
    private static string Plural(string logicalName) =>
        logicalName.EndsWith('y') && logicalName.Length > 1 && !"aeiou".Contains(logicalName[^2], StringComparison.Ordinal) ? logicalName[..^1] + "ies"
        : logicalName.EndsWith('s') || logicalName.EndsWith('x') || logicalName.EndsWith("ch", StringComparison.Ordinal) || logicalName.EndsWith("sh", StringComparison.Ordinal) ? logicalName + "es"
        : logicalName + "s";

    private Table FindTable(string key) =>
        FindByNameOrId(key, "LogicalName", _store.Tables, t => t.Def.LogicalName, t => t.Def.MetadataId) ?? throw new EmulatorError(404, ErrorCodes.ObjectDoesNotExist, $"Could not find entity with {key}.");

    /// <summary>Finds a metadata item by its name key (<c>(LogicalName='x')</c>) or by its MetadataId (<c>(guid)</c>).</summary>
    private static T? FindByNameOrId<T>(string key, string nameProperty, IEnumerable<T> items, Func<T, string> name, Func<T, Guid> id)
        where T : class
    {
        var values = UrlParser.KeyValues(key);
        return values.TryGetValue(nameProperty, out var wanted) && wanted is not null
            ? items.FirstOrDefault(i => name(i) == wanted.GetValue<string>())
            : values.TryGetValue(string.Empty, out var guid) && guid is not null && Guid.TryParse(guid.GetValue<string>(), out var metadataId)
                ? items.FirstOrDefault(i => id(i) == metadataId)
                : null;
    }

    private JsonObject EntityJson(TableDef def)
    {
        var json = new JsonObject
        {
            ["@odata.context"] = ServiceRoot + "$metadata#EntityDefinitions/$entity",
            ["MetadataId"] = def.MetadataId.ToString("D"),
            ["LogicalName"] = def.LogicalName,
            ["SchemaName"] = def.SchemaName,
            ["EntitySetName"] = def.EntitySetName,
            ["PrimaryIdAttribute"] = def.PrimaryIdAttribute,
            ["PrimaryNameAttribute"] = def.PrimaryNameAttribute,
            ["ObjectTypeCode"] = def.ObjectTypeCode,
            ["IsCustomEntity"] = def.IsCustom,
            ["IsOptimisticConcurrencyEnabled"] = true,
            ["DisplayName"] = Label(def.LogicalName),
        };
        foreach (var (name, value) in def.Posted.Where(p => !p.Key.StartsWith('@')))
        {
            json[name] = value?.DeepClone();
        }

        return json;
    }

    // ---- Columns ---------------------------------------------------------------------------------------------------

    private EmulatorResponse CreateAttribute(Table table, JsonObject body, OperationScope scope)
    {
        var column = AddColumn(table.Def, body, scope);
        return new EmulatorResponse(204).WithHeader(
            "OData-EntityId", $"{ServiceRoot}EntityDefinitions(LogicalName='{table.Def.LogicalName}')/Attributes({column.MetadataId:D})");
    }

    private static ColumnDef AddColumn(TableDef def, JsonObject body, OperationScope scope)
    {
        var type = body["@odata.type"]?.GetValue<string>().TrimStart('#')
            ?? throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "An attribute definition needs its \"@odata.type\" (e.g. Microsoft.Dynamics.CRM.StringAttributeMetadata).");
        if (type == "Microsoft.Dynamics.CRM.LookupAttributeMetadata")
        {
            throw EmulatorError.BadRequest(
                ErrorCodes.InvalidArgument,
                "A lookup column is created with its relationship: POST RelationshipDefinitions with a OneToManyRelationshipMetadata and its Lookup.");
        }

        if (!AttributeTypes.TryGetValue(type, out var columnType))
        {
            throw EmulatorError.Unsupported($"The emulator does not support creating attributes of type '{type}'.");
        }

        var schemaName = RequireString(body, "SchemaName");
        RequireLabel(body, "DisplayName");
        CheckCustomName(schemaName);
        var logicalName = schemaName.ToLowerInvariant();
        if (def.Columns.ContainsKey(logicalName))
        {
            throw NotUnique(schemaName, "Attribute");
        }

        int? maxLength = columnType switch
        {
            DataverseColumnType.String => body["MaxLength"]?.GetValue<int>() ?? 100,
            DataverseColumnType.Memo => body["MaxLength"]?.GetValue<int>() ?? 2000,
            _ => null,
        };
        var column = def.AddColumn(logicalName, columnType, maxLength, schemaName);
        column.IsCustom = true;
        column.Posted = (JsonObject)body.DeepClone();
        column.SystemRequired = body["RequiredLevel"]?["Value"]?.GetValue<string>() == "SystemRequired";
        scope.Undo.Add(() => def.Columns.Remove(logicalName));
        return column;
    }

    private static ColumnDef FindColumn(TableDef def, string key) =>
        FindByNameOrId(key, "LogicalName", def.Columns.Values, c => c.LogicalName, c => c.MetadataId)
            ?? throw new EmulatorError(404, ErrorCodes.ObjectDoesNotExist, $"Could not find attribute with {key} on entity '{def.LogicalName}'.");

    private JsonObject AttributeJson(TableDef def, ColumnDef column)
    {
        var typeName = column.Type switch
        {
            DataverseColumnType.Lookup when def.Navigations.Values.Count(n => n.Column == column.LogicalName) > 1 => "Customer",
            DataverseColumnType.Lookup when column.LogicalName == "ownerid" => "Owner",
            var t => t.ToString(),
        };
        var json = new JsonObject
        {
            ["@odata.context"] = ServiceRoot + "$metadata#EntityDefinitions('" + def.LogicalName + "')/Attributes/$entity",
            ["@odata.type"] = "#Microsoft.Dynamics.CRM." + (column.Type is DataverseColumnType.State or DataverseColumnType.Status ? column.Type + "AttributeMetadata" : column.Type == DataverseColumnType.Uniqueidentifier ? "UniqueIdentifierAttributeMetadata" : column.Type + "AttributeMetadata"),
            ["MetadataId"] = column.MetadataId.ToString("D"),
            ["LogicalName"] = column.LogicalName,
            ["SchemaName"] = column.SchemaName,
            ["EntityLogicalName"] = def.LogicalName,
            ["AttributeType"] = typeName,
            ["IsCustomAttribute"] = column.IsCustom,
            ["IsPrimaryId"] = column.LogicalName == def.PrimaryIdAttribute,
            ["IsPrimaryName"] = column.LogicalName == def.PrimaryNameAttribute,
            ["DisplayName"] = Label(column.LogicalName),
            ["RequiredLevel"] = new JsonObject { ["Value"] = column.SystemRequired ? "SystemRequired" : "None", ["CanBeChanged"] = true, ["ManagedPropertyLogicalName"] = "canmodifyrequirementlevelsettings" },
        };
        if (column.MaxLength is { } max)
        {
            json["MaxLength"] = max;
        }

        if (column.Type == DataverseColumnType.Lookup)
        {
            json["Targets"] = new JsonArray(def.Navigations.Values.Where(n => n.Column == column.LogicalName).SelectMany(n => n.Targets).Distinct().Select(t => (JsonNode)t).ToArray());
        }

        foreach (var (name, value) in column.Posted.Where(p => !p.Key.StartsWith('@')))
        {
            json[name] = value?.DeepClone();
        }

        return json;
    }

    // ---- Alternate keys --------------------------------------------------------------------------------------------

    private EmulatorResponse CreateKey(Table table, JsonObject body, OperationScope scope)
    {
        var key = AddKey(table, body, scope);
        return new EmulatorResponse(204).WithHeader(
            "OData-EntityId", $"{ServiceRoot}EntityDefinitions(LogicalName='{table.Def.LogicalName}')/Keys({key.MetadataId:D})");
    }

    internal static KeyDef AddKey(Table table, JsonObject body, OperationScope scope)
    {
        var def = table.Def;
        var schemaName = RequireString(body, "SchemaName");
        RequireLabel(body, "DisplayName");
        if (body["KeyAttributes"] is not JsonArray { Count: > 0 } attributes || attributes.Any(a => a?.GetValueKind() != JsonValueKind.String))
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "KeyAttributes must list the logical names of the key's columns.");
        }

        var columns = attributes.Select(a => a!.GetValue<string>()).ToArray();
        foreach (var column in columns)
        {
            if (!def.Columns.TryGetValue(column, out var c))
            {
                throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"The key attribute '{column}' is not a column of '{def.LogicalName}'.");
            }

            if (c.Type is DataverseColumnType.Memo or DataverseColumnType.Boolean or DataverseColumnType.Double or DataverseColumnType.Money)
            {
                throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"The column '{column}' ({c.Type}) cannot be part of an alternate key.");
            }
        }

        var logicalName = schemaName.ToLowerInvariant();
        if (def.Keys.Any(k => k.LogicalName == logicalName))
        {
            throw NotUnique(schemaName, "EntityKey");
        }

        var key = new KeyDef(logicalName, schemaName, columns) { Posted = (JsonObject)body.DeepClone() };
        if (!table.TryIndex(key))
        {
            throw EmulatorError.BadRequest(ErrorCodes.DuplicateRecordEntityKey, $"The key '{schemaName}' cannot be created: existing rows of '{def.LogicalName}' share values of {string.Join(",", columns)}.");
        }

        def.Keys.Add(key);
        scope.Undo.Add(() =>
        {
            def.Keys.Remove(key);
            table.DropIndex(key);
        });
        return key;
    }

    private static KeyDef FindKey(TableDef def, string key) =>
        FindByNameOrId(key, "LogicalName", def.Keys, k => k.LogicalName, k => k.MetadataId)
            ?? throw new EmulatorError(404, ErrorCodes.ObjectDoesNotExist, $"Could not find entity key with {key} on entity '{def.LogicalName}'.");

    private JsonObject KeyJson(TableDef def, KeyDef key)
    {
        var json = new JsonObject
        {
            ["@odata.context"] = ServiceRoot + "$metadata#EntityDefinitions('" + def.LogicalName + "')/Keys/$entity",
            ["MetadataId"] = key.MetadataId.ToString("D"),
            ["LogicalName"] = key.LogicalName,
            ["SchemaName"] = key.SchemaName,
            ["EntityLogicalName"] = def.LogicalName,
            ["KeyAttributes"] = new JsonArray(key.Columns.Select(c => (JsonNode)c).ToArray()),
            ["EntityKeyIndexStatus"] = "Active",
            ["DisplayName"] = Label(key.LogicalName),
        };
        foreach (var (name, value) in key.Posted.Where(p => !p.Key.StartsWith('@')))
        {
            json[name] = value?.DeepClone();
        }

        json["EntityKeyIndexStatus"] = "Active";
        return json;
    }

    // ---- Relationships (lookups) -----------------------------------------------------------------------------------

    private EmulatorResponse CreateRelationship(JsonObject body, OperationScope scope)
    {
        RequireType(body, "Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata", optional: false);
        var schemaName = RequireString(body, "SchemaName");
        if (_store.Relationships.ContainsKey(schemaName))
        {
            throw NotUnique(schemaName, "EntityRelationship");
        }

        var referenced = _store.ByLogicalName(RequireString(body, "ReferencedEntity"))
            ?? throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"The referenced entity '{body["ReferencedEntity"]}' does not exist.");
        var referencing = _store.ByLogicalName(RequireString(body, "ReferencingEntity"))
            ?? throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"The referencing entity '{body["ReferencingEntity"]}' does not exist.");
        if (body["Lookup"] is not JsonObject lookup)
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "A OneToManyRelationshipMetadata needs its Lookup (a LookupAttributeMetadata).");
        }

        RequireType(lookup, "Microsoft.Dynamics.CRM.LookupAttributeMetadata", optional: false);
        var lookupSchema = RequireString(lookup, "SchemaName");
        RequireLabel(lookup, "DisplayName");
        CheckCustomName(lookupSchema);
        var column = lookupSchema.ToLowerInvariant();
        var def = referencing.Def;
        if (def.Columns.ContainsKey(column))
        {
            throw NotUnique(lookupSchema, "Attribute");
        }

        var navigation = body["ReferencingEntityNavigationPropertyName"]?.GetValue<string>() ?? lookupSchema;
        def.AddLookup(column, (navigation, [referenced.Def.LogicalName]));
        def.Columns[column].IsCustom = true;
        def.Columns[column].Posted = (JsonObject)lookup.DeepClone();
        var relationship = new RelationshipDef(schemaName, referenced.Def.LogicalName, def.LogicalName, column, navigation);
        _store.AddRelationship(relationship);
        scope.Undo.Add(() =>
        {
            def.Columns.Remove(column);
            def.Navigations.Remove(navigation);
            _store.RemoveRelationship(schemaName);
        });
        return new EmulatorResponse(204).WithHeader("OData-EntityId", $"{ServiceRoot}RelationshipDefinitions({relationship.MetadataId:D})");
    }

    private RelationshipDef FindRelationship(string key) =>
        FindByNameOrId(key, "SchemaName", _store.Relationships.Values, r => r.SchemaName, r => r.MetadataId)
            ?? throw new EmulatorError(404, ErrorCodes.ObjectDoesNotExist, $"Could not find relationship with {key}.");

    private JsonObject RelationshipJson(RelationshipDef relationship) => new()
    {
        ["@odata.context"] = ServiceRoot + "$metadata#RelationshipDefinitions/$entity",
        ["@odata.type"] = "#Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata",
        ["MetadataId"] = relationship.MetadataId.ToString("D"),
        ["SchemaName"] = relationship.SchemaName,
        ["ReferencedEntity"] = relationship.ReferencedEntity,
        ["ReferencingEntity"] = relationship.ReferencingEntity,
        ["ReferencingAttribute"] = relationship.Lookup,
        ["ReferencingEntityNavigationPropertyName"] = relationship.Navigation,
    };

    // ---- Validation helpers ----------------------------------------------------------------------------------------

    /// <summary>
    /// A metadata create whose name is taken: 400 with DuplicateAttributeSchemaName (0x80047013) and the platform's text,
    /// "The schema name X for type Y is not unique." A client whose first create landed but whose answer was lost gets this
    /// on its retry, so it must re-check rather than fail.
    /// </summary>
    private static EmulatorError NotUnique(string schemaName, string type) =>
        EmulatorError.BadRequest(ErrorCodes.DuplicateSchemaName, $"The schema name {schemaName} for type {type} is not unique. An {schemaName} with same name already exists.");

    private static JsonObject Label(string text) => new()
    {
        ["LocalizedLabels"] = new JsonArray(new JsonObject { ["Label"] = text, ["LanguageCode"] = 1033 }),
        ["UserLocalizedLabel"] = new JsonObject { ["Label"] = text, ["LanguageCode"] = 1033 },
    };

    private static void RequireType(JsonObject body, string type, bool optional)
    {
        var given = body["@odata.type"]?.GetValue<string>().TrimStart('#');
        if (given != type && !(optional && given is null))
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"\"@odata.type\" must be \"{type}\" (found '{given}').");
        }
    }

    private static string RequireString(JsonObject body, string name) =>
        body[name] is { } value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0
            ? value.GetValue<string>()
            : throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"The property '{name}' is required.");

    private static void RequireLabel(JsonObject body, string name)
    {
        if (body[name]?["LocalizedLabels"] is not JsonArray { Count: > 0 } labels || labels.Any(l => l?["Label"] is null || l["LanguageCode"] is null))
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"The label '{name}' is required: a Label with LocalizedLabels (Label, LanguageCode).");
        }
    }

    /// <summary>Custom schema names carry the publisher's customization prefix (new_, contoso_ ..).</summary>
    private static void CheckCustomName(string schemaName)
    {
        var underscore = schemaName.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || underscore == schemaName.Length - 1)
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"The schema name '{schemaName}' needs the publisher's customization prefix (e.g. new_{schemaName}).");
        }
    }
}
