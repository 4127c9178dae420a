using System.Net;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Tests;

/// <summary>
/// The unbound Merge action for cases (merge-table-rows.md, "Merge behavior for incident"): the subordinate becomes
/// Cancelled / Merged with <c>masterid</c> naming the surviving case, UpdateContent is not used, and everything is
/// refused (nothing changed) when a reference is missing, untyped, unknown or not an active case.
/// </summary>
public sealed class MergeTests : EmulatorTestBase
{
    private const string Incident = "Microsoft.Dynamics.CRM.incident";

    [Fact]
    public async Task Merge_cancels_the_subordinate_as_merged_into_the_target()
    {
        var contact = await CreateContactAsync();
        var target = await CreateIncidentAsync(contact, "Pothole on Main St");
        var subordinate = await CreateIncidentAsync(contact, "Same pothole");
        var targetBefore = Emulator.Find("incidents", target)!;
        var subordinateVersion = Emulator.Find("incidents", subordinate)!["versionnumber"]!.GetValue<long>();
        Clock.Now = Clock.Now.AddMinutes(5);

        using var response = await PostAsync("Merge", Body(target, subordinate, update: new JsonObject { ["@odata.type"] = Incident, ["title"] = "Renamed" }));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        var merged = Emulator.Find("incidents", subordinate)!;
        (merged["statecode"]!.GetValue<int>(), merged["statuscode"]!.GetValue<int>()).Should().Be((2, 2000));
        merged["_masterid_value"]!.GetValue<string>().Should().Be(target.ToString("D"));
        merged["versionnumber"]!.GetValue<long>().Should().BeGreaterThan(subordinateVersion);
        merged["modifiedon"]!.GetValue<string>().Should().Be("2026-03-02T14:35:15Z");
        var targetAfter = Emulator.Find("incidents", target)!;
        targetAfter["title"]!.GetValue<string>().Should().Be("Pothole on Main St", "UpdateContent is not used when merging incidents");
        targetAfter["statecode"]!.GetValue<int>().Should().Be(0);
        targetAfter["versionnumber"]!.GetValue<long>().Should().Be(targetBefore["versionnumber"]!.GetValue<long>());

        // Read back through the Web API as the lookup it is, with its annotation.
        using var read = await GetAsync($"incidents({subordinate})?$select=_masterid_value,statuscode", ("Prefer", "odata.include-annotations=\"*\""));
        var row = await ReadAsync(read);
        row["_masterid_value"]!.GetValue<string>().Should().Be(target.ToString("D"));
        row["_masterid_value@Microsoft.Dynamics.CRM.lookuplogicalname"]!.GetValue<string>().Should().Be("incident");
        using var query = await GetAsync($"incidents?$select=incidentid&$filter=_masterid_value eq {target}");
        (await ReadAsync(query))["value"]!.AsArray().Select(r => r!["incidentid"]!.GetValue<string>()).Should().Equal(subordinate.ToString("D"));
    }

    [Fact]
    public async Task Merge_moves_the_subordinates_child_cases_and_emails_to_the_target()
    {
        var contact = await CreateContactAsync();
        var target = await CreateIncidentAsync(contact, "Target");
        var subordinate = await CreateIncidentAsync(contact, "Subordinate");
        var child = await CreateIncidentAsync(contact, "Child", new JsonObject { ["parentcaseid@odata.bind"] = $"/incidents({subordinate})" });
        using var mail = await PostAsync("emails", new JsonObject { ["subject"] = "About the case", ["regardingobjectid_incident_email@odata.bind"] = $"/incidents({subordinate})" });
        mail.StatusCode.Should().Be(HttpStatusCode.NoContent);

        using var response = await PostAsync("Merge", Body(target, subordinate));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Emulator.Find("incidents", child)!["_parentcaseid_value"]!.GetValue<string>().Should().Be(target.ToString("D"));
        Emulator.Find("emails", IdFrom(mail))!["_regardingobjectid_value"]!.GetValue<string>().Should().Be(target.ToString("D"));
    }

    [Fact]
    public async Task A_merged_case_refuses_later_writes_like_any_cancelled_case_and_can_be_reactivated()
    {
        var contact = await CreateContactAsync();
        var target = await CreateIncidentAsync(contact);
        var subordinate = await CreateIncidentAsync(contact);
        (await PostAsync("Merge", Body(target, subordinate))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        using var edit = await PatchAsync($"incidents({subordinate})", new JsonObject { ["title"] = "changed" }, ("If-Match", "*"));
        using var close = await PostAsync("CloseIncident", new JsonObject
        {
            ["IncidentResolution"] = new JsonObject { ["subject"] = "Done", ["incidentid@odata.bind"] = $"/incidents({subordinate})" },
            ["Status"] = 5,
        });
        using var again = await PostAsync("Merge", Body(target, subordinate));

        foreach (var refused in new[] { edit, close, again })
        {
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ErrorAsync(refused)).Code.Should().Be("0x800404cf");
        }

        Emulator.Find("incidents", subordinate)!["title"]!.GetValue<string>().Should().Be("Missed pickup");
        using var reactivate = await PatchAsync($"incidents({subordinate})", new JsonObject { ["statecode"] = 0, ["statuscode"] = 1 }, ("If-Match", "*"));
        reactivate.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Merge_into_a_closed_case_is_refused_and_changes_nothing()
    {
        var contact = await CreateContactAsync();
        var target = await CreateIncidentAsync(contact);
        var subordinate = await CreateIncidentAsync(contact);
        (await PatchAsync($"incidents({target})", new JsonObject { ["statecode"] = 2, ["statuscode"] = 6 }, ("If-Match", "*"))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        using var response = await PostAsync("Merge", Body(target, subordinate));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Code.Should().Be("0x800404cf");
        var row = Emulator.Find("incidents", subordinate)!;
        row["statecode"]!.GetValue<int>().Should().Be(0);
        row["_masterid_value"].Should().BeNull();
    }

    [Fact]
    public async Task Merge_with_a_missing_case_answers_404_and_changes_nothing()
    {
        var contact = await CreateContactAsync();
        var target = await CreateIncidentAsync(contact);
        var missing = Guid.NewGuid();

        using var noSubordinate = await PostAsync("Merge", Body(target, missing));
        using var noTarget = await PostAsync("Merge", Body(missing, target));

        foreach (var response in new[] { noSubordinate, noTarget })
        {
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await ErrorAsync(response)).Should().Be(("0x80040217", $"incident With Id = {missing:D} Does Not Exist"));
        }

        Emulator.Find("incidents", target)!["statecode"]!.GetValue<int>().Should().Be(0);
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "untyped", "'Target' needs \"@odata.type\"" },
        { "unknown type", "is not an entity type" },
        { "no key", "must carry its key 'incidentid'" },
        { "no checks", "'PerformParentingChecks' is required" },
        { "itself", "must be different records" },
        { "other type", "must be of the Target's type" },
        { "account", "merges incidents only" },
        { "update content of another type", "'UpdateContent' must be an entity of the Target's type" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_malformed_merge_answers_400_naming_the_problem_and_changes_nothing(string what, string message)
    {
        var contact = await CreateContactAsync();
        var target = await CreateIncidentAsync(contact);
        var subordinate = await CreateIncidentAsync(contact);
        using var accounts = await PostAsync("accounts", new JsonObject { ["name"] = "Acme" });
        var account = IdFrom(accounts);
        var body = Body(target, subordinate);
        switch (what)
        {
            case "untyped":
                body["Target"]!.AsObject().Remove("@odata.type");
                break;
            case "unknown type":
                body["Target"]!["@odata.type"] = "Microsoft.Dynamics.CRM.nothing";
                break;
            case "no key":
                body["Subordinate"]!.AsObject().Remove("incidentid");
                break;
            case "no checks":
                body.Remove("PerformParentingChecks");
                break;
            case "itself":
                body["Subordinate"]!["incidentid"] = target.ToString("D");
                break;
            case "other type":
                body["Subordinate"] = new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.account", ["accountid"] = account.ToString("D") };
                break;
            case "account":
                body["Target"] = new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.account", ["accountid"] = account.ToString("D") };
                body["Subordinate"] = new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.account", ["accountid"] = Guid.NewGuid().ToString("D") };
                break;
            case "update content of another type":
                body["UpdateContent"] = new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.account", ["name"] = "x" };
                break;
        }

        using var response = await PostAsync("Merge", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Message.Should().Contain(message);
        Emulator.Rows("incidents").Should().OnlyContain(r => r["statecode"]!.GetValue<int>() == 0 && r["_masterid_value"] == null);
    }

    [Fact]
    public async Task Parenting_checks_refuse_cases_with_different_parents()
    {
        var contact = await CreateContactAsync();
        var parent = await CreateIncidentAsync(contact, "Parent");
        var target = await CreateIncidentAsync(contact, "Child", new JsonObject { ["parentcaseid@odata.bind"] = $"/incidents({parent})" });
        var subordinate = await CreateIncidentAsync(contact, "Not a child");

        using var checkedMerge = await PostAsync("Merge", Body(target, subordinate, parentingChecks: true));
        using var childOfSubordinate = await PostAsync("Merge", Body(target, parent));

        checkedMerge.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(checkedMerge)).Message.Should().Contain("different parent cases");
        childOfSubordinate.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(childOfSubordinate)).Message.Should().Contain("child case of the Subordinate");
        using var free = await PostAsync("Merge", Body(target, subordinate));
        free.StatusCode.Should().Be(HttpStatusCode.NoContent, "without the checks the parents may differ");
    }

    [Fact]
    public async Task Merge_in_a_change_set_that_fails_later_is_rolled_back()
    {
        var contact = await CreateContactAsync();
        var target = await CreateIncidentAsync(contact);
        var subordinate = await CreateIncidentAsync(contact);
        var child = await CreateIncidentAsync(contact, "Child", new JsonObject { ["parentcaseid@odata.bind"] = $"/incidents({subordinate})" });
        var before = Emulator.Find("incidents", subordinate)!.ToJsonString();
        var childBefore = Emulator.Find("incidents", child)!.ToJsonString();
        var body = $$"""
            --batch_M
            Content-Type: multipart/mixed; boundary=changeset_M

            --changeset_M
            Content-Type: application/http
            Content-Transfer-Encoding: binary
            Content-ID: 1

            POST Merge HTTP/1.1
            Content-Type: application/json

            {{Body(target, subordinate).ToJsonString()}}
            --changeset_M
            Content-Type: application/http
            Content-Transfer-Encoding: binary
            Content-ID: 2

            PATCH incidents({{Guid.NewGuid()}}) HTTP/1.1
            Content-Type: application/json
            If-Match: *

            {"title":"no such case"}
            --changeset_M--

            --batch_M--
            """;
        var content = new StringContent(body.ReplaceLineEndings("\r\n"), System.Text.Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=\"batch_M\"");

        using var response = await Client.PostAsync("$batch", content);

        (await response.Content.ReadAsStringAsync()).Should().Contain("404");
        Emulator.Find("incidents", subordinate)!.ToJsonString().Should().Be(before, "the change set is all or nothing");
        Emulator.Find("incidents", child)!.ToJsonString().Should().Be(childBefore);
    }

    private static JsonObject Body(Guid target, Guid subordinate, bool parentingChecks = false, JsonObject? update = null)
    {
        var body = new JsonObject
        {
            ["Target"] = new JsonObject { ["@odata.type"] = Incident, ["incidentid"] = target.ToString("D") },
            ["Subordinate"] = new JsonObject { ["@odata.type"] = Incident, ["incidentid"] = subordinate.ToString("D") },
            ["PerformParentingChecks"] = parentingChecks,
        };
        if (update is not null)
        {
            body["UpdateContent"] = update;
        }

        return body;
    }
}
