using System;
using System.Collections.Generic;
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
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Civic311.Dataverse;

/// <summary>
/// Creates what Civic311 needs in a Dataverse environment through the Web API metadata endpoints: the custom columns on
/// <c>incident</c> (with an alternate key on the tracking number), a reporter key on <c>contact</c> (an alternate key too), the history, outbox and sequence tables, and, for the
/// webhook receiver, the service endpoint and its processing steps. Idempotent: whatever exists is left alone, so running
/// it twice changes nothing.
/// </summary>
/// <threadsafety>Run one provisioning at a time.</threadsafety>
public sealed partial class DataverseProvisioning : IDisposable
{
    private const int English = 1033;
    private const string AnonymousContactName = "Anonymous resident";
    private readonly DataverseConnection _connection;
    private readonly DataverseSchema _schema;
    private readonly ILogger _logger;
    private readonly Guid _anonymousContactId;

    /// <summary>Creates the provisioning client.</summary>
    /// <param name="http">The HTTP client.</param>
    /// <param name="options">The connection settings (the same as the store's), validated now.</param>
    /// <param name="clock">The clock (token expiry).</param>
    /// <param name="logger">The logger; optional.</param>
    /// <exception cref="Civic311ValidationException">The options are invalid.</exception>
    public DataverseProvisioning(HttpClient http, DataverseOptions options, IClock clock, ILogger<DataverseProvisioning>? logger = null)
    {
        // Create checks the arguments and validates the options (every problem listed) before anything else is built.
        _connection = DataverseConnection.Create(http, options, clock);
        _schema = new DataverseSchema(options.Prefix);
        _anonymousContactId = options.AnonymousContactId ?? _schema.AnonymousContactId;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Creates the tables, columns and keys that are missing, and the contact that stands for residents who left no e-mail
    /// or phone (<see cref="DataverseOptions.AnonymousContactId"/>, or when that is not set a contact with an id derived
    /// from the prefix, which the store then uses by default).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call; what was created stays.</param>
    /// <returns>What was created and what already existed, and the anonymous contact's id.</returns>
    /// <exception cref="DataverseException">Dataverse refused a definition.</exception>
    public async Task<ProvisioningReport> ProvisionSchemaAsync(CancellationToken cancellationToken = default)
    {
        var report = new ProvisioningReport.Builder();
        var s = _schema;

        foreach (var column in IncidentColumns(s))
        {
            await EnsureColumnAsync("incident", column, report, cancellationToken).ConfigureAwait(false);
        }

        await EnsureKeyAsync("incident", s.TrackingNumberKey, [s.TrackingNumber], report, cancellationToken).ConfigureAwait(false);

        await EnsureTableAsync(s.HistoryTable, s.HistorySet, "Service request history", "Service request history", report, cancellationToken).ConfigureAwait(false);
        foreach (var column in HistoryColumns(s))
        {
            await EnsureColumnAsync(s.HistoryTable, column, report, cancellationToken).ConfigureAwait(false);
        }

        await EnsureLookupAsync(s.HistoryTable, s.HistoryIncidentNavigation, "incident", $"{s.Prefix}_incident_{s.HistoryTable}", report, cancellationToken).ConfigureAwait(false);

        await EnsureTableAsync(s.OutboxTable, s.OutboxSet, "Outbox message", "Outbox messages", report, cancellationToken).ConfigureAwait(false);
        foreach (var column in OutboxColumns(s))
        {
            await EnsureColumnAsync(s.OutboxTable, column, report, cancellationToken).ConfigureAwait(false);
        }

        await EnsureTableAsync(s.SequenceTable, s.SequenceSet, "Civic311 sequence", "Civic311 sequences", report, cancellationToken).ConfigureAwait(false);
        await EnsureColumnAsync(s.SequenceTable, Column.BigInt(s.Column("value"), "Last value"), report, cancellationToken).ConfigureAwait(false);
        await EnsureKeyAsync(s.SequenceTable, s.SequenceKey, [s.Column("name")], report, cancellationToken).ConfigureAwait(false);
        await EnsureColumnAsync("contact", Column.Text(s.ReporterKey, "Civic311 reporter key", 100), report, cancellationToken).ConfigureAwait(false);
        await EnsureKeyAsync("contact", s.ReporterKeyKey, [s.ReporterKey], report, cancellationToken).ConfigureAwait(false);
        await EnsureAnonymousContactAsync(report, cancellationToken).ConfigureAwait(false);
        return report.Build(_anonymousContactId);
    }

    internal static IEnumerable<Column> IncidentColumns(DataverseSchema s) =>
    [
        Column.Text(s.TrackingNumber, "Tracking number", 100),
        Column.Text(s.ServiceCode, "Service code", 100),
        Column.Text(s.Agency, "Agency", 100),
        Column.Text(s.Queue, "Civic311 queue", 100),
        Column.Text(s.Assignee, "Assignee", 200),
        Column.Text(s.Status, "Civic311 status", 40),
        Column.Text(s.Column("channel"), "Channel", 40),
        Column.Decimal(s.Latitude, "Latitude", -90, 90),
        Column.Decimal(s.Longitude, "Longitude", -180, 180),
        Column.Text(s.Address, "Address", 400),
        Column.BigInt(s.RequestedTicks, "Requested (ticks)"),
        Column.BigInt(s.UpdatedTicks, "Updated (ticks)"),
        Column.BigInt(s.NextSlaCheckTicks, "Next SLA check (ticks)"),
        Column.Text(s.RequestedKey, "Requested sort key", 60),
        Column.Text(s.UpdatedKey, "Updated sort key", 60),
        Column.Date(s.RequestedOn, "Requested on"),
        Column.Date(s.ExpectedOn, "Expected on"),
        Column.Date(s.FirstResponseBy, "First response by"),
        Column.Memo(s.AttributeValues, "Attribute values", 100_000),
        Column.Text(s.DuplicateOf, "Duplicate of", 40),
        Column.Integer(s.DuplicateCount, "Duplicates"),
        Column.Memo(s.Document, "Civic311 document", 1_048_576),
        Column.Text(s.LastChangeId, "Last change id", 40),
    ];

    internal static IEnumerable<Column> HistoryColumns(DataverseSchema s) =>
    [
        Column.Integer(s.Column("sequence"), "Sequence"),
        Column.Text(s.Column("action"), "Action", 40),
        Column.Date(s.Column("occurredon"), "Occurred on"),
        Column.Text(s.Column("actor"), "Actor", 200),
        Column.Text(s.Column("fromstatus"), "From status", 40),
        Column.Text(s.Column("tostatus"), "To status", 40),
        Column.Memo(s.Column("note"), "Note", 10_000),
        Column.Text(s.Column("notevisibility"), "Note visibility", 20),
        Column.Memo(s.Column("entry"), "Entry", 100_000),
        Column.Text(s.ChangeId, "Change id", 40),

        // The request after a change taken in from a case Dynamics closed (read-only there, so its document cannot be written).
        Column.Memo(s.Column("snapshot"), "Request after the change", 1_048_576),
    ];

    internal static IEnumerable<Column> OutboxColumns(DataverseSchema s) =>
    [
        Column.Text(s.Column("requestid"), "Request id", 40),
        Column.Text(s.Column("channel"), "Channel", 100),
        Column.Text(s.Column("kind"), "Kind", 100),
        Column.Text(s.Column("recipient"), "Recipient", 400),
        Column.Memo(s.Column("payload"), "Payload", 1_048_576),
        Column.BigInt(s.Column("createdticks"), "Created (ticks)"),
        Column.Text(s.Column("state"), "State", 20),
        Column.Integer(s.Column("attempts"), "Attempts"),
        Column.BigInt(s.Column("nextattemptticks"), "Next attempt (ticks)"),
        Column.BigInt(s.Column("claimableticks"), "Claimable (ticks)"),
        Column.BigInt(s.Column("lockeduntilticks"), "Locked until (ticks)"),
        Column.Text(s.Column("lockedby"), "Locked by", 200),
        Column.Memo(s.Column("lasterror"), "Last error", 4000),
        Column.BigInt(s.Column("deliveredticks"), "Delivered (ticks)"),
        Column.Text(s.Column("providermessageid"), "Provider message id", 400),
        Column.Text(s.ChangeId, "Change id", 40),
    ];

    private async Task EnsureTableAsync(string logicalName, string setName, string displayName, string pluralName, ProvisioningReport.Builder report, CancellationToken cancellationToken)
    {
        var primary = _schema.Column("name");
        var body = new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.EntityMetadata",
            ["SchemaName"] = logicalName,
            ["EntitySetName"] = setName,
            ["DisplayName"] = Label(displayName),
            ["DisplayCollectionName"] = Label(pluralName),
            ["Description"] = Label($"{displayName}, kept by Civic311."),
            ["OwnershipType"] = "OrganizationOwned",
            ["IsActivity"] = false,
            ["HasActivities"] = false,
            ["HasNotes"] = false,
            ["PrimaryNameAttribute"] = primary,
            ["Attributes"] = new JsonArray(Column.Text(primary, "Name", 100).ToJson(isPrimaryName: true)),
        };
        await EnsureAsync(
            $"table {logicalName}",
            $"EntityDefinitions(LogicalName='{logicalName}')?$select=LogicalName,EntitySetName",
            found => Differs(found, "EntitySetName", setName),
            "EntityDefinitions",
            body,
            report,
            cancellationToken).ConfigureAwait(false);
    }

    private Task EnsureColumnAsync(string table, Column column, ProvisioningReport.Builder report, CancellationToken cancellationToken) =>
        EnsureAsync(
            $"column {table}.{column.LogicalName}",
            $"EntityDefinitions(LogicalName='{table}')/Attributes(LogicalName='{column.LogicalName}')?$select=LogicalName,AttributeType",
            found => Differs(found, "AttributeType", column.TypeName),
            $"EntityDefinitions(LogicalName='{table}')/Attributes",
            column.ToJson(isPrimaryName: false),
            report,
            cancellationToken);

    private async Task EnsureLookupAsync(string table, string schemaName, string target, string relationship, ProvisioningReport.Builder report, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata",
            ["SchemaName"] = relationship,
            ["ReferencedAttribute"] = target + "id",
            ["ReferencedEntity"] = target,
            ["ReferencingEntity"] = table,
            ["CascadeConfiguration"] = new JsonObject
            {
                ["Assign"] = "NoCascade", ["Delete"] = "Cascade", ["Merge"] = "NoCascade", ["Reparent"] = "NoCascade", ["Share"] = "NoCascade", ["Unshare"] = "NoCascade",
            },
            ["Lookup"] = new JsonObject
            {
                ["@odata.type"] = "Microsoft.Dynamics.CRM.LookupAttributeMetadata",
                ["AttributeType"] = "Lookup",
                ["AttributeTypeName"] = new JsonObject { ["Value"] = "LookupType" },
                ["SchemaName"] = schemaName,
                ["DisplayName"] = Label("Case"),
                ["Description"] = Label("The case this row belongs to."),
                ["RequiredLevel"] = RequiredLevel("ApplicationRequired"),
            },
        };
        var column = schemaName.ToLowerInvariant();
        await EnsureAsync(
            $"lookup {table}.{column}",
            $"EntityDefinitions(LogicalName='{table}')/Attributes(LogicalName='{column}')?$select=LogicalName,AttributeType",
            found => Differs(found, "AttributeType", "Lookup"),
            "RelationshipDefinitions",
            body,
            report,
            cancellationToken).ConfigureAwait(false);
    }

    private Task EnsureKeyAsync(string table, string keyName, string[] columns, ProvisioningReport.Builder report, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["SchemaName"] = keyName,
            ["DisplayName"] = Label(keyName),
            ["KeyAttributes"] = new JsonArray([.. Array.ConvertAll(columns, c => (JsonNode?)JsonValue.Create(c))]),
        };
        return EnsureAsync(
            $"alternate key {table}.{keyName}",
            $"EntityDefinitions(LogicalName='{table}')/Keys(LogicalName='{keyName}')?$select=LogicalName,KeyAttributes",
            found => Differs(found, "KeyAttributes", string.Join(',', columns)),
            $"EntityDefinitions(LogicalName='{table}')/Keys",
            body,
            report,
            cancellationToken);
    }

    // The incident table requires a customer: residents who leave no e-mail or phone are filed under this contact.
    private Task EnsureAnonymousContactAsync(ProvisioningReport.Builder report, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["contactid"] = _anonymousContactId.ToString("D"),
            ["firstname"] = "Anonymous",
            ["lastname"] = "resident",
        };
        return EnsureAsync(
            $"contact {AnonymousContactName} ({_anonymousContactId:D})",
            $"contacts({_anonymousContactId:D})?$select=contactid",
            static _ => null,
            "contacts",
            body,
            report,
            cancellationToken);
    }

    // Creates what readUrl does not find. A create whose answer was lost (Dataverse committed it, then the connection
    // dropped or the client timed out) is retried by the connection and refused as a duplicate (400 "... is not unique" for
    // metadata, 412 for a row), or fails for good: either way the item is read again, and when it is there with the
    // definition asked for (differs answers null), the step is done, so one run always finishes.
    private async Task EnsureAsync(
        string what, string readUrl, Func<JsonElement, string?> differs, string createUrl, JsonObject body, ProvisioningReport.Builder report, CancellationToken cancellationToken)
    {
        if (await ReadAsync(readUrl, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            ThrowIfDiffers(what, differs(existing));
            report.Existing.Add(what);
            return;
        }

        try
        {
            using var created = await PostAsync(createUrl, body, $"create {what}", cancellationToken).ConfigureAwait(false);
        }
        catch (DataverseException failure) when (failure.StatusCode is 0 or (int)HttpStatusCode.BadRequest or (int)HttpStatusCode.PreconditionFailed)
        {
            if (await ReadAsync(readUrl, cancellationToken).ConfigureAwait(false) is not { } landed)
            {
                throw;
            }

            ThrowIfDiffers(what, differs(landed));
            Log.AnswerLost(_logger, what, failure.StatusCode);
        }

        report.Created.Add(what);
        Log.Created(_logger, what);
    }

    private static void ThrowIfDiffers(string what, string? difference)
    {
        if (difference is not null)
        {
            throw new DataverseException(
                (int)HttpStatusCode.Conflict, null, $"The {what} exists with another definition: {difference}. Change or delete it in Dataverse, then provision again.", $"provision {what}", null);
        }
    }

    /// <summary>Null when <paramref name="property"/> (a string, or an array of strings compared as a comma list) has the value wanted.</summary>
    private static string? Differs(JsonElement found, string property, string wanted)
    {
        var value = !found.TryGetProperty(property, out var p) ? null
            : p.ValueKind == JsonValueKind.Array ? string.Join(',', p.EnumerateArray().Select(e => e.GetString()))
            : p.ValueKind == JsonValueKind.String ? p.GetString()
            : p.GetRawText();
        return string.Equals(value, wanted, StringComparison.OrdinalIgnoreCase) ? null : $"{property} is '{value}', Civic311 needs '{wanted}'";
    }

    /// <summary>The row or metadata item <paramref name="url"/> names, or null when the answer is 404.</summary>
    private async Task<JsonElement?> ReadAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, url)), "read metadata", url, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return document.RootElement.Clone();
    }

    private async Task<HttpResponseMessage> PostAsync(string url, JsonObject body, string operation, CancellationToken cancellationToken, params HttpStatusCode[] accepted)
    {
        var text = body.ToJsonString();
        return await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(_connection.ApiRoot, url)) { Content = new StringContent(text, Encoding.UTF8, "application/json") },
            operation, null, cancellationToken, accepted).ConfigureAwait(false);
    }

    internal static JsonObject Label(string text) => new()
    {
        ["@odata.type"] = "Microsoft.Dynamics.CRM.Label",
        ["LocalizedLabels"] = new JsonArray(new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.LocalizedLabel",
            ["Label"] = text,
            ["LanguageCode"] = English,
        }),
    };

    internal static JsonObject RequiredLevel(string level) => new()
    {
        ["Value"] = level,
        ["CanBeChanged"] = true,
        ["ManagedPropertyLogicalName"] = "canmodifyrequirementlevelsettings",
    };

    /// <summary>Releases the token cache.</summary>
    public void Dispose()
    {
        _connection.Dispose();
    }

    /// <summary>A custom column definition, written as the Web API's attribute metadata.</summary>
    internal sealed record Column(string LogicalName, string Display, string MetadataType, string TypeName, JsonObject Extra)
    {
        public static Column Text(string name, string display, int maxLength) =>
            new(name, display, "StringAttributeMetadata", "String", new JsonObject { ["MaxLength"] = maxLength, ["FormatName"] = new JsonObject { ["Value"] = "Text" } });

        public static Column Memo(string name, string display, int maxLength) =>
            new(name, display, "MemoAttributeMetadata", "Memo", new JsonObject { ["MaxLength"] = maxLength, ["Format"] = "TextArea" });

        public static Column Integer(string name, string display) =>
            new(name, display, "IntegerAttributeMetadata", "Integer", new JsonObject { ["MinValue"] = int.MinValue, ["MaxValue"] = int.MaxValue, ["Format"] = "None" });

        public static Column BigInt(string name, string display) => new(name, display, "BigIntAttributeMetadata", "BigInt", []);

        public static Column Decimal(string name, string display, int min, int max) =>
            new(name, display, "DecimalAttributeMetadata", "Decimal", new JsonObject { ["MinValue"] = min, ["MaxValue"] = max, ["Precision"] = 10 });

        public static Column Date(string name, string display) =>
            new(name, display, "DateTimeAttributeMetadata", "DateTime", new JsonObject
            {
                ["Format"] = "DateAndTime",
                ["DateTimeBehavior"] = new JsonObject { ["Value"] = "UserLocal" },
            });

        public JsonObject ToJson(bool isPrimaryName)
        {
            var json = new JsonObject
            {
                ["@odata.type"] = $"Microsoft.Dynamics.CRM.{MetadataType}",
                ["AttributeType"] = TypeName,
                ["AttributeTypeName"] = new JsonObject { ["Value"] = TypeName + "Type" },
                ["SchemaName"] = LogicalName,
                ["DisplayName"] = Label(Display),
                ["Description"] = Label($"{Display}, kept by Civic311."),
                ["RequiredLevel"] = RequiredLevel(isPrimaryName ? "ApplicationRequired" : "None"),
            };
            if (isPrimaryName)
            {
                json["IsPrimaryName"] = true;
            }

            foreach (var (name, value) in Extra)
            {
                json[name] = value?.DeepClone();
            }

            return json;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Dataverse provisioning created {What}")]
        public static partial void Created(ILogger logger, string what);

        [LoggerMessage(2, LogLevel.Information, "Dataverse provisioning: the answer to creating {What} was lost (retry answered {Status}); it is there as defined, so the step is done")]
        public static partial void AnswerLost(ILogger logger, string what, int status);
    }
}

/// <summary>What a provisioning run created and what it found already in place.</summary>
public sealed class ProvisioningReport
{
    private ProvisioningReport(IReadOnlyList<string> created, IReadOnlyList<string> existing, Guid? anonymousContactId)
    {
        Created = created;
        Existing = existing;
        AnonymousContactId = anonymousContactId;
    }

    /// <summary>Gets what this run created, for example <c>column incident.civic_servicecode</c>.</summary>
    public IReadOnlyList<string> Created { get; }

    /// <summary>Gets what was already there and left alone.</summary>
    public IReadOnlyList<string> Existing { get; }

    /// <summary>
    /// Gets the id of the contact filed as the customer of cases whose reporter left no e-mail or phone; <see langword="null"/>
    /// for a run that did not provision the schema (a webhook registration).
    /// </summary>
    public Guid? AnonymousContactId { get; }

    internal sealed class Builder
    {
        public List<string> Created { get; } = [];

        public List<string> Existing { get; } = [];

        public ProvisioningReport Build(Guid? anonymousContactId = null) => new(Created.ToArray(), Existing.ToArray(), anonymousContactId);
    }
}
