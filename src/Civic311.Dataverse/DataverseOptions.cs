using System;
using Azure.Core;

namespace Civic311.Dataverse;

/// <summary>
/// How Civic311 reaches a Dataverse environment (Dynamics 365): its URL, the credential that gets Entra ID tokens, the
/// publisher prefix of the custom columns and tables, and the limits the client keeps to. Validated once at start; every
/// problem is reported together.
/// </summary>
public sealed class DataverseOptions
{
    /// <summary>The most concurrent requests Dataverse's service protection allows per user.</summary>
    public const int ServiceProtectionConcurrency = 52;

    /// <summary>Gets or sets the environment URL, for example <c>https://contoso.crm.dynamics.com</c>.</summary>
    public Uri? EnvironmentUrl { get; set; }

    /// <summary>
    /// Gets or sets the Entra ID credential (from Azure.Identity: client secret, certificate or managed identity). Tokens are
    /// requested for <see cref="TokenScope"/>, cached and refreshed before they expire. Set this or <see cref="TokenProvider"/>.
    /// </summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>Gets or sets a custom source of bearer tokens, used instead of <see cref="Credential"/>.</summary>
    public IDataverseTokenProvider? TokenProvider { get; set; }

    /// <summary>Gets or sets the token scope.</summary>
    /// <value>Defaults to <c>{EnvironmentUrl}/.default</c>, as server-to-server (client credentials) access needs.</value>
    public string? TokenScope { get; set; }

    /// <summary>
    /// Gets or sets the publisher's customization prefix of the custom columns and tables (without the underscore), for
    /// example <c>contoso</c> for <c>contoso_servicecode</c>. It cannot change once the schema is provisioned.
    /// </summary>
    /// <value>Defaults to <c>civic</c>.</value>
    public string Prefix { get; set; } = "civic";

    /// <summary>Gets or sets how many requests run at once; at most <see cref="ServiceProtectionConcurrency"/>.</summary>
    /// <value>Defaults to 16.</value>
    public int MaxConcurrentRequests { get; set; } = 16;

    /// <summary>
    /// Gets or sets how long one call may take in all, its attempts and the waits between them, while it is throttled
    /// (429), transiently failed (500, 502, 503, 504, 408), timed out or unanswered: a retry, or a wait that a
    /// <c>Retry-After</c> asks for, that would end past it is not begun, and the failure surfaces as a
    /// <see cref="DataverseException"/>. Retries are bounded by this time, not by a count, so that callers ride out a
    /// service-protection pause instead of giving up after a number of quick refusals.
    /// </summary>
    /// <value>Defaults to 10 minutes (two of Dataverse's 5-minute service-protection windows).</value>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets an optional cap on how many times one call is retried within <see cref="RetryBudget"/>; 0 retries nothing.</summary>
    /// <value>Defaults to <see langword="null"/>: only the retry budget bounds retries.</value>
    public int? MaxRetries { get; set; }

    /// <summary>Gets or sets the first retry delay; later ones grow exponentially, with jitter.</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between attempts, including a server's <c>Retry-After</c>.</summary>
    /// <value>Defaults to 5 minutes (Dataverse's service-protection window).</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long one attempt may take before it counts as timed out and is retried.</summary>
    /// <value>Defaults to 100 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets the page size asked with <c>Prefer: odata.maxpagesize</c> when the query does not say.</summary>
    /// <value>Defaults to 500; at most 5000.</value>
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// Gets or sets how many tracking-number sequence values one process reserves at a time, so that a submit usually costs a
    /// single round trip. A process that stops leaves the rest of its block unused (a gap in the numbers, never a repeat).
    /// </summary>
    /// <value>Defaults to 20; 1 reserves one number per submit.</value>
    public int SequenceBlockSize { get; set; } = 20;

    /// <summary>
    /// Gets or sets the contact used as the case's customer when the reporter left no e-mail or phone (the incident table
    /// requires a customer). Created by provisioning when not set.
    /// </summary>
    public Guid? AnonymousContactId { get; set; }

    /// <summary>Gets the Web API root, <c>{EnvironmentUrl}/api/data/v9.2/</c>.</summary>
    public Uri? ApiRoot => EnvironmentUrl is null ? null : new Uri(EnvironmentUrl, "/api/data/v9.2/");

    internal string EffectiveScope => TokenScope ?? new Uri(EnvironmentUrl!, "/.default").AbsoluteUri;
}
