using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Civic311.Dataverse.Mapping;
using Civic311.Testing;
using NodaTime;

namespace Civic311.Dataverse.Tests;

/// <summary>
/// The small public surface the webhook receiver (Civic311.Dataverse.AspNetCore) uses instead of this assembly's internals:
/// incident priorities and column names, a row reader, and the webhook's registration.
/// </summary>
public sealed class WebhookSurfaceTests : DataverseStoreTestBase
{
    [Fact]
    public void IncidentPriorities_are_the_documented_values_and_round_trip()
    {
        (IncidentPriorities.High, IncidentPriorities.Normal, IncidentPriorities.Low).Should().Be((1, 2, 3));
        foreach (var priority in new[] { Priority.High, Priority.Normal, Priority.Low })
        {
            IncidentPriorities.ToPriority(IncidentPriorities.ToCode(priority)).Should().Be(priority);
        }

        IncidentPriorities.ToCode(Priority.Urgent).Should().Be(IncidentPriorities.High, "the incident table has no urgent priority");
        IncidentPriorities.ToPriority(4).Should().BeNull();
    }

    [Fact]
    public void IncidentColumns_are_the_names_the_store_writes()
    {
        var columns = new IncidentColumns("Civic");
        var schema = new DataverseSchema("Civic");

        columns.Prefix.Should().Be("civic");
        new[] { columns.TrackingNumber, columns.ServiceCode, columns.Latitude, columns.Longitude, columns.Address, columns.Document, columns.LastChangeId }
            .Should().Equal(schema.TrackingNumber, schema.ServiceCode, schema.Latitude, schema.Longitude, schema.Address, schema.Document, schema.LastChangeId);
        columns.ServiceCode.Should().Be("civic_servicecode");
    }

    [Theory]
    [InlineData("c")]
    [InlineData("1abc")]
    [InlineData("mscrmx")]
    [InlineData("toolongprefix")]
    public void IncidentColumns_refuse_an_invalid_prefix(string prefix)
    {
        IncidentColumns.IsValidPrefix(prefix).Should().BeFalse();
        var create = () => new IncidentColumns(prefix);
        create.Should().Throw<ArgumentException>().WithParameterName("prefix");
    }

    [Fact]
    public void DataverseWebhookEndpoint_refuses_what_Dataverse_would()
    {
        var url = new Uri("https://311.example.gov/hook");
        ((Action)(() => _ = new DataverseWebhookEndpoint("Civic311", url, 7, "key", []))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new DataverseWebhookEndpoint("Civic311", new Uri("/hook", UriKind.Relative), 4, "key", []))).Should().Throw<ArgumentException>();
        ((Action)(() => _ = new DataverseWebhookEndpoint(" ", url, 4, "key", []))).Should().Throw<ArgumentException>();

        var columns = new[] { "statecode" };
        var endpoint = new DataverseWebhookEndpoint("Civic311", url, DataverseWebhookEndpoint.HttpHeader, "<settings />", columns);
        columns[0] = "changed";
        endpoint.UpdateColumns.Should().Equal("statecode");
    }

    [Fact]
    public async Task RegisterWebhookAsync_without_update_columns_registers_an_unfiltered_update_step_once()
    {
        using var provisioning = new DataverseProvisioning(Environment.Http, DataverseTestEnvironment.Options(Emulator), new FakeClock(Instant.FromUtc(2026, 3, 2, 14, 0)));
        var endpoint = new DataverseWebhookEndpoint("Hooks", new Uri("https://311.example.gov/hook"), DataverseWebhookEndpoint.WebhookKey, "0123456789abcdef0123456789abcdef", []);

        var first = await provisioning.RegisterWebhookAsync(endpoint);
        var second = await provisioning.RegisterWebhookAsync(endpoint);

        first.Created.Should().Equal("service endpoint Hooks", "step Hooks: Create of incident", "step Hooks: Update of incident");
        first.AnonymousContactId.Should().BeNull();
        second.Created.Should().BeEmpty();
        second.Existing.Should().Equal(first.Created);
        Emulator.Rows("serviceendpoints").Should().ContainSingle().Which["authtype"]!.GetValue<int>().Should().Be(4);
        Emulator.Rows("sdkmessageprocessingsteps").Should().HaveCount(2).And.OnlyContain(s => s["filteringattributes"] == null);
    }

    [Fact]
    public async Task Rows_reads_through_the_stores_connection_with_the_annotations()
    {
        var contact = Emulator.Seed("contacts", new JsonObject { ["lastname"] = "Reporter", ["emailaddress1"] = "rosa@example.org" });
        var incident = Emulator.Seed("incidents", new JsonObject { ["title"] = "Pothole", ["customerid_contact@odata.bind"] = $"/contacts({contact})" });
        var before = Store.RoundTrips;

        var row = await Store.Rows.ReadAsync("incident", incident, ["title", "customerid"]);

        row.Should().NotBeNull();
        row!.Value.GetProperty("title").GetString().Should().Be("Pothole");
        row.Value.GetProperty("_customerid_value").GetGuid().Should().Be(contact);
        row.Value.GetProperty("_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname").GetString().Should().Be("contact");
        (await Store.Rows.ReadAsync("incident", Guid.NewGuid(), ["title"])).Should().BeNull();
        Store.RoundTrips.Should().Be(before + 2, "the reader shares the store's connection");
    }
}
