using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Civic311.Dataverse.Webhooks;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Civic311.Application;

namespace Civic311.Dataverse.AspNetCore.Tests;

/// <summary>The receiver on loopback Kestrel over an in-memory Civic311 with the test catalog, a fake clock and a fake reader.</summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    public const string HeaderName = "x-civic311-key";
    public const string Key = "k3y-0f-the-t3st-w3bhook-receiver";
    public const string RotatedKey = "the-n3w-k3y-after-r0tation-2026";

    private readonly WebApplication _app;

    private WebhookHost(WebApplication app, HttpClient client, FakeClock clock, RecordingStore store, FakeRecordReader reader)
    {
        _app = app;
        Client = client;
        Clock = clock;
        Store = store;
        Reader = reader;
        Requests = app.Services.GetRequiredService<ServiceRequests>();
    }

    public HttpClient Client { get; }

    public FakeClock Clock { get; }

    public RecordingStore Store { get; }

    public FakeRecordReader Reader { get; }

    public ServiceRequests Requests { get; }

    /// <summary>
    /// Starts the receiver; <paramref name="logs"/>, when given, captures every log line at Trace; <paramref name="store"/>,
    /// when given, replaces the in-memory store (a Dataverse store is then also the reader unless one is asked for), and
    /// <paramref name="civic"/> changes the Civic311 options after the test catalog's.
    /// </summary>
    public static async Task<WebhookHost> StartAsync(
        Action<DataverseWebhookOptions>? configure = null, bool withReader = true, ILoggerProvider? logs = null, IServiceRequestStore? store = null, Action<Civic311Options>? civic = null)
    {
        var clock = new FakeClock(TestCatalog.Start);
        var recording = new RecordingStore();
        var reader = new FakeRecordReader();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Trace);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        builder.Services.AddSingleton<IClock>(clock);
        builder.Services.AddSingleton<IServiceRequestStore>(store ?? recording);
        if (withReader)
        {
            builder.Services.AddSingleton<IDataverseRecordReader>(reader);
        }

        builder.Services.AddCivic311(options =>
        {
            TestCatalog.Configure(options);
            civic?.Invoke(options);
        }).AddDataverseWebhook(options =>
        {
            options.KeyName = HeaderName;
            options.Keys.Add(Key);
            options.ApplicationUserIds.Add(Payloads.AppUser);
            options.AttributeColumns["ANIMAL"] = "civic_animal";
            configure?.Invoke(options);
        });

        var app = builder.Build();
        app.UseRouting();
        app.MapDataverseWebhook();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        return new WebhookHost(app, client, clock, recording, reader);
    }

    /// <summary>Posts a body as Dataverse does, with the key in the header unless told otherwise.</summary>
    public Task<HttpResponseMessage> PostAsync(JsonObject body, string? key = Key, string query = "", bool sizeExceeded = false) =>
        PostRawAsync(body.ToJsonString(), key, query, sizeExceeded);

    public Task<HttpResponseMessage> PostRawAsync(string body, string? key = Key, string query = "", bool sizeExceeded = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/dataverse/webhook" + query)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add(HeaderName, key);
        }

        request.Headers.Add("x-ms-dynamics-organization", "civic311test.crm.dynamics.com");
        request.Headers.Add("x-ms-dynamics-entity-name", "incident");
        if (sizeExceeded)
        {
            request.Headers.Add("x-ms-dynamics-msg-size-exceeded", string.Empty);
        }

        return Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
