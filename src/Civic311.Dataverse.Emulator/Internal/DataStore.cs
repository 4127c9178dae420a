using System.Globalization;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>
/// All tables and their definitions. One lock (<see cref="Sync"/>) guards everything: requests are short and
/// synchronous once their body is read, so a single lock keeps change sets atomic without costing much.
/// </summary>
internal sealed class DataStore
{
    private readonly Dictionary<string, Table> _byLogicalName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Table> _bySetName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RelationshipDef> _relationships = new(StringComparer.OrdinalIgnoreCase);
    private long _version = 1_000_000;
    private int _ticketNumber = 1000;
    private int _objectTypeCode = 10_000;

    public DataStore(TimeProvider time)
    {
        Time = time;
        BuiltInSchema.AddTo(this);
    }

    public object Sync { get; } = new();

    public TimeProvider Time { get; }

    public IEnumerable<Table> Tables => _byLogicalName.Values;

    public IReadOnlyDictionary<string, RelationshipDef> Relationships => _relationships;

    public long NextVersion() => ++_version;

    public string NextTicketNumber()
    {
        var n = ++_ticketNumber;
        // The service's default autonumber looks like CAS-01001-B2C3D4: a sequence and a random-looking suffix.
        var suffix = ((uint)n * 2654435761u).ToString("X8", CultureInfo.InvariantCulture)[..6];
        return $"CAS-{n:D5}-{suffix}";
    }

    public string Now() => Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public Table? ByLogicalName(string logicalName) => _byLogicalName.GetValueOrDefault(logicalName);

    public Table? BySetName(string setName) => _bySetName.GetValueOrDefault(setName);

    public Table Add(TableDef def)
    {
        if (def.ObjectTypeCode == 0)
        {
            def.ObjectTypeCode = ++_objectTypeCode;
        }

        var table = new Table(def);
        _byLogicalName.Add(def.LogicalName, table);
        _bySetName.Add(def.EntitySetName, table);
        return table;
    }

    public void Remove(Table table)
    {
        _byLogicalName.Remove(table.Def.LogicalName);
        _bySetName.Remove(table.Def.EntitySetName);
    }

    public void AddRelationship(RelationshipDef relationship) => _relationships.Add(relationship.SchemaName, relationship);

    public void RemoveRelationship(string schemaName) => _relationships.Remove(schemaName);

    /// <summary>Stores a row and records how to undo it.</summary>
    public static void Put(Table table, Guid id, JsonObject? row, UndoLog undo)
    {
        var previous = table.Find(id);
        table.Put(id, row);
        undo.Add(() => table.Put(id, previous));
    }
}

/// <summary>The standard tables a 311 adapter touches, with the columns and navigation properties the docs name.</summary>
internal static class BuiltInSchema
{
    public static void AddTo(DataStore store)
    {
        var incident = Standard(store, "incident", "incidents", "incidentid", "title", 112);
        incident.AddColumn("title", DataverseColumnType.String, 200);
        incident.AddColumn("ticketnumber", DataverseColumnType.String, 100);
        incident.AddColumn("description", DataverseColumnType.Memo, 2000);
        foreach (var choice in new[] { "prioritycode", "casetypecode", "caseorigincode", "severitycode", "firstresponseslastatus", "resolvebyslastatus" })
        {
            incident.AddColumn(choice, DataverseColumnType.Picklist);
        }

        foreach (var date in new[] { "responseby", "resolveby", "lastonholdtime" })
        {
            incident.AddColumn(date, DataverseColumnType.DateTime);
        }

        incident.AddColumn("onholdtime", DataverseColumnType.Integer);
        foreach (var flag in new[] { "isescalated", "firstresponsesent", "routecase" })
        {
            incident.AddColumn(flag, DataverseColumnType.Boolean);
        }

        incident.AddLookup("customerid", ("customerid_account", ["account"]), ("customerid_contact", ["contact"]));
        incident.Columns["customerid"].SystemRequired = true;
        incident.AddLookup("primarycontactid", ("primarycontactid", ["contact"]));
        incident.AddLookup("parentcaseid", ("parentcaseid", ["incident"]));

        // The surviving case of a merge (incident_master_incident; navigation property masterid): set by the Merge action.
        incident.AddLookup("masterid", ("masterid", ["incident"]));
        incident.AddLookup("slaid", ("slaid_sla", ["sla"]));
        incident.States[0] = (1, [1, 2, 3, 4]);
        incident.States[1] = (5, [5, 1000]);
        incident.States[2] = (6, [6, 2000]);

        var contact = Standard(store, "contact", "contacts", "contactid", "fullname", 2);
        foreach (var (name, length) in new[] { ("firstname", 50), ("lastname", 50), ("fullname", 160), ("emailaddress1", 100), ("telephone1", 50), ("mobilephone", 50), ("address1_line1", 250), ("address1_city", 80), ("address1_stateorprovince", 50), ("address1_postalcode", 20) })
        {
            contact.AddColumn(name, DataverseColumnType.String, length);
        }

        contact.Columns["fullname"].ReadOnly = true;
        contact.AddColumn("preferredcontactmethodcode", DataverseColumnType.Picklist);
        contact.AddColumn("donotemail", DataverseColumnType.Boolean);
        contact.AddColumn("donotphone", DataverseColumnType.Boolean);
        contact.AddLookup("parentcustomerid", ("parentcustomerid_account", ["account"]), ("parentcustomerid_contact", ["contact"]));
        ActiveInactive(contact);

        var account = Standard(store, "account", "accounts", "accountid", "name", 1);
        account.AddColumn("name", DataverseColumnType.String, 160);
        account.AddColumn("accountnumber", DataverseColumnType.String, 20);
        account.AddColumn("emailaddress1", DataverseColumnType.String, 100);
        ActiveInactive(account);

        var email = Standard(store, "email", "emails", "activityid", "subject", 4202);
        email.AddColumn("subject", DataverseColumnType.String, 800);
        email.AddColumn("description", DataverseColumnType.Memo, 1_048_576);
        email.AddColumn("sender", DataverseColumnType.String, 250);
        email.AddColumn("torecipients", DataverseColumnType.String, 500);
        email.AddColumn("directioncode", DataverseColumnType.Boolean);
        email.AddColumn("scheduledend", DataverseColumnType.DateTime);
        email.AddLookup(
            "regardingobjectid",
            ("regardingobjectid_incident_email", ["incident"]),
            ("regardingobjectid_contact_email", ["contact"]),
            ("regardingobjectid_account_email", ["account"]));
        // The sender and recipients are activityparty rows, deep-inserted through email_activity_parties on create
        // (reference/entities/activityparty.md: the table itself is GET only).
        email.CollectionNavigations["email_activity_parties"] = new CollectionNavDef("email_activity_parties", "activityparty", "activityid_email");
        email.States[0] = (1, [1, 8]);
        email.States[1] = (2, [2, 3, 4, 6, 7]);
        email.States[2] = (5, [5]);

        var queue = Standard(store, "queue", "queues", "queueid", "name", 2020);
        queue.AddColumn("name", DataverseColumnType.String, 400);
        queue.AddColumn("emailaddress", DataverseColumnType.String, 100);
        ActiveInactive(queue);

        // activityparty (activityparty-entity.md): participationtypemask 1 sender, 2 to, 3 cc, 4 bcc, ..; partyid is a
        // polymorphic lookup, addressused the e-mail address (an unresolved party has no partyid).
        var party = Standard(store, "activityparty", "activityparties", "activitypartyid", "partyidname", 135, owned: false);
        party.RetrieveOnly = true;
        party.AddColumn("addressused", DataverseColumnType.String, 320);
        party.AddColumn("participationtypemask", DataverseColumnType.Picklist);
        party.Columns["participationtypemask"].SystemRequired = true;
        party.AddLookup("activityid", ("activityid_email", ["email"]));
        party.AddLookup(
            "partyid",
            ("partyid_systemuser", ["systemuser"]),
            ("partyid_queue", ["queue"]),
            ("partyid_contact", ["contact"]),
            ("partyid_account", ["account"]));

        var resolution = Standard(store, "incidentresolution", "incidentresolutions", "activityid", "subject", 4206);
        resolution.AddColumn("subject", DataverseColumnType.String, 200);
        resolution.AddColumn("description", DataverseColumnType.Memo, 2000);
        resolution.AddColumn("timespent", DataverseColumnType.Integer);
        resolution.AddLookup("incidentid", ("incidentid", ["incident"]));
        resolution.States[0] = (1, [1]);
        resolution.States[1] = (2, [2]);
        resolution.States[2] = (3, [3]);

        var endpoint = Standard(store, "serviceendpoint", "serviceendpoints", "serviceendpointid", "name", 4618, owned: false);
        endpoint.AddColumn("name", DataverseColumnType.String, 256);
        endpoint.AddColumn("description", DataverseColumnType.Memo, 2000);
        endpoint.AddColumn("url", DataverseColumnType.String, 2000);
        endpoint.AddColumn("namespaceaddress", DataverseColumnType.String, 2000);
        endpoint.AddColumn("path", DataverseColumnType.String, 160);
        endpoint.AddColumn("authvalue", DataverseColumnType.Memo, 2000).WriteOnly = true;
        foreach (var choice in new[] { "contract", "authtype", "messageformat", "connectionmode", "userclaim" })
        {
            endpoint.AddColumn(choice, DataverseColumnType.Picklist);
        }

        var message = Standard(store, "sdkmessage", "sdkmessages", "sdkmessageid", "name", 4606, owned: false);
        message.AddColumn("name", DataverseColumnType.String, 256);
        var filter = Standard(store, "sdkmessagefilter", "sdkmessagefilters", "sdkmessagefilterid", "name", 4607, owned: false);
        filter.AddColumn("name", DataverseColumnType.String, 256);
        filter.AddColumn("primaryobjecttypecode", DataverseColumnType.String, 100);
        filter.AddLookup("sdkmessageid", ("sdkmessageid", ["sdkmessage"]));

        var step = Standard(store, "sdkmessageprocessingstep", "sdkmessageprocessingsteps", "sdkmessageprocessingstepid", "name", 4608, owned: false);
        step.AddColumn("name", DataverseColumnType.String, 256);
        step.AddColumn("description", DataverseColumnType.Memo, 256);
        step.AddColumn("filteringattributes", DataverseColumnType.Memo, 100_000);
        step.AddColumn("rank", DataverseColumnType.Integer);
        step.AddColumn("asyncautodelete", DataverseColumnType.Boolean);
        foreach (var choice in new[] { "stage", "mode", "supporteddeployment", "invocationsource" })
        {
            step.AddColumn(choice, DataverseColumnType.Picklist);
        }

        step.AddLookup("eventhandler", ("eventhandler_serviceendpoint", ["serviceendpoint"]));
        step.AddLookup("sdkmessageid", ("sdkmessageid", ["sdkmessage"]));
        step.AddLookup("sdkmessagefilterid", ("sdkmessagefilterid", ["sdkmessagefilter"]));
        step.States[0] = (1, [1]);
        step.States[1] = (2, [2]);

        var sla = Standard(store, "sla", "slas", "slaid", "name", 9750);
        sla.AddColumn("name", DataverseColumnType.String, 160);
        var user = Standard(store, "systemuser", "systemusers", "systemuserid", "fullname", 8, owned: false);
        user.AddColumn("fullname", DataverseColumnType.String, 200);
        user.AddColumn("domainname", DataverseColumnType.String, 1024);
        var team = Standard(store, "team", "teams", "teamid", "name", 9, owned: false);
        team.AddColumn("name", DataverseColumnType.String, 160);

        foreach (var table in new[] { incident, contact, account, email, resolution, sla, queue })
        {
            table.AddLookup("ownerid", ("ownerid", ["systemuser", "team"]));
        }

        foreach (var table in store.Tables.Select(t => t.Def).Where(d => d.States.Count > 0 && !d.Columns.ContainsKey("statecode")))
        {
            table.AddColumn("statecode", DataverseColumnType.State);
            table.AddColumn("statuscode", DataverseColumnType.Status);
        }

        SeedMessages(store);
    }

    /// <summary>A table with the columns every table has: its key, createdon, modifiedon and versionnumber.</summary>
    public static TableDef Standard(DataStore store, string logicalName, string setName, string primaryId, string? primaryName, int objectTypeCode, bool owned = true)
    {
        var def = new TableDef(logicalName, setName, primaryId, primaryName) { ObjectTypeCode = objectTypeCode };
        def.Posted["OwnershipType"] = owned ? "UserOwned" : "OrganizationOwned";
        def.AddColumn(primaryId, DataverseColumnType.Uniqueidentifier).ReadOnly = false;
        def.AddColumn("createdon", DataverseColumnType.DateTime).ReadOnly = true;
        def.AddColumn("modifiedon", DataverseColumnType.DateTime).ReadOnly = true;
        def.AddColumn("versionnumber", DataverseColumnType.BigInt).ReadOnly = true;
        store.Add(def);
        return def;
    }

    public static void ActiveInactive(TableDef def)
    {
        def.AddColumn("statecode", DataverseColumnType.State);
        def.AddColumn("statuscode", DataverseColumnType.Status);
        def.States[0] = (1, [1]);
        def.States[1] = (2, [2]);
    }

    /// <summary>The messages and incident filters a webhook registration looks up, with fixed ids.</summary>
    private static void SeedMessages(DataStore store)
    {
        var messages = store.ByLogicalName("sdkmessage")!;
        var filters = store.ByLogicalName("sdkmessagefilter")!;
        var names = new[] { "Create", "Update", "Delete", "SetState", "Assign" };
        for (var i = 0; i < names.Length; i++)
        {
            var messageId = new Guid($"{i + 1:D8}-0000-0000-0000-5d4e55a9e000");
            messages.Put(messageId, new JsonObject { ["sdkmessageid"] = messageId.ToString("D"), ["name"] = names[i], ["versionnumber"] = store.NextVersion() });
            foreach (var (entity, n) in new[] { ("incident", 1), ("contact", 2), ("email", 3) })
            {
                var filterId = new Guid($"{i + 1:D8}-{n:D4}-0000-0000-5d4e55af1000");
                filters.Put(filterId, new JsonObject
                {
                    ["sdkmessagefilterid"] = filterId.ToString("D"),
                    ["name"] = names[i] + " " + entity,
                    ["primaryobjecttypecode"] = entity,
                    ["_sdkmessageid_value"] = messageId.ToString("D"),
                    ["_sdkmessageid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = "sdkmessage",
                    ["versionnumber"] = store.NextVersion(),
                });
            }
        }
    }
}
