using System.Text.Json;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

internal sealed partial class Processor
{
    private const string MasterProperty = "_masterid_value";

    /// <summary>
    /// The unbound <c>POST /Merge</c> for incidents (merge-table-rows.md), with <c>Target</c> and <c>Subordinate</c> entity
    /// references (each with its <c>@odata.type</c>), an optional <c>UpdateContent</c> and the required
    /// <c>PerformParentingChecks</c>. The subordinate case becomes Cancelled / Merged (statecode 2, statuscode 2000) with
    /// <c>masterid</c> set to the target; its child cases and e-mails move to the target (merge cases, Customer Service);
    /// the target's own columns stay as they are, since UpdateContent is not used for incidents. 204, no body.
    /// </summary>
    private EmulatorResponse Merge(OperationRequest request, OperationScope scope)
    {
        var body = request.BodyObject();
        var (table, targetId) = MergeReference(body, "Target");
        var (subordinateTable, subordinateId) = MergeReference(body, "Subordinate");
        if (subordinateTable != table)
        {
            throw EmulatorError.BadRequest(
                ErrorCodes.InvalidArgument, $"The Subordinate ({subordinateTable.Def.LogicalName}) must be of the Target's type ({table.Def.LogicalName}).");
        }

        if (body["PerformParentingChecks"] is not { } checks || checks.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, "The parameter 'PerformParentingChecks' is required and must be an Edm.Boolean.");
        }

        if (body["UpdateContent"] is { } content && (content is not JsonObject update || TypeOf(update) is { } type && type != table.Def.TypeName))
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, $"The parameter 'UpdateContent' must be an entity of the Target's type ({table.Def.TypeName}).");
        }

        if (table.Def.LogicalName != "incident")
        {
            throw EmulatorError.Unsupported($"The emulator merges incidents only, not '{table.Def.LogicalName}' rows.");
        }

        if (targetId == subordinateId)
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "The Target and the Subordinate of a merge must be different records.");
        }

        var target = table.Find(targetId) ?? throw EmulatorError.NotFound(table.Def.LogicalName, targetId);
        var subordinate = table.Find(subordinateId) ?? throw EmulatorError.NotFound(table.Def.LogicalName, subordinateId);
        if (target["statecode"]!.GetValue<int>() != 0 || subordinate["statecode"]!.GetValue<int>() != 0)
        {
            // Only active cases are merged; a resolved or cancelled case is read-only, as for any other write.
            throw EmulatorError.CaseAlreadyResolved();
        }

        var targetParent = target["_parentcaseid_value"]?.GetValue<string>();
        if (targetParent is { } parent && Guid.Parse(parent) == subordinateId)
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "The Target is a child case of the Subordinate: merge the child cases into their parent instead.");
        }

        if (checks.GetValue<bool>() && targetParent != subordinate["_parentcaseid_value"]?.GetValue<string>())
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "The Target and the Subordinate have different parent cases (PerformParentingChecks is true).");
        }

        // What belonged to the merged case now belongs to the surviving one.
        Repoint(table, "parentcaseid", "parentcaseid", subordinateId, targetId, scope);
        Repoint(_store.ByLogicalName("email")!, "regardingobjectid", "regardingobjectid_incident_email", subordinateId, targetId, scope);

        var merged = (JsonObject)subordinate.DeepClone();
        merged["statecode"] = 2;
        merged["statuscode"] = 2000;
        SetLookup(merged, MasterProperty, targetId, "incident", "masterid");
        merged["modifiedon"] = _store.Now();
        merged["versionnumber"] = _store.NextVersion();
        DataStore.Put(table, subordinateId, merged, scope.Undo);
        return new EmulatorResponse(204);
    }

    /// <summary>A <c>Target</c> or <c>Subordinate</c> parameter: an entity naming its type and its key.</summary>
    private (Table Table, Guid Id) MergeReference(JsonObject body, string parameter)
    {
        if (body[parameter] is not JsonObject entity)
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, $"The parameter '{parameter}' is required and must be an entity.");
        }

        // crmbaseentity parameters: the type is not in the action's signature, so the annotation must say it.
        var type = TypeOf(entity) ?? throw EmulatorError.BadRequest(ErrorCodes.PayloadError, $"The parameter '{parameter}' needs \"@odata.type\" (for example \"Microsoft.Dynamics.CRM.incident\").");
        var table = (type.StartsWith("Microsoft.Dynamics.CRM.", StringComparison.Ordinal) ? _store.ByLogicalName(type["Microsoft.Dynamics.CRM.".Length..]) : null)
            ?? throw EmulatorError.BadRequest(ErrorCodes.PayloadError, $"The type '{type}' of the parameter '{parameter}' is not an entity type.");
        var key = table.Def.PrimaryIdAttribute;
        return entity[key] is { } id
            ? (table, ParseGuid(id, key))
            : throw EmulatorError.BadRequest(ErrorCodes.PayloadError, $"The parameter '{parameter}' must carry its key '{key}'.");
    }

    private static string? TypeOf(JsonObject entity) =>
        entity["@odata.type"] is { } type && type.GetValueKind() == JsonValueKind.String ? type.GetValue<string>().TrimStart('#') : null;

    // Points every row of the table whose lookup names one incident at another, with a new version each.
    private void Repoint(Table table, string lookup, string navigation, Guid from, Guid to, OperationScope scope)
    {
        var property = "_" + lookup + "_value";
        var old = from.ToString("D");
        foreach (var row in table.Rows.Where(r => r[property]?.GetValue<string>() == old).ToList())
        {
            var moved = (JsonObject)row.DeepClone();
            SetLookup(moved, property, to, "incident", navigation);
            moved["modifiedon"] = _store.Now();
            moved["versionnumber"] = _store.NextVersion();
            DataStore.Put(table, Guid.Parse(moved[table.Def.PrimaryIdAttribute]!.GetValue<string>()), moved, scope.Undo);
        }
    }

    private static void SetLookup(JsonObject row, string property, Guid id, string logicalName, string navigation)
    {
        row[property] = id.ToString("D");
        row[property + "@Microsoft.Dynamics.CRM.lookuplogicalname"] = logicalName;
        row[property + "@Microsoft.Dynamics.CRM.associatednavigationproperty"] = navigation;
    }
}
