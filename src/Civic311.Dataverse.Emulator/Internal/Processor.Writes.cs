using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

internal sealed partial class Processor
{
    // ---- Create, update, upsert, delete ----------------------------------------------------------------------------

    private EmulatorResponse Create(Table table, OperationRequest request, OperationScope scope)
    {
        var options = QueryOptions.Parse(request.Query, p => Resolve(table.Def, p), collection: false);
        var id = CreateRow(table, request.BodyObject(), null, null, scope);
        return Written(table, id, created: true, request, options, scope);
    }

    private EmulatorResponse Upsert(Table table, string key, OperationRequest request, OperationScope scope)
    {
        var options = QueryOptions.Parse(request.Query, p => Resolve(table.Def, p), collection: false);
        var target = FindRow(table, key);
        var ifMatch = request.Header("If-Match");
        var ifNoneMatch = request.Header("If-None-Match");
        var body = request.BodyObject();
        if (target.Id is { } id)
        {
            if (ifNoneMatch == "*")
            {
                throw new EmulatorError(412, ErrorCodes.DuplicateRecord, "A record with matching key values already exists.");
            }

            CheckETag(table.Find(id)!, ifMatch);
            Update(table, id, body, scope);
            return Written(table, id, created: false, request, options, scope);
        }

        if (ifMatch is not null)
        {
            // If-Match: * (or an ETag) means "update only": no row, no create (perform-conditional-operations).
            throw NotFound(table, key);
        }

        var created = CreateRow(table, body, target.RequestedId, target.AlternateKey, scope);
        return Written(table, created, created: true, request, options, scope);
    }

    private static EmulatorResponse Delete(Table table, string key, OperationRequest request, OperationScope scope)
    {
        var id = FindRow(table, key).Id ?? throw NotFound(table, key);
        CheckETag(table.Find(id)!, request.Header("If-Match"));
        DataStore.Put(table, id, null, scope.Undo);
        return new EmulatorResponse(204);
    }

    private static void CheckETag(JsonObject row, string? ifMatch)
    {
        if (ifMatch is not null && ifMatch != "*" && ifMatch != ETag(row))
        {
            throw new EmulatorError(412, ErrorCodes.ConcurrencyVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
        }
    }

    /// <summary>204 with OData-EntityId, or with <c>return=representation</c> 201 (created) / 200 (updated) and the row.</summary>
    private EmulatorResponse Written(Table table, Guid id, bool created, OperationRequest request, QueryOptions options, OperationScope scope)
    {
        var prefer = request.Prefer;
        if (prefer.ReturnRepresentation)
        {
            var body = new JsonObject { ["@odata.context"] = Context(table.Def, options.Select, entity: true) };
            foreach (var (name, value) in Project(table.Def, table.Find(id)!, options.Select, prefer))
            {
                body[name] = value?.DeepClone();
            }

            return EmulatorResponse.Json(created ? 201 : 200, body).WithHeader("Preference-Applied", "return=representation");
        }

        var url = EntityUrl(table.Def, id);
        var response = new EmulatorResponse(204);
        if (scope.InBatch)
        {
            response.WithHeader("Location", url);
        }

        return response.WithHeader("OData-EntityId", url);
    }

    internal string EntityUrl(TableDef def, Guid id) => $"{ServiceRoot}{def.EntitySetName}({id:D})";

    /// <summary>Creates a row from a request body; returns its id. Throws (and the caller rolls back) on any invalid value.</summary>
    internal Guid CreateRow(Table table, JsonObject body, Guid? urlId, Dictionary<string, JsonNode?>? alternateKey, OperationScope scope)
    {
        var def = table.Def;
        var row = new JsonObject();
        var children = TakeDeepInserts(def, ref body);
        if (alternateKey is not null)
        {
            foreach (var (column, value) in alternateKey)
            {
                row[def.Columns.TryGetValue(column, out var c) ? TableDef.RowProperty(c) : column] = value?.DeepClone();
            }
        }

        ApplyBody(def, row, body, scope);
        var id = urlId ?? Guid.NewGuid();
        if (body[def.PrimaryIdAttribute] is { } bodyId)
        {
            var given = ParseGuid(bodyId, def.PrimaryIdAttribute);
            if (urlId is not null && urlId != given)
            {
                throw EmulatorError.BadRequest(ErrorCodes.PayloadError, $"The {def.PrimaryIdAttribute} in the body does not match the key in the URL.");
            }

            id = given;
        }

        if (table.Find(id) is not null)
        {
            throw new EmulatorError(412, ErrorCodes.DuplicateRecord, "Cannot insert duplicate key.");
        }

        var now = _store.Now();
        row[def.PrimaryIdAttribute] = id.ToString("D");
        row["createdon"] = now;
        row["modifiedon"] = now;
        row["versionnumber"] = _store.NextVersion();
        if (def.States.Count > 0)
        {
            var state = row["statecode"]?.GetValue<int>() ?? 0;
            row["statecode"] = state;
            row["statuscode"] ??= def.States.TryGetValue(state, out var model) ? model.DefaultStatus : throw InvalidState(def, state);
            CheckStatus(def, row);
        }

        if (def.LogicalName == "incident")
        {
            row["ticketnumber"] ??= _store.NextTicketNumber();
        }

        ComputeColumns(def, row, null);
        foreach (var column in def.Columns.Values.Where(c => c.SystemRequired && row[TableDef.RowProperty(c)] is null))
        {
            throw column.LogicalName == "customerid" && def.LogicalName == "incident"
                ? EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "You should specify a parent contact or account.")
                : EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"Attribute '{column.LogicalName}' of '{def.LogicalName}' is required (SystemRequired).");
        }

        CheckKeys(table, id, row);
        DataStore.Put(table, id, row, scope.Undo);
        foreach (var (navigation, child) in children)
        {
            // The child binds its parent; an error rolls back the parent too (the caller's scope undoes everything).
            child[navigation.ChildNavigation + "@odata.bind"] = $"/{def.EntitySetName}({id:D})";
            var childId = CreateRow(_store.ByLogicalName(navigation.ChildTable)!, child, null, null, scope);
            if (navigation.ChildTable == "activityparty")
            {
                CheckParty(_store.ByLogicalName("activityparty")!.Find(childId)!);
            }
        }

        if (children.Count > 0 && def.LogicalName == "email")
        {
            CheckEmailParties(id);
        }

        return id;
    }

    /// <summary>
    /// Removes the collection-valued navigation properties (deep insert, create-entity-web-api.md) from a create body and
    /// returns their items, each to be created bound to the new row.
    /// </summary>
    private static List<(CollectionNavDef Navigation, JsonObject Child)> TakeDeepInserts(TableDef def, ref JsonObject body)
    {
        var children = new List<(CollectionNavDef, JsonObject)>();
        if (def.CollectionNavigations.Count == 0 || !body.Any(p => def.CollectionNavigations.ContainsKey(p.Key)))
        {
            return children;
        }

        var rest = new JsonObject();
        foreach (var (name, value) in body)
        {
            if (!def.CollectionNavigations.TryGetValue(name, out var navigation))
            {
                rest[name] = value?.DeepClone();
                continue;
            }

            if (value is not JsonArray items)
            {
                throw EmulatorError.Payload($"Microsoft.OData.ODataException: The collection-valued navigation property '{name}' must be an array of entities.");
            }

            foreach (var item in items)
            {
                if (item is not JsonObject child)
                {
                    throw EmulatorError.Payload($"Microsoft.OData.ODataException: Each item of '{name}' must be an entity object.");
                }

                if (child.ContainsKey(navigation.ChildNavigation + "@odata.bind"))
                {
                    throw EmulatorError.Payload($"An item of '{name}' must not bind '{navigation.ChildNavigation}': the deep insert sets it.");
                }

                children.Add((navigation, (JsonObject)child.DeepClone()));
            }
        }

        body = rest;
        return children;
    }

    /// <summary>Merges a body into an existing row (a partial update) and bumps its version.</summary>
    internal void Update(Table table, Guid id, JsonObject body, OperationScope scope)
    {
        var def = table.Def;
        var before = table.Find(id)!;
        var row = (JsonObject)before.DeepClone();
        if (body[def.PrimaryIdAttribute] is { } bodyId && ParseGuid(bodyId, def.PrimaryIdAttribute) != id)
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, $"The {def.PrimaryIdAttribute} in the body does not match the key in the URL.");
        }

        ApplyBody(def, row, body, scope);
        if (def.States.Count > 0)
        {
            var state = row["statecode"]!.GetValue<int>();
            var wasState = before["statecode"]!.GetValue<int>();
            if (def.LogicalName == "incident")
            {
                // A resolved or cancelled case takes no update but its reactivation (statecode 0), whatever the columns.
                if (wasState != 0 && state != 0)
                {
                    throw EmulatorError.CaseAlreadyResolved();
                }

                if (state == 1 && wasState != 1)
                {
                    throw EmulatorError.BadRequest(
                        ErrorCodes.InvalidArgument,
                        "This message can not be used to set the state of incident to Resolved. In order to set state of incident to Resolved, use the CloseIncidentRequest message instead.");
                }
            }

            if (state != wasState && body["statuscode"] is null)
            {
                row["statuscode"] = def.States.TryGetValue(state, out var model) ? model.DefaultStatus : throw InvalidState(def, state);
            }

            CheckStatus(def, row);
        }

        ComputeColumns(def, row, body);
        row["modifiedon"] = _store.Now();
        row["versionnumber"] = _store.NextVersion();
        CheckKeys(table, id, row);
        DataStore.Put(table, id, row, scope.Undo);
    }

    private static void ComputeColumns(TableDef def, JsonObject row, JsonObject? changes)
    {
        if (def.LogicalName == "contact" && (changes is null || changes.ContainsKey("firstname") || changes.ContainsKey("lastname")))
        {
            var full = $"{row["firstname"]?.GetValue<string>()} {row["lastname"]?.GetValue<string>()}".Trim();
            row["fullname"] = full.Length == 0 ? null : full;
        }
    }

    private static void CheckStatus(TableDef def, JsonObject row)
    {
        var state = row["statecode"]!.GetValue<int>();
        var status = row["statuscode"]!.GetValue<int>();
        if (!def.States.TryGetValue(state, out var model))
        {
            throw InvalidState(def, state);
        }

        if (!model.Statuses.Contains(status))
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"{status} is not a valid status code for state code {state} on {def.LogicalName}.");
        }
    }

    private static EmulatorError InvalidState(TableDef def, int state) =>
        EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"{state} is not a valid state code on {def.LogicalName}.");

    private static void CheckKeys(Table table, Guid id, JsonObject row)
    {
        if (table.FindKeyConflict(id, row) is { } conflict)
        {
            var values = string.Join(",", conflict.Key.Columns.Select(c =>
                row[table.Def.Columns.TryGetValue(c, out var d) ? TableDef.RowProperty(d) : c] is { } v && v.GetValueKind() == JsonValueKind.String
                    ? v.GetValue<string>()
                    : row[c]?.ToJsonString()));
            throw new EmulatorError(
                412,
                ErrorCodes.DuplicateRecordEntityKey,
                $"A record that has the attribute values {values} already exists. The entity key {conflict.Key.SchemaName} requires that this set of attributes contains unique values. Select unique values and try again.");
        }
    }

    /// <summary>Validates each property of a body against the table's columns and writes it into <paramref name="row"/>.</summary>
    private void ApplyBody(TableDef def, JsonObject row, JsonObject body, OperationScope scope)
    {
        foreach (var (name, value) in body)
        {
            if (name.StartsWith("@odata.", StringComparison.Ordinal))
            {
                continue;
            }

            if (name.EndsWith("@odata.bind", StringComparison.Ordinal))
            {
                Bind(def, row, name[..^"@odata.bind".Length], value, scope);
                continue;
            }

            if (name.Contains('@', StringComparison.Ordinal))
            {
                continue; // other instance annotations carry no value to store
            }

            if (def.CollectionNavigations.ContainsKey(name))
            {
                throw EmulatorError.Unsupported($"The emulator supports the collection-valued navigation property '{name}' on create (deep insert) only.");
            }

            if (def.Navigations.ContainsKey(name))
            {
                throw EmulatorError.Unsupported($"The emulator does not support deep insert or update through the navigation property '{name}': bind an existing row with '{name}@odata.bind'.");
            }

            if (!def.Columns.TryGetValue(name, out var column) || column.Type == DataverseColumnType.Lookup)
            {
                if (def.Strict)
                {
                    throw EmulatorError.Payload($"Microsoft.OData.ODataException: The property '{name}' does not exist on type '{def.TypeName}'. Make sure to only use property names that are defined by the type or mark the type as open type.");
                }

                row[name] = value?.DeepClone();
                continue;
            }

            if (column.ReadOnly || column.LogicalName == def.PrimaryIdAttribute)
            {
                continue;
            }

            row[name] = Normalize(def, column, value);
        }
    }

    private void Bind(TableDef def, JsonObject row, string navigation, JsonNode? value, OperationScope scope)
    {
        if (!def.Navigations.TryGetValue(navigation, out var nav))
        {
            throw EmulatorError.Payload(
                $"Microsoft.OData.ODataException: An undeclared property '{navigation}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.");
        }

        var property = "_" + nav.Column + "_value";
        if (value is null)
        {
            row[property] = null;
            row.Remove(property + "@Microsoft.Dynamics.CRM.lookuplogicalname");
            row.Remove(property + "@Microsoft.Dynamics.CRM.associatednavigationproperty");
            return;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            throw EmulatorError.Unsupported($"The emulator binds single-valued navigation properties only ('{navigation}@odata.bind' must be a string).");
        }

        var (target, id) = ResolveReference(value.GetValue<string>(), scope);
        if (!nav.Targets.Contains(target.Def.LogicalName))
        {
            throw EmulatorError.Payload($"The navigation property '{navigation}' cannot refer to a '{target.Def.LogicalName}' row (it refers to {string.Join(" or ", nav.Targets)}).");
        }

        SetLookup(row, property, id, target.Def.LogicalName, navigation);
    }

    private static JsonNode? Normalize(TableDef def, ColumnDef column, JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        var kind = value.GetValueKind();
        switch (column.Type)
        {
            case DataverseColumnType.String or DataverseColumnType.Memo when kind == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (column.MaxLength is { } max && text.Length > max)
                {
                    throw EmulatorError.BadRequest(
                        "0x80044331",
                        $"A validation error occurred.  The length of the '{column.LogicalName}' attribute of the '{def.LogicalName}' entity exceeded the maximum allowed length of '{max}'.");
                }

                return JsonValue.Create(text);
            case DataverseColumnType.Integer or DataverseColumnType.Picklist or DataverseColumnType.State or DataverseColumnType.Status
                when kind == JsonValueKind.Number && int.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                return JsonValue.Create(integer);
            case DataverseColumnType.BigInt when kind == JsonValueKind.Number && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big):
                return JsonValue.Create(big);
            case DataverseColumnType.Decimal or DataverseColumnType.Double or DataverseColumnType.Money when kind == JsonValueKind.Number:
                return value.DeepClone();
            case DataverseColumnType.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(kind == JsonValueKind.True);
            case DataverseColumnType.DateTime when kind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date):
                return JsonValue.Create(date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            case DataverseColumnType.Uniqueidentifier when kind == JsonValueKind.String && Guid.TryParse(value.GetValue<string>(), out var guid):
                return JsonValue.Create(guid.ToString("D"));
            default:
                throw EmulatorError.Payload(
                    $"Microsoft.OData.ODataException: Cannot convert the literal '{value.ToJsonString()}' to the expected type '{Edm(column.Type)}' of property '{column.LogicalName}'.");
        }
    }

    private static string Edm(DataverseColumnType type) => type switch
    {
        DataverseColumnType.String or DataverseColumnType.Memo => "Edm.String",
        DataverseColumnType.Integer or DataverseColumnType.Picklist or DataverseColumnType.State or DataverseColumnType.Status => "Edm.Int32",
        DataverseColumnType.BigInt => "Edm.Int64",
        DataverseColumnType.Decimal or DataverseColumnType.Money => "Edm.Decimal",
        DataverseColumnType.Double => "Edm.Double",
        DataverseColumnType.Boolean => "Edm.Boolean",
        DataverseColumnType.DateTime => "Edm.DateTimeOffset",
        _ => "Edm.Guid",
    };

    private static Guid ParseGuid(JsonNode node, string name) =>
        node.GetValueKind() == JsonValueKind.String && Guid.TryParse(node.GetValue<string>(), out var id)
            ? id
            : throw EmulatorError.Payload($"Microsoft.OData.ODataException: Cannot convert the literal '{node.ToJsonString()}' to the expected type 'Edm.Guid' of property '{name}'.");
}
