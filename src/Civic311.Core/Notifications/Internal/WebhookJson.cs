using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Notifications;

/// <summary>
/// The webhook document, written with System.Text.Json (never by a template, so every value is JSON-escaped and
/// <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quotes come out as <c>\u003C</c> and the like):
/// <c>{ id, idempotencyKey, event, audience, language, recipient, title, body, request: { … } }</c>. Instants are ISO 8601
/// UTC; absent values are left out.
/// </summary>
internal static class WebhookJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Indented = false,
    };

    public static string Write(NotificationMessage message, NotificationData data)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("id", message.Id);
            json.WriteString("idempotencyKey", message.IdempotencyKey);
            json.WriteString("event", message.Kind.TemplateName());
            json.WriteString("audience", message.Kind.Audience() == NotificationAudience.Staff ? "staff" : "resident");
            json.WriteString("language", message.Language);
            json.WriteString("recipient", message.Recipient);
            json.WriteString("title", message.Subject);
            json.WriteString("body", message.TextBody);
            json.WriteStartObject("request");
            json.WriteString("trackingNumber", data.TrackingNumber);
            Text(json, "serviceCode", data.ServiceCode);
            Text(json, "serviceName", data.ServiceName);
            Text(json, "description", data.Description);
            Text(json, "address", data.Address);
            Text(json, "district", data.District);
            json.WriteString("status", Camel(data.Status.ToString()));
            Text(json, "previousStatus", data.PreviousStatus is { } previous ? Camel(previous.ToString()) : null);
            json.WriteString("priority", Camel(data.Priority.ToString()));
            Time(json, "requestedAt", data.RequestedAt);
            Time(json, "expectedAt", data.ExpectedAt);
            Time(json, "occurredAt", data.OccurredAt);
            Text(json, "holdReason", data.HoldReason);
            Text(json, "note", data.Note);
            Text(json, "resolutionCode", data.ResolutionCode);
            Text(json, "resolutionNote", data.ResolutionNote);
            Text(json, "surveyUrl", data.SurveyUrl);
            Text(json, "statusUrl", data.StatusUrl);
            Text(json, "duplicateOf", data.DuplicateOf);
            Text(json, "agencyCode", data.AgencyCode);
            Text(json, "agencyName", data.AgencyName);
            json.WriteString("timeZone", data.TimeZone.Id);
            Text(json, "queue", data.Queue);
            Text(json, "assignee", data.Assignee);
            Text(json, "centerName", data.CenterName);
            if (data.SlaKpi is not null || data.SlaDueAt is not null)
            {
                json.WriteStartObject("sla");
                Text(json, "kpi", data.SlaKpi);
                Time(json, "dueAt", data.SlaDueAt);
                Time(json, "warningAt", data.SlaWarningAt);
                Text(json, "escalateTo", data.EscalateTo);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Text(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void Time(Utf8JsonWriter json, string name, Instant? value)
    {
        if (value is { } instant)
        {
            json.WriteString(name, InstantPattern.ExtendedIso.Format(instant));
        }
    }

    private static string Camel(string name) => char.ToLower(name[0], CultureInfo.InvariantCulture) + name[1..];
}
