using System.Net;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Tests;

/// <summary>
/// A resolved or cancelled case is read-only as on the platform: any update but its reactivation, and a second
/// CloseIncident, answer 400 CaseAlreadyResolved (0x800404cf, web-service-error-codes) and change nothing; a case is
/// resolved only through CloseIncident, never by a PATCH of <c>statecode</c> 1.
/// </summary>
public sealed class ClosedIncidentTests : EmulatorTestBase
{
    private const string AlreadyResolved = "This case has already been resolved. Close and reopen the case record to see the updates.";

    public static TheoryData<int, int> ClosedStates() => new() { { 1, 5 }, { 1, 1000 }, { 2, 6 }, { 2, 2000 } };

    [Theory]
    [MemberData(nameof(ClosedStates))]
    public async Task Patch_of_a_closed_case_answers_CaseAlreadyResolved_and_changes_nothing(int state, int reason)
    {
        var incident = await ClosedIncidentAsync(state, reason);
        var before = Emulator.Find("incidents", incident)!;

        using var edit = await PatchAsync($"incidents({incident})", new JsonObject { ["title"] = "changed", ["prioritycode"] = 1 }, ("If-Match", "*"));
        using var cancel = await PatchAsync($"incidents({incident})", new JsonObject { ["statecode"] = 2, ["statuscode"] = 6 }, ("If-Match", "*"));
        using var reason2 = await PatchAsync($"incidents({incident})", new JsonObject { ["statuscode"] = state == 1 ? 1000 : 2000 }, ("If-Match", "*"));

        foreach (var response in new[] { edit, cancel, reason2 })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ErrorAsync(response)).Should().Be(("0x800404cf", AlreadyResolved));
        }

        var after = Emulator.Find("incidents", incident)!;
        after["title"]!.GetValue<string>().Should().Be(before["title"]!.GetValue<string>());
        after["versionnumber"]!.GetValue<long>().Should().Be(before["versionnumber"]!.GetValue<long>());
        (after["statecode"]!.GetValue<int>(), after["statuscode"]!.GetValue<int>()).Should().Be((state, reason));
    }

    [Theory]
    [MemberData(nameof(ClosedStates))]
    public async Task CloseIncident_on_a_closed_case_answers_CaseAlreadyResolved(int state, int reason)
    {
        var incident = await ClosedIncidentAsync(state, reason);
        var resolutions = Emulator.Count("incidentresolutions");

        using var response = await PostAsync("CloseIncident", Close(incident, 5));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Should().Be(("0x800404cf", AlreadyResolved));
        Emulator.Count("incidentresolutions").Should().Be(resolutions);
    }

    [Theory]
    [MemberData(nameof(ClosedStates))]
    public async Task Reactivating_a_closed_case_with_other_columns_is_allowed(int state, int reason)
    {
        var incident = await ClosedIncidentAsync(state, reason);

        using var response = await PatchAsync($"incidents({incident})", new JsonObject { ["statecode"] = 0, ["statuscode"] = 1, ["title"] = "reopened" }, ("If-Match", "*"));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var row = Emulator.Find("incidents", incident)!;
        (row["statecode"]!.GetValue<int>(), row["statuscode"]!.GetValue<int>(), row["title"]!.GetValue<string>()).Should().Be((0, 1, "reopened"));
    }

    [Fact]
    public async Task Patch_of_statecode_1_is_refused_with_the_platforms_message_and_changes_nothing()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());

        using var response = await PatchAsync($"incidents({incident})", new JsonObject { ["statecode"] = 1, ["statuscode"] = 5, ["title"] = "solved" }, ("If-Match", "*"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).Message.Should().Be(
            "This message can not be used to set the state of incident to Resolved. In order to set state of incident to Resolved, use the CloseIncidentRequest message instead.");
        var row = Emulator.Find("incidents", incident)!;
        (row["statecode"]!.GetValue<int>(), row["title"]!.GetValue<string>()).Should().Be((0, "Missed pickup"));
        Emulator.Count("incidentresolutions").Should().Be(0);
    }

    [Fact]
    public async Task Patch_of_a_resolved_status_reason_alone_is_refused()
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());

        using var response = await PatchAsync($"incidents({incident})", new JsonObject { ["statuscode"] = 5 }, ("If-Match", "*"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Emulator.Find("incidents", incident)!["statecode"]!.GetValue<int>().Should().Be(0);
    }

    private async Task<Guid> ClosedIncidentAsync(int state, int reason)
    {
        var incident = await CreateIncidentAsync(await CreateContactAsync());
        using var response = state == 1
            ? await PostAsync("CloseIncident", Close(incident, reason))
            : await PatchAsync($"incidents({incident})", new JsonObject { ["statecode"] = state, ["statuscode"] = reason }, ("If-Match", "*"));
        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        return incident;
    }

    private static JsonObject Close(Guid incident, int status) => new()
    {
        ["IncidentResolution"] = new JsonObject { ["subject"] = "Done", ["incidentid@odata.bind"] = $"/incidents({incident})" },
        ["Status"] = status,
    };
}
