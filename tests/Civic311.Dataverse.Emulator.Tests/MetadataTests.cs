using System.Net;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Tests;

public sealed class MetadataTests : EmulatorTestBase
{
    private static JsonObject Label(string text) => new()
    {
        ["@odata.type"] = "Microsoft.Dynamics.CRM.Label",
        ["LocalizedLabels"] = new JsonArray(new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.LocalizedLabel", ["Label"] = text, ["LanguageCode"] = 1033 }),
    };

    private static JsonObject StringColumn(string schemaName, int maxLength, bool primary = false) => new()
    {
        ["@odata.type"] = "Microsoft.Dynamics.CRM.StringAttributeMetadata",
        ["AttributeType"] = "String",
        ["SchemaName"] = schemaName,
        ["DisplayName"] = Label(schemaName),
        ["RequiredLevel"] = new JsonObject { ["Value"] = "None" },
        ["MaxLength"] = maxLength,
        ["IsPrimaryName"] = primary,
    };

    private static JsonObject ServiceTable() => new()
    {
        ["@odata.type"] = "Microsoft.Dynamics.CRM.EntityMetadata",
        ["SchemaName"] = "civic_ServiceCategory",
        ["DisplayName"] = Label("Service category"),
        ["DisplayCollectionName"] = Label("Service categories"),
        ["OwnershipType"] = "OrganizationOwned",
        ["HasActivities"] = false,
        ["HasNotes"] = false,
        ["IsActivity"] = false,
        ["Attributes"] = new JsonArray(StringColumn("civic_Name", 100, primary: true)),
    };

    [Fact]
    public async Task CreateTable_ThenItExistsAndTakesRows()
    {
        using var before = await GetAsync("EntityDefinitions(LogicalName='civic_servicecategory')");
        using var created = await PostAsync("EntityDefinitions", ServiceTable());
        using var after = await GetAsync("EntityDefinitions(LogicalName='civic_servicecategory')?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute");
        using var again = await PostAsync("EntityDefinitions", ServiceTable());

        before.StatusCode.Should().Be(HttpStatusCode.NotFound);
        created.StatusCode.Should().Be(HttpStatusCode.NoContent);
        created.Headers.GetValues("OData-EntityId").Single().Should().MatchRegex(@"EntityDefinitions\([0-9a-f-]{36}\)$");
        var definition = await ReadAsync(after);
        definition["EntitySetName"]!.GetValue<string>().Should().Be("civic_servicecategories");
        definition["PrimaryIdAttribute"]!.GetValue<string>().Should().Be("civic_servicecategoryid");
        definition["PrimaryNameAttribute"]!.GetValue<string>().Should().Be("civic_name");
        definition.ContainsKey("OwnershipType").Should().BeFalse();
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a taken schema name is not unique (400), as on the platform");
        (await ErrorAsync(again)).Message.Should().EndWith("for type Entity is not unique. An civic_ServiceCategory with same name already exists.");

        using var row = await PostAsync("civic_servicecategories", new JsonObject { ["civic_name"] = "Sanitation" });
        row.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Emulator.Count("civic_servicecategory").Should().Be(1);
    }

    [Fact]
    public async Task CreateTable_WithoutAPrimaryNameOrPrefix_Answers400()
    {
        var noPrimary = ServiceTable();
        noPrimary["Attributes"] = new JsonArray(StringColumn("civic_Name", 100));
        var noPrefix = ServiceTable();
        noPrefix["SchemaName"] = "ServiceCategory";

        using var first = await PostAsync("EntityDefinitions", noPrimary);
        using var second = await PostAsync("EntityDefinitions", noPrefix);

        first.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CreateAttribute_OnIncident_ThenItExistsAndIsWritable()
    {
        using var missing = await GetAsync("EntityDefinitions(LogicalName='incident')/Attributes(LogicalName='civic_trackingnumber')");
        using var created = await PostAsync("EntityDefinitions(LogicalName='incident')/Attributes", StringColumn("civic_TrackingNumber", 20));
        using var found = await GetAsync("EntityDefinitions(LogicalName='incident')/Attributes(LogicalName='civic_trackingnumber')");
        using var duplicate = await PostAsync("EntityDefinitions(LogicalName='incident')/Attributes", StringColumn("civic_TrackingNumber", 20));

        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        created.StatusCode.Should().Be(HttpStatusCode.NoContent);
        created.Headers.GetValues("OData-EntityId").Single().Should().Contain("EntityDefinitions(LogicalName='incident')/Attributes(");
        var attribute = await ReadAsync(found);
        attribute["@odata.type"]!.GetValue<string>().Should().Be("#Microsoft.Dynamics.CRM.StringAttributeMetadata");
        attribute["SchemaName"]!.GetValue<string>().Should().Be("civic_TrackingNumber");
        attribute["MaxLength"]!.GetValue<int>().Should().Be(20);
        duplicate.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the platform refuses a taken schema name with 400");
        (await ErrorAsync(duplicate)).Should().Be(("0x80047013", "The schema name civic_TrackingNumber for type Attribute is not unique. An civic_TrackingNumber with same name already exists."));

        await CreateIncidentAsync(await CreateContactAsync(), extra: new JsonObject { ["civic_trackingnumber"] = "311-26-0000001" });
        using var tooLong = await PostAsync("incidents", new JsonObject { ["civic_trackingnumber"] = new string('9', 21) });
        tooLong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task LookupAttributes_AreCreatedThroughRelationshipDefinitions()
    {
        using var asAttribute = await PostAsync("EntityDefinitions(LogicalName='incident')/Attributes", new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.LookupAttributeMetadata",
            ["SchemaName"] = "civic_AgencyId",
            ["DisplayName"] = Label("Agency"),
        });
        using var relationship = await PostAsync("RelationshipDefinitions", new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata",
            ["SchemaName"] = "civic_account_incident_agency",
            ["ReferencedEntity"] = "account",
            ["ReferencingEntity"] = "incident",
            ["Lookup"] = new JsonObject
            {
                ["@odata.type"] = "Microsoft.Dynamics.CRM.LookupAttributeMetadata",
                ["SchemaName"] = "civic_AgencyId",
                ["DisplayName"] = Label("Agency"),
            },
        });
        using var exists = await GetAsync("RelationshipDefinitions(SchemaName='civic_account_incident_agency')");

        asAttribute.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        relationship.StatusCode.Should().Be(HttpStatusCode.NoContent);
        exists.StatusCode.Should().Be(HttpStatusCode.OK);
        var agency = IdFrom(await PostAsync("accounts", new JsonObject { ["name"] = "DSNY" }));
        var incident = await CreateIncidentAsync(await CreateContactAsync(), extra: new JsonObject { ["civic_AgencyId@odata.bind"] = $"/accounts({agency})" });
        Emulator.Find("incidents", incident)!["_civic_agencyid_value"]!.GetValue<string>().Should().Be(agency.ToString());
    }

    [Fact]
    public async Task CreateKey_WithATakenName_Answers400NotUniqueAndKeepsTheFirstDefinition()
    {
        (await PostAsync("EntityDefinitions(LogicalName='contact')/Attributes", StringColumn("civic_ReporterKey", 100))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await PostAsync("EntityDefinitions(LogicalName='contact')/Attributes", StringColumn("civic_Other", 100))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        JsonObject Key(string column) => new() { ["SchemaName"] = "civic_reporterkey_key", ["DisplayName"] = Label("Reporter key"), ["KeyAttributes"] = new JsonArray(column) };

        using var first = await PostAsync("EntityDefinitions(LogicalName='contact')/Keys", Key("civic_reporterkey"));
        using var again = await PostAsync("EntityDefinitions(LogicalName='contact')/Keys", Key("civic_other"));

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(again)).Code.Should().Be("0x80047013");
        (await ErrorAsync(again)).Message.Should().Contain("for type EntityKey is not unique");
        using var key = await GetAsync("EntityDefinitions(LogicalName='contact')/Keys(LogicalName='civic_reporterkey_key')?$select=KeyAttributes");
        (await ReadAsync(key))["KeyAttributes"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("civic_reporterkey");
    }

    [Fact]
    public async Task CreateOnlyUpsertByAlternateKey_CreatesWithTheKeyThenAnswers412AndRollsBackItsChangeSet()
    {
        (await PostAsync("EntityDefinitions(LogicalName='contact')/Attributes", StringColumn("civic_ReporterKey", 100))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        Emulator.AddAlternateKey("contact", "civic_reporterkey_key", "civic_reporterkey");
        var id = Guid.NewGuid();

        using var created = await PatchAsync("contacts(civic_reporterkey='abc')", new JsonObject { ["contactid"] = id.ToString(), ["lastname"] = "Lopez" }, ("If-None-Match", "*"));
        using var again = await PatchAsync("contacts(civic_reporterkey='abc')", new JsonObject { ["contactid"] = Guid.NewGuid().ToString(), ["lastname"] = "Other" }, ("If-None-Match", "*"));

        created.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var row = Emulator.Find("contact", id)!;
        row["civic_reporterkey"]!.GetValue<string>().Should().Be("abc", "the key's value comes from the URL");
        again.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await ErrorAsync(again)).Should().Be(("0x80040237", "A record with matching key values already exists."));
        Emulator.Rows("contact").Count(c => c["civic_reporterkey"]?.GetValue<string>() == "abc").Should().Be(1);
        Emulator.Find("contact", id)!["lastname"]!.GetValue<string>().Should().Be("Lopez", "create-only never updates");
    }

    [Fact]
    public async Task AlternateKey_AddressesRowsForGetPatchAndBindAndKeepsValuesUnique()
    {
        (await PostAsync("EntityDefinitions(LogicalName='incident')/Attributes", StringColumn("civic_TrackingNumber", 20))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var key = await PostAsync("EntityDefinitions(LogicalName='incident')/Keys", new JsonObject
        {
            ["SchemaName"] = "civic_TrackingNumberKey",
            ["DisplayName"] = Label("Tracking number"),
            ["KeyAttributes"] = new JsonArray("civic_trackingnumber"),
        });
        key.StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var keyInfo = await GetAsync("EntityDefinitions(LogicalName='incident')/Keys(LogicalName='civic_trackingnumberkey')");
        (await ReadAsync(keyInfo))["EntityKeyIndexStatus"]!.GetValue<string>().Should().Be("Active");

        var contact = await CreateContactAsync();
        var incident = await CreateIncidentAsync(contact, extra: new JsonObject { ["civic_trackingnumber"] = "311-26-0000001" });

        using var get = await GetAsync("incidents(civic_trackingnumber='311-26-0000001')?$select=title");
        using var patch = await PatchAsync("incidents(civic_trackingnumber='311-26-0000001')", new JsonObject { ["title"] = "Renamed" }, ("If-Match", "*"));
        using var upsert = await PatchAsync("incidents(civic_trackingnumber='311-26-0000002')", new JsonObject { ["title"] = "Upserted", ["customerid_contact@odata.bind"] = $"/contacts({contact})" });
        using var duplicate = await PostAsync("incidents", new JsonObject { ["title"] = "Dup", ["customerid_contact@odata.bind"] = $"/contacts({contact})", ["civic_trackingnumber"] = "311-26-0000001" });
        using var unknownKey = await GetAsync("incidents(title='Renamed')");

        get.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync(get))["incidentid"]!.GetValue<string>().Should().Be(incident.ToString());
        patch.StatusCode.Should().Be(HttpStatusCode.NoContent);
        IdFrom(patch).Should().Be(incident);
        Emulator.Find("incidents", incident)!["title"]!.GetValue<string>().Should().Be("Renamed");
        upsert.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Emulator.Find("incidents", IdFrom(upsert))!["civic_trackingnumber"]!.GetValue<string>().Should().Be("311-26-0000002");
        duplicate.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await ErrorAsync(duplicate)).Code.Should().Be("0x80060892");
        unknownKey.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Count("incidents").Should().Be(2);
    }

    [Fact]
    public async Task SetupMethods_DefineColumnsKeysAndLookupsWithoutHttp()
    {
        Emulator.AddColumn("incident", "civic_trackingnumber", DataverseColumnType.String, 20);
        Emulator.AddAlternateKey("incident", "civic_trackingnumberkey", "civic_trackingnumber");
        var contact = await CreateContactAsync();
        await CreateIncidentAsync(contact, extra: new JsonObject { ["civic_trackingnumber"] = "A-1" });

        using var response = await GetAsync("incidents(civic_trackingnumber='a-1')");

        response.StatusCode.Should().Be(HttpStatusCode.OK, "string keys compare case-insensitively");
        Emulator.Requests.Should().OnlyContain(r => r.Path.StartsWith("contacts") || r.Path.StartsWith("incidents"));
    }

    [Fact]
    public async Task WebhookRegistration_FindsMessagesAndFiltersAndCreatesAStep()
    {
        using var endpoint = await PostAsync("serviceendpoints", new JsonObject { ["name"] = "hook", ["contract"] = 8, ["url"] = "https://example.org/hook", ["authtype"] = 4, ["authvalue"] = "code" });
        using var messages = await GetAsync("sdkmessages?$select=sdkmessageid&$filter=name eq 'Create'");
        var message = (await ReadAsync(messages))["value"]!.AsArray().Single()!["sdkmessageid"]!.GetValue<string>();
        using var filters = await GetAsync($"sdkmessagefilters?$select=sdkmessagefilterid&$filter=primaryobjecttypecode eq 'incident' and _sdkmessageid_value eq {message}");
        var filter = (await ReadAsync(filters))["value"]!.AsArray().Single()!["sdkmessagefilterid"]!.GetValue<string>();

        using var step = await PostAsync("sdkmessageprocessingsteps", new JsonObject
        {
            ["name"] = "civic311: incident create",
            ["stage"] = 40,
            ["mode"] = 1,
            ["rank"] = 1,
            ["asyncautodelete"] = false,
            ["eventhandler_serviceendpoint@odata.bind"] = $"/serviceendpoints({IdFrom(endpoint)})",
            ["sdkmessageid@odata.bind"] = $"/sdkmessages({message})",
            ["sdkmessagefilterid@odata.bind"] = $"/sdkmessagefilters({filter})",
        });

        step.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Emulator.Rows("sdkmessageprocessingsteps").Single()["_eventhandler_value"]!.GetValue<string>().Should().Be(IdFrom(endpoint).ToString());
    }
}
