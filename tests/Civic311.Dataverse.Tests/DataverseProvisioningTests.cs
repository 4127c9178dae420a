using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Civic311.Dataverse.Emulator;
using Civic311.Testing;
using NodaTime;

namespace Civic311.Dataverse.Tests;

public sealed class DataverseProvisioningTests : IAsyncLifetime
{
    private DataverseEmulator _emulator = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _emulator = await DataverseEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private async Task<ProvisioningReport> ProvisionAsync()
    {
        using var provisioning = new DataverseProvisioning(_http, DataverseTestEnvironment.Options(_emulator), new FakeClock(Instant.FromUtc(2026, 3, 2, 14, 0)));
        return await provisioning.ProvisionSchemaAsync();
    }

    /// <summary>Everything the metadata endpoints tell about every table: definitions, columns, keys.</summary>
    private async Task<string> MetadataAsync()
    {
        var text = new StringBuilder();
        text.Append(await _http.GetStringAsync(new System.Uri(_emulator.BaseAddress, "EntityDefinitions")));
        foreach (var table in new[] { "incident", "contact", "civic_requesthistory", "civic_outboxmessage", "civic_sequence" })
        {
            text.Append(await _http.GetStringAsync(new System.Uri(_emulator.BaseAddress, $"EntityDefinitions(LogicalName='{table}')/Attributes")));
            text.Append(await _http.GetStringAsync(new System.Uri(_emulator.BaseAddress, $"EntityDefinitions(LogicalName='{table}')/Keys")));
        }

        return text.ToString();
    }

    [Fact]
    public async Task ProvisionSchemaAsync_creates_the_schema_once_and_a_second_run_creates_nothing()
    {
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _emulator.AccessToken);
        var first = await ProvisionAsync();
        var metadata = await MetadataAsync();
        var contacts = _emulator.Count("contact");
        _emulator.ClearRequests();

        var second = await ProvisionAsync();

        first.Created.Should().Contain(["table civic_requesthistory", "table civic_outboxmessage", "table civic_sequence", "column incident.civic_document",
            "alternate key incident.civic_trackingnumber_key", "lookup civic_requesthistory.civic_incidentid", "alternate key civic_sequence.civic_sequence_name_key"]);
        first.Created.Should().Contain(c => c.StartsWith("contact Anonymous resident", System.StringComparison.Ordinal));
        first.Existing.Should().BeEmpty();
        second.Created.Should().BeEmpty();
        second.Existing.Should().BeEquivalentTo(first.Created);
        second.AnonymousContactId.Should().Be(first.AnonymousContactId);
        (await MetadataAsync()).Should().Be(metadata);
        _emulator.Count("contact").Should().Be(contacts);
        _emulator.Requests.Should().OnlyContain(r => r.Method == "GET");
        _emulator.Find("contact", first.AnonymousContactId!.Value)!["fullname"]!.GetValue<string>().Should().Be("Anonymous resident");
    }

    [Fact]
    public async Task ProvisionSchemaAsync_uses_the_configured_prefix_for_every_name()
    {
        using var provisioning = new DataverseProvisioning(_http, DataverseTestEnvironment.Options(_emulator, o => o.Prefix = "nyc311"), new FakeClock(Instant.FromUtc(2026, 3, 2, 14, 0)));

        var report = await provisioning.ProvisionSchemaAsync();

        report.Created.Where(c => !c.StartsWith("contact", System.StringComparison.Ordinal))
            .Should().OnlyContain(c => c.Contains("nyc311_", System.StringComparison.Ordinal));
        _emulator.Count("nyc311_outboxmessage").Should().Be(0);
    }

    // Creates whose answer is lost: the platform committed them, the connection dropped, the client retried and was refused
    // as a duplicate ("... is not unique", 412 for rows). One run must still finish.
    /// <summary>Drops the answer of the first attempt of every POST (after committing it); its retry goes through.</summary>
    private void DropTheAnswerOfEachCreateOnce()
    {
        var drop = false;
        _emulator.Faults.AppliesTo = (method, _) => method == "POST" && (drop = !drop);
        _emulator.Faults.DropConnectionOnApplyThenFail = true;
        _emulator.Faults.ApplyThenFailRate = 1;
    }

    [Fact]
    public async Task ProvisionSchemaAsync_finishes_in_one_run_when_the_answer_of_each_create_is_lost_once()
    {
        DropTheAnswerOfEachCreateOnce();

        var first = await ProvisionAsync();

        var dropped = _emulator.Requests.Where(r => r.Fault == InjectedFault.AppliedThenDropped).ToList();
        dropped.Should().HaveCount(first.Created.Count, "every create's first answer was lost").And.OnlyContain(r => r.Method == "POST");
        _emulator.Requests.Where(r => r.Method == "POST" && r.Fault == InjectedFault.None)
            .Should().HaveCount(first.Created.Count).And.OnlyContain(r => r.Status == 400 || r.Status == 412, "each retry is refused as a duplicate");
        first.Created.Should().Contain(["table civic_requesthistory", "column incident.civic_document", "alternate key contact.civic_reporterkey_key",
            "lookup civic_requesthistory.civic_incidentid", "alternate key civic_sequence.civic_sequence_name_key"]);
        first.Existing.Should().BeEmpty();
        _emulator.Count("contact").Should().Be(1, "the anonymous contact, once");

        _emulator.Faults.Reset();
        var second = await ProvisionAsync();
        second.Created.Should().BeEmpty("the first run finished the schema");
        second.Existing.Should().BeEquivalentTo(first.Created);
    }

    [Fact]
    public async Task A_retried_metadata_create_is_refused_as_not_unique_with_the_platforms_code()
    {
        await ProvisionAsync();
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _emulator.AccessToken);
        var column = DataverseProvisioning.Column.Text("civic_servicecode", "Service code", 100).ToJson(isPrimaryName: false).ToJsonString();

        using var response = await _http.PostAsync(
            new Uri(_emulator.BaseAddress, "EntityDefinitions(LogicalName='incident')/Attributes"), new StringContent(column, System.Text.Encoding.UTF8, "application/json"));

        ((int)response.StatusCode).Should().Be(400);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("0x80047013").And.Contain("The schema name civic_servicecode for type Attribute is not unique.");
    }

    [Fact]
    public async Task A_column_that_exists_with_another_type_is_a_clear_error_naming_it()
    {
        _emulator.AddColumn("incident", "civic_servicecode", DataverseColumnType.Integer);
        var act = ProvisionAsync;

        var error = (await act.Should().ThrowAsync<DataverseException>()).Which;
        error.Message.Should().Contain("column incident.civic_servicecode").And.Contain("AttributeType is 'Integer', Civic311 needs 'String'");
        _emulator.Requests.Should().NotContain(r => r.Method == "POST" && r.Path == "EntityDefinitions", "the run stops there: no table is created");
    }
}
