using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Http;
using Civic311.Dataverse.Mapping;
using Civic311.Requests;
using Civic311.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Civic311.Dataverse;

/// <summary>
/// An <see cref="IServiceRequestStore"/> on Dataverse (Dynamics 365) through the Web API: each request is an
/// <c>incident</c> row (the columns Dynamics users see, plus the whole aggregate as a document column), its history and its
/// outbox are rows of custom tables, and every change is one <c>$batch</c> change set (the incident update with
/// <c>If-Match</c>, its history rows, its outbox rows), all-or-nothing in one HTTP round trip.
/// </summary>
/// <remarks>
/// A write retried after its first attempt landed (the answer was lost) is recognised by the change id stored with the
/// incident, so it is neither lost nor applied twice; history and outbox rows have ids derived from the request and the
/// message, so they cannot be written twice either. Provision the schema first (<c>DataverseProvisioning</c>).
/// </remarks>
/// <threadsafety>Thread-safe; register it as a singleton.</threadsafety>
public sealed partial class DataverseServiceRequestStore : IServiceRequestStore, IDisposable
{
    private const string JsonType = "application/json";
    private const int MaxTakenIn = 10_000;
    private static readonly HttpStatusCode[] BatchFailureStatuses =
        [HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.PreconditionFailed, HttpStatusCode.RequestEntityTooLarge];
    private static readonly KeyValuePair<string, string> ReturnRepresentation = new("Prefer", "return=representation");

    private readonly DataverseConnection _connection;
    private readonly DataverseSchema _schema;
    private readonly IncidentMapping _mapping;
    private readonly DataverseOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SequenceBlock> _sequences = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Guid> _contacts = new(StringComparer.OrdinalIgnoreCase);

    // Requests with a change taken in while their case was closed in Dynamics, whose reads look for it even once the case
    // is active again (the document on the case then still predates it).
    private readonly ConcurrentDictionary<ServiceRequestId, byte> _takenIn = new();

    /// <summary>Creates the store.</summary>
    /// <param name="http">The HTTP client to send Web API calls with (its handler's lifetime is the caller's).</param>
    /// <param name="options">The connection settings, validated now.</param>
    /// <param name="clock">The clock (token expiry, claims).</param>
    /// <param name="logger">The logger; optional.</param>
    /// <exception cref="Civic311ValidationException">The options are invalid; every problem is listed.</exception>
    public DataverseServiceRequestStore(HttpClient http, DataverseOptions options, IClock clock, ILogger<DataverseServiceRequestStore>? logger = null)
        : this(http, options, clock, logger, timeProvider: null)
    {
    }

    internal DataverseServiceRequestStore(HttpClient http, DataverseOptions options, IClock clock, ILogger<DataverseServiceRequestStore>? logger, TimeProvider? timeProvider)
    {
        // Create checks the arguments and validates the options (every problem listed) before anything else is built.
        _connection = DataverseConnection.Create(http, options, clock, timeProvider);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _schema = new DataverseSchema(options.Prefix);
        _mapping = new IncidentMapping(_schema);
        Rows = new DataverseRowReader(_connection, ownsConnection: false);
    }

    /// <summary>Gets how many HTTP requests this store has sent, retries included (what Dataverse's service protection counts).</summary>
    public long RoundTrips => _connection.RoundTrips;

    /// <summary>
    /// Gets a reader of any row by id through this store's connection (its token, its share of the service-protection
    /// limits, its retries), for example the case a webhook names; released with the store.
    /// </summary>
    public DataverseRowReader Rows { get; }

    internal DataverseConnection Connection => _connection;

    internal DataverseSchema Schema => _schema;

    /// <inheritdoc />
    public async ValueTask<long> NextSequenceAsync(string scope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        var block = _sequences.GetOrAdd(scope, static _ => new SequenceBlock());
        await block.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (block.Next <= block.Last)
            {
                return block.Next++;
            }

            var (first, last) = await ReserveAsync(scope, _options.SequenceBlockSize, cancellationToken).ConfigureAwait(false);
            block.Next = first + 1;
            block.Last = last;
            return first;
        }
        finally
        {
            block.Gate.Release();
        }
    }

    // Reserves a block of numbers on the shared sequence row with optimistic concurrency: two processes never get the same.
    private async Task<(long First, long Last)> ReserveAsync(string scope, int size, CancellationToken cancellationToken)
    {
        var s = _schema;
        var keyUrl = $"{s.SequenceSet}({s.Column("name")}='{ODataFilter.Escape(scope)}')";
        for (var attempt = 0; ; attempt++)
        {
            using var read = await _connection.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, $"{keyUrl}?$select={s.Column("value")}")),
                "read sequence", scope, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
            if (read.StatusCode == HttpStatusCode.NotFound)
            {
                var row = new JsonObject { [s.Column("name")] = scope, [s.Column("value")] = size }.ToJsonString();
                using var created = await _connection.SendAsync(
                    () => Json(HttpMethod.Post, s.SequenceSet, row),
                    "create sequence", scope, cancellationToken, HttpStatusCode.PreconditionFailed, HttpStatusCode.BadRequest).ConfigureAwait(false);
                if (created.IsSuccessStatusCode)
                {
                    return (1, size);
                }

                continue; // another process created it first: read it
            }

            using var document = await DataverseConnection.ReadJsonAsync(read, cancellationToken).ConfigureAwait(false);
            var current = document.RootElement.GetProperty(s.Column("value")).GetInt64();
            var etag = document.RootElement.GetProperty("@odata.etag").GetString()!;
            var update = new JsonObject { [s.Column("value")] = current + size }.ToJsonString();
            using var updated = await _connection.SendAsync(
                () => Json(HttpMethod.Patch, keyUrl, update, new KeyValuePair<string, string>("If-Match", etag)),
                "reserve sequence block", scope, cancellationToken, HttpStatusCode.PreconditionFailed).ConfigureAwait(false);
            if (updated.IsSuccessStatusCode)
            {
                return (current + 1, current + size);
            }

            Log.SequenceContended(_logger, scope, attempt + 1);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ServiceRequest> AddAsync(ServiceRequestChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!change.IsNew)
        {
            throw new ArgumentException("AddAsync stores new requests; the change carries an expected version, so use UpdateAsync.", nameof(change));
        }

        var request = change.Request;
        if (request.Id.IsEmpty)
        {
            throw new ArgumentException("The request has an empty id.", nameof(change));
        }

        var changeId = Guid.NewGuid();
        var operations = new List<BatchOperation>();
        var contactId = await CustomerOfAsync(request.Reporter, operations, cancellationToken).ConfigureAwait(false);
        var incident = _mapping.ToIncident(request, changeId, contactId);
        incident["incidentid"] = request.Id.ToString();
        if (IncidentStates.ToCodes(request.Status) is (IncidentStates.ActiveState, var reason) && reason != IncidentStates.InProgress)
        {
            incident["statuscode"] = reason; // an imported request on hold
        }

        var incidentOperation = operations.Count;
        operations.Add(new BatchOperation(HttpMethod.Post, $"{DataverseSchema.IncidentSet}?$select={_schema.LastChangeId}", incident.ToJsonString(), [ReturnRepresentation]));
        AddStateOperations(request, IncidentStates.ActiveState, isNew: true, operations);
        AddRows(request, change, changeId, operations);

        var outcome = await WriteAsync(request, operations, incidentOperation, changeId, "create incident", cancellationToken).ConfigureAwait(false);
        if (outcome.Etag is { } etag)
        {
            RememberContact(request.Reporter, contactId);
            return request.WithVersion(etag);
        }

        // The change set failed as a whole. Either an earlier attempt of this very write landed (its answer was lost), or the
        // id or tracking number is taken, or an outbox message id is reused.
        var stored = await ReadIncidentAsync($"incidents({request.Id})", cancellationToken).ConfigureAwait(false);
        if (stored is { } found && await LandedAsync(found, change, changeId, cancellationToken).ConfigureAwait(false))
        {
            RememberContact(request.Reporter, contactId);
            return found.Request;
        }

        if (stored is not null)
        {
            throw new DuplicateServiceRequestException(request.Id, request.TrackingNumber, "id");
        }

        // The change set created the reporter's contact (create-only by reporter key) and was refused: another submit by the
        // same new reporter, here or in another process, created it first. Bind to that one and write again.
        if (incidentOperation > 0 && outcome.Status == (int)HttpStatusCode.PreconditionFailed
            && ContactKey(request.Reporter) is { } reporterKey && await FindContactByReporterKeyAsync(reporterKey, cancellationToken).ConfigureAwait(false) is { } racing)
        {
            _contacts[reporterKey.Value] = racing;
            return await AddAsync(change, cancellationToken).ConfigureAwait(false);
        }

        // A case entered in Dynamics first (the webhook receiver submits it under its own id): take that row in.
        for (var attempt = 0; attempt < 3 && await ForeignCaseEtagAsync(request.Id, cancellationToken).ConfigureAwait(false) is { } foreignEtag; attempt++)
        {
            if (await AdoptAsync(change, foreignEtag, cancellationToken).ConfigureAwait(false) is { } adopted)
            {
                return adopted;
            }
        }

        if (await FindByTrackingNumberAsync(request.TrackingNumber, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new DuplicateServiceRequestException(request.Id, request.TrackingNumber, "trackingNumber");
        }

        await ThrowIfOutboxIdReusedAsync(change, outcome, cancellationToken).ConfigureAwait(false);
        throw outcome.Failure!;
    }

    // The ETag of an incident with this id that Civic311 does not hold yet (no document), or null.
    private async Task<string?> ForeignCaseEtagAsync(ServiceRequestId id, CancellationToken cancellationToken)
    {
        var url = $"incidents({id})?$select=incidentid,{_schema.Document}";
        using var document = await ReadRowAsync(url, "read incident", url, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        var row = document.RootElement;
        return row.TryGetProperty(_schema.Document, out var held) && held.ValueKind == JsonValueKind.String ? null : row.GetProperty("@odata.etag").GetString();
    }

    // Writes a new request onto an existing case row (its customer, owner and Dynamics-only columns stay), with If-Match on
    // the ETag read, plus its history and outbox rows, in one change set. Null when the row changed meanwhile.
    private async Task<ServiceRequest?> AdoptAsync(ServiceRequestChange change, string etag, CancellationToken cancellationToken)
    {
        var request = change.Request;
        var changeId = Guid.NewGuid();
        var incident = _mapping.ToIncident(request, changeId, customerContactId: null);
        var (state, reason) = IncidentStates.ToCodes(request.Status);
        if (state == IncidentStates.ActiveState)
        {
            incident["statecode"] = IncidentStates.ActiveState;
            incident["statuscode"] = reason;
        }

        var operations = new List<BatchOperation>
        {
            new(HttpMethod.Patch, $"incidents({request.Id})?$select={_schema.LastChangeId}", incident.ToJsonString(), [new("If-Match", etag), ReturnRepresentation]),
        };
        AddStateOperations(request, IncidentStates.ActiveState, isNew: false, operations);
        AddRows(request, change, changeId, operations);
        var outcome = await WriteAsync(request, operations, incidentOperation: 0, changeId, "take in incident", cancellationToken).ConfigureAwait(false);
        if (outcome.Etag is { } written)
        {
            return request.WithVersion(written);
        }

        if (await ReadIncidentAsync($"incidents({request.Id})", cancellationToken).ConfigureAwait(false) is { } stored
            && await LandedAsync(stored, change, changeId, cancellationToken).ConfigureAwait(false))
        {
            return stored.Request;
        }

        return outcome.Status == (int)HttpStatusCode.PreconditionFailed && outcome.Code == DataverseErrorCodes.ConcurrencyVersionMismatch ? null : throw outcome.Failure!;
    }

    /// <inheritdoc />
    public async ValueTask<ServiceRequest> UpdateAsync(ServiceRequestChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.IsNew)
        {
            throw new ArgumentException("UpdateAsync needs the expected version the change was derived from; use AddAsync for new requests.", nameof(change));
        }

        var request = change.Request;
        var changeId = Guid.NewGuid();
        var fromStatus = change.NewHistory.Count > 0 && change.NewHistory[0].FromStatus is { } from ? from : request.Status;
        var (toState, toReason) = IncidentStates.ToCodes(request.Status);

        // Plan against the case as it is in Dataverse (the version read says when an agent changed its state), not only
        // against Civic311's own view of it.
        var row = IncidentVersion.Parse(change.ExpectedVersion!);
        var (knownState, _) = IncidentStates.ToCodes(fromStatus);
        var fromState = row.State ?? knownState;
        WriteOutcome outcome;
        if (fromState != IncidentStates.ActiveState && toState == fromState && knownState != fromState && change.NewHistory.Count > 0)
        {
            // An agent resolved, cancelled or merged the case in Dynamics and this change takes that in: the case is
            // read-only now, and closing it again would be a second resolution, so only Civic311's own rows are written.
            outcome = await TakeInClosedAsync(change, row, changeId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var incident = _mapping.ToIncident(request, changeId, customerContactId: null);
            if (fromState != IncidentStates.ActiveState)
            {
                // Resolved and cancelled cases are read-only until reactivated: reactivate in the same change set.
                incident["statecode"] = IncidentStates.ActiveState;
                incident["statuscode"] = IncidentStates.InProgress;
            }

            // An agent's finer reason (waiting for details, researching) stays while it stands for the same Civic311 status.
            var keptReason = toState == IncidentStates.ActiveState && fromState == IncidentStates.ActiveState && row.Reason is { } reason
                && IncidentStates.StateOf(reason) == IncidentStates.ActiveState
                && IncidentStates.ToStatus(IncidentStates.ActiveState, reason) == IncidentStates.ToStatus(IncidentStates.ActiveState, toReason)
                    ? reason
                    : (int?)null;
            if (toState == IncidentStates.ActiveState && keptReason is null)
            {
                incident["statecode"] = IncidentStates.ActiveState;
                incident["statuscode"] = toReason;
            }
            else if (toState == IncidentStates.CancelledState && fromState == IncidentStates.ActiveState)
            {
                incident["statecode"] = IncidentStates.CancelledState;
                incident["statuscode"] = toReason;
            }

            var operations = new List<BatchOperation>
            {
                new(HttpMethod.Patch, $"incidents({request.Id})?$select={_schema.LastChangeId}", incident.ToJsonString(), [new("If-Match", row.Etag), ReturnRepresentation]),
            };
            AddStateOperations(request, fromState, isNew: false, operations);
            AddRows(request, change, changeId, operations);
            AddOriginal(change, operations);

            outcome = await WriteAsync(request, operations, incidentOperation: 0, changeId, "update incident", cancellationToken).ConfigureAwait(false);
            if (outcome.Etag is { } written)
            {
                _takenIn.TryRemove(request.Id, out _); // the document on the case is current again
                return request.WithVersion(keptReason is { } kept && kept != toReason ? new IncidentVersion(written, toState, kept, 0).ToString() : written);
            }
        }

        if (outcome.Etag is { } version)
        {
            return request.WithVersion(version);
        }

        if (outcome.Code == DataverseErrorCodes.DuplicateRecord)
        {
            // A history row of this sequence exists: perhaps a change taken in while the case was closed, which the document
            // on the case does not show; reads of this request look for it from now on.
            RememberTakenIn(request.Id);
        }

        var stored = await ReadIncidentAsync($"incidents({request.Id})", cancellationToken).ConfigureAwait(false)
            ?? throw new ServiceRequestNotFoundException(request.Id);
        if (await LandedAsync(stored, change, changeId, cancellationToken).ConfigureAwait(false))
        {
            return stored.Request; // an earlier attempt of this write landed; its answer was lost
        }

        if (outcome.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            // The request is as expected, so the original's If-Match refused the change set: name the original.
            if (change.Original is { } original && string.Equals(stored.Request.Version, change.ExpectedVersion, StringComparison.Ordinal))
            {
                var storedOriginal = await GetAsync(original.Id, cancellationToken).ConfigureAwait(false) ?? throw new ServiceRequestNotFoundException(original.Id);
                if (!string.Equals(storedOriginal.Version, change.ExpectedOriginalVersion, StringComparison.Ordinal))
                {
                    throw new ConcurrencyConflictException(original.Id, change.ExpectedOriginalVersion, storedOriginal.Version);
                }
            }

            // The version decides first: a racing winner's outbox rows may carry this change's message ids (same cause,
            // same sequence), which is a lost race, not a reused id.
            if (outcome.Code != DataverseErrorCodes.ConcurrencyVersionMismatch && string.Equals(stored.Request.Version, change.ExpectedVersion, StringComparison.Ordinal))
            {
                await ThrowIfOutboxIdReusedAsync(change, outcome, cancellationToken).ConfigureAwait(false);
            }

            throw new ConcurrencyConflictException(request.Id, change.ExpectedVersion, stored.Request.Version);
        }

        throw outcome.Failure!;
    }

    // Whether this change was committed by an earlier attempt whose answer was lost: the incident still carries its change
    // id or, when another writer got in since, the history (or outbox) row it wrote does. A caller repeating a change that
    // is already stored writes a new change id, so it is refused, not mistaken for a retry.
    private async Task<bool> LandedAsync(StoredIncident stored, ServiceRequestChange change, Guid changeId, CancellationToken cancellationToken)
    {
        var id = changeId.ToString("D");
        if (string.Equals(stored.ChangeId, id, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string url;
        if (change.NewHistory.Count > 0)
        {
            url = $"{_schema.HistorySet}({IncidentMapping.HistoryRowId(change.Request.Id, change.NewHistory[^1].Sequence):D})";
        }
        else if (change.NewOutbox.Count > 0)
        {
            url = $"{_schema.OutboxSet}({change.NewOutbox[0].Id:D})";
        }
        else
        {
            return false;
        }

        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, $"{url}?$select={_schema.ChangeId}")),
            "read change id", url, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return document.RootElement.TryGetProperty(_schema.ChangeId, out var written) && written.ValueKind == JsonValueKind.String
            && string.Equals(written.GetString(), id, StringComparison.OrdinalIgnoreCase);
    }

    // A change set refused because an outbox row with one of the change's ids exists: the caller reused a message id.
    private async Task ThrowIfOutboxIdReusedAsync(ServiceRequestChange change, WriteOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Code is not (DataverseErrorCodes.DuplicateRecord or DataverseErrorCodes.DuplicateKey) && outcome.Status != (int)HttpStatusCode.PreconditionFailed)
        {
            return;
        }

        foreach (var message in change.NewOutbox)
        {
            if (await GetOutboxAsync(message.Id, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new ArgumentException($"An outbox message with the id {message.Id} is already stored; each message needs a new id. Nothing was written.", nameof(change));
            }
        }
    }

    // A duplicate link raises the original's count in the same change set, with If-Match on the original's version, so a
    // stale original refuses the whole change. A resolved or cancelled case is read-only in Dataverse (the PATCH would be
    // refused, 0x800404cf): its count is left alone, and reads of it give the count as unknown (see ToStoredAsync).
    private void AddOriginal(ServiceRequestChange change, List<BatchOperation> operations)
    {
        if (change.Original is not { } original)
        {
            return;
        }

        var row = IncidentVersion.Parse(change.ExpectedOriginalVersion!);
        if ((row.State ?? IncidentStates.ToCodes(original.Status).State) != IncidentStates.ActiveState)
        {
            return;
        }

        var body = new JsonObject { [_schema.DuplicateCount] = original.DuplicateCount }.ToJsonString();
        operations.Add(new BatchOperation(HttpMethod.Patch, $"incidents({original.Id})", body, [new("If-Match", row.Etag)]));
    }

    // A target state that a PATCH cannot reach on its own: resolving goes through the CloseIncident action, and cancelling a
    // case that was resolved needs it reactivated first (done by the PATCH) and then cancelled.
    private static void AddStateOperations(ServiceRequest request, int fromState, bool isNew, List<BatchOperation> operations)
    {
        var (toState, toReason) = IncidentStates.ToCodes(request.Status);
        if (toState == IncidentStates.ResolvedState)
        {
            var resolution = new JsonObject
            {
                ["IncidentResolution"] = new JsonObject
                {
                    ["subject"] = IncidentMapping.Truncate($"{request.TrackingNumber}: {request.Resolution?.Code ?? request.Status.ToString()}", 200),
                    ["description"] = request.Resolution?.PublicNote is { } note ? IncidentMapping.Truncate(note, 2000) : null,
                    ["incidentid@odata.bind"] = $"/incidents({request.Id})",
                },
                ["Status"] = toReason,
            };
            operations.Add(new BatchOperation(HttpMethod.Post, "CloseIncident", resolution.ToJsonString()));
        }
        else if (toState == IncidentStates.CancelledState && (isNew || fromState != IncidentStates.ActiveState))
        {
            var state = new JsonObject { ["statecode"] = IncidentStates.CancelledState, ["statuscode"] = toReason };
            operations.Add(new BatchOperation(HttpMethod.Patch, $"incidents({request.Id})", state.ToJsonString(), [new("If-Match", "*")]));
        }
    }

    private void AddRows(ServiceRequest request, ServiceRequestChange change, Guid changeId, List<BatchOperation> operations)
    {
        foreach (var entry in change.NewHistory)
        {
            operations.Add(new BatchOperation(HttpMethod.Post, _schema.HistorySet, _mapping.ToHistory(request, entry, changeId).ToJsonString()));
        }

        foreach (var message in change.NewOutbox)
        {
            operations.Add(new BatchOperation(HttpMethod.Post, _schema.OutboxSet, _mapping.ToOutbox(message, changeId).ToJsonString()));
        }
    }

    // One round trip: the change set, then a read of the incident's final ETag outside it (CloseIncident and a second PATCH
    // change the row after the first PATCH, so that answer is not the final version). Another writer may get in between the
    // change set and the read: the read's ETag is this change's only when the row still carries this change's id; otherwise
    // the incident operation's own ETag is returned, which is stale, so the next write based on it is refused as it must be.
    private async Task<WriteOutcome> WriteAsync(
        ServiceRequest request, List<BatchOperation> changeSet, int incidentOperation, Guid changeId, string operation, CancellationToken cancellationToken)
    {
        var read = new BatchOperation(HttpMethod.Get, $"incidents({request.Id})?$select={_schema.LastChangeId}", null);
        var parts = await SendBatchAsync(changeSet, [read], continueOnError: false, operation, request.TrackingNumber, cancellationToken).ConfigureAwait(false);
        foreach (var part in parts)
        {
            if (part.StatusCode >= 300)
            {
                var (code, message) = DataverseConnection.ParseError(part.Body, null);
                return new WriteOutcome(null, part.StatusCode, code, new DataverseException(part.StatusCode, code, message, operation, request.TrackingNumber));
            }
        }

        if (parts.Count != changeSet.Count + 1)
        {
            throw new DataverseException(200, null, $"The $batch answer holds {parts.Count} parts; {changeSet.Count + 1} were expected.", operation, request.TrackingNumber);
        }

        using var last = JsonDocument.Parse(parts[^1].Body);
        var row = last.RootElement;
        var written = row.TryGetProperty(_schema.LastChangeId, out var c) && c.ValueKind == JsonValueKind.String
            && string.Equals(c.GetString(), changeId.ToString("D"), StringComparison.OrdinalIgnoreCase);
        var etag = written ? row.GetProperty("@odata.etag").GetString() : EtagOf(parts[incidentOperation]);
        return new WriteOutcome(etag ?? string.Empty, 200, null, null);
    }

    /// <summary>
    /// Sends one <c>$batch</c>: an atomic change set and standalone parts. Answers the parts in order; a refused change set
    /// (the batch stops there unless <paramref name="continueOnError"/>) is one part carrying the failing operation's error.
    /// </summary>
    private async Task<List<BatchResponse>> SendBatchAsync(
        IReadOnlyList<BatchOperation> changeSet, IReadOnlyList<BatchOperation> standalone, bool continueOnError, string operation, string? record, CancellationToken cancellationToken)
    {
        var (contentType, body) = ODataBatch.Write(_connection.ApiRoot, changeSet, standalone, Guid.NewGuid().ToString("N"));
        using var response = await _connection.SendAsync(
            () =>
            {
                var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_connection.ApiRoot, "$batch"))
                {
                    Content = new StringContent(body, Encoding.UTF8) { Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType) } },
                };
                if (continueOnError)
                {
                    message.Headers.TryAddWithoutValidation("Prefer", "odata.continue-on-error");
                }

                return message;
            },
            operation, record, cancellationToken, BatchFailureStatuses).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var type = response.Content.Headers.ContentType?.ToString();
        if (type is null || !type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            // The batch itself was refused (malformed, too many operations): Dataverse answers with a plain error.
            var (code, message) = DataverseConnection.ParseError(text, response.ReasonPhrase);
            throw new DataverseException((int)response.StatusCode, code, message, operation, record);
        }

        return ODataBatch.ReadResponses(type, text);
    }

    /// <inheritdoc />
    public async ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken = default) =>
        id.IsEmpty ? null : (await ReadIncidentAsync($"incidents({id})", cancellationToken).ConfigureAwait(false))?.Request;

    /// <inheritdoc />
    /// <remarks>One request: a query for every id (100 ids per request beyond that).</remarks>
    public async ValueTask<IReadOnlyList<ServiceRequest>> GetManyAsync(IReadOnlyList<ServiceRequestId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var wanted = ids.Where(id => !id.IsEmpty).Distinct().ToList();
        var found = new List<ServiceRequest>(wanted.Count);
        for (var start = 0; start < wanted.Count; start += 100)
        {
            var filter = string.Join(" or ", wanted.Skip(start).Take(100).Select(id => $"incidentid eq {id}"));
            found.AddRange(await ReadIncidentsAsync(filter, cancellationToken).ConfigureAwait(false));
        }

        return found;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One request (more only past 5,000 duplicates): the query matches the request's id or its duplicate link, by
    /// Civic311's column or by the <c>masterid</c> of a case merged into it in Dynamics; a row it matches counts only when
    /// the request read from it is a duplicate of this one.
    /// </remarks>
    public async ValueTask<(ServiceRequest? Request, IReadOnlyList<ServiceRequest> Duplicates)> GetWithDuplicatesAsync(ServiceRequestId id, CancellationToken cancellationToken = default)
    {
        if (id.IsEmpty)
        {
            return (null, []);
        }

        ServiceRequest? request = null;
        var duplicates = new List<ServiceRequest>();
        foreach (var read in await ReadIncidentsAsync($"incidentid eq {id} or {_schema.DuplicatesOf(id)}", cancellationToken).ConfigureAwait(false))
        {
            if (read.Id == id)
            {
                request = read;
            }
            else if (read.DuplicateOf == id)
            {
                duplicates.Add(read);
            }
        }

        return request is null ? (null, []) : (request, duplicates);
    }

    // Every incident Civic311 holds that the filter matches, following nextLink.
    private async Task<List<ServiceRequest>> ReadIncidentsAsync(string filter, CancellationToken cancellationToken)
    {
        var items = new List<ServiceRequest>();
        Uri? url = new(_connection.ApiRoot, $"incidents?$select={_schema.IncidentSelect}&$filter={Uri.EscapeDataString(filter)}");
        while (url is { } page)
        {
            using var response = await _connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, page), "read incidents", null, cancellationToken).ConfigureAwait(false);
            using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
            foreach (var row in document.RootElement.GetProperty("value").EnumerateArray())
            {
                if (await ToStoredAsync(row, cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    items.Add(stored.Request);
                }
            }

            url = document.RootElement.TryGetProperty("@odata.nextLink", out var next) && next.GetString() is { } link ? new Uri(link) : null;
        }

        return items;
    }

    /// <inheritdoc />
    public async ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trackingNumber);
        if (trackingNumber.Length == 0 || trackingNumber.Contains('+', StringComparison.Ordinal))
        {
            return null; // an alternate-key lookup cannot carry '+' (and no tracking number has one)
        }

        var url = $"incidents({_schema.TrackingNumber}='{ODataFilter.Escape(trackingNumber)}')";
        return (await ReadIncidentAsync(url, cancellationToken).ConfigureAwait(false))?.Request;
    }

    private async Task<StoredIncident?> ReadIncidentAsync(string url, CancellationToken cancellationToken)
    {
        var select = "?$select=" + _schema.IncidentSelect;
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, url + select)),
            "read incident", url, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return await ToStoredAsync(document.RootElement, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoredIncident?> ToStoredAsync(JsonElement row, CancellationToken cancellationToken)
    {
        if (!row.TryGetProperty(_schema.Document, out var document) || document.ValueKind != JsonValueKind.String)
        {
            return null; // a case created in Dynamics that Civic311 has not taken in (the webhook receiver does that)
        }

        var etag = row.GetProperty("@odata.etag").GetString()!;
        var request = ServiceRequestDocument.FromJson(document.GetString()!, etag);
        var changeId = row.TryGetProperty(_schema.LastChangeId, out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        int? duplicateCount = null;
        if (row.TryGetProperty("statecode", out var stateCode) && stateCode.ValueKind == JsonValueKind.Number
            && row.TryGetProperty("statuscode", out var statusCode) && statusCode.ValueKind == JsonValueKind.Number)
        {
            var (state, reason) = (stateCode.GetInt32(), statusCode.GetInt32());
            duplicateCount = state == IncidentStates.ActiveState ? DuplicateCountOf(row) : null;
            var takenIn = 0;
            if ((state != IncidentStates.ToCodes(request.Status).State || _takenIn.ContainsKey(request.Id))
                && await ReadTakenInAsync(request, etag, cancellationToken).ConfigureAwait(false) is { } snapshot)
            {
                (request, takenIn) = snapshot;
            }

            // The version says how the case differs from what the request shows, so that a change is planned against it.
            if (takenIn > 0 || (state, reason) != IncidentStates.ToCodes(request.Status))
            {
                request = request.WithVersion(new IncidentVersion(etag, state, reason, takenIn).ToString());
            }
        }

        // The column is the count (the document's may predate the last link). It is known only on an active case whose
        // request is open: a case that is resolved or cancelled (or was, in Civic311's last write) is read-only in
        // Dataverse, so a duplicate linked to it then could not raise the column. Unknown is never 0: a resolution queries.
        return new StoredIncident(request.WithDuplicateCount(request.IsOpen ? duplicateCount : null), changeId);
    }

    private int? DuplicateCountOf(JsonElement row) =>
        row.TryGetProperty(_schema.DuplicateCount, out var count) && count.ValueKind == JsonValueKind.Number && count.GetInt32() is var value and >= 0 ? value : null;

    // The request as of the last change taken in while the case was closed in Dynamics (kept on that change's history row),
    // when it is newer than the document on the case; with the sequence of that row.
    private async Task<(ServiceRequest Request, int Sequence)?> ReadTakenInAsync(ServiceRequest request, string etag, CancellationToken cancellationToken)
    {
        var s = _schema;
        var last = request.History.Count == 0 ? 0 : request.History[^1].Sequence;
        var filter = string.Create(
            CultureInfo.InvariantCulture,
            $"_{s.HistoryIncidentLookup}_value eq {request.Id.Value:D} and {Snapshot} ne null and {s.Column("sequence")} gt {last}");
        var url = $"{s.HistorySet}?$select={Snapshot},{s.Column("sequence")}&$filter={Uri.EscapeDataString(filter)}&$orderby={Uri.EscapeDataString(s.Column("sequence") + " desc")}&$top=1";
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, url)), "read taken-in change", request.TrackingNumber, cancellationToken).ConfigureAwait(false);
        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var rows = document.RootElement.GetProperty("value");
        if (rows.GetArrayLength() == 0)
        {
            return null;
        }

        RememberTakenIn(request.Id);
        return (ServiceRequestDocument.FromJson(rows[0].GetProperty(Snapshot).GetString()!, etag), rows[0].GetProperty(s.Column("sequence")).GetInt32());
    }

    // Writes a change taken in from a case Dynamics closed: its history rows (the last one with the request after the
    // change) and outbox rows, all or nothing; the case itself is read-only and stays as the agent left it. Two writers of
    // the same change collide on the history row ids, so the version is still checked.
    private async Task<WriteOutcome> TakeInClosedAsync(ServiceRequestChange change, IncidentVersion row, Guid changeId, CancellationToken cancellationToken)
    {
        var request = change.Request;
        var operations = new List<BatchOperation>();
        var last = change.NewHistory[^1];
        foreach (var entry in change.NewHistory)
        {
            var history = _mapping.ToHistory(request, entry, changeId);
            if (ReferenceEquals(entry, last))
            {
                history[Snapshot] = ServiceRequestDocument.ToJson(request);
            }

            operations.Add(new BatchOperation(HttpMethod.Post, _schema.HistorySet, history.ToJsonString()));
        }

        foreach (var message in change.NewOutbox)
        {
            operations.Add(new BatchOperation(HttpMethod.Post, _schema.OutboxSet, _mapping.ToOutbox(message, changeId).ToJsonString()));
        }

        AddOriginal(change, operations); // a case merged in Dynamics into one Civic311 holds

        const string Operation = "take in closed incident";
        var parts = await SendBatchAsync(operations, [], continueOnError: false, Operation, request.TrackingNumber, cancellationToken).ConfigureAwait(false);
        foreach (var part in parts)
        {
            if (part.StatusCode >= 300)
            {
                var (code, message) = DataverseConnection.ParseError(part.Body, null);
                return new WriteOutcome(null, part.StatusCode, code, new DataverseException(part.StatusCode, code, message, Operation, request.TrackingNumber));
            }
        }

        RememberTakenIn(request.Id);
        return new WriteOutcome(new IncidentVersion(row.Etag, row.State!.Value, row.Reason!.Value, last.Sequence).ToString(), 200, null, null);
    }

    private string Snapshot => _schema.Column("snapshot");

    private void RememberTakenIn(ServiceRequestId id)
    {
        if (_takenIn.Count >= MaxTakenIn)
        {
            _takenIn.Clear(); // only an optimisation of reads: a forgotten id is found again by its closed state or a collision
        }

        _takenIn.TryAdd(id, 0);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>$filter</c> per specification (docs/queries.md, "What Dataverse adds"), paged by Dataverse's
    /// <c>@odata.nextLink</c>. A circle is asked for as its bounding box, and a duplicate link also by the <c>masterid</c> of
    /// a case merged in Dynamics; only then is each row checked here (its distance, its link), so such a page may hold fewer
    /// rows than <paramref name="pageSize"/>. Nothing else is filtered after fetching.
    /// <c>Skip</c> and <c>Take</c> are refused (no <c>$skip</c>; the page size is the cap).
    /// </remarks>
    public ValueTask<ServiceRequestPage> QueryAsync(Ardalis.Specification.ISpecification<ServiceRequest> specification, string? continuationToken, int pageSize = ServiceRequestPage.DefaultSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, ServiceRequestPage.MaxSize);
        var query = ODataSpecification.For(ServiceRequestQueryPlan.From(specification), _schema);

        // The translation asks for rows to be checked only when it asked for more (a circle's box, a merged case's masterid).
        Func<ServiceRequest, bool>? check = query.CheckEachRow ? specification.IsSatisfiedBy : null;
        return ReadPageAsync("incidents?" + query.QueryString, continuationToken, pageSize, check, cancellationToken);
    }

    private async ValueTask<ServiceRequestPage> ReadPageAsync(string relative, string? continuationToken, int pageSize, Func<ServiceRequest, bool>? check, CancellationToken cancellationToken)
    {
        var url = continuationToken is null ? new Uri(_connection.ApiRoot, relative) : ContinuationToken.Read(continuationToken, relative, _connection.ApiRoot);
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Prefer", $"odata.maxpagesize={pageSize}" } } },
            "query incidents", null, cancellationToken).ConfigureAwait(false);
        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var items = new List<ServiceRequest>();
        foreach (var row in document.RootElement.GetProperty("value").EnumerateArray())
        {
            if (await ToStoredAsync(row, cancellationToken).ConfigureAwait(false) is { } stored && (check is null || check(stored.Request)))
            {
                items.Add(stored.Request);
            }
        }

        return new ServiceRequestPage(items, ContinuationToken.Write(document.RootElement, relative));
    }

    private async Task<Guid?> CustomerOfAsync(ReporterContact? reporter, List<BatchOperation> operations, CancellationToken cancellationToken)
    {
        var key = ContactKey(reporter);
        if (key is null)
        {
            return _options.AnonymousContactId ?? _schema.AnonymousContactId;
        }

        if (_contacts.TryGetValue(key.Value.Value, out var known))
        {
            return known;
        }

        var filter = $"{key.Value.Column} eq '{ODataFilter.Escape(key.Value.Value)}'";
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, $"contacts?$select=contactid&$filter={Uri.EscapeDataString(filter)}&$top=1")),
            "find contact", null, cancellationToken).ConfigureAwait(false);
        using var found = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var rows = found.RootElement.GetProperty("value");
        if (rows.GetArrayLength() > 0)
        {
            var id = rows[0].GetProperty("contactid").GetGuid();
            _contacts[key.Value.Value] = id;
            return id;
        }

        // Created in the same change set as the case, so a failed write leaves no orphan contact; created only (If-None-Match:
        // *) under its reporter key, so two submits racing for one new reporter cannot make two: the loser's change set is
        // refused with 412 and AddAsync binds it to the winner's contact. An upsert without the header would not fail, but
        // it would overwrite a contact an agent has edited since.
        var contactId = Guid.NewGuid();
        var contact = NewContact(reporter!, contactId);
        operations.Add(new BatchOperation(HttpMethod.Patch, $"contacts({_schema.ReporterKey}='{ReporterKeyOf(key.Value)}')", contact.ToJsonString(), [new("If-None-Match", "*")]));
        return contactId;
    }

    private async Task<Guid?> FindContactByReporterKeyAsync((string Column, string Value) key, CancellationToken cancellationToken)
    {
        // The URL carries a hash, never the resident's e-mail or phone.
        var url = $"contacts({_schema.ReporterKey}='{ReporterKeyOf(key)}')?$select=contactid";
        using var document = await ReadRowAsync(url, "find contact", null, cancellationToken).ConfigureAwait(false);
        return document?.RootElement.GetProperty("contactid").GetGuid();
    }

    // One row by its key, or null when the answer is 404 (the caller disposes the document).
    private async Task<JsonDocument?> ReadRowAsync(string url, string operation, string? record, CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, url)), operation, record, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The reporter key of an e-mail (trimmed, lower case) or a phone (its digits): 32 hex digits of a SHA-256, so the key
    /// is URL-safe (an alternate key value cannot carry '+') and names no personal data in URLs or logs.
    /// </summary>
    internal static string ReporterKeyOf((string Column, string Value) key)
    {
        var normal = key.Column == "emailaddress1"
            ? "email:" + key.Value.Trim().ToLowerInvariant()
            : "phone:" + new string(key.Value.Where(char.IsAsciiDigit).ToArray());
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(normal), hash);
        return Convert.ToHexString(hash[..16]).ToLowerInvariant();
    }

    private static JsonObject NewContact(ReporterContact reporter, Guid contactId)
    {
        var (first, last) = SplitName(reporter.Name);
        return new JsonObject
        {
            ["contactid"] = contactId.ToString("D"),
            ["firstname"] = first is null ? null : IncidentMapping.Truncate(first, 50),
            ["lastname"] = IncidentMapping.Truncate(last ?? "(311 resident)", 50),
            ["emailaddress1"] = reporter.Email is { } email ? IncidentMapping.Truncate(email.Trim(), 100) : null,
            ["mobilephone"] = reporter.Phone is { } phone ? IncidentMapping.Truncate(phone.Trim(), 50) : null,
        };
    }

    private void RememberContact(ReporterContact? reporter, Guid? contactId)
    {
        if (ContactKey(reporter) is { } key && contactId is { } id)
        {
            _contacts.TryAdd(key.Value, id);
        }
    }

    private static (string Column, string Value)? ContactKey(ReporterContact? reporter) =>
        reporter?.Email is { Length: > 0 } email ? ("emailaddress1", email.Trim())
        : reporter?.Phone is { Length: > 0 } phone ? ("mobilephone", phone.Trim())
        : null;

    private static (string? First, string? Last) SplitName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, null);
        }

        var trimmed = name.Trim();
        var space = trimmed.LastIndexOf(' ');
        return space < 0 ? (null, trimmed) : (trimmed[..space], trimmed[(space + 1)..]);
    }

    private HttpRequestMessage Json(HttpMethod method, string relativeUrl, string body, params KeyValuePair<string, string>[] headers)
    {
        var request = new HttpRequestMessage(method, new Uri(_connection.ApiRoot, relativeUrl))
        {
            Content = new StringContent(body, Encoding.UTF8, JsonType),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }


    /// <summary>Releases the token cache's resources.</summary>
    public void Dispose()
    {
        _connection.Dispose();
        foreach (var block in _sequences.Values)
        {
            block.Gate.Dispose();
        }
    }

    private sealed class SequenceBlock
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long Next { get; set; } = 1;

        public long Last { get; set; }
    }

    private readonly record struct StoredIncident(ServiceRequest Request, string? ChangeId);

    /// <summary>A change set's outcome: the new version when committed, else the failing operation's status, code and error.</summary>
    private readonly record struct WriteOutcome(string? Etag, int Status, string? Code, DataverseException? Failure);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Sequence {Scope}: another process reserved a block first; retry {Attempt}")]
        public static partial void SequenceContended(ILogger logger, string scope, int attempt);
    }
}
