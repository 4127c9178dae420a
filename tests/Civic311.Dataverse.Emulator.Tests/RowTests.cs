using System.Net;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Tests;

public sealed class RowTests : EmulatorTestBase
{
    [Fact]
    public async Task Create_Answers204WithODataEntityIdAndNoBody()
    {
        using var response = await PostAsync("contacts", new JsonObject { ["firstname"] = "Ana" });

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var url = response.Headers.GetValues("OData-EntityId").Single();
        url.Should().MatchRegex(@"^http://127\.0\.0\.1:\d+/api/data/v9\.2/contacts\([0-9a-f-]{36}\)$");
        response.Headers.GetValues("OData-Version").Single().Should().Be("4.0");
        (await response.Content.ReadAsStringAsync()).Should().BeEmpty();
        Emulator.Count("contacts").Should().Be(1);
    }

    [Fact]
    public async Task Create_WithReturnRepresentation_Answers201WithTheSelectedColumnsAndETag()
    {
        using var response = await PostAsync(
            "contacts?$select=firstname,createdon", new JsonObject { ["firstname"] = "Ana", ["lastname"] = "Lopez" }, ("Prefer", "return=representation"));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        response.Headers.Contains("OData-EntityId").Should().BeFalse();
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var body = await ReadAsync(response);
        body["@odata.context"]!.GetValue<string>().Should().EndWith("$metadata#contacts(firstname,createdon)/$entity");
        body["@odata.etag"]!.GetValue<string>().Should().MatchRegex("^W/\"\\d+\"$");
        body["firstname"]!.GetValue<string>().Should().Be("Ana");
        body["createdon"]!.GetValue<string>().Should().Be("2026-03-02T14:30:15Z");
        body["contactid"].Should().NotBeNull();
        body.ContainsKey("lastname").Should().BeFalse();
    }

    [Fact]
    public async Task Retrieve_ReturnsAllColumnsWithNullsAndTheLookupValue()
    {
        var contact = await CreateContactAsync();
        var incident = await CreateIncidentAsync(contact);

        using var response = await GetAsync($"incidents({incident})", ("Prefer", "odata.include-annotations=\"*\""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await ReadAsync(response);
        body["title"]!.GetValue<string>().Should().Be("Missed pickup");
        body["description"].Should().BeNull();
        body.ContainsKey("description").Should().BeTrue();
        body["statecode"]!.GetValue<int>().Should().Be(0);
        body["statuscode"]!.GetValue<int>().Should().Be(1);
        body["ticketnumber"]!.GetValue<string>().Should().StartWith("CAS-");
        body["_customerid_value"]!.GetValue<string>().Should().Be(contact.ToString());
        body["_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"]!.GetValue<string>().Should().Be("contact");
        body.ContainsKey("customerid_contact@odata.bind").Should().BeFalse();
    }

    [Fact]
    public async Task Retrieve_MissingRow_Answers404WithTheErrorShape()
    {
        var id = Guid.NewGuid();
        using var response = await GetAsync($"incidents({id})");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var (code, message) = await ErrorAsync(response);
        code.Should().Be("0x80040217");
        message.Should().Be($"incident With Id = {id} Does Not Exist");
    }

    [Fact]
    public async Task Retrieve_UnknownEntitySet_Answers404ResourceNotFoundForTheSegment()
    {
        using var response = await GetAsync("Incident");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorAsync(response)).Should().Be(("0x8006088a", "Resource not found for the segment 'Incident'."));
    }

    [Fact]
    public async Task Retrieve_WithTheCurrentETag_Answers304()
    {
        var contact = await CreateContactAsync();
        using var first = await GetAsync($"contacts({contact})");
        var etag = (await ReadAsync(first))["@odata.etag"]!.GetValue<string>();

        using var second = await GetAsync($"contacts({contact})", ("If-None-Match", etag));

        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Update_MergesChangedColumnsAndBumpsTheETagAndModifiedOn()
    {
        var contact = await CreateContactAsync(email: "ana@example.org");
        var before = Emulator.Find("contacts", contact)!;
        Clock.Now = Clock.Now.AddMinutes(5);

        using var response = await PatchAsync($"contacts({contact})", new JsonObject { ["telephone1"] = "555-0100" }, ("If-Match", "*"));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        IdFrom(response).Should().Be(contact);
        var after = Emulator.Find("contacts", contact)!;
        after["telephone1"]!.GetValue<string>().Should().Be("555-0100");
        after["emailaddress1"]!.GetValue<string>().Should().Be("ana@example.org");
        after["versionnumber"]!.GetValue<long>().Should().BeGreaterThan(before["versionnumber"]!.GetValue<long>());
        after["modifiedon"]!.GetValue<string>().Should().Be("2026-03-02T14:35:15Z");
        after["createdon"]!.GetValue<string>().Should().Be("2026-03-02T14:30:15Z");
    }

    [Fact]
    public async Task Update_WithAStaleIfMatch_Answers412AndChangesNothing()
    {
        var contact = await CreateContactAsync();
        using var read = await GetAsync($"contacts({contact})");
        var stale = (await ReadAsync(read))["@odata.etag"]!.GetValue<string>();
        (await PatchAsync($"contacts({contact})", new JsonObject { ["lastname"] = "One" }, ("If-Match", stale))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        using var response = await PatchAsync($"contacts({contact})", new JsonObject { ["lastname"] = "Two" }, ("If-Match", stale));

        response.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await ErrorAsync(response)).Should().Be(("0x80060882", "The version of the existing record doesn't match the RowVersion property provided."));
        Emulator.Find("contacts", contact)!["lastname"]!.GetValue<string>().Should().Be("One");
    }

    [Fact]
    public async Task Update_WithIfMatchStarOnAMissingRow_Answers404AndCreatesNothing()
    {
        var id = Guid.NewGuid();
        using var response = await PatchAsync($"contacts({id})", new JsonObject { ["lastname"] = "X" }, ("If-Match", "*"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorAsync(response)).Message.Should().Be($"contact With Id = {id} Does Not Exist");
        Emulator.Count("contacts").Should().Be(0);
    }

    [Fact]
    public async Task Upsert_WithIfNoneMatchStarOnAnExistingRow_Answers412()
    {
        var contact = await CreateContactAsync();

        using var response = await PatchAsync($"contacts({contact})", new JsonObject { ["lastname"] = "X" }, ("If-None-Match", "*"));

        response.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await ErrorAsync(response)).Should().Be(("0x80040237", "A record with matching key values already exists."));
    }

    [Fact]
    public async Task Upsert_WithoutIfMatch_CreatesThenUpdates()
    {
        var id = Guid.NewGuid();

        using var created = await PatchAsync($"contacts({id})", new JsonObject { ["lastname"] = "New" });
        using var createdWithBody = await PatchAsync($"contacts({Guid.NewGuid()})", new JsonObject { ["lastname"] = "Other" }, ("Prefer", "return=representation"));
        using var updated = await PatchAsync($"contacts({id})", new JsonObject { ["lastname"] = "Changed" }, ("Prefer", "return=representation"));

        created.StatusCode.Should().Be(HttpStatusCode.NoContent);
        IdFrom(created).Should().Be(id);
        createdWithBody.StatusCode.Should().Be(HttpStatusCode.Created);
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync(updated))["lastname"]!.GetValue<string>().Should().Be("Changed");
        Emulator.Count("contacts").Should().Be(2);
    }

    [Fact]
    public async Task Create_WithAnExistingPrimaryKey_Answers412DuplicateRecord()
    {
        var contact = await CreateContactAsync();

        using var response = await PostAsync("contacts", new JsonObject { ["contactid"] = contact.ToString(), ["lastname"] = "Again" });

        response.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await ErrorAsync(response)).Code.Should().Be("0x80040237");
        Emulator.Find("contacts", contact)!["lastname"]!.GetValue<string>().Should().Be("Lopez");
    }

    [Fact]
    public async Task Create_BindingToAMissingRow_Answers400AndCreatesNothing()
    {
        using var response = await PostAsync("incidents", new JsonObject { ["title"] = "x", ["customerid_contact@odata.bind"] = $"/contacts({Guid.NewGuid()})" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Code.Should().Be("0x80040217");
        Emulator.Count("incidents").Should().Be(0);
    }

    [Fact]
    public async Task Create_IncidentWithoutCustomer_IsRefusedBecauseCustomerIsSystemRequired()
    {
        using var response = await PostAsync("incidents", new JsonObject { ["title"] = "No customer" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Message.Should().Be("You should specify a parent contact or account.");
    }

    [Theory]
    [InlineData("nosuchcolumn", "\"x\"", "0x80048d19")]
    [InlineData("prioritycode", "\"high\"", "0x80048d19")]
    [InlineData("_customerid_value", "\"00000000-0000-0000-0000-000000000001\"", "0x80048d19")]
    public async Task Create_WithAnUnknownPropertyOrWrongType_Answers400(string property, string json, string code)
    {
        var contact = await CreateContactAsync();
        var body = new JsonObject { ["title"] = "x", ["customerid_contact@odata.bind"] = $"/contacts({contact})", [property] = JsonNode.Parse(json) };

        using var response = await PostAsync("incidents", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Code.Should().Be(code);
    }

    [Fact]
    public async Task Create_WithAStringTooLong_Answers400WithTheValidationCode()
    {
        using var response = await PostAsync("contacts", new JsonObject { ["firstname"] = new string('x', 51) });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Should().Be(("0x80044331",
            "A validation error occurred.  The length of the 'firstname' attribute of the 'contact' entity exceeded the maximum allowed length of '50'."));
    }

    [Fact]
    public async Task Create_WithAnUnknownNavigationProperty_Answers400()
    {
        using var response = await PostAsync("incidents", new JsonObject { ["customer_contact@odata.bind"] = "/contacts(00000000-0000-0000-0000-000000000001)" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Message.Should().Contain("An undeclared property 'customer_contact'");
    }

    [Fact]
    public async Task Delete_Answers204ThenTheRowIsGoneAnd404()
    {
        var contact = await CreateContactAsync();

        using var first = await DeleteAsync($"contacts({contact})");
        using var second = await DeleteAsync($"contacts({contact})");

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        second.StatusCode.Should().Be(HttpStatusCode.NotFound);
        Emulator.Count("contacts").Should().Be(0);
    }

    [Fact]
    public async Task Delete_WithAStaleETag_Answers412()
    {
        var contact = await CreateContactAsync();

        using var response = await DeleteAsync($"contacts({contact})", ("If-Match", "W/\"1\""));

        response.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        Emulator.Count("contacts").Should().Be(1);
    }

    [Fact]
    public async Task Incident_CancelAndReactivateByPatch_ButResolveOnlyThroughCloseIncident()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());

        using var resolve = await PatchAsync($"incidents({incident})", new JsonObject { ["statecode"] = 1 }, ("If-Match", "*"));
        using var cancel = await PatchAsync($"incidents({incident})", new JsonObject { ["statecode"] = 2, ["statuscode"] = 6 }, ("If-Match", "*"));
        using var editCancelled = await PatchAsync($"incidents({incident})", new JsonObject { ["title"] = "changed" }, ("If-Match", "*"));
        using var reactivate = await PatchAsync($"incidents({incident})", new JsonObject { ["statecode"] = 0 }, ("If-Match", "*"));

        resolve.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        cancel.StatusCode.Should().Be(HttpStatusCode.NoContent);
        editCancelled.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        reactivate.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var row = Emulator.Find("incidents", incident)!;
        row["statecode"]!.GetValue<int>().Should().Be(0);
        row["statuscode"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task Patch_WithAStatusThatDoesNotBelongToTheState_Answers400()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());

        using var response = await PatchAsync($"incidents({incident})", new JsonObject { ["statuscode"] = 6 }, ("If-Match", "*"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Requests_WithoutABearerToken_Answer401()
    {
        using var anonymous = new HttpClient { BaseAddress = Emulator.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = Emulator.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = Bearer("not-the-token");

        using var none = await anonymous.GetAsync("contacts");
        using var bad = await wrong.GetAsync("contacts");

        none.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        none.Headers.GetValues("WWW-Authenticate").Single().Should().StartWith("Bearer authorization_uri=");
        bad.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Emulator.TokensSeen.Should().ContainKey("not-the-token").WhoseValue.Should().Be(1);
    }

    [Fact]
    public async Task SingleProperty_CanBeReadWrittenAndCleared()
    {
        var contact = await CreateContactAsync();

        using var put = await SendAsync(HttpMethod.Put, $"contacts({contact})/telephone1", new JsonObject { ["value"] = "555-0199" });
        using var get = await GetAsync($"contacts({contact})/telephone1");
        var value = (await ReadAsync(get))["value"]!.GetValue<string>();
        using var delete = await DeleteAsync($"contacts({contact})/telephone1");

        put.StatusCode.Should().Be(HttpStatusCode.NoContent);
        value.Should().Be("555-0199");
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Emulator.Find("contacts", contact)!["telephone1"].Should().BeNull();
    }

    [Fact]
    public async Task ServiceEndpoint_AuthValueIsWrittenButNeverReadBack()
    {
        using var created = await PostAsync("serviceendpoints", new JsonObject
        {
            ["name"] = "civic311",
            ["contract"] = 8,
            ["url"] = "https://hooks.example.org/dataverse",
            ["authtype"] = 5,
            ["authvalue"] = "<settings><setting name=\"x-key\" value=\"secret\" /></settings>",
        });
        var id = IdFrom(created);

        using var read = await GetAsync($"serviceendpoints({id})");

        (await ReadAsync(read))["authvalue"].Should().BeNull();
        Emulator.Find("serviceendpoints", id)!["authvalue"]!.GetValue<string>().Should().Contain("secret");
    }
}
