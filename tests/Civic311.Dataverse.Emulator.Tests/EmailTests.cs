using System.Net;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Tests;

/// <summary>The email table's parties (deep insert through email_activity_parties) and the bound SendEmail action.</summary>
public sealed class EmailTests : EmulatorTestBase
{
    private Guid Queue() => Emulator.Seed("queues", new JsonObject { ["name"] = "311 Service Desk" });

    private static JsonObject Email(Guid incident, Guid queue, params JsonObject[] extraParties)
    {
        var parties = new JsonArray(
            new JsonObject { ["participationtypemask"] = 1, ["partyid_queue@odata.bind"] = $"/queues({queue})" },
            new JsonObject { ["participationtypemask"] = 2, ["addressused"] = "ana@example.org" });
        foreach (var party in extraParties)
        {
            parties.Add(party);
        }

        return new JsonObject
        {
            ["subject"] = "We received your request",
            ["description"] = "<p>Thanks</p>",
            ["directioncode"] = true,
            ["regardingobjectid_incident_email@odata.bind"] = $"/incidents({incident})",
            ["email_activity_parties"] = parties,
        };
    }

    private async Task<Guid> CreateEmailAsync(JsonObject? body = null)
    {
        body ??= Email(await CreateIncidentAsync(await CreateContactAsync()), Queue());
        using var response = await PostAsync("emails", body);
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        return IdFrom(response);
    }

    private static JsonObject Send(bool issueSend = true) => new() { ["IssueSend"] = issueSend };

    [Fact]
    public async Task CreateEmail_WithActivityParties_DeepInsertsThePartiesBoundToTheEmailAndSetsRegarding()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());
        var queue = Queue();
        var id = Guid.NewGuid();
        var body = Email(incident, queue);
        body["activityid"] = id.ToString();

        using var response = await PostAsync("emails", body);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        IdFrom(response).Should().Be(id);
        var email = Emulator.Find("emails", id)!;
        email["_regardingobjectid_value"]!.GetValue<string>().Should().Be(incident.ToString());
        (email["statecode"]!.GetValue<int>(), email["statuscode"]!.GetValue<int>()).Should().Be((0, 1));
        var parties = Emulator.Rows("activityparties");
        parties.Should().HaveCount(2).And.OnlyContain(p => p["_activityid_value"]!.GetValue<string>() == id.ToString());
        parties.Single(p => p["participationtypemask"]!.GetValue<int>() == 1)["_partyid_value"]!.GetValue<string>().Should().Be(queue.ToString());
        parties.Single(p => p["participationtypemask"]!.GetValue<int>() == 2)["addressused"]!.GetValue<string>().Should().Be("ana@example.org");
    }

    [Fact]
    public async Task CreateEmail_WithTheSameActivityIdAgain_Answers412AndAddsNoParties()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());
        var body = Email(incident, Queue());
        body["activityid"] = Guid.NewGuid().ToString();
        (await PostAsync("emails", body)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        using var again = await PostAsync("emails", body);

        again.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await ErrorAsync(again)).Code.Should().Be("0x80040237");
        Emulator.Count("activityparties").Should().Be(2);
    }

    [Theory]
    [InlineData(7)] // Organizer: not an e-mail participation type
    [InlineData(0)]
    public async Task CreateEmail_WithAnInvalidParty_Answers400AndCreatesNothing(int mask)
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());
        var body = Email(incident, Queue(), new JsonObject { ["participationtypemask"] = mask, ["addressused"] = "x@example.org" });

        using var response = await PostAsync("emails", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Count("emails").Should().Be(0);
        Emulator.Count("activityparties").Should().Be(0);
    }

    [Fact]
    public async Task CreateEmail_WithAPartyNamingNothing_OrTwoSenders_Answers400AndCreatesNothing()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());
        var queue = Queue();

        using var empty = await PostAsync("emails", Email(incident, queue, new JsonObject { ["participationtypemask"] = 3 }));
        using var twoSenders = await PostAsync("emails", Email(incident, queue, new JsonObject { ["participationtypemask"] = 1, ["addressused"] = "b@example.org" }));
        using var missingQueue = await PostAsync("emails", Email(incident, Guid.NewGuid()));

        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        twoSenders.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        missingQueue.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(missingQueue)).Code.Should().Be("0x80040217");
        Emulator.Count("emails").Should().Be(0);
        Emulator.Count("activityparties").Should().Be(0);
    }

    [Fact]
    public async Task ActivityParties_CannotBeWrittenDirectly_ButCanBeQueried()
    {
        var email = await CreateEmailAsync();

        using var create = await PostAsync("activityparties", new JsonObject { ["participationtypemask"] = 2, ["addressused"] = "x@example.org", ["activityid_email@odata.bind"] = $"/emails({email})" });
        using var update = await PatchAsync($"emails({email})", new JsonObject { ["email_activity_parties"] = new JsonArray() });
        using var query = await GetAsync($"activityparties?$filter=_activityid_value eq {email}");

        create.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        update.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        query.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync(query))["value"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task SendEmail_WithIssueSend_MarksThePendingSendAndReturnsTheSubject()
    {
        var email = await CreateEmailAsync();

        using var response = await PostAsync($"emails({email})/Microsoft.Dynamics.CRM.SendEmail", Send());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var answer = await ReadAsync(response);
        answer["Subject"]!.GetValue<string>().Should().Be("We received your request");
        answer["@odata.context"]!.GetValue<string>().Should().EndWith("$metadata#Microsoft.Dynamics.CRM.SendEmailResponse");
        var row = Emulator.Find("emails", email)!;
        (row["statecode"]!.GetValue<int>(), row["statuscode"]!.GetValue<int>()).Should().Be((1, 6));
    }

    [Fact]
    public async Task SendEmail_WithoutIssueSend_MarksItSent()
    {
        var email = await CreateEmailAsync();

        using var response = await PostAsync($"emails({email})/Microsoft.Dynamics.CRM.SendEmail", Send(issueSend: false));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var row = Emulator.Find("emails", email)!;
        (row["statecode"]!.GetValue<int>(), row["statuscode"]!.GetValue<int>()).Should().Be((1, 3));
    }

    [Fact]
    public async Task SendEmail_OnAnEmailAlreadySent_Answers400AndChangesNothing()
    {
        var email = await CreateEmailAsync();
        (await PostAsync($"emails({email})/Microsoft.Dynamics.CRM.SendEmail", Send())).StatusCode.Should().Be(HttpStatusCode.OK);
        var version = Emulator.Find("emails", email)!["versionnumber"]!.GetValue<long>();

        using var again = await PostAsync($"emails({email})/Microsoft.Dynamics.CRM.SendEmail", Send());

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Find("emails", email)!["versionnumber"]!.GetValue<long>().Should().Be(version);
    }

    [Fact]
    public async Task SendEmail_WithoutRecipientOrSenderOrIssueSend_Answers400()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());
        var noRecipient = Email(incident, Queue());
        noRecipient["email_activity_parties"]!.AsArray().RemoveAt(1);
        var noSender = Email(incident, Queue());
        noSender["email_activity_parties"]!.AsArray().RemoveAt(0);
        var withoutRecipient = await CreateEmailAsync(noRecipient);
        var withoutSender = await CreateEmailAsync(noSender);

        using var r1 = await PostAsync($"emails({withoutRecipient})/Microsoft.Dynamics.CRM.SendEmail", Send());
        using var r2 = await PostAsync($"emails({withoutSender})/Microsoft.Dynamics.CRM.SendEmail", Send());
        using var r3 = await PostAsync($"emails({withoutSender})/Microsoft.Dynamics.CRM.SendEmail", new JsonObject());

        r1.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        r2.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        r3.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Rows("emails").Should().OnlyContain(e => e["statecode"]!.GetValue<int>() == 0);
    }

    [Fact]
    public async Task SendEmail_OnAMissingEmail_Answers404_AndAnUnknownBoundAction_Answers404()
    {
        var email = await CreateEmailAsync();

        using var missing = await PostAsync($"emails({Guid.NewGuid()})/Microsoft.Dynamics.CRM.SendEmail", Send());
        using var unknown = await PostAsync($"emails({email})/Microsoft.Dynamics.CRM.SendFax", Send());

        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
