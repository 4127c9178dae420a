using System;
using System.Collections.Generic;

namespace Civic311.Dataverse.Webhooks;

/// <summary>How Dataverse proves a webhook call is its own; the numbers are the <c>serviceendpoint.authtype</c> values.</summary>
public enum DataverseWebhookAuthentication
{
    /// <summary>A query-string parameter named <c>code</c> (Azure Functions style): <c>?code=key</c>.</summary>
    WebhookKey = 4,

    /// <summary>A request header: <c>{KeyName}: key</c>.</summary>
    HttpHeader = 5,

    /// <summary>A query-string parameter: <c>?{KeyName}=key</c>.</summary>
    QueryString = 6,
}

/// <summary>
/// Settings of the Dataverse webhook receiver (<c>AddDataverseWebhook</c>): how calls are authenticated, how repeated
/// deliveries and Civic311's own write-backs are recognised, how long handling may take, and how incident columns map
/// onto a submission. Validated once at start; every problem is reported together.
/// </summary>
public sealed class DataverseWebhookOptions
{
    /// <summary>The shortest key accepted, in characters.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Gets or sets how calls carry the key.</summary>
    /// <value>Defaults to <see cref="DataverseWebhookAuthentication.HttpHeader"/>.</value>
    public DataverseWebhookAuthentication Authentication { get; set; } = DataverseWebhookAuthentication.HttpHeader;

    /// <summary>
    /// Gets or sets the header name (<see cref="DataverseWebhookAuthentication.HttpHeader"/>) or query-string parameter name
    /// (<see cref="DataverseWebhookAuthentication.QueryString"/>); the <see cref="DataverseWebhookAuthentication.WebhookKey"/>
    /// mode always uses <c>code</c>.
    /// </summary>
    /// <value>Defaults to <c>x-civic311-key</c>.</value>
    public string KeyName { get; set; } = "x-civic311-key";

    /// <summary>
    /// Gets the keys accepted, each at least <see cref="MinimumKeyLength"/> characters; the first is the one registration
    /// gives Dataverse. Keep the old key here while the new one is rolled out, then remove it (rotation without downtime).
    /// </summary>
    public IList<string> Keys { get; } = new List<string>();

    /// <summary>
    /// Gets or sets the publisher prefix of Civic311's columns; must be the store's <c>DataverseOptions.Prefix</c>.
    /// </summary>
    /// <value>Defaults to <c>civic</c>.</value>
    public string Prefix { get; set; } = "civic";

    /// <summary>
    /// Gets the Dataverse user ids Civic311 itself writes as (its application user): operations they started are Civic311's
    /// own write-backs and are ignored.
    /// </summary>
    public IList<Guid> ApplicationUserIds { get; } = new List<Guid>();

    /// <summary>Gets or sets the deepest call chain handled; deeper operations (made by plug-ins or flows) are ignored.</summary>
    /// <value>Defaults to 1: changes made by a user in Dynamics or by an API call.</value>
    public int MaxDepth { get; set; } = 1;

    /// <summary>Gets or sets how long handling one call may take before it is abandoned with 503; below Dataverse's 60 s timeout.</summary>
    /// <value>Defaults to 50 seconds.</value>
    public TimeSpan HandlingTimeout { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>Gets or sets how many deliveries this process remembers to ignore repeats; 0 turns the memory off (the effect stays idempotent).</summary>
    /// <value>Defaults to 10,000.</value>
    public int DeduplicationCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets how long a delivery is remembered.</summary>
    /// <value>Defaults to 1 hour.</value>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how many times a change that keeps losing races with concurrent writers is retried before answering 503.</summary>
    /// <value>Defaults to 3.</value>
    public int MaxConflictRetries { get; set; } = 3;

    /// <summary>Gets or sets the largest body read, in bytes; larger posts get 413 (Dataverse strips its payloads above 256 KB).</summary>
    /// <value>Defaults to 1 MiB.</value>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets an incident column that identifies the service type when <c>{prefix}_servicecode</c> is empty, for example
    /// <c>subjectid</c> or a custom category choice; its values are translated through <see cref="ServiceCodes"/>.
    /// </summary>
    public string? ServiceCodeColumn { get; set; }

    /// <summary>
    /// Gets the translation of <see cref="ServiceCodeColumn"/> values to service codes. Keys are, by the column's type: a
    /// lookup's id (<c>D</c> format) or name, a choice's number, or the text.
    /// </summary>
    public IDictionary<string, string> ServiceCodes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets the incident columns that carry service-type attributes, by attribute code (for example <c>ANIMAL</c> from
    /// <c>civic_animal</c>), read when a case is taken in. A text column gives its text, a choice its number, a lookup its
    /// id, a yes/no column <c>true</c> or <c>false</c>.
    /// </summary>
    public IDictionary<string, string> AttributeColumns { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
