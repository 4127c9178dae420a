using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Tests;

/// <summary>Starts one emulator per test, with an HttpClient that talks to it over loopback.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    private DataverseEmulator? _emulator;
    private HttpClient? _client;

    protected DataverseEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    protected HttpClient Client => _client ?? throw new InvalidOperationException("Not started.");

    protected FixedTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 14, 30, 15, TimeSpan.Zero));

    public virtual async Task InitializeAsync()
    {
        _emulator = await DataverseEmulator.StartAsync(Configure(new DataverseEmulatorOptions { TimeProvider = Clock }));
        _client = _emulator.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    protected virtual DataverseEmulatorOptions Configure(DataverseEmulatorOptions options) => options;

    protected static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    protected Task<HttpResponseMessage> PostAsync(string path, JsonObject body, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, path, body, headers);

    protected Task<HttpResponseMessage> PatchAsync(string path, JsonObject body, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Patch, path, body, headers);

    protected Task<HttpResponseMessage> GetAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, path, null, headers);

    protected Task<HttpResponseMessage> DeleteAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Delete, path, null, headers);

    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }

    protected static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    protected static async Task<(string Code, string Message)> ErrorAsync(HttpResponseMessage response)
    {
        var error = (await ReadAsync(response))["error"]!;
        return (error["code"]!.GetValue<string>(), error["message"]!.GetValue<string>());
    }

    protected static Guid IdFrom(HttpResponseMessage response)
    {
        var url = response.Headers.GetValues("OData-EntityId").Single();
        return Guid.Parse(url[(url.LastIndexOf('(') + 1)..^1]);
    }

    protected async Task<Guid> CreateContactAsync(string first = "Ana", string last = "Lopez", string? email = null)
    {
        var body = new JsonObject { ["firstname"] = first, ["lastname"] = last };
        if (email is not null)
        {
            body["emailaddress1"] = email;
        }

        using var response = await PostAsync("contacts", body);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.NoContent);
        return IdFrom(response);
    }

    protected async Task<Guid> CreateIncidentAsync(Guid contact, string title = "Missed pickup", JsonObject? extra = null)
    {
        var body = new JsonObject { ["title"] = title, ["customerid_contact@odata.bind"] = $"/contacts({contact})" };
        foreach (var (name, value) in extra ?? [])
        {
            body[name] = value?.DeepClone();
        }

        using var response = await PostAsync("incidents", body);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        return IdFrom(response);
    }

    protected static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}

/// <summary>A clock the test sets.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
