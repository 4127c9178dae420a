using Microsoft.Extensions.DependencyInjection;
using Civic311.Dataverse.Emulator;
using Civic311.Dataverse.Webhooks;
using Civic311.Storage.Specification;
using Civic311.Testing;

namespace Civic311.Dataverse.AspNetCore.Tests;

public sealed class DataverseWebhookRegistrationTests : IAsyncLifetime
{
    private static readonly Uri Url = new("https://311.example.gov/dataverse/webhook");
    private DataverseEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await DataverseEmulator.StartAsync();
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private DataverseWebhookRegistration Registration() => new(
        _http,
        new DataverseOptions { EnvironmentUrl = _emulator.OrganizationUri, TokenProvider = new StaticToken(_emulator.AccessToken), MaxRetries = 1 },
        new FakeClock(TestCatalog.Start));

    private static DataverseWebhookOptions Webhook(DataverseWebhookAuthentication mode = DataverseWebhookAuthentication.HttpHeader)
    {
        var options = new DataverseWebhookOptions { Authentication = mode, ServiceCodeColumn = "subjectid" };
        options.Keys.Add(WebhookHost.Key);
        options.Keys.Add(WebhookHost.RotatedKey);
        return options;
    }

    [Fact]
    public async Task Register_CreatesTheEndpointAndTheCreateAndUpdateSteps()
    {
        using var registration = Registration();

        var report = await registration.RegisterAsync(Url, Webhook());

        report.Created.Should().Equal("service endpoint Civic311", "step Civic311: Create of incident", "step Civic311: Update of incident");
        var endpoint = _emulator.Rows("serviceendpoints").Should().ContainSingle().Subject;
        endpoint["contract"]!.GetValue<int>().Should().Be(8);
        endpoint["authtype"]!.GetValue<int>().Should().Be(5);
        endpoint["messageformat"]!.GetValue<int>().Should().Be(2);
        endpoint["url"]!.GetValue<string>().Should().Be(Url.AbsoluteUri);
        var endpointId = endpoint["serviceendpointid"]!.GetValue<string>();

        var steps = _emulator.Rows("sdkmessageprocessingsteps");
        steps.Should().HaveCount(2);
        foreach (var step in steps)
        {
            step["stage"]!.GetValue<int>().Should().Be(40);
            step["mode"]!.GetValue<int>().Should().Be(1);
            step["_eventhandler_value"]!.GetValue<string>().Should().Be(endpointId);
        }

        var update = steps.Single(s => s["name"]!.GetValue<string>().Contains("Update", StringComparison.Ordinal));
        update["filteringattributes"]!.GetValue<string>().Split(',').Should().BeEquivalentTo("statecode", "statuscode", "prioritycode", "ownerid", "masterid", "civic_servicecode", "subjectid");
        update["_sdkmessageid_value"]!.GetValue<string>().Should().Be("00000002-0000-0000-0000-5d4e55a9e000", "the seeded Update message");
        update["_sdkmessagefilterid_value"]!.GetValue<string>().Should().Be("00000002-0001-0000-0000-5d4e55af1000", "the seeded Update filter for incident");
        var create = steps.Single(s => s["name"]!.GetValue<string>().Contains("Create", StringComparison.Ordinal));
        create["filteringattributes"].Should().BeNull();
    }

    [Fact]
    public async Task Register_WhenTheAnswerOfEachCreateIsLostOnce_FinishesInOneRunWithOneRowEach()
    {
        // Each POST is committed and its connection dropped; the retry is refused as a duplicate key (deterministic ids).
        var drop = false;
        _emulator.Faults.AppliesTo = (method, _) => method == "POST" && (drop = !drop);
        _emulator.Faults.DropConnectionOnApplyThenFail = true;
        _emulator.Faults.ApplyThenFailRate = 1;
        using var registration = new DataverseWebhookRegistration(
            _http,
            new DataverseOptions
            {
                EnvironmentUrl = _emulator.OrganizationUri, TokenProvider = new StaticToken(_emulator.AccessToken),
                BaseRetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            },
            new FakeClock(TestCatalog.Start));

        var report = await registration.RegisterAsync(Url, Webhook());

        report.Created.Should().Equal("service endpoint Civic311", "step Civic311: Create of incident", "step Civic311: Update of incident");
        _emulator.Requests.Count(r => r.Fault == InjectedFault.AppliedThenDropped).Should().Be(3);
        _emulator.Requests.Where(r => r.Method == "POST" && r.Fault == InjectedFault.None).Should().HaveCount(3).And.OnlyContain(r => r.Status == 412);
        var endpoint = _emulator.Rows("serviceendpoints").Should().ContainSingle().Subject;
        _emulator.Rows("sdkmessageprocessingsteps").Should().HaveCount(2)
            .And.OnlyContain(step => step["_eventhandler_value"]!.GetValue<string>() == endpoint["serviceendpointid"]!.GetValue<string>());

        _emulator.Faults.Reset();
        (await registration.RegisterAsync(Url, Webhook())).Created.Should().BeEmpty();
    }

    [Fact]
    public async Task Register_Twice_ChangesNothing()
    {
        using var registration = Registration();
        await registration.RegisterAsync(Url, Webhook());
        var before = _emulator.Rows("serviceendpoints").Concat(_emulator.Rows("sdkmessageprocessingsteps")).Select(r => r.ToJsonString()).ToList();
        _emulator.ClearRequests();

        var report = await registration.RegisterAsync(Url, Webhook());

        report.Created.Should().BeEmpty();
        report.Existing.Should().HaveCount(3);
        _emulator.Rows("serviceendpoints").Concat(_emulator.Rows("sdkmessageprocessingsteps")).Select(r => r.ToJsonString()).Should().Equal(before);
        _emulator.Requests.Should().OnlyContain(r => r.Method == "GET", "a second run only reads");
    }

    [Fact]
    public void AuthValue_HeaderAndQueryString_UseTheSettingsForm()
    {
        var header = Webhook();
        header.KeyName = "x-key";
        var query = Webhook(DataverseWebhookAuthentication.QueryString);
        query.KeyName = "k";

        DataverseWebhookRegistration.AuthValue(header).Should().Be($"<settings><setting name=\"x-key\" value=\"{WebhookHost.Key}\" /></settings>");
        DataverseWebhookRegistration.AuthValue(query).Should().Be($"<settings><setting name=\"k\" value=\"{WebhookHost.Key}\" /></settings>");
        DataverseWebhookRegistration.AuthValue(Webhook(DataverseWebhookAuthentication.WebhookKey)).Should().Be(WebhookHost.Key);
    }

    [Fact]
    public async Task Register_BadUrl_IsRefusedBeforeAnyCall()
    {
        using var registration = Registration();

        var register = () => registration.RegisterAsync(new Uri("https://311.example.gov:8443/hook?code=x"), Webhook(DataverseWebhookAuthentication.WebhookKey));

        var error = (await register.Should().ThrowAsync<Civic311ValidationException>()).Which;
        error.Errors.Select(e => e.Field).Should().Equal("url", "url");
        _emulator.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Registration_resolves_from_the_container_on_the_store_connection()
    {
        var services = new ServiceCollection();
        services.AddSingleton<NodaTime.IClock>(new FakeClock(TestCatalog.Start));
        services.AddCivic311(TestCatalog.Configure)
            .AddDataverseStore(o =>
            {
                o.EnvironmentUrl = _emulator.OrganizationUri;
                o.TokenProvider = new StaticToken(_emulator.AccessToken);
            })
            .AddDataverseWebhook(o =>
            {
                o.Keys.Add(WebhookHost.Key);
                o.ServiceCodeColumn = "subjectid";
            });
        await using var provider = services.BuildServiceProvider();
        var webhook = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataverseWebhookOptions>>().Value;

        using var registration = provider.GetRequiredService<DataverseWebhookRegistration>();
        var report = await registration.RegisterAsync(Url, webhook);

        report.Created.Should().HaveCount(3);
        _emulator.Rows("serviceendpoints").Should().ContainSingle();
    }

    [Fact]
    public async Task Registration_without_the_dataverse_store_says_what_to_add()
    {
        var services = new ServiceCollection();
        services.AddSingleton<NodaTime.IClock>(new FakeClock(TestCatalog.Start));
        services.AddCivic311(TestCatalog.Configure).AddInMemoryStore().AddDataverseWebhook(o => o.Keys.Add(WebhookHost.Key));
        await using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<DataverseWebhookRegistration>();

        resolve.Should().Throw<InvalidOperationException>().WithMessage("*AddDataverseStore*");
    }

    [Fact]
    public async Task Register_OnAnotherPort_CitesThePlatformRule()
    {
        using var registration = Registration();

        var register = () => registration.RegisterAsync(new Uri("https://localhost:5001/hook"), Webhook());

        var error = (await register.Should().ThrowAsync<Civic311ValidationException>()).Which;
        error.Errors.Should().ContainSingle().Which.Message.Should().Contain("learn.microsoft.com/power-apps/developer/data-platform/register-web-hook").And.Contain("5001");
    }

    private sealed class StaticToken(string token) : IDataverseTokenProvider
    {
        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(token);
    }
}

public sealed class WebApiRecordReaderTests : IAsyncLifetime
{
    private Civic311.Dataverse.Emulator.DataverseEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await Civic311.Dataverse.Emulator.DataverseEmulator.StartAsync();
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task ReadAsync_Incident_TypesLookupsAsReferences()
    {
        var contact = _emulator.Seed("contacts", new System.Text.Json.Nodes.JsonObject { ["lastname"] = "Reporter", ["emailaddress1"] = "rosa@example.org" });
        var incident = _emulator.Seed("incidents", new System.Text.Json.Nodes.JsonObject
        {
            ["title"] = "Pothole",
            ["prioritycode"] = 1,
            ["customerid_contact@odata.bind"] = $"/contacts({contact})",
        });
        var reader = new Civic311.Dataverse.Webhooks.Internal.WebApiRecordReader(new DataverseRowReader(
            _http, new DataverseOptions { EnvironmentUrl = _emulator.OrganizationUri, TokenProvider = new Token(_emulator.AccessToken) }, new FakeClock(TestCatalog.Start)));

        var row = await reader.ReadAsync("incident", incident, ["title", "prioritycode", "customerid"]);

        row!.Attributes["title"].Should().Be("Pothole");
        row.Attributes["prioritycode"].Should().Be(1);
        row.Attributes["customerid"].Should().BeOfType<Civic311.Dataverse.Webhooks.DataverseEntityReference>()
            .Which.Should().Match<Civic311.Dataverse.Webhooks.DataverseEntityReference>(r => r.Id == contact && r.LogicalName == "contact");
        (await reader.ReadAsync("incident", Guid.NewGuid(), ["title"])).Should().BeNull();
    }

    private sealed class Token(string token) : IDataverseTokenProvider
    {
        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(token);
    }
}
