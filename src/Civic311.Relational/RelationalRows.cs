using System;
using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Relational;

/// <summary>Rows to and from requests, history entries and outbox messages; the request itself travels whole as its
/// <see cref="ServiceRequestDocument"/>, the other columns are copies for indexes and a DBA.</summary>
internal static class RelationalRows
{
    public const string RequestColumns =
        "id, tracking_number, tracking_key, status, service_code, service_code_key, agency, agency_key, queue, queue_key, priority, channel, " +
        "requested_at, updated_at, next_sla_check_at, has_location, latitude, longitude, duplicate_of, version, document";

    public const string OutboxColumns =
        "id, request_id, channel, kind, recipient, payload, created_at, state, attempts, next_attempt_at, locked_until, locked_by, last_error, " +
        "delivered_at, provider_message_id, claimable_at, version";

    /// <summary>The values of <see cref="RequestColumns"/> after <c>id</c>, in order, as <c>INSERT</c> values.</summary>
    public static SqlStatement InsertRequest(ServiceRequest request, long version)
    {
        var sql = new SqlStatement().Append($"INSERT INTO {RelationalSchema.Requests} ({RequestColumns}) VALUES (").Value(RelationalValues.Id(request.Id));
        foreach (var value in IndexedValues(request))
        {
            sql.Append(", ").Value(value);
        }

        return sql.Append(", ").Value(version).Append(", ").Value(ServiceRequestDocument.ToJson(request), json: true).Append(")");
    }

    /// <summary>An <c>UPDATE</c> of every column, guarded by the version read (a row changed since matches nothing).</summary>
    public static SqlStatement UpdateRequest(ServiceRequest request, long expectedVersion)
    {
        var sql = new SqlStatement().Append($"UPDATE {RelationalSchema.Requests} SET ");
        var names = RequestColumns.Split(", ");
        var values = IndexedValues(request);
        for (var i = 0; i < values.Length; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(names[i + 1]).Append(" = ").Value(values[i]);
        }

        return sql.Append(", version = ").Value(expectedVersion + 1).Append(", document = ").Value(ServiceRequestDocument.ToJson(request), json: true)
            .Append(" WHERE id = ").Value(RelationalValues.Id(request.Id)).Append(" AND version = ").Value(expectedVersion);
    }

    private static object?[] IndexedValues(ServiceRequest r)
    {
        var point = r.Location?.Point;
        return
        [
            r.TrackingNumber, RelationalValues.Key(r.TrackingNumber), r.Status.ToString(), r.ServiceCode, RelationalValues.Key(r.ServiceCode),
            r.Agency, RelationalValues.Key(r.Agency), r.Queue, r.Queue is null ? null : RelationalValues.Key(r.Queue), r.Priority.ToString(), r.Channel.ToString(),
            RelationalValues.Nanoseconds(r.RequestedAt), RelationalValues.Nanoseconds(r.UpdatedAt), RelationalValues.Nanoseconds(r.NextSlaCheckAt),
            r.Location is null ? 0 : 1, point?.Latitude, point?.Longitude, r.DuplicateOf is { } original ? RelationalValues.Id(original) : null,
        ];
    }

    public static SqlStatement InsertHistory(ServiceRequestId id, HistoryEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ServiceRequestDocument.WriteEntry(writer, entry);
        }

        return new SqlStatement().Append($"INSERT INTO {RelationalSchema.History} (request_id, sequence, occurred_at, action, actor, to_status, entry) VALUES (")
            .Value(RelationalValues.Id(id)).Append(", ").Value(entry.Sequence).Append(", ").Value(RelationalValues.Nanoseconds(entry.OccurredAt))
            .Append(", ").Value(entry.Action.ToString()).Append(", ").Value(entry.Actor).Append(", ").Value(entry.ToStatus.ToString())
            .Append(", ").Value(Encoding.UTF8.GetString(buffer.WrittenSpan), json: true).Append(")");
    }

    /// <summary>Reads the request of a row whose first two columns are <c>version, document</c>.</summary>
    public static ServiceRequest ReadRequest(DbDataReader reader) =>
        ServiceRequestDocument.FromJson(reader.GetString(1), RelationalValues.Version(reader.GetInt64(0)));

    public static SqlStatement InsertOutbox(OutboxMessage m, long version)
    {
        var sql = new SqlStatement().Append($"INSERT INTO {RelationalSchema.Outbox} ({OutboxColumns}) VALUES (");
        var values = OutboxValues(m);
        for (var i = 0; i < values.Length; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Value(values[i]);
        }

        return sql.Append(", ").Value(version).Append(")");
    }

    /// <summary>An <c>UPDATE</c> of the delivery state, guarded by the version read.</summary>
    public static SqlStatement UpdateOutbox(OutboxMessage m, long expectedVersion)
    {
        var names = OutboxColumns.Split(", ");
        var values = OutboxValues(m);
        var sql = new SqlStatement().Append($"UPDATE {RelationalSchema.Outbox} SET ");
        for (var i = 7; i < values.Length; i++)
        {
            sql.Append(i == 7 ? string.Empty : ", ").Append(names[i]).Append(" = ").Value(values[i]);
        }

        return sql.Append(", version = ").Value(expectedVersion + 1).Append(" WHERE id = ").Value(RelationalValues.Id(m.Id)).Append(" AND version = ").Value(expectedVersion);
    }

    private static object?[] OutboxValues(OutboxMessage m) =>
    [
        RelationalValues.Id(m.Id), RelationalValues.Id(m.RequestId), m.Channel, m.Kind, m.Recipient, m.Payload, RelationalValues.Nanoseconds(m.CreatedAt),
        m.State.ToString(), m.Attempts, RelationalValues.Nanoseconds(m.NextAttemptAt), RelationalValues.Nanoseconds(m.LockedUntil), m.LockedBy, m.LastError,
        RelationalValues.Nanoseconds(m.DeliveredAt), m.ProviderMessageId, RelationalValues.Nanoseconds(ClaimableAt(m)),
    ];

    /// <summary>When a pending message can next be claimed: the later of its next attempt and the end of a live claim.</summary>
    public static NodaTime.Instant ClaimableAt(OutboxMessage m) =>
        m.LockedUntil is { } until && until > m.NextAttemptAt ? until : m.NextAttemptAt;

    /// <summary>Reads a message from a row of <see cref="OutboxColumns"/>.</summary>
    public static OutboxMessage ReadOutbox(DbDataReader r)
    {
        NodaTime.Instant? OptionalInstant(int i) => r.IsDBNull(i) ? null : RelationalValues.ToInstant(r.GetInt64(i));
        string? OptionalText(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new OutboxMessage(Guid.Parse(r.GetString(0)), new ServiceRequestId(Guid.Parse(r.GetString(1))), r.GetString(2), r.GetString(3), r.GetString(4),
            r.GetString(5), RelationalValues.ToInstant(r.GetInt64(6)))
        {
            State = Enum.Parse<OutboxState>(r.GetString(7)),
            Attempts = r.GetInt32(8),
            NextAttemptAt = RelationalValues.ToInstant(r.GetInt64(9)),
            LockedUntil = OptionalInstant(10),
            LockedBy = OptionalText(11),
            LastError = OptionalText(12),
            DeliveredAt = OptionalInstant(13),
            ProviderMessageId = OptionalText(14),
            Version = RelationalValues.Version(r.GetInt64(16)),
        };
    }
}
