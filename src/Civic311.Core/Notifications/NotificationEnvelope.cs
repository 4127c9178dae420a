using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using Civic311.Internal;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Notifications;

/// <summary>
/// What an outbox message carries: the rendered notification and the delivery constraints that go with it (a resident's
/// quiet hours). Written as the outbox payload when the change is committed, read back by the dispatcher.
/// </summary>
/// <param name="Message">The rendered message.</param>
/// <param name="QuietHours">When the recipient must not be contacted (SMS); <see langword="null"/> for any time.</param>
public sealed record NotificationEnvelope(NotificationMessage Message, QuietHours? QuietHours = null)
{
    private static readonly LocalTimePattern TimeFormat = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    /// <summary>Writes the envelope as the JSON payload of an outbox message.</summary>
    /// <returns>The JSON.</returns>
    public string ToPayload()
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var m = Message;
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteString("id", m.Id);
            writer.WriteString("idempotencyKey", m.IdempotencyKey);
            writer.WriteString("kind", m.Kind.ToString());
            writer.WriteString("channel", m.Channel.ToString());
            writer.WriteString("recipient", m.Recipient);
            writer.WriteString("language", m.Language);
            writer.WriteString("trackingNumber", m.TrackingNumber);
            Optional(writer, "subject", m.Subject);
            Optional(writer, "htmlBody", m.HtmlBody);
            Optional(writer, "textBody", m.TextBody);
            Optional(writer, "json", m.Json);
            if (QuietHours is { } quiet)
            {
                writer.WriteStartObject("quietHours");
                writer.WriteString("start", TimeFormat.Format(quiet.Start));
                writer.WriteString("end", TimeFormat.Format(quiet.End));
                writer.WriteString("zone", quiet.Zone.Id);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads an envelope from an outbox payload.</summary>
    /// <param name="payload">The JSON written by <see cref="ToPayload"/>.</param>
    /// <returns>The envelope.</returns>
    /// <exception cref="FormatException">The payload is not an envelope (the message says which field).</exception>
    public static NotificationEnvelope Parse(string payload)
    {
        Guard.NotNull(payload);
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var channel = Enum.Parse<ChannelKind>(Required(root, "channel"));
            var text = Optional(root, "textBody");
            var message = new NotificationMessage
            {
                Id = root.GetProperty("id").GetGuid(),
                IdempotencyKey = Required(root, "idempotencyKey"),
                Kind = Enum.Parse<NotificationKind>(Required(root, "kind")),
                Channel = channel,
                Recipient = Required(root, "recipient"),
                Language = Required(root, "language"),
                TrackingNumber = Required(root, "trackingNumber"),
                Subject = Optional(root, "subject"),
                HtmlBody = Optional(root, "htmlBody"),
                TextBody = text,
                Json = Optional(root, "json"),
                Sms = channel == ChannelKind.Sms && text is not null ? SmsSegments.Count(text) : null,
            };
            QuietHours? quiet = null;
            if (root.TryGetProperty("quietHours", out var q) && q.ValueKind == JsonValueKind.Object)
            {
                var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(Required(q, "zone")) ?? throw new FormatException("quietHours.zone is not a known time zone.");
                quiet = new QuietHours(TimeFormat.Parse(Required(q, "start")).GetValueOrThrow(), TimeFormat.Parse(Required(q, "end")).GetValueOrThrow(), zone);
            }

            return new NotificationEnvelope(message, quiet);
        }
        catch (Exception ex) when (ex is JsonException or System.Collections.Generic.KeyNotFoundException or InvalidOperationException or ArgumentException or UnparsableValueException)
        {
            throw new FormatException($"The outbox payload is not a notification envelope: {ex.Message}", ex);
        }
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"'{name}' is missing.");

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
