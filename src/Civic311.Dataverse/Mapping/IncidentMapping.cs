using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Dataverse.Mapping;

/// <summary>How a service request maps onto an <c>incident</c> row, its history rows and its outbox rows.</summary>
internal sealed class IncidentMapping
{
    private const int TitleMax = 200;
    private const int DescriptionMax = 2000;
    private static readonly InstantPattern DateTimeFormat = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'");

    private readonly DataverseSchema _schema;

    public IncidentMapping(DataverseSchema schema)
    {
        _schema = schema;
    }

    /// <summary>incident.caseorigincode where a standard value exists (1 Phone, 2 Email, 3 Web, 2483 Facebook); the exact channel is kept in its own column.</summary>
    public static int? OriginCode(Channel channel) => channel switch
    {
        Channel.Phone => 1,
        Channel.Email => 2,
        Channel.Web or Channel.MobileApp or Channel.Api => 3,
        Channel.Social => 2483,
        _ => null,
    };

    /// <summary>The incident columns of a request (everything but state, which depends on the transition).</summary>
    public JsonObject ToIncident(ServiceRequest request, Guid changeId, Guid? customerContactId)
    {
        var s = _schema;
        var row = new JsonObject
        {
            ["title"] = Truncate($"{request.TrackingNumber} {request.ServiceCode}", TitleMax),
            ["description"] = request.Description is null ? null : Truncate(request.Description, DescriptionMax),
            ["prioritycode"] = IncidentPriorities.ToCode(request.Priority),
            ["caseorigincode"] = OriginCode(request.Channel),
            [s.TrackingNumber] = request.TrackingNumber,
            [s.ServiceCode] = request.ServiceCode,
            [s.Agency] = request.Agency,
            [s.Queue] = request.Queue,
            [s.Assignee] = request.Assignee,
            [s.Status] = request.Status.ToString(),
            [s.Column("channel")] = request.Channel.ToString(),
            [s.Latitude] = request.Location?.Point?.Latitude,
            [s.Longitude] = request.Location?.Point?.Longitude,
            [s.Address] = request.Location?.Address,
            [s.RequestedTicks] = request.RequestedAt.ToUnixTimeTicks(),
            [s.UpdatedTicks] = request.UpdatedAt.ToUnixTimeTicks(),
            [s.RequestedKey] = SortKey(request.RequestedAt, request.Id),
            [s.UpdatedKey] = SortKey(request.UpdatedAt, request.Id),
            [s.NextSlaCheckTicks] = request.NextSlaCheckAt?.ToUnixTimeTicks(),
            [s.RequestedOn] = FormatDate(request.RequestedAt),
            [s.ExpectedOn] = request.ExpectedAt is { } expected ? FormatDate(expected) : null,
            [s.FirstResponseBy] = request.CurrentSla(Civic311.Sla.SlaTarget.FirstResponse) is { Status: not Civic311.Sla.SlaStatus.Cancelled } firstResponse
                ? FormatDate(firstResponse.DueAt)
                : null,
            [s.AttributeValues] = AttributesJson(request),
            [s.DuplicateOf] = request.DuplicateOf?.ToString(),
            [s.DuplicateCount] = request.DuplicateCount,
            [s.Document] = ServiceRequestDocument.ToJson(request),
            [s.LastChangeId] = changeId.ToString("D"),
        };
        if (customerContactId is { } contact)
        {
            row["customerid_contact@odata.bind"] = $"/contacts({contact:D})";
        }

        return row;
    }

    /// <summary>A history row, with an id derived from the request and the sequence so that writing it twice is detected.</summary>
    public JsonObject ToHistory(ServiceRequest request, HistoryEntry entry, Guid changeId)
    {
        var s = _schema;
        var changes = new ArrayBufferWriterText();
        using (var writer = new Utf8JsonWriter(changes.Buffer))
        {
            ServiceRequestDocument.WriteEntry(writer, entry);
        }

        return new JsonObject
        {
            [s.HistoryId] = HistoryRowId(request.Id, entry.Sequence).ToString("D"),
            [s.Column("name")] = Truncate($"{request.TrackingNumber} #{entry.Sequence} {entry.Action}", 100),
            [$"{s.HistoryIncidentNavigation}@odata.bind"] = $"/incidents({request.Id})",
            [s.Column("sequence")] = entry.Sequence,
            [s.Column("action")] = entry.Action.ToString(),
            [s.Column("occurredon")] = FormatDate(entry.OccurredAt),
            [s.Column("actor")] = entry.Actor,
            [s.Column("fromstatus")] = entry.FromStatus?.ToString(),
            [s.Column("tostatus")] = entry.ToStatus.ToString(),
            [s.Column("note")] = entry.Note,
            [s.Column("notevisibility")] = entry.NoteVisibility.ToString(),
            [s.Column("entry")] = changes.Text,
            [s.ChangeId] = changeId.ToString("D"),
        };
    }

    /// <summary>
    /// An outbox row; its id is the message id (the idempotency key), so a repeated write cannot duplicate it. A new row
    /// (<paramref name="changeId"/> given) carries its key and the id of the change that wrote it.
    /// </summary>
    public JsonObject ToOutbox(OutboxMessage message, Guid? changeId = null)
    {
        var s = _schema;
        var row = new JsonObject
        {
            [s.Column("name")] = Truncate($"{message.Kind} to {message.Recipient}", 100),
            [s.Column("requestid")] = message.RequestId.ToString(),
            [s.Column("channel")] = message.Channel,
            [s.Column("kind")] = message.Kind,
            [s.Column("recipient")] = message.Recipient,
            [s.Column("payload")] = message.Payload,
            [s.Column("createdticks")] = message.CreatedAt.ToUnixTimeTicks(),
            [s.Column("state")] = message.State.ToString(),
            [s.Column("attempts")] = message.Attempts,
            [s.Column("nextattemptticks")] = message.NextAttemptAt.ToUnixTimeTicks(),
            [s.Column("claimableticks")] = ClaimableAt(message).ToUnixTimeTicks(),
            [s.Column("lockeduntilticks")] = message.LockedUntil?.ToUnixTimeTicks(),
            [s.Column("lockedby")] = message.LockedBy,
            [s.Column("lasterror")] = message.LastError is null ? null : Truncate(message.LastError, 4000),
            [s.Column("deliveredticks")] = message.DeliveredAt?.ToUnixTimeTicks(),
            [s.Column("providermessageid")] = message.ProviderMessageId,
        };
        if (changeId is { } change)
        {
            row[s.OutboxId] = message.Id.ToString("D");
            row[s.ChangeId] = change.ToString("D");
        }

        return row;
    }

    public OutboxMessage FromOutbox(JsonElement row)
    {
        var s = _schema;
        var message = new OutboxMessage(
            row.GetProperty(s.OutboxId).GetGuid(),
            new ServiceRequestId(Guid.Parse(row.GetProperty(s.Column("requestid")).GetString()!)),
            row.GetProperty(s.Column("channel")).GetString()!,
            row.GetProperty(s.Column("kind")).GetString()!,
            row.GetProperty(s.Column("recipient")).GetString() ?? string.Empty,
            row.GetProperty(s.Column("payload")).GetString() ?? string.Empty,
            Instant.FromUnixTimeTicks(row.GetProperty(s.Column("createdticks")).GetInt64()));
        return message with
        {
            State = Enum.Parse<OutboxState>(row.GetProperty(s.Column("state")).GetString()!),
            Attempts = row.GetProperty(s.Column("attempts")).GetInt32(),
            NextAttemptAt = Instant.FromUnixTimeTicks(row.GetProperty(s.Column("nextattemptticks")).GetInt64()),
            LockedUntil = Ticks(row, s.Column("lockeduntilticks")),
            LockedBy = Text(row, s.Column("lockedby")),
            LastError = Text(row, s.Column("lasterror")),
            DeliveredAt = Ticks(row, s.Column("deliveredticks")),
            ProviderMessageId = Text(row, s.Column("providermessageid")),
            Version = Text(row, "@odata.etag"),
        };
    }

    /// <summary>When a pending message can next be claimed: the later of its next attempt and the end of a live lock.</summary>
    public static Instant ClaimableAt(OutboxMessage message) =>
        message.LockedUntil is { } until && until > message.NextAttemptAt ? until : message.NextAttemptAt;

    /// <summary>A stable id for a history row: version-5-style, from the request id and the entry's sequence.</summary>
    public static Guid HistoryRowId(ServiceRequestId requestId, int sequence)
    {
        Span<byte> input = stackalloc byte[20];
        requestId.Value.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], sequence);
        return DataverseSchema.DeterministicId(input);
    }

    private static string? AttributesJson(ServiceRequest request)
    {
        if (request.Attributes.Count == 0)
        {
            return null;
        }

        var json = new JsonObject();
        foreach (var (code, values) in request.Attributes)
        {
            var array = new JsonArray();
            foreach (var value in values)
            {
                array.Add(value);
            }

            json[code] = array;
        }

        return json.ToJsonString();
    }

    /// <summary>A string whose ordinal order is the order by instant, then id (instants from 1970 on).</summary>
    public static string SortKey(Instant instant, ServiceRequestId id) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, instant.ToUnixTimeTicks()):D19}{id.Value:N}");

    public static string FormatDate(Instant instant) => DateTimeFormat.Format(instant);

    private static Instant? Ticks(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? Instant.FromUnixTimeTicks(value.GetInt64()) : null;

    private static string? Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>A small UTF-8 buffer that hands back its text.</summary>
    private sealed class ArrayBufferWriterText
    {
        public System.Buffers.ArrayBufferWriter<byte> Buffer { get; } = new(512);

        public string Text => Encoding.UTF8.GetString(Buffer.WrittenSpan);
    }

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
