using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Civic311.Dataverse.Http;
using Civic311.Dataverse.Mapping;
using Civic311.Dataverse.Webhooks.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Civic311.Dataverse.Webhooks;

/// <summary>
/// Registers the webhook receiver with Dataverse through the Web API: a <c>serviceendpoints</c> row (contract 8, Webhook;
/// JSON messages; the receiver's authentication and first key) and two <c>sdkmessageprocessingsteps</c> on
/// <c>incident</c>, Create and Update, post-operation and asynchronous, the Update step filtered to the columns Civic311
/// acts on. Idempotent: rows are found by name and left as they are, so running it twice changes nothing (to change a
/// URL or a key, delete the rows or change them in Dataverse).
/// </summary>
/// <threadsafety>Run one registration at a time.</threadsafety>
public sealed partial class DataverseWebhookRegistration : IDisposable
{
    private const int WebhookContract = 8;
    private const int JsonMessageFormat = 2;
    private const int PostOperation = 40;
    private const int Asynchronous = 1;
    private const int ServerOnly = 0;

    private readonly DataverseConnection _connection;
    private readonly ILogger _logger;

    /// <summary>Creates the registration client.</summary>
    /// <param name="http">The HTTP client.</param>
    /// <param name="options">The connection settings (the same as the store's), validated now.</param>
    /// <param name="clock">The clock (token expiry).</param>
    /// <param name="logger">The logger; optional.</param>
    /// <exception cref="Civic311ValidationException">The options are invalid.</exception>
    public DataverseWebhookRegistration(HttpClient http, DataverseOptions options, IClock clock, ILogger<DataverseWebhookRegistration>? logger = null)
    {
        // Create checks the arguments and validates the options (every problem listed) before anything else is built.
        _connection = DataverseConnection.Create(http, options, clock);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Creates the service endpoint and the Create and Update steps that are missing.</summary>
    /// <param name="url">The receiver's public URL, for example <c>https://311.example.gov/dataverse/webhook</c> (port 80 or 443, as Dataverse requires).</param>
    /// <param name="webhook">The receiver's options: its authentication mode, key name and first key are registered, its prefix and service-code column filter the Update step.</param>
    /// <param name="name">The service endpoint's name; the steps are named after it.</param>
    /// <param name="cancellationToken">Cancels the call; what was created stays.</param>
    /// <returns>What was created and what already existed.</returns>
    /// <exception cref="Civic311ValidationException">The URL or the webhook options are invalid; every problem is listed.</exception>
    /// <exception cref="DataverseException">Dataverse refused a row, or lacks the Create or Update message for incident.</exception>
    public async Task<ProvisioningReport> RegisterAsync(Uri url, DataverseWebhookOptions webhook, string name = "Civic311", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        CheckUrl(url, webhook);

        var report = new ProvisioningReport.Builder();
        var endpointId = await EnsureEndpointAsync(url, webhook, name, report, cancellationToken).ConfigureAwait(false);
        var filtering = string.Join(',', IncidentHandler.TrackedColumns(webhook));
        await EnsureStepAsync(endpointId, "Create", null, name, report, cancellationToken).ConfigureAwait(false);
        await EnsureStepAsync(endpointId, "Update", filtering, name, report, cancellationToken).ConfigureAwait(false);
        return report.Build();
    }

    /// <summary>
    /// The <c>authvalue</c> for a mode: the key itself for WebhookKey, and for HttpHeader and HttpQueryString the
    /// <c>&lt;settings&gt;&lt;setting name="X" value="Y" /&gt;&lt;/settings&gt;</c> form.
    /// </summary>
    internal static string AuthValue(DataverseWebhookOptions webhook)
    {
        var key = webhook.Keys[0];
        if (webhook.Authentication == DataverseWebhookAuthentication.WebhookKey)
        {
            return key;
        }

        return new XElement("settings", new XElement("setting", new XAttribute("name", webhook.KeyName), new XAttribute("value", key))).ToString(SaveOptions.DisableFormatting);
    }

    private async Task<Guid> EnsureEndpointAsync(Uri url, DataverseWebhookOptions webhook, string name, ProvisioningReport.Builder report, CancellationToken cancellationToken)
    {
        var what = $"service endpoint {name}";
        var existing = await FindAsync("serviceendpoints", "serviceendpointid,url,authtype", $"name eq '{ODataFilter.Escape(name)}'", cancellationToken).ConfigureAwait(false);
        if (existing is { } row)
        {
            var storedUrl = row.TryGetProperty("url", out var u) ? u.GetString() : null;
            var storedAuth = row.TryGetProperty("authtype", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : 0;
            if (!string.Equals(storedUrl, url.AbsoluteUri, StringComparison.Ordinal) || storedAuth != (int)webhook.Authentication)
            {
                Log.EndpointDiffers(_logger, name);
            }

            report.Existing.Add(what);
            return row.GetProperty("serviceendpointid").GetGuid();
        }

        var body = new JsonObject
        {
            ["name"] = name,
            ["description"] = "Civic311: cases created and changed in Dynamics 365 are run through Civic311.",
            ["contract"] = WebhookContract,
            ["url"] = url.AbsoluteUri,
            ["authtype"] = (int)webhook.Authentication,
            ["authvalue"] = AuthValue(webhook),
            ["messageformat"] = JsonMessageFormat,
        };
        var id = await CreateAsync("serviceendpoints", body, $"create {what}", cancellationToken).ConfigureAwait(false);
        report.Created.Add(what);
        Log.Created(_logger, what);
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

        await CreateAsync("sdkmessageprocessingsteps", body, $"create {what}", cancellationToken).ConfigureAwait(false);
        report.Created.Add(what);
        Log.Created(_logger, what);
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

    // POST answers 204 with OData-EntityId: .../set(guid).
    private async Task<Guid> CreateAsync(string set, JsonObject body, string operation, CancellationToken cancellationToken)
    {
        var text = body.ToJsonString();
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(_connection.ApiRoot, set)) { Content = new StringContent(text, Encoding.UTF8, "application/json") },
            operation, null, cancellationToken).ConfigureAwait(false);
        var entityId = response.Headers.TryGetValues("OData-EntityId", out var values) ? values.FirstOrDefault() : null;
        var open = entityId?.LastIndexOf('(') ?? -1;
        if (entityId is null || open < 0 || !Guid.TryParse(entityId.AsSpan(open + 1).TrimEnd(')'), out var id))
        {
            throw new DataverseException((int)response.StatusCode, null, "The answer carries no OData-EntityId header with the new row's id.", operation, null);
        }

        return id;
    }

    private static void CheckUrl(Uri url, DataverseWebhookOptions webhook)
    {
        var errors = DataverseWebhookOptionsValidator.Check(webhook);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add(new ValidationError("url", ValidationErrorCodes.InvalidFormat, $"'{url}' is not an absolute http(s) URL."));
        }
        else
        {
            if (url.Port is not (80 or 443))
            {
                errors.Add(new ValidationError("url", ValidationErrorCodes.OutOfRange, $"Dataverse calls webhooks on ports 80 and 443 only; '{url}' uses {url.Port}."));
            }

            if (url.AbsoluteUri.Length > 2000)
            {
                errors.Add(new ValidationError("url", ValidationErrorCodes.TooLong, "A service endpoint URL has at most 2000 characters."));
            }

            if (webhook.Authentication != DataverseWebhookAuthentication.HttpHeader && url.Query.Length > 1)
            {
                errors.Add(new ValidationError("url", ValidationErrorCodes.Inconsistent, "With query-string authentication Dataverse appends the key itself; give the URL without a query."));
            }
        }

        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("webhook registration", errors);
        }
    }

    /// <summary>Releases the token cache.</summary>
    public void Dispose()
    {
        _connection.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Dataverse webhook registration created {What}")]
        public static partial void Created(ILogger logger, string what);

        [LoggerMessage(2, LogLevel.Warning, "Service endpoint {Name} exists with another URL or authentication type; left as it is (delete it or change it in Dataverse to apply the new settings)")]
        public static partial void EndpointDiffers(ILogger logger, string name);
    }
}
