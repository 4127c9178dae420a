using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>What one operation runs inside: its undo log and, in a change set, the Content-ID references.</summary>
internal sealed class OperationScope
{
    public UndoLog Undo { get; } = new();

    /// <summary>Content-ID → the created row's path relative to the service root (e.g. <c>incidents(…)</c>).</summary>
    public Dictionary<string, string>? ContentIds { get; init; }

    public bool InBatch { get; init; }
}

/// <summary>
/// Runs operations against the store: entity sets, rows, actions and metadata. Every operation is atomic: an error
/// rolls back what it changed. Callers hold <see cref="DataStore.Sync"/>.
/// </summary>
internal sealed partial class Processor
{
    private readonly DataStore _store;
    private readonly DataverseEmulatorOptions _options;

    public Processor(DataStore store, DataverseEmulatorOptions options, string serviceRoot)
    {
        _store = store;
        _options = options;
        ServiceRoot = serviceRoot;
    }

    /// <summary>The absolute service root, ending in <c>/api/data/v9.2/</c>.</summary>
    public string ServiceRoot { get; }

    /// <summary>Runs one operation; on an error, rolls back its changes and answers with the error.</summary>
    public EmulatorResponse Execute(OperationRequest request, OperationScope scope)
    {
        var mark = scope.Undo.Mark;
        try
        {
            return Dispatch(request with { Target = RelativePath(request.Target, scope) }, scope);
        }
        catch (EmulatorError error)
        {
            scope.Undo.RollbackTo(mark);
            return EmulatorResponse.Error(error);
        }
    }

    private EmulatorResponse Dispatch(OperationRequest request, OperationScope scope)
    {
        var segments = UrlParser.Segments(request.Path);
        if (segments.Count == 0)
        {
            throw EmulatorError.Segment(string.Empty);
        }

        var first = segments[0];
        var method = request.Method.ToUpperInvariant();
        switch (first.Name)
        {
            case "EntityDefinitions" or "RelationshipDefinitions":
                return Metadata(request, segments, scope);
            case "CloseIncident" when segments.Count == 1 && first.Key is null:
                return method == "POST" ? CloseIncident(request, scope) : throw MethodNotAllowed(method, first.Name);
            case "Merge" when segments.Count == 1 && first.Key is null:
                return method == "POST" ? Merge(request, scope) : throw MethodNotAllowed(method, first.Name);
            case "WhoAmI" when segments.Count == 1:
                return method == "GET" ? WhoAmI() : throw MethodNotAllowed(method, first.Name);
        }

        var table = _store.BySetName(first.Name) ?? throw EmulatorError.Segment(first.Name);
        if (table.Def.RetrieveOnly && method != "GET")
        {
            throw RetrieveOnly(table.Def, method);
        }

        if (first.Key is null)
        {
            if (segments.Count == 2 && method == "POST")
            {
                return segments[1].Name switch
                {
                    "Microsoft.Dynamics.CRM.CreateMultiple" => CreateMultiple(table, request, scope),
                    "Microsoft.Dynamics.CRM.UpdateMultiple" => UpdateMultiple(table, request, scope),
                    _ => throw EmulatorError.Segment(segments[1].Name),
                };
            }

            if (segments.Count != 1)
            {
                throw EmulatorError.Segment(segments[1].Name);
            }

            return method switch
            {
                "GET" => Query(table, request),
                "POST" => Create(table, request, scope),
                _ => throw MethodNotAllowed(method, first.Name),
            };
        }

        if (segments.Count == 2 && segments[1].Name.StartsWith("Microsoft.Dynamics.CRM.", StringComparison.Ordinal))
        {
            return method == "POST" ? BoundAction(table, first.Key, segments[1].Name, request, scope) : throw MethodNotAllowed(method, segments[1].Name);
        }

        if (segments.Count == 2)
        {
            return Property(table, first.Key, segments[1].Name, request, scope);
        }

        if (segments.Count > 2)
        {
            throw EmulatorError.Unsupported($"The emulator does not support the path '{request.Path}'.");
        }

        return method switch
        {
            "GET" => Retrieve(table, first.Key, request),
            "PATCH" => Upsert(table, first.Key, request, scope),
            "DELETE" => Delete(table, first.Key, request, scope),
            _ => throw MethodNotAllowed(method, first.Name),
        };
    }

    /// <summary>activityparty supports RetrieveMultiple only (reference/entities/activityparty.md): no Create, Update or Delete.</summary>
    private static EmulatorError RetrieveOnly(TableDef def, string method)
    {
        var message = method switch { "POST" => "Create", "PATCH" => "Update", "DELETE" => "Delete", _ => method };
        return EmulatorError.BadRequest(
            ErrorCodes.InvalidArgument,
            $"The '{message}' method does not support entities of type '{def.LogicalName}'. Create its rows through the activity (deep insert).");
    }

    private static EmulatorError MethodNotAllowed(string method, string resource) =>
        new(405, string.Empty, $"The HTTP method '{method}' is not allowed for the resource '{resource}'.");

    private EmulatorResponse WhoAmI() => EmulatorResponse.Json(200, new JsonObject
    {
        ["@odata.context"] = ServiceRoot + "$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse",
        ["BusinessUnitId"] = "00000000-0000-0000-0000-0000000000b1",
        ["UserId"] = _options.CallerId.ToString("D"),
        ["OrganizationId"] = "00000000-0000-0000-0000-00000000000a",
    });

    // ---- Reading -------------------------------------------------------------------------------------------------

    private EmulatorResponse Query(Table table, OperationRequest request)
    {
        var options = QueryOptions.Parse(request.Query, p => Resolve(table.Def, p), collection: true);
        var prefer = request.Prefer;
        var page = options.Run(table.Rows, table.Def.PrimaryIdAttribute, prefer.MaxPageSize);
        var body = new JsonObject { ["@odata.context"] = Context(table.Def, options.Select, entity: false) };
        if (page.Count is { } count)
        {
            body["@odata.count"] = count;
        }

        body["value"] = new JsonArray(page.Rows.Select(r => (JsonNode)Project(table.Def, r, options.Select, prefer)).ToArray());
        if (page.NextCookie is { } cookie)
        {
            var query = string.Join('&', options.RawOptions.Append("$skiptoken=" + Uri.EscapeDataString(cookie)));
            body["@odata.nextLink"] = ServiceRoot + table.Def.EntitySetName + "?" + query;
        }

        var response = EmulatorResponse.Json(200, body);
        if (prefer.MaxPageSize is { } size)
        {
            response.WithHeader("Preference-Applied", "odata.maxpagesize=" + size.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    private EmulatorResponse Retrieve(Table table, string key, OperationRequest request)
    {
        var options = QueryOptions.Parse(request.Query, p => Resolve(table.Def, p), collection: false);
        var id = FindRow(table, key).Id;
        var row = id is { } found ? table.Find(found)! : throw NotFound(table, key);
        var prefer = request.Prefer;
        var etag = ETag(row);
        if (request.Header("If-None-Match") == etag && prefer.IncludeAnnotations is null)
        {
            return new EmulatorResponse(304) { ContentType = EmulatorResponse.JsonContentType };
        }

        var body = new JsonObject { ["@odata.context"] = Context(table.Def, options.Select, entity: true) };
        foreach (var (name, value) in Project(table.Def, row, options.Select, prefer))
        {
            body[name] = value?.DeepClone();
        }

        return EmulatorResponse.Json(200, body);
    }

    /// <summary>GET, PUT (<c>{"value":..}</c>) and DELETE of one column: <c>/{set}({key})/{column}</c>.</summary>
    private EmulatorResponse Property(Table table, string key, string column, OperationRequest request, OperationScope scope)
    {
        var id = FindRow(table, key).Id;
        var row = id is { } found ? table.Find(found)! : throw NotFound(table, key);
        var property = Resolve(table.Def, column).RowProperty;
        switch (request.Method.ToUpperInvariant())
        {
            case "GET":
                return row[property] is null
                    ? new EmulatorResponse(204)
                    : EmulatorResponse.Json(200, new JsonObject
                    {
                        ["@odata.context"] = $"{ServiceRoot}$metadata#{table.Def.EntitySetName}({id:D})/{column}",
                        ["value"] = Visible(table.Def, property, row[property]),
                    });
            case "PUT":
                var value = request.BodyObject()["value"]?.DeepClone();
                Update(table, id!.Value, new JsonObject { [column] = value }, scope);
                return new EmulatorResponse(204);
            case "DELETE":
                Update(table, id!.Value, new JsonObject { [column] = null }, scope);
                return new EmulatorResponse(204);
            default:
                throw MethodNotAllowed(request.Method, column);
        }
    }

    /// <summary>A row as the service returns it: the ETag, the selected columns (all when no $select) and the key.</summary>
    internal static JsonObject Project(TableDef def, JsonObject row, IReadOnlyList<string>? select, Preferences prefer)
    {
        var result = new JsonObject { ["@odata.etag"] = ETag(row) };
        IEnumerable<string> properties = select
            ?? (def.Strict
                ? def.Columns.Values.Select(TableDef.RowProperty)
                : row.Select(p => p.Key).Where(k => !k.Contains('@', StringComparison.Ordinal)));
        foreach (var property in properties.Append(def.PrimaryIdAttribute).Distinct())
        {
            var value = row[property];
            result[property] = Visible(def, property, value);
            if (value is not null && property.StartsWith('_') && property.EndsWith("_value", StringComparison.Ordinal))
            {
                foreach (var annotation in new[] { "Microsoft.Dynamics.CRM.lookuplogicalname", "Microsoft.Dynamics.CRM.associatednavigationproperty" })
                {
                    if (prefer.Wants(annotation) && row[property + "@" + annotation] is { } annotationValue)
                    {
                        result[property + "@" + annotation] = annotationValue.DeepClone();
                    }
                }
            }
        }

        return result;
    }

    private static JsonNode? Visible(TableDef def, string property, JsonNode? value) =>
        def.Columns.TryGetValue(property, out var column) && column.WriteOnly ? null : value?.DeepClone();

    private string Context(TableDef def, IReadOnlyList<string>? select, bool entity) =>
        ServiceRoot + "$metadata#" + def.EntitySetName + (select is null ? string.Empty : "(" + string.Join(',', select) + ")") + (entity ? "/$entity" : string.Empty);

    internal static string ETag(JsonObject row) => $"W/\"{row["versionnumber"]?.ToJsonString() ?? "0"}\"";

    /// <summary>Validates a property a query names; the 400 matches web-api-client-errors.md.</summary>
    private static QueryProperty Resolve(TableDef def, string property)
    {
        if (!def.Strict)
        {
            return new QueryProperty(property, null);
        }

        var column = def.FindByProperty(property)
            ?? throw EmulatorError.BadRequest(ErrorCodes.UnknownQueryProperty, $"Could not find a property named '{property}' on type '{def.TypeName}'.");
        return new QueryProperty(TableDef.RowProperty(column), column.Type);
    }

    // ---- Keys and references -------------------------------------------------------------------------------------

    /// <summary>Finds the row a key addresses: a Guid, <c>pk=Guid</c>, or the values of an alternate key.</summary>
    private static RowKey FindRow(Table table, string key)
    {
        var values = UrlParser.KeyValues(key);
        if (values.Count == 1 && (values.Keys.Single() == string.Empty || values.Keys.Single() == table.Def.PrimaryIdAttribute))
        {
            return values.Values.Single() is { } value && value.GetValueKind() == JsonValueKind.String && Guid.TryParse(value.GetValue<string>(), out var id)
                ? new RowKey(table.Find(id) is null ? null : id, id, null)
                : throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, $"Bad Request - Error in query syntax: '{key}' is not a valid key of {table.Def.EntitySetName}.");
        }

        var byColumn = values.ToDictionary(p => table.Def.FindByProperty(p.Key)?.LogicalName ?? p.Key, p => p.Value, StringComparer.Ordinal);
        var alternate = table.Def.Keys.FirstOrDefault(k => k.Columns.Length == byColumn.Count && k.Columns.All(byColumn.ContainsKey))
            ?? throw EmulatorError.BadRequest(
                ErrorCodes.QueryNotSupported,
                $"The key '{string.Join(",", values.Keys)}' is not defined for the entity '{table.Def.LogicalName}': define an alternate key with these columns.");
        return new RowKey(table.FindByKey(alternate, byColumn), null, byColumn);
    }

    /// <param name="Id">The existing row's id, or null when no row has this key.</param>
    /// <param name="RequestedId">The Guid the URL names (an upsert creates the row with it), null for an alternate key.</param>
    /// <param name="AlternateKey">An alternate key's column values (an upsert create sets them), null for a Guid key.</param>
    private sealed record RowKey(Guid? Id, Guid? RequestedId, Dictionary<string, JsonNode?>? AlternateKey);

    private static EmulatorError NotFound(Table table, string key)
    {
        var values = UrlParser.KeyValues(key);
        return values.Count == 1 && values.Values.Single() is { } v && Guid.TryParse(v.GetValue<string>(), out var id)
            ? EmulatorError.NotFound(table.Def.LogicalName, id)
            : new EmulatorError(404, ErrorCodes.ObjectDoesNotExist, $"{table.Def.LogicalName} With Ids = {key} Do Not Exist");
    }

    /// <summary>Resolves an <c>@odata.bind</c> value or a <c>$n</c> reference to an existing row.</summary>
    private (Table Table, Guid Id) ResolveReference(string reference, OperationScope scope)
    {
        var path = RelativePath(reference, scope);
        var segments = UrlParser.Segments(Uri.UnescapeDataString(path));
        if (segments is not [{ Key: { } key } segment])
        {
            throw EmulatorError.Payload($"The reference '{reference}' does not address a single row (expected /entityset(id)).");
        }

        var table = _store.BySetName(segment.Name) ?? throw EmulatorError.Payload($"The reference '{reference}' names no entity set.");
        var id = FindRow(table, key).Id;
        return id is { } found
            ? (table, found)
            : throw EmulatorError.BadRequest(ErrorCodes.ObjectDoesNotExist, NotFound(table, key).Message);
    }

    /// <summary>Strips the service root from a URL (absolute, <c>/api/data/v9.2/…</c>, or relative) and expands <c>$n</c>.</summary>
    internal static string RelativePath(string url, OperationScope scope)
    {
        if (url.StartsWith('$') && url.Length > 1 && char.IsAsciiDigit(url[1]))
        {
            var end = 1;
            while (end < url.Length && char.IsAsciiLetterOrDigit(url[end]))
            {
                end++;
            }

            var id = url[1..end];
            if (scope.ContentIds is null || !scope.ContentIds.TryGetValue(id, out var target))
            {
                throw EmulatorError.BadRequest(string.Empty, $"Content-ID Reference: '${id}' does not exist in the batch context.");
            }

            return target + url[end..];
        }

        const string root = "/api/data/v9.2/";
        var index = url.IndexOf(root, StringComparison.OrdinalIgnoreCase);
        if (index >= 0)
        {
            return url[(index + root.Length)..];
        }

        return url.TrimStart('/');
    }
}
