using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Notifications.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Civic311.Notifications.Tests.Channels;

/// <summary>
/// A Kestrel receiver on 127.0.0.1 and a free port that verifies each request with <see cref="WebhookSignature.Verify"/>
/// (401 when it fails), keeps what it received, and answers <see cref="Status"/>.
/// </summary>
internal sealed class LoopbackWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackWebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri Url { get; private set; } = null!;

    public int Status { get; set; } = StatusCodes.Status204NoContent;

    public TimeSpan Delay { get; set; }

    /// <summary>A reason phrase to answer with, as a receiver that echoes what it refused would; null for the default.</summary>
    public string? ReasonPhrase { get; set; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public static async Task<LoopbackWebhookReceiver> StartAsync(string secret, TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new LoopbackWebhookReceiver(app);
        app.MapPost("/hooks/311", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            var headers = context.Request.Headers;
            var verification = WebhookSignature.Verify(
                secret, headers[WebhookSignature.TimestampHeader], headers[WebhookSignature.SignatureHeader], body, clock.GetUtcNow(), TimeSpan.FromMinutes(5));
            receiver.Requests.Enqueue(new Received(
                body, headers[WebhookSignature.TimestampHeader].ToString(), headers[WebhookSignature.SignatureHeader].ToString(),
                headers[WebhookSignature.IdempotencyKeyHeader].ToString(), context.Request.ContentType, verification));
            if (receiver.Delay > TimeSpan.Zero)
            {
                await Task.Delay(receiver.Delay, context.RequestAborted);
            }

            context.Response.Headers["X-Request-Id"] = "rcv-" + receiver.Requests.Count;
            context.Response.StatusCode = verification == WebhookVerification.Valid ? receiver.Status : StatusCodes.Status401Unauthorized;
            if (receiver.ReasonPhrase is { } phrase)
            {
                context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = phrase;
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address + "/hooks/311");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed record Received(byte[] Body, string Timestamp, string Signature, string IdempotencyKey, string? ContentType, WebhookVerification Verification);
}

/// <summary>A clock that stays where it is set.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
