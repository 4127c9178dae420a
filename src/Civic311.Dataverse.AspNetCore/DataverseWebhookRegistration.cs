using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Civic311.Dataverse.Webhooks.Internal;
using Microsoft.Extensions.Logging;
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
public sealed class DataverseWebhookRegistration : IDisposable
{
    private readonly DataverseProvisioning _provisioning;

    /// <summary>Creates the registration client.</summary>
    /// <param name="http">The HTTP client.</param>
    /// <param name="options">The connection settings (the same as the store's), validated now.</param>
    /// <param name="clock">The clock (token expiry).</param>
    /// <param name="logger">The logger; optional.</param>
    /// <exception cref="Civic311ValidationException">The options are invalid.</exception>
    public DataverseWebhookRegistration(HttpClient http, DataverseOptions options, IClock clock, ILogger<DataverseWebhookRegistration>? logger = null)
    {
        // The provisioning client checks the arguments and validates the options (every problem listed); it logs as this class.
        _provisioning = new DataverseProvisioning(http, options, clock, logger is null ? null : new CategoryLogger(logger));
    }

    // From DI (AddDataverseWebhook): the provisioning client AddDataverseStore registers, on the store's connection.
    internal DataverseWebhookRegistration(DataverseProvisioning provisioning)
    {
        _provisioning = provisioning;
    }

    /// <summary>Creates the service endpoint and the Create and Update steps that are missing.</summary>
    /// <param name="url">
    /// The receiver's public URL, for example <c>https://311.example.gov/dataverse/webhook</c>: port 443 for https or 80 for
    /// http, because "Registered WebHooks support only port 80 for HTTP and port 443 for HTTPS"
    /// (https://learn.microsoft.com/power-apps/developer/data-platform/register-web-hook). For a development receiver on
    /// another port, publish it through a tunnel or reverse proxy on 443.
    /// </param>
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

        var endpoint = new DataverseWebhookEndpoint(name, url, (int)webhook.Authentication, AuthValue(webhook), IncidentHandler.TrackedColumns(webhook));
        return await _provisioning.RegisterWebhookAsync(endpoint, cancellationToken).ConfigureAwait(false);
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
                errors.Add(new ValidationError("url", ValidationErrorCodes.OutOfRange, $"Dataverse calls webhooks on port 443 (https) or 80 (http) only (learn.microsoft.com/power-apps/developer/data-platform/register-web-hook); '{url}' uses {url.Port}: publish a development receiver through a tunnel or reverse proxy on 443."));
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
        _provisioning.Dispose();
    }

    /// <summary>Writes the provisioning client's log entries under this class's category, as the registration's own.</summary>
    private sealed class CategoryLogger(ILogger inner) : ILogger<DataverseProvisioning>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
