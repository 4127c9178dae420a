using System.Net;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Tests;

public sealed class ActionTests : EmulatorTestBase
{
    private static JsonObject CloseBody(Guid incident, int status = 5) => new()
    {
        ["IncidentResolution"] = new JsonObject
        {
            ["subject"] = "Collected",
            ["incidentid@odata.bind"] = $"/incidents({incident})",
            ["timespent"] = 60,
            ["description"] = "Crew 12 collected the recycling.",
        },
        ["Status"] = status,
    };

    [Fact]
    public async Task CloseIncident_ResolvesTheCaseAndCreatesItsResolution()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());

        using var response = await PostAsync("CloseIncident", CloseBody(incident, 1000));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var row = Emulator.Find("incidents", incident)!;
        row["statecode"]!.GetValue<int>().Should().Be(1);
        row["statuscode"]!.GetValue<int>().Should().Be(1000);
        var resolution = Emulator.Rows("incidentresolutions").Single();
        resolution["_incidentid_value"]!.GetValue<string>().Should().Be(incident.ToString());
        resolution["subject"]!.GetValue<string>().Should().Be("Collected");
        resolution["statecode"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task CloseIncident_OnAResolvedCase_Answers400AndChangesNothing()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());
        (await PostAsync("CloseIncident", CloseBody(incident))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        using var again = await PostAsync("CloseIncident", CloseBody(incident));

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Count("incidentresolutions").Should().Be(1);
    }

    [Fact]
    public async Task CloseIncident_WithAStatusThatIsNotAResolvedStatus_Answers400()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());

        using var response = await PostAsync("CloseIncident", CloseBody(incident, 6));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Find("incidents", incident)!["statecode"]!.GetValue<int>().Should().Be(0);
        Emulator.Count("incidentresolutions").Should().Be(0);
    }

    private async Task<JsonArray> TargetsAsync(int count)
    {
        var contact = await CreateContactAsync();
        return new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.incident",
            ["title"] = "Case " + i,
            ["customerid_contact@odata.bind"] = $"/contacts({contact})",
        }).ToArray());
    }

    [Fact]
    public async Task CreateMultiple_CreatesAllAndReturnsTheirIds()
    {
        var targets = await TargetsAsync(3);

        using var response = await PostAsync("incidents/Microsoft.Dynamics.CRM.CreateMultiple", new JsonObject { ["Targets"] = targets });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var ids = (await ReadAsync(response))["Ids"]!.AsArray().Select(i => Guid.Parse(i!.GetValue<string>())).ToList();
        ids.Should().HaveCount(3).And.OnlyHaveUniqueItems();
        ids.Select(id => Emulator.Find("incidents", id)!["title"]!.GetValue<string>()).Should().Equal("Case 0", "Case 1", "Case 2");
    }

    [Fact]
    public async Task CreateMultiple_WithOneBadTarget_CreatesNothing()
    {
        var targets = await TargetsAsync(3);
        targets[2]!["prioritycode"] = "urgent";

        using var response = await PostAsync("incidents/Microsoft.Dynamics.CRM.CreateMultiple", new JsonObject { ["Targets"] = targets });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Count("incidents").Should().Be(0);
    }

    [Fact]
    public async Task CreateMultiple_OverTheLimitOrWithoutODataType_Answers400()
    {
        var tooMany = await TargetsAsync(1001);
        var untyped = await TargetsAsync(2);
        untyped[1]!.AsObject().Remove("@odata.type");

        using var over = await PostAsync("incidents/Microsoft.Dynamics.CRM.CreateMultiple", new JsonObject { ["Targets"] = tooMany });
        using var missingType = await PostAsync("incidents/Microsoft.Dynamics.CRM.CreateMultiple", new JsonObject { ["Targets"] = untyped });

        over.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        missingType.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Count("incidents").Should().Be(0);
    }

    [Fact]
    public async Task UpdateMultiple_UpdatesEachTargetByItsKey()
    {
        var contact = await CreateContactAsync();
        var a = await CreateIncidentAsync(contact, "a");
        var b = await CreateIncidentAsync(contact, "b");
        var targets = new JsonArray(
            new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.incident", ["incidentid"] = a.ToString(), ["prioritycode"] = 1 },
            new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.incident", ["incidentid"] = b.ToString(), ["prioritycode"] = 3 });

        using var response = await PostAsync("incidents/Microsoft.Dynamics.CRM.UpdateMultiple", new JsonObject { ["Targets"] = targets });

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Emulator.Find("incidents", a)!["prioritycode"]!.GetValue<int>().Should().Be(1);
        Emulator.Find("incidents", b)!["prioritycode"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public async Task ManySmallWrites_AreAllStoredOnce()
    {
        var contact = await CreateContactAsync();
        var ids = await Task.WhenAll(Enumerable.Range(0, 2000).Select(async i =>
        {
            using var response = await PostAsync("incidents", new JsonObject { ["title"] = "Case " + i, ["customerid_contact@odata.bind"] = $"/contacts({contact})" });
            return IdFrom(response);
        }));

        ids.Should().OnlyHaveUniqueItems();
        Emulator.Count("incidents").Should().Be(2000);
        Emulator.Rows("incidents").Select(r => r["ticketnumber"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
    }
}
