using System.Text.Json;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

internal sealed partial class Processor
{
    // activityparty-entity.md: the participation types an e-mail uses.
    private const int Sender = 1;
    private const int ToRecipient = 2;
    private const int CcRecipient = 3;
    private const int BccRecipient = 4;

    // reference/entities/email.md: statecode 0 Open (1 Draft, 8 Failed), 1 Completed (2 Completed, 3 Sent, 4 Received,
    // 6 Pending Send, 7 Sending), 2 Canceled (5).
    private const int PendingSend = 6;
    private const int Sent = 3;

    /// <summary>Routes <c>POST /{set}({key})/Microsoft.Dynamics.CRM.{Action}</c>.</summary>
    private EmulatorResponse BoundAction(Table table, string key, string action, OperationRequest request, OperationScope scope) =>
        (table.Def.LogicalName, action) switch
        {
            ("email", "Microsoft.Dynamics.CRM.SendEmail") => SendEmail(table, key, request, scope),
            _ => throw EmulatorError.Segment(action),
        };

    /// <summary>
    /// <c>POST /emails({id})/Microsoft.Dynamics.CRM.SendEmail</c> with <c>{"IssueSend":true,"TrackingToken":".."}</c>
    /// (reference/sendemail: IssueSend is required, TrackingToken optional). IssueSend true hands the open e-mail to
    /// Dynamics' delivery (statecode 1, statuscode 6 Pending Send; server-side synchronization then sends it); false only
    /// marks it sent (statuscode 3). 200 with SendEmailResponse <c>{"Subject":..}</c>. An e-mail that is not open
    /// (already sent, completed or cancelled) cannot be sent again: 400.
    /// </summary>
    private EmulatorResponse SendEmail(Table emails, string key, OperationRequest request, OperationScope scope)
    {
        var body = request.BodyObject();
        if (body["IssueSend"] is not { } issueNode || issueNode.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, "The parameter 'IssueSend' is required and must be an Edm.Boolean.");
        }

        if (body["TrackingToken"] is { } token && token.GetValueKind() != JsonValueKind.String)
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, "The parameter 'TrackingToken' must be an Edm.String.");
        }

        var id = FindRow(emails, key).Id ?? throw NotFound(emails, key);
        var email = emails.Find(id)!;
        if (email["statecode"]!.GetValue<int>() != 0)
        {
            throw EmulatorError.BadRequest(
                ErrorCodes.InvalidArgument,
                $"The e-mail cannot be sent: it is not open (statecode {email["statecode"]!.GetValue<int>()}, statuscode {email["statuscode"]!.GetValue<int>()}).");
        }

        if (email["directioncode"]?.GetValue<bool>() != true)
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "Only an outgoing e-mail (directioncode true) can be sent.");
        }

        var parties = PartiesOf(id);
        if (!parties.Any(p => p.Mask is ToRecipient or CcRecipient or BccRecipient))
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "The e-mail must have at least one recipient before it can be sent.");
        }

        if (!parties.Any(p => p.Mask == Sender))
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "The e-mail must have a sender (a 'from' activity party) before it can be sent.");
        }

        var sent = (JsonObject)email.DeepClone();
        sent["statecode"] = 1;
        sent["statuscode"] = issueNode.GetValue<bool>() ? PendingSend : Sent;
        if (body["TrackingToken"] is { } tracking)
        {
            sent["trackingtoken"] = tracking.GetValue<string>();
        }

        sent["modifiedon"] = _store.Now();
        sent["versionnumber"] = _store.NextVersion();
        DataStore.Put(emails, id, sent, scope.Undo);
        return EmulatorResponse.Json(200, new JsonObject
        {
            ["@odata.context"] = ServiceRoot + "$metadata#Microsoft.Dynamics.CRM.SendEmailResponse",
            ["Subject"] = email["subject"]?.GetValue<string>() ?? string.Empty,
        });
    }

    /// <summary>A party names a record (partyid) or an address (an unresolved party), and an e-mail's participation type.</summary>
    private static void CheckParty(JsonObject party)
    {
        var mask = party["participationtypemask"]!.GetValue<int>();
        if (mask is not (Sender or ToRecipient or CcRecipient or BccRecipient))
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"The participation type {mask} is not valid for an e-mail (1 sender, 2 to, 3 cc, 4 bcc).");
        }

        if (party["_partyid_value"] is null && party["addressused"] is null)
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "An activity party needs a party (partyid_*@odata.bind) or an address (addressused).");
        }
    }

    private void CheckEmailParties(Guid emailId)
    {
        if (PartiesOf(emailId).Count(p => p.Mask == Sender) > 1)
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, "An e-mail has one sender: give one activity party with participationtypemask 1.");
        }
    }

    private List<(int Mask, JsonObject Row)> PartiesOf(Guid emailId)
    {
        var id = emailId.ToString("D");
        return _store.ByLogicalName("activityparty")!.Rows
            .Where(r => r["_activityid_value"]?.GetValue<string>() == id)
            .Select(r => (r["participationtypemask"]!.GetValue<int>(), r))
            .ToList();
    }
}
