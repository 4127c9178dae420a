using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Notifications.Channels;

namespace Civic311.Notifications.Tests.Channels;

/// <summary>The webhook channel against a loopback receiver that verifies the HMAC signature.</summary>
public sealed class WebhookChannelTests : IAsyncLifetime
{
    private const string Secret = "s3cr3t-shared-with-the-receiver";

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    private readonly FixedTimeProvider _clock = new(Now); // the sender's
    private readonly FixedTimeProvider _receiverClock = new(Now);
    private readonly HttpClient _http = new();
    private LoopbackWebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await LoopbackWebhookReceiver.StartAsync(Secret, _receiverClock);

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task SendAsync_WebhookMessage_PostsTheSignedJsonWithTimestampAndIdempotencyKey()
    {
        var message = Render(ChannelKind.Webhook);
        var channel = Channel(ChannelKind.Webhook);

        var result = await channel.SendAsync(message);

        result.Outcome.Should().Be(DeliveryOutcome.Delivered, result.Reason);
        result.ProviderMessageId.Should().Be("rcv-1");
        var received = _receiver.Requests.Should().ContainSingle().Subject;
        received.Verification.Should().Be(WebhookVerification.Valid);
        Encoding.UTF8.GetString(received.Body).Should().Be(message.Json);
        received.Timestamp.Should().Be(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        received.Signature.Should().MatchRegex("^sha256=[0-9a-f]{64}$");
        received.IdempotencyKey.Should().Be("req-1234:resolved:webhook");
        received.ContentType.Should().Be("application/json; charset=utf-8");
    }

    [Fact]
    public async Task SendAsync_SmsBehindTheWebhook_PostsTheProviderDocument()
    {
        var message = Render(ChannelKind.Sms);

        var result = await Channel(ChannelKind.Sms).SendAsync(message);

        result.IsDelivered.Should().BeTrue(result.Reason);
        using var json = JsonDocument.Parse(_receiver.Requests.Single().Body);
        json.RootElement.GetProperty("channel").GetString().Should().Be("sms");
        json.RootElement.GetProperty("recipient").GetString().Should().Be(message.Recipient);
        json.RootElement.GetProperty("text").GetString().Should().Be(message.TextBody);
        json.RootElement.GetProperty("sms").GetProperty("segments").GetInt32().Should().Be(message.Sms!.Value.Segments);
    }

    [Fact]
    public async Task Verify_CapturedRequest_RejectsATamperedBodyAnOldTimestampAndAnotherSecret()
    {
        await Channel(ChannelKind.Webhook).SendAsync(Render(ChannelKind.Webhook));
        var received = _receiver.Requests.Single();
        var tolerance = TimeSpan.FromMinutes(5);

        WebhookSignature.Verify(Secret, received.Timestamp, received.Signature, received.Body, Now, tolerance).Should().Be(WebhookVerification.Valid);

        var tampered = (byte[])received.Body.Clone();
        tampered[^3] ^= 1;
        WebhookSignature.Verify(Secret, received.Timestamp, received.Signature, tampered, Now, tolerance).Should().Be(WebhookVerification.SignatureMismatch);
        WebhookSignature.Verify("another-secret-of-the-same-kind", received.Timestamp, received.Signature, received.Body, Now, tolerance).Should().Be(WebhookVerification.SignatureMismatch);

        var replayedAt = Now + TimeSpan.FromMinutes(6);
        WebhookSignature.Verify(Secret, received.Timestamp, received.Signature, received.Body, replayedAt, tolerance).Should().Be(WebhookVerification.TimestampOutOfTolerance);

        var shifted = (long.Parse(received.Timestamp, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        WebhookSignature.Verify(Secret, shifted, received.Signature, received.Body, Now, tolerance).Should().Be(WebhookVerification.SignatureMismatch, "the timestamp is signed");

        WebhookSignature.Verify(Secret, null, received.Signature, received.Body, Now, tolerance).Should().Be(WebhookVerification.Malformed);
        WebhookSignature.Verify(Secret, received.Timestamp, "sha1=abc", received.Body, Now, tolerance).Should().Be(WebhookVerification.Malformed);
        WebhookSignature.Verify(Secret, received.Timestamp, "sha256=" + new string('z', 64), received.Body, Now, tolerance).Should().Be(WebhookVerification.Malformed);
    }

    [Fact]
    public async Task SendAsync_SenderClockFarFromTheReceivers_IsRejectedAsAReplay()
    {
        _clock.Now = Now - TimeSpan.FromMinutes(10); // the channel signs with this time; the receiver checks against Now

        var result = await Channel(ChannelKind.Webhook).SendAsync(Render(ChannelKind.Webhook));

        result.Outcome.Should().Be(DeliveryOutcome.PermanentFailure, "the receiver answered 401");
        _receiver.Requests.Single().Verification.Should().Be(WebhookVerification.TimestampOutOfTolerance);
    }

    [Theory]
    [InlineData(200, DeliveryOutcome.Delivered)]
    [InlineData(202, DeliveryOutcome.Delivered)]
    [InlineData(408, DeliveryOutcome.TransientFailure)]
    [InlineData(429, DeliveryOutcome.TransientFailure)]
    [InlineData(500, DeliveryOutcome.TransientFailure)]
    [InlineData(503, DeliveryOutcome.TransientFailure)]
    [InlineData(400, DeliveryOutcome.PermanentFailure)]
    [InlineData(404, DeliveryOutcome.PermanentFailure)]
    [InlineData(410, DeliveryOutcome.PermanentFailure)]
    [InlineData(422, DeliveryOutcome.PermanentFailure)]
    public async Task SendAsync_ReceiverStatus_IsClassified(int status, DeliveryOutcome expected)
    {
        _receiver.Status = status;

        var result = await Channel(ChannelKind.Webhook).SendAsync(Render(ChannelKind.Webhook));

        result.Outcome.Should().Be(expected);
        if (expected != DeliveryOutcome.Delivered)
        {
            result.Reason.Should().Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task SendAsync_ReceiverTooSlow_IsTransient()
    {
        _receiver.Delay = TimeSpan.FromSeconds(30);
        var channel = new WebhookChannel(_http, new WebhookChannelOptions { Url = _receiver.Url, Secret = Secret, Timeout = TimeSpan.FromMilliseconds(200) }, _clock);

        var result = await channel.SendAsync(Render(ChannelKind.Webhook));

        result.Outcome.Should().Be(DeliveryOutcome.TransientFailure);
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsTransient()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var channel = new WebhookChannel(_http, new WebhookChannelOptions { Url = new Uri($"http://127.0.0.1:{port}/x"), Secret = Secret }, _clock);

        (await channel.SendAsync(Render(ChannelKind.Webhook))).Outcome.Should().Be(DeliveryOutcome.TransientFailure);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        _receiver.Delay = TimeSpan.FromSeconds(30);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await FluentActions.Awaiting(() => Channel(ChannelKind.Webhook).SendAsync(Render(ChannelKind.Webhook), cancellation.Token))
            .Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var act = () => new WebhookChannel(_http, new WebhookChannelOptions { Url = new Uri("ftp://x/"), Secret = "short", Kind = ChannelKind.Email, Timeout = TimeSpan.Zero, Name = " " });

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Select(e => e.Field)
            .Should().BeEquivalentTo("url", "secret", "kind", "timeout", "name");
    }

    private WebhookChannel Channel(ChannelKind kind) =>
        new(_http, new WebhookChannelOptions { Url = _receiver.Url, Secret = Secret, Kind = kind }, _clock);

    private static NotificationMessage Render(ChannelKind channel) => Samples.Renderer.Render(
        NotificationKind.Resolved, channel, Samples.For(NotificationKind.Resolved), channel == ChannelKind.Sms ? "+50761234567" : "resident:ana", "es", "req-1234:resolved:" + channel.ToString().ToLowerInvariant());
}
