using System.Text.Json;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

internal sealed partial class Processor
{
    /// <summary>
    /// <c>POST /CloseIncident</c> with <c>{"IncidentResolution":{..,"incidentid@odata.bind":"/incidents(id)"},"Status":5}</c>:
    /// creates the incidentresolution (completed) and resolves the case. 204, no body.
    /// </summary>
    private EmulatorResponse CloseIncident(OperationRequest request, OperationScope scope)
    {
        var body = request.BodyObject();
        if (body["IncidentResolution"] is not JsonObject resolution)
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, "The parameter 'IncidentResolution' is required and must be an incidentresolution entity.");
        }

        if (body["Status"] is not { } statusNode || statusNode.GetValueKind() != JsonValueKind.Number)
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, "The parameter 'Status' is required and must be an Edm.Int32.");
        }

        if (resolution["incidentid@odata.bind"] is not { } reference || reference.GetValueKind() != JsonValueKind.String)
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "The incident resolution must name its case: set 'incidentid@odata.bind'.");
        }

        var (incidents, incidentId) = ResolveReference(reference.GetValue<string>(), scope);
        if (incidents.Def.LogicalName != "incident")
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "'incidentid@odata.bind' must refer to an incident.");
        }

        var incident = incidents.Find(incidentId)!;
        if (incident["statecode"]!.GetValue<int>() != 0)
        {
            throw EmulatorError.CaseAlreadyResolved();
        }

        var status = statusNode.GetValue<int>();
        status = status == -1 ? incidents.Def.States[1].DefaultStatus : status;
        if (!incidents.Def.States[1].Statuses.Contains(status))
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"{status} is not a valid status code for state code IncidentState.Resolved on incident.");
        }

        var resolutionBody = (JsonObject)resolution.DeepClone();
        resolutionBody["statecode"] = 1;
        resolutionBody["statuscode"] = 2;
        CreateRow(_store.ByLogicalName("incidentresolution")!, resolutionBody, null, null, scope);

        var resolved = (JsonObject)incident.DeepClone();
        resolved["statecode"] = 1;
        resolved["statuscode"] = status;
        resolved["modifiedon"] = _store.Now();
        resolved["versionnumber"] = _store.NextVersion();
        DataStore.Put(incidents, incidentId, resolved, scope.Undo);
        return new EmulatorResponse(204);
    }

    /// <summary><c>POST /{set}/Microsoft.Dynamics.CRM.CreateMultiple</c>: all targets or none; 200 <c>{"Ids":[..]}</c>.</summary>
    private EmulatorResponse CreateMultiple(Table table, OperationRequest request, OperationScope scope)
    {
        var ids = new JsonArray();
        foreach (var target in Targets(table, request))
        {
            ids.Add(CreateRow(table, target, null, null, scope).ToString("D"));
        }

        return EmulatorResponse.Json(200, new JsonObject
        {
            ["@odata.context"] = ServiceRoot + "$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse",
            ["Ids"] = ids,
        });
    }

    /// <summary><c>POST /{set}/Microsoft.Dynamics.CRM.UpdateMultiple</c>: each target carries its key; all or none; 204.</summary>
    private EmulatorResponse UpdateMultiple(Table table, OperationRequest request, OperationScope scope)
    {
        foreach (var target in Targets(table, request))
        {
            var id = target[table.Def.PrimaryIdAttribute] is { } key ? ParseGuid(key, table.Def.PrimaryIdAttribute)
                : throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"Each target of UpdateMultiple must set its primary key '{table.Def.PrimaryIdAttribute}'.");
            if (table.Find(id) is null)
            {
                throw EmulatorError.NotFound(table.Def.LogicalName, id);
            }

            Update(table, id, target, scope);
        }

        return new EmulatorResponse(204);
    }

    private List<JsonObject> Targets(Table table, OperationRequest request)
    {
        if (request.BodyObject()["Targets"] is not JsonArray targets)
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, "The parameter 'Targets' is required and must be an array of entities.");
        }

        if (targets.Count == 0 || targets.Count > _options.MaxMultipleTargets)
        {
            throw EmulatorError.BadRequest(
                ErrorCodes.InvalidArgument,
                $"Targets holds {targets.Count} records: between 1 and {_options.MaxMultipleTargets} are accepted.");
        }

        var expected = table.Def.TypeName;
        var result = new List<JsonObject>(targets.Count);
        foreach (var target in targets)
        {
            if (target is not JsonObject entity)
            {
                throw EmulatorError.BadRequest(ErrorCodes.PayloadError, "Each item of Targets must be an entity object.");
            }

            var type = entity["@odata.type"] is { } t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>().TrimStart('#') : null;
            if (type != expected)
            {
                throw EmulatorError.BadRequest(
                    ErrorCodes.PayloadError,
                    type is null
                        ? $"Each item of Targets needs \"@odata.type\": \"{expected}\"."
                        : $"The item type '{type}' does not match the entity set '{table.Def.EntitySetName}' ({expected}).");
            }

            result.Add(entity);
        }

        return result;
    }
}
