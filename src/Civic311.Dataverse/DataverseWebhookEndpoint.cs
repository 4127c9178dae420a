using System;
using System.Collections.Generic;
using System.Linq;

namespace Civic311.Dataverse;

/// <summary>
/// A webhook for <see cref="DataverseProvisioning.RegisterWebhookAsync"/> to register: the <c>serviceendpoints</c> row
/// (its name, URL and authentication as Dataverse stores them) and the columns whose change fires its Update step.
/// </summary>
/// <threadsafety>Immutable; thread-safe.</threadsafety>
public sealed class DataverseWebhookEndpoint
{
    /// <summary>The <c>authtype</c> of a key sent as the <c>code</c> query-string parameter.</summary>
    public const int WebhookKey = 4;

    /// <summary>The <c>authtype</c> of keys sent as request headers.</summary>
    public const int HttpHeader = 5;

    /// <summary>The <c>authtype</c> of keys sent as query-string parameters.</summary>
    public const int HttpQueryString = 6;

    /// <summary>Describes the webhook.</summary>
    /// <param name="name">The service endpoint's name; the steps are named after it.</param>
    /// <param name="url">The receiver's absolute URL.</param>
    /// <param name="authenticationType">The <c>authtype</c>: <see cref="WebhookKey"/>, <see cref="HttpHeader"/> or <see cref="HttpQueryString"/>.</param>
    /// <param name="authenticationValue">
    /// The <c>authvalue</c>: the key itself for <see cref="WebhookKey"/>, otherwise
    /// <c>&lt;settings&gt;&lt;setting name="X" value="Y" /&gt;&lt;/settings&gt;</c>.
    /// </param>
    /// <param name="updateColumns">The columns (logical names) whose change fires the Update step; empty for any change.</param>
    /// <exception cref="ArgumentException">An argument is missing, blank, relative or not one of the values listed.</exception>
    public DataverseWebhookEndpoint(string name, Uri url, int authenticationType, string authenticationValue, IEnumerable<string> updateColumns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(authenticationValue);
        ArgumentNullException.ThrowIfNull(updateColumns);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"'{url}' is not an absolute URL.", nameof(url));
        }

        if (authenticationType is not (WebhookKey or HttpHeader or HttpQueryString))
        {
            throw new ArgumentOutOfRangeException(nameof(authenticationType), authenticationType, "The authtype of a webhook is 4 (webhook key), 5 (HTTP header) or 6 (HTTP query string).");
        }

        Name = name;
        Url = url;
        AuthenticationType = authenticationType;
        AuthenticationValue = authenticationValue;
        UpdateColumns = updateColumns.ToArray();
    }

    /// <summary>Gets the service endpoint's name.</summary>
    public string Name { get; }

    /// <summary>Gets the receiver's URL.</summary>
    public Uri Url { get; }

    /// <summary>Gets the <c>authtype</c>.</summary>
    public int AuthenticationType { get; }

    /// <summary>Gets the <c>authvalue</c>.</summary>
    public string AuthenticationValue { get; }

    /// <summary>Gets the columns whose change fires the Update step; empty for any change.</summary>
    public IReadOnlyList<string> UpdateColumns { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} -> {Url}";
}
