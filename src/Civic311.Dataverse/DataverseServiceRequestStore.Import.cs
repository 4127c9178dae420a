using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Dataverse.Http;
using Civic311.Dataverse.Mapping;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Dataverse;

/// <content>Bulk import: replaying an export with CreateMultiple.</content>
public sealed partial class DataverseServiceRequestStore
{
    /// <summary>The most records one CreateMultiple call carries (Dataverse suggests about 1000).</summary>
    public const int MaxRecordsPerCall = 1000;

    // The longest In(...) list a lookup puts in one URL: well under the request-line limits of Dataverse and of proxies.
    private const int MaxLookupLength = 6000;

    /// <summary>
    /// Imports requests (for example an export from another system or another Civic311 store) in bulk: incidents, then
    /// their history rows, with <c>CreateMultiple</c> at most <see cref="MaxRecordsPerCall"/> records a call; a request
    /// that is not active afterwards is resolved (CloseIncident) or cancelled in one <c>$batch</c> per chunk. Reporters
    /// are found by e-mail or phone, or created (also with CreateMultiple).
    /// </summary>
    /// <remarks>
    /// Idempotent: a request whose tracking number is already stored is skipped, so an interrupted import can simply be run
    /// again; when the stored incident is the same request, its missing history rows are written then. Requests keep their
    /// ids, tracking numbers and history; each gets a new version. Outbox messages are not imported (an export has none
    /// pending). Raise the tracking-number sequence past the imported numbers before taking new submissions.
    /// </remarks>
    /// <param name="requests">The requests to import.</param>
    /// <param name="cancellationToken">Cancels the import; the chunks written so far stay (run it again to finish).</param>
    /// <returns>How many were imported and how many were already there.</returns>
    /// <exception cref="DataverseException">Dataverse refused a chunk (nothing of that chunk's call was written).</exception>
    public async Task<ImportReport> ImportAsync(IEnumerable<ServiceRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var imported = 0;
        var skipped = 0;
        var roundTrips = RoundTrips;

        // Streamed a chunk at a time, so an export of millions of requests is never held in memory. A duplicate counts on
        // its original when both are in one chunk; an original elsewhere (an earlier or later chunk, or stored before) is
        // set to unknown before its duplicates are written and again at the end, so neither a resolution meanwhile nor an
        // exported count that missed them leaves it too low. Only those originals' ids are kept.
        var elsewhere = new HashSet<ServiceRequestId>();
        foreach (var chunk in requests.Chunk(MaxRecordsPerCall))
        {
            var ids = chunk.Select(r => r.Id).ToHashSet();
            var linked = chunk.Where(r => r.DuplicateOf is not null).GroupBy(r => r.DuplicateOf!.Value).ToDictionary(g => g.Key, g => g.Count());
            await ForgetDuplicateCountsAsync([.. linked.Keys.Where(id => !ids.Contains(id) && elsewhere.Add(id))], cancellationToken).ConfigureAwait(false);
            var (created, present) = await ImportChunkAsync([.. chunk.Select(r => WithImportedCount(r, linked))], cancellationToken).ConfigureAwait(false);
            imported += created;
            skipped += present;
        }

        await ForgetDuplicateCountsAsync([.. elsewhere], cancellationToken).ConfigureAwait(false);
        return new ImportReport(imported, skipped, RoundTrips - roundTrips);
    }

    // The count an imported request is stored with: the larger of its own and the duplicates of it in the import (a count
    // too high only costs a resolution a query; too low would leave a reporter untold), unknown when its own is unknown.
    private static ServiceRequest WithImportedCount(ServiceRequest request, Dictionary<ServiceRequestId, int> linked) =>
        request.DuplicateCount is { } own ? request.WithDuplicateCount(Math.Max(own, linked.GetValueOrDefault(request.Id))) : request;

    // Sets the count of stored, active originals to unknown (a read-only case already reads as unknown). Not in a change
    // set: a case closed meanwhile refuses its PATCH and is unknown anyway.
    private async Task ForgetDuplicateCountsAsync(List<ServiceRequestId> originals, CancellationToken cancellationToken)
    {
        if (originals.Count == 0)
        {
            return;
        }

        var operations = new List<BatchOperation>();
        var forget = new JsonObject { [_schema.DuplicateCount] = null }.ToJsonString();
        foreach (var original in await GetManyAsync(originals, cancellationToken).ConfigureAwait(false))
        {
            if (original.DuplicateCount is not null)
            {
                operations.Add(new BatchOperation(HttpMethod.Patch, $"incidents({original.Id})", forget, [new("If-Match", "*")]));
            }
        }

        foreach (var part in operations.Chunk(MaxRecordsPerCall))
        {
            var parts = await SendBatchAsync([], part, continueOnError: true, "forget duplicate counts", null, cancellationToken).ConfigureAwait(false);
            if (parts.FirstOrDefault(p => p.StatusCode >= 300 && DataverseConnection.ParseError(p.Body, null).Code != DataverseErrorCodes.CaseAlreadyResolved) is { } failed)
            {
                var (code, message) = DataverseConnection.ParseError(failed.Body, null);
                throw new DataverseException(failed.StatusCode, code, message, "forget duplicate counts", null);
            }
        }
    }

    /// <summary>
    /// Imports historical records an integrator has (for example rows of a city's open-data export: service code, times,
    /// status, location, reporter): <paramref name="center"/> builds each as it would have been
    /// (<see cref="ServiceRequests.PrepareImportAsync"/>: routing, history, SLA clocks met or breached), then they are
    /// written in bulk as <see cref="ImportAsync(IEnumerable{ServiceRequest}, CancellationToken)"/> does.
    /// </summary>
    /// <param name="records">The records.</param>
    /// <param name="center">The center whose catalog, routing and SLA policies apply; it should use this store.</param>
    /// <param name="cancellationToken">Cancels the import; the chunks written so far stay (run it again to finish).</param>
    /// <returns>How many were imported, already there, and refused (each with its index and every problem).</returns>
    /// <exception cref="DataverseException">Dataverse refused a chunk (nothing of that chunk's call was written).</exception>
    public async Task<ImportReport> ImportAsync(IEnumerable<HistoricalRequest> records, ServiceRequests center, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(center);
        var roundTrips = RoundTrips;
        var prepared = await center.PrepareImportAsync(records, cancellationToken).ConfigureAwait(false);
        var report = await ImportAsync(prepared.Requests, cancellationToken).ConfigureAwait(false);
        return report with { RoundTrips = RoundTrips - roundTrips, Rejected = prepared.Rejected };
    }

    private async Task<(int Imported, int Skipped)> ImportChunkAsync(ServiceRequest[] chunk, CancellationToken cancellationToken)
    {
        var s = _schema;

        // Which of these are stored already (by tracking number), and under which id.
        var existing = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in await FindInAsync(DataverseSchema.IncidentSet, s.TrackingNumber, chunk.Select(r => r.TrackingNumber), $"incidentid,{s.TrackingNumber}", cancellationToken).ConfigureAwait(false))
        {
            existing[row.GetProperty(s.TrackingNumber).GetString()!] = row.GetProperty("incidentid").GetGuid();
        }

        var fresh = chunk.Where(r => !existing.ContainsKey(r.TrackingNumber)).DistinctBy(r => r.TrackingNumber, StringComparer.OrdinalIgnoreCase).ToList();
        var resumed = chunk.Where(r => existing.TryGetValue(r.TrackingNumber, out var id) && id == r.Id.Value).ToList();
        if (fresh.Count > 0)
        {
            var customers = await CustomersOfAsync(fresh, cancellationToken).ConfigureAwait(false);
            var incidents = new List<JsonObject>(fresh.Count);
            foreach (var request in fresh)
            {
                var incident = _mapping.ToIncident(request, Guid.NewGuid(), customers[request.Id]);
                incident["@odata.type"] = "Microsoft.Dynamics.CRM.incident";
                incident["incidentid"] = request.Id.ToString();
                if (IncidentStates.ToCodes(request.Status) is (IncidentStates.ActiveState, var reason) && reason != IncidentStates.InProgress)
                {
                    incident["statuscode"] = reason;
                }

                incidents.Add(incident);
            }

            await CreateMultipleAsync(DataverseSchema.IncidentSet, incidents, "import incidents", cancellationToken).ConfigureAwait(false);
            await CloseImportedAsync(fresh, cancellationToken).ConfigureAwait(false);
        }

        // History rows of the new requests, and those an interrupted run left unwritten for requests it had stored.
        var history = new List<(ServiceRequest Request, HistoryEntry Entry)>();
        history.AddRange(fresh.SelectMany(r => r.History.Select(e => (r, e))));
        if (resumed.Count > 0)
        {
            var wanted = resumed.SelectMany(r => r.History.Select(e => (Request: r, Entry: e, Id: IncidentMapping.HistoryRowId(r.Id, e.Sequence)))).ToList();
            var stored = (await FindInAsync(s.HistorySet, s.HistoryId, wanted.Select(w => w.Id.ToString("D")), s.HistoryId, cancellationToken).ConfigureAwait(false))
                .Select(row => row.GetProperty(s.HistoryId).GetGuid()).ToHashSet();
            history.AddRange(wanted.Where(w => !stored.Contains(w.Id)).Select(w => (w.Request, w.Entry)));
        }

        var importId = Guid.NewGuid();
        var historyType = $"Microsoft.Dynamics.CRM.{s.HistoryTable}";
        foreach (var part in history.Chunk(MaxRecordsPerCall))
        {
            var rows = part.Select(h =>
            {
                var row = _mapping.ToHistory(h.Request, h.Entry, importId);
                row["@odata.type"] = historyType;
                return row;
            }).ToList();
            await CreateMultipleAsync(s.HistorySet, rows, "import history", cancellationToken).ConfigureAwait(false);
        }

        return (fresh.Count, chunk.Length - fresh.Count);
    }

    // Requests that are resolved, closed, cancelled or duplicates: CreateMultiple makes active cases, so resolve them with
    // CloseIncident or cancel them with a state PATCH, all of a chunk in one change set.
    private async Task CloseImportedAsync(List<ServiceRequest> requests, CancellationToken cancellationToken)
    {
        var operations = new List<BatchOperation>();
        foreach (var request in requests)
        {
            AddStateOperations(request, IncidentStates.ActiveState, isNew: true, operations);
        }

        foreach (var part in operations.Chunk(MaxRecordsPerCall))
        {
            var parts = await SendBatchAsync(part, [], continueOnError: false, "import case states", null, cancellationToken).ConfigureAwait(false);
            if (parts.FirstOrDefault(p => p.StatusCode >= 300) is { } failed)
            {
                var (code, message) = DataverseConnection.ParseError(failed.Body, null);
                throw new DataverseException(failed.StatusCode, code, message, "import case states", null);
            }
        }
    }

    // The customer of each request: the anonymous contact, a known contact (cache, then one In(...) query per 200 e-mails or
    // phones), or a contact created now with CreateMultiple.
    private async Task<Dictionary<ServiceRequestId, Guid>> CustomersOfAsync(List<ServiceRequest> requests, CancellationToken cancellationToken)
    {
        var result = new Dictionary<ServiceRequestId, Guid>(requests.Count);
        var unknown = new Dictionary<(string Column, string Value), ReporterContact>();
        foreach (var request in requests)
        {
            if (ContactKey(request.Reporter) is not { } key)
            {
                result[request.Id] = _options.AnonymousContactId ?? _schema.AnonymousContactId;
            }
            else if (!_contacts.ContainsKey(key.Value))
            {
                unknown.TryAdd(key, request.Reporter!);
            }
        }

        foreach (var column in new[] { "emailaddress1", "mobilephone" })
        {
            var values = unknown.Keys.Where(k => k.Column == column).Select(k => k.Value).ToList();
            foreach (var row in await FindInAsync("contacts", column, values, $"contactid,{column}", cancellationToken).ConfigureAwait(false))
            {
                if (row.GetProperty(column).GetString() is { } value)
                {
                    _contacts.TryAdd(value.Trim(), row.GetProperty("contactid").GetGuid());
                    unknown.Remove((column, value.Trim()));
                }
            }
        }

        var created = new List<JsonObject>();
        foreach (var (key, reporter) in unknown)
        {
            var value = key.Value;
            if (_contacts.ContainsKey(value))
            {
                continue; // found under the other column's value
            }

            var contactId = Guid.NewGuid();
            var contact = NewContact(reporter, contactId);
            contact["@odata.type"] = "Microsoft.Dynamics.CRM.contact";
            contact[_schema.ReporterKey] = ReporterKeyOf(key); // so a later submit's create-only write by key finds it taken

            created.Add(contact);
            _contacts[value] = contactId;
        }

        foreach (var part in created.Chunk(MaxRecordsPerCall))
        {
            await CreateMultipleAsync("contacts", [.. part], "import contacts", cancellationToken).ConfigureAwait(false);
        }

        foreach (var request in requests)
        {
            if (ContactKey(request.Reporter) is { } key)
            {
                result[request.Id] = _contacts[key.Value];
            }
        }

        return result;
    }

    private async Task CreateMultipleAsync(string set, List<JsonObject> targets, string operation, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["Targets"] = new JsonArray([.. targets]) }.ToJsonString();
        using var response = await _connection.SendAsync(
            () => Json(HttpMethod.Post, $"{set}/Microsoft.Dynamics.CRM.CreateMultiple", body),
            operation, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The rows of <paramref name="set"/> whose <paramref name="column"/> is one of <paramref name="values"/>.</summary>
    private async Task<List<JsonElement>> FindInAsync(string set, string column, IEnumerable<string> values, string select, CancellationToken cancellationToken)
    {
        var rows = new List<JsonElement>();
        foreach (var list in InLists(values))
        {
            var filter = $"Microsoft.Dynamics.CRM.In(PropertyName='{column}',PropertyValues=[{list}])";
            var url = new Uri(_connection.ApiRoot, $"{set}?$select={select}&$filter={Uri.EscapeDataString(filter)}");
            while (url is not null)
            {
                var page = url;
                using var response = await _connection.SendAsync(
                    () => new HttpRequestMessage(HttpMethod.Get, page) { Headers = { { "Prefer", "odata.maxpagesize=5000" } } },
                    "find rows", set, cancellationToken).ConfigureAwait(false);
                using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
                foreach (var row in document.RootElement.GetProperty("value").EnumerateArray())
                {
                    rows.Add(row.Clone());
                }

                url = document.RootElement.TryGetProperty("@odata.nextLink", out var next) && next.GetString() is { } link ? new Uri(link) : null;
            }
        }

        return rows;
    }

    // The values as quoted, comma-separated OData lists, each short enough (once escaped) for one URL.
    private static IEnumerable<string> InLists(IEnumerable<string> values)
    {
        var list = new StringBuilder();
        var escapedLength = 0;
        foreach (var value in values.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var literal = "'" + ODataFilter.Escape(value) + "'";
            var length = Uri.EscapeDataString(literal).Length + 3;
            if (list.Length > 0 && escapedLength + length > MaxLookupLength)
            {
                yield return list.ToString();
                list.Clear();
                escapedLength = 0;
            }

            list.Append(list.Length == 0 ? string.Empty : ",").Append(literal);
            escapedLength += length;
        }

        if (list.Length > 0)
        {
            yield return list.ToString();
        }
    }
}

/// <summary>What <c>DataverseServiceRequestStore.ImportAsync</c> did.</summary>
/// <param name="Imported">How many requests were written.</param>
/// <param name="Skipped">How many were already stored (by tracking number) and left alone.</param>
/// <param name="RoundTrips">How many HTTP requests the import sent, retries included.</param>
public sealed record ImportReport(int Imported, int Skipped, long RoundTrips)
{
    /// <summary>Gets the historical records refused before anything was written, each with every problem.</summary>
    public IReadOnlyList<ImportRejection> Rejected { get; init; } = [];
}
