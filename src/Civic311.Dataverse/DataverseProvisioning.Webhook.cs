using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Http;
using Civic311.Dataverse.Mapping;
using Microsoft.Extensions.Logging;

namespace Civic311.Dataverse;

public sealed partial class DataverseProvisioning
{
    private const int WebhookContract = 8;
    private const int JsonMessageFormat = 2;
    private const int PostOperation = 40;
    private const int Asynchronous = 1;
    private const int ServerOnly = 0;

    /// <summary>
    /// Registers a webhook for cases: a <c>serviceendpoints</c> row (contract 8, Webhook; JSON messages) and two
    /// <c>sdkmessageprocessingsteps</c> on <c>incident</c>, Create and Update, post-operation and asynchronous, the Update
    /// step filtered to <see cref="DataverseWebhookEndpoint.UpdateColumns"/>. Idempotent: rows are found by name and left as
    /// they are, so running it twice changes nothing (to change a URL or a key, delete the rows or change them in Dataverse).
    /// </summary>
    /// <param name="endpoint">The webhook to register.</param>
    /// <param name="cancellationToken">Cancels the call; what was created stays.</param>
    /// <returns>What was created and what already existed.</returns>
    /// <exception cref="DataverseException">Dataverse refused a row, or lacks the Create or Update message for incident.</exception>
    public async Task<ProvisioningReport> RegisterWebhookAsync(DataverseWebhookEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var report = new ProvisioningReport.Builder();
        var endpointId = await EnsureEndpointAsync(endpoint, report, cancellationToken).ConfigureAwait(false);
        await EnsureStepAsync(endpointId, "Create", null, endpoint.Name, report, cancellationToken).ConfigureAwait(false);
        await EnsureStepAsync(endpointId, "Update", endpoint.UpdateColumns.Count == 0 ? null : string.Join(',', endpoint.UpdateColumns), endpoint.Name, report, cancellationToken).ConfigureAwait(false);
        return report.Build();
    }

    private async Task<Guid> EnsureEndpointAsync(DataverseWebhookEndpoint endpoint, ProvisioningReport.Builder report, CancellationToken cancellationToken)
    {
        var name = endpoint.Name;
        var what = $"service endpoint {name}";
        var existing = await FindAsync("serviceendpoints", "serviceendpointid,url,authtype", $"name eq '{ODataFilter.Escape(name)}'", cancellationToken).ConfigureAwait(false);
        if (existing is { } row)
        {
            var storedUrl = row.TryGetProperty("url", out var u) ? u.GetString() : null;
            var storedAuth = row.TryGetProperty("authtype", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : 0;
            if (!string.Equals(storedUrl, endpoint.Url.AbsoluteUri, StringComparison.Ordinal) || storedAuth != endpoint.AuthenticationType)
            {
                WebhookLog.EndpointDiffers(_logger, name);
            }

            report.Existing.Add(what);
            return row.GetProperty("serviceendpointid").GetGuid();
        }

        // A deterministic id: a create retried after its answer was lost is refused as a duplicate key instead of making a
        // second endpoint of the same name (names are not unique in Dataverse).
        var body = new JsonObject
        {
            ["serviceendpointid"] = DataverseSchema.DeterministicId("civic311/serviceendpoint/" + name).ToString("D"),
            ["name"] = name,
            ["description"] = "Civic311: cases created and changed in Dynamics 365 are run through Civic311.",
            ["contract"] = WebhookContract,
            ["url"] = endpoint.Url.AbsoluteUri,
            ["authtype"] = endpoint.AuthenticationType,
            ["authvalue"] = endpoint.AuthenticationValue,
            ["messageformat"] = JsonMessageFormat,
        };
        var id = await CreateRowOnceAsync("serviceendpoints", body, what, "serviceendpointid", $"name eq '{ODataFilter.Escape(name)}'", cancellationToken).ConfigureAwait(false);
        report.Created.Add(what);
        WebhookLog.Created(_logger, what);
        return id;
    }

    private async Task EnsureStepAsync(Guid endpointId, string message, string? filteringAttributes, string name, ProvisioningReport.Builder report, CancellationToken cancellationToken)
    {
        var stepName = $"{name}: {message} of incident";
        var what = $"step {stepName}";
        if (await FindAsync("sdkmessageprocessingsteps", "sdkmessageprocessingstepid", $"name eq '{ODataFilter.Escape(stepName)}'", cancellationToken).ConfigureAwait(false) is not null)
        {
            report.Existing.Add(what);
            return;
        }

        var messageRow = await FindAsync("sdkmessages", "sdkmessageid", $"name eq '{message}'", cancellationToken).ConfigureAwait(false)
            ?? throw new DataverseException(404, null, $"Dataverse has no '{message}' message.", "find sdk message", message);
        var messageId = messageRow.GetProperty("sdkmessageid").GetGuid();
        var filterRow = await FindAsync("sdkmessagefilters", "sdkmessagefilterid", $"primaryobjecttypecode eq 'incident' and _sdkmessageid_value eq {messageId:D}", cancellationToken).ConfigureAwait(false)
            ?? throw new DataverseException(404, null, $"Dataverse has no '{message}' message filter for incident.", "find sdk message filter", message);

        var body = new JsonObject
        {
            ["sdkmessageprocessingstepid"] = DataverseSchema.DeterministicId("civic311/sdkmessageprocessingstep/" + stepName).ToString("D"),
            ["name"] = stepName,
            ["description"] = $"Sends each {message} of a case to the Civic311 webhook receiver.",
            ["stage"] = PostOperation,
            ["mode"] = Asynchronous,
            ["rank"] = 1,
            ["supporteddeployment"] = ServerOnly,
            ["asyncautodelete"] = true,
            ["eventhandler_serviceendpoint@odata.bind"] = $"/serviceendpoints({endpointId:D})",
            ["sdkmessageid@odata.bind"] = $"/sdkmessages({messageId:D})",
            ["sdkmessagefilterid@odata.bind"] = $"/sdkmessagefilters({filterRow.GetProperty("sdkmessagefilterid").GetGuid():D})",
        };
        if (filteringAttributes is not null)
        {
            body["filteringattributes"] = filteringAttributes;
        }

        await CreateRowOnceAsync("sdkmessageprocessingsteps", body, what, "sdkmessageprocessingstepid", $"name eq '{ODataFilter.Escape(stepName)}'", cancellationToken).ConfigureAwait(false);
        report.Created.Add(what);
        WebhookLog.Created(_logger, what);
    }

    private async Task<JsonElement?> FindAsync(string set, string select, string filter, CancellationToken cancellationToken)
    {
        var url = $"{set}?$select={select}&$filter={Uri.EscapeDataString(filter)}&$top=1";
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, url)), $"query {set}", null, cancellationToken).ConfigureAwait(false);
        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var rows = document.RootElement.GetProperty("value");
        return rows.GetArrayLength() == 0 ? null : rows[0].Clone();
    }

    // A create whose answer was lost (committed, then the connection dropped) is retried by the connection and refused as a
    // duplicate key (the id is deterministic), or fails for good: the row found by name afterwards means it landed.
    private async Task<Guid> CreateRowOnceAsync(string set, JsonObject body, string what, string idColumn, string filter, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateRowAsync(set, body, $"create {what}", cancellationToken).ConfigureAwait(false);
        }
        catch (DataverseException failure) when (failure.StatusCode is 0 or (int)HttpStatusCode.BadRequest or (int)HttpStatusCode.PreconditionFailed)
        {
            if (await FindAsync(set, idColumn, filter, cancellationToken).ConfigureAwait(false) is not { } landed)
            {
                throw;
            }

            WebhookLog.AnswerLost(_logger, what, failure.StatusCode);
            return landed.GetProperty(idColumn).GetGuid();
        }
    }

    // POST answers 204 with OData-EntityId: .../set(guid).
    private async Task<Guid> CreateRowAsync(string set, JsonObject body, string operation, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(set, body, operation, cancellationToken).ConfigureAwait(false);
        var entityId = response.Headers.TryGetValues("OData-EntityId", out var values) ? values.FirstOrDefault() : null;
        var open = entityId?.LastIndexOf('(') ?? -1;
        if (entityId is null || open < 0 || !Guid.TryParse(entityId.AsSpan(open + 1).TrimEnd(')'), out var id))
        {
            throw new DataverseException((int)response.StatusCode, null, "The answer carries no OData-EntityId header with the new row's id.", operation, null);
        }

        return id;
    }

    private static partial class WebhookLog
    {
        [LoggerMessage(1, LogLevel.Information, "Dataverse webhook registration created {What}")]
        public static partial void Created(ILogger logger, string what);

        [LoggerMessage(3, LogLevel.Information, "Dataverse webhook registration: the answer to creating {What} was lost (retry answered {Status}); the row is there, so the step is done")]
        public static partial void AnswerLost(ILogger logger, string what, int status);

        [LoggerMessage(2, LogLevel.Warning, "Service endpoint {Name} exists with another URL or authentication type; left as it is (delete it or change it in Dataverse to apply the new settings)")]
        public static partial void EndpointDiffers(ILogger logger, string name);
    }
}
