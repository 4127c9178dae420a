using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Notifications.Channels;

/// <summary>
/// Posts notifications as JSON to an HTTP endpoint, signed with HMAC-SHA256 (see <see cref="WebhookSignature"/>), with the
/// signing time and the idempotency key in headers. Webhook messages are posted as rendered
/// (<see cref="NotificationMessage.Json"/>); SMS and push messages, for a provider behind the webhook, as
/// <c>{ id, idempotencyKey, event, channel, language, recipient, title, text, trackingNumber, sms }</c>.
/// </summary>
/// <remarks>
/// A 2xx reply is delivered; 408, 429, 5xx, a timeout or a connection failure is a
/// <see cref="DeliveryOutcome.TransientFailure"/>; any other reply a <see cref="DeliveryOutcome.PermanentFailure"/>.
/// </remarks>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed class WebhookChannel : INotificationChannel
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _httpClient;
    private readonly WebhookChannelOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the channel.</summary>
    /// <param name="httpClient">The client to post with (from <c>IHttpClientFactory</c> or shared); the channel does not dispose it.</param>
    /// <param name="options">The options; validated now.</param>
    /// <param name="timeProvider">The clock of the signing timestamps; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="Civic311ValidationException">The options are invalid; every problem is listed.</exception>
    public WebhookChannel(HttpClient httpClient, WebhookChannelOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("webhook channel options", errors);
        }

        _httpClient = httpClient;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    public ChannelKind Kind => _options.Kind;

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ChannelChecks.ForKind(message, _options.Kind);
        cancellationToken.ThrowIfCancellationRequested();
        var body = Encoding.UTF8.GetBytes(message.Json ?? ProviderJson(message));
        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = Json;
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_options.Secret!, timestamp, body));
        request.Headers.Add(WebhookSignature.IdempotencyKeyHeader, message.IdempotencyKey);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return Classify(response);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return DeliveryResult.Transient($"The webhook did not answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        catch (HttpRequestException exception)
        {
            return DeliveryResult.Transient("The webhook could not be reached: " + PersonalData.Redact(exception.Message));
        }
    }

    private static DeliveryResult Classify(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var id = response.Headers.TryGetValues("X-Request-Id", out var values) ? string.Join(",", values) : null;
            return DeliveryResult.Delivered(id);
        }

        // A receiver's reason phrase is third-party text that may echo the payload's recipient.
        var reason = $"HTTP {status} {PersonalData.Redact(response.ReasonPhrase)}";
        return response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500
            ? DeliveryResult.Transient(reason)
            : DeliveryResult.Permanent(reason);
    }

    private static string ProviderJson(NotificationMessage message)
    {
        using var stream = new System.IO.MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("id", message.Id);
            json.WriteString("idempotencyKey", message.IdempotencyKey);
            json.WriteString("event", message.Kind.TemplateName());
            json.WriteString("channel", message.Channel.ToString().ToLowerInvariant());
            json.WriteString("language", message.Language);
            json.WriteString("recipient", message.Recipient);
            json.WriteString("trackingNumber", message.TrackingNumber);
            if (message.Subject is not null)
            {
                json.WriteString("title", message.Subject);
            }

            json.WriteString("text", message.TextBody);
            if (message.Sms is { } sms)
            {
                json.WriteStartObject("sms");
                json.WriteString("encoding", sms.Encoding == SmsEncoding.Gsm7 ? "gsm7" : "ucs2");
                json.WriteNumber("units", sms.Units);
                json.WriteNumber("segments", sms.Segments);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
