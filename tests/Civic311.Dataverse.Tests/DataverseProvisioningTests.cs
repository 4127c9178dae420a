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
}
