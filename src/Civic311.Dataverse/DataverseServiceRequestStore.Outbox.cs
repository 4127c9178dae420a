using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Http;
using Civic311.Dataverse.Mapping;
using Civic311.Storage;

namespace Civic311.Dataverse;

/// <content>The outbox table: claims with optimistic concurrency, so two dispatchers never take the same message.</content>
public sealed partial class DataverseServiceRequestStore
{
    private const int MaxClaimAttempts = 4;

    /// <inheritdoc />
    /// <remarks>
    /// One read of the due messages, then one <c>$batch</c> locking each with its own <c>If-Match</c> PATCH (continue on
    /// error), so a message another dispatcher locked first is skipped, never taken twice. When every due message was lost
    /// to other dispatchers the read is repeated (a few times), so an empty answer means none is due.
    /// </remarks>
    public async ValueTask<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(OutboxClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(claim.MaxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(claim.LockFor, NodaTime.Duration.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(claim.Owner);
        for (var attempt = 0; ; attempt++)
        {
            var (due, claimed) = await TryClaimAsync(claim, cancellationToken).ConfigureAwait(false);
            if (claimed.Count > 0 || due == 0 || attempt == MaxClaimAttempts)
            {
                return claimed;
            }
        }
    }

    private async Task<(int Due, List<OutboxMessage> Claimed)> TryClaimAsync(OutboxClaim claim, CancellationToken cancellationToken)
    {
        var s = _schema;
        var filter = $"{s.Column("state")} eq 'Pending' and {s.Column("claimableticks")} le {claim.Now.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture)}";
        var url = $"{s.OutboxSet}?$filter={Uri.EscapeDataString(filter)}&$orderby={Uri.EscapeDataString($"{s.Column("claimableticks")} asc,{s.OutboxId} asc")}&$top={claim.MaxCount.ToString(CultureInfo.InvariantCulture)}";
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, url)), "find due outbox messages", null, cancellationToken).ConfigureAwait(false);
        using var found = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var due = new List<OutboxMessage>();
        foreach (var row in found.RootElement.GetProperty("value").EnumerateArray())
        {
            due.Add(_mapping.FromOutbox(row));
        }

        if (due.Count == 0)
        {
            return (0, []);
        }

        var until = claim.Now + claim.LockFor;
        var operations = new List<BatchOperation>(due.Count);
        var locked = new List<OutboxMessage>(due.Count);
        foreach (var message in due)
        {
            var next = message with { LockedUntil = until, LockedBy = claim.Owner };
            locked.Add(next);
            operations.Add(new BatchOperation(
                HttpMethod.Patch,
                $"{s.OutboxSet}({message.Id})?$select={s.OutboxId}",
                _mapping.ToOutbox(next).ToJsonString(),
                [new("If-Match", message.Version!), ReturnRepresentation]));
        }

        var parts = await SendBatchAsync([], operations, continueOnError: true, "claim outbox messages", null, cancellationToken).ConfigureAwait(false);
        var claimed = new List<OutboxMessage>(due.Count);
        for (var i = 0; i < parts.Count && i < locked.Count; i++)
        {
            if (parts[i].StatusCode is >= 200 and < 300 && EtagOf(parts[i]) is { } etag)
            {
                claimed.Add(locked[i] with { Version = etag });
            }
        }

        return (due.Count, claimed);
    }

    /// <inheritdoc />
    public async ValueTask<OutboxMessage> UpdateOutboxAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Version is null)
        {
            throw new ArgumentException("The message carries no version; update a message read from the store.", nameof(message));
        }

        var s = _schema;
        var row = _mapping.ToOutbox(message);
        var body = row.ToJsonString();
        using var response = await _connection.SendAsync(
            () => Json(HttpMethod.Patch, $"{s.OutboxSet}({message.Id})?$select={s.OutboxId}", body, new KeyValuePair<string, string>("If-Match", message.Version), ReturnRepresentation),
            "update outbox message", message.Id.ToString(), cancellationToken, HttpStatusCode.PreconditionFailed, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ArgumentException($"No outbox message has the id {message.Id}.", nameof(message));
        }

        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // Either someone else changed it, or an earlier attempt of this very write landed and its answer was lost: then
            // the stored row holds exactly what this write sent.
            var current = await GetOutboxAsync(message.Id, cancellationToken).ConfigureAwait(false);
            if (current is not null && string.Equals(_mapping.ToOutbox(current).ToJsonString(), body, StringComparison.Ordinal))
            {
                return current;
            }

            throw new ConcurrencyConflictException(message.RequestId, message.Version, current?.Version);
        }

        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return message with { Version = document.RootElement.GetProperty("@odata.etag").GetString() };
    }

    /// <inheritdoc />
    public async ValueTask<OutboxMessage?> GetOutboxAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, $"{_schema.OutboxSet}({id})")),
            "read outbox message", id.ToString(), cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return _mapping.FromOutbox(document.RootElement);
    }

    /// <inheritdoc />
    public async ValueTask<OutboxPage> QueryOutboxAsync(OutboxQuery query, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var s = _schema;
        var filters = new List<string>();
        if (query.State is { } state)
        {
            filters.Add($"{s.Column("state")} eq '{state}'");
        }

        if (query.RequestId is { } requestId)
        {
            filters.Add($"{s.Column("requestid")} eq '{requestId}'");
        }

        var text = new StringBuilder(s.OutboxSet).Append("?$orderby=").Append(Uri.EscapeDataString($"{s.Column("createdticks")} asc,{s.OutboxId} asc"));
        if (filters.Count > 0)
        {
            text.Append("&$filter=").Append(Uri.EscapeDataString(string.Join(" and ", filters)));
        }

        var relative = text.ToString();
        var url = continuationToken is null ? new Uri(_connection.ApiRoot, relative) : ContinuationToken.Read(continuationToken, relative, _connection.ApiRoot);
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Prefer", $"odata.maxpagesize={query.PageSize}" } } },
            "query outbox", null, cancellationToken).ConfigureAwait(false);
        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var items = new List<OutboxMessage>();
        foreach (var row in document.RootElement.GetProperty("value").EnumerateArray())
        {
            items.Add(_mapping.FromOutbox(row));
        }

        return new OutboxPage(items, ContinuationToken.Write(document.RootElement, relative));
    }

    private static string? EtagOf(BatchResponse part)
    {
        if (part.Headers.TryGetValue("ETag", out var header))
        {
            return header;
        }

        if (part.Body.Length == 0)
        {
            return null;
        }

        using var document = JsonDocument.Parse(part.Body);
        return document.RootElement.TryGetProperty("@odata.etag", out var etag) ? etag.GetString() : null;
    }
}
