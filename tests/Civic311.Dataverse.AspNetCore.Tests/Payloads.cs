using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;

namespace Civic311.Dataverse.AspNetCore.Tests;

/// <summary>Builds RemoteExecutionContext bodies shaped like the use-webhooks.md sample.</summary>
internal static class Payloads
{
    public const string Contracts = "http://schemas.microsoft.com/xrm/2011/Contracts";
    public static readonly Guid Agent = new("5a0c6e1d-2b3f-4a47-9c8d-1e2f3a4b5c6d");
    public static readonly Guid AppUser = new("0a99b9c8-d7e6-4f5a-b4c3-d2e1f0a9b8c7");
    public static readonly Guid Reporter = new("61e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9");
    public static readonly Guid Owner = new("7e6d5c4b-3a29-4817-a6b5-c4d3e2f1a0b9");

    public static string ReadFile(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    public static JsonObject Event(string message, Guid incidentId, params (string Key, JsonNode? Value)[] attributes)
    {
        var target = new JsonObject
        {
            ["__type"] = $"Entity:{Contracts}",
            ["Attributes"] = Pairs(attributes),
            ["EntityState"] = null,
            ["FormattedValues"] = new JsonArray(),
            ["Id"] = incidentId.ToString("D"),
            ["KeyAttributes"] = new JsonArray(),
            ["LogicalName"] = "incident",
            ["RelatedEntities"] = new JsonArray(),
            ["RowVersion"] = null,
        };
        return new JsonObject
        {
            ["BusinessUnitId"] = Guid.NewGuid().ToString("D"),
            ["CorrelationId"] = Guid.NewGuid().ToString("D"),
            ["Depth"] = 1,
            ["InitiatingUserId"] = Agent.ToString("D"),
            ["InputParameters"] = new JsonArray(new JsonObject { ["key"] = "Target", ["value"] = target }),
            ["IsExecutingOffline"] = false,
            ["IsInTransaction"] = false,
            ["IsolationMode"] = 1,
            ["MessageName"] = message,
            ["Mode"] = 1,
            ["OperationCreatedOn"] = "/Date(1772460000000-0500)/",
            ["OperationId"] = Guid.NewGuid().ToString("D"),
            ["OrganizationName"] = "Civic311Test",
            ["OutputParameters"] = new JsonArray(),
            ["ParentContext"] = null,
            ["PostEntityImages"] = new JsonArray(),
            ["PreEntityImages"] = new JsonArray(),
            ["PrimaryEntityId"] = incidentId.ToString("D"),
            ["PrimaryEntityName"] = "incident",
            ["RequestId"] = null,
            ["SecondaryEntityName"] = "none",
            ["SharedVariables"] = new JsonArray(),
            ["Stage"] = 40,
            ["UserId"] = Agent.ToString("D"),
        };
    }

    /// <summary>A Create of a pothole case as an agent would file it in the Dynamics UI.</summary>
    public static JsonObject PotholeCreate(Guid incidentId) => Event(
        "Create",
        incidentId,
        ("incidentid", incidentId.ToString("D")),
        ("title", "Pothole on Atlantic Ave"),
        ("description", "A deep pothole in the right lane."),
        ("ticketnumber", "CAS-01234-X1Y2Z3"),
        ("civic_servicecode", "POTHOLE"),
        ("civic_latitude", 40.6862),
        ("civic_longitude", -73.9776),
        ("civic_address", "Atlantic Ave & Flatbush Ave, Brooklyn"),
        ("caseorigincode", Option(3)),
        ("prioritycode", Option(1)),
        ("customerid", Reference("contact", Reporter, null)),
        ("ownerid", Reference("systemuser", Agent, "Alex Agent")),
        ("statecode", Option(0)),
        ("statuscode", Option(1)),
        ("createdon", Date(Instant.FromUtc(2026, 3, 2, 14, 0))));

    public static JsonArray Pairs(IEnumerable<(string Key, JsonNode? Value)> pairs) =>
        new([.. pairs.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value })]);

    public static JsonObject Option(int value) => new() { ["__type"] = $"OptionSetValue:{Contracts}", ["Value"] = value };

    public static JsonObject Money(decimal value) => new() { ["__type"] = $"Money:{Contracts}", ["Value"] = value };

    public static JsonObject Reference(string table, Guid id, string? name) => new()
    {
        ["__type"] = $"EntityReference:{Contracts}",
        ["Id"] = id.ToString("D"),
        ["KeyAttributes"] = new JsonArray(),
        ["LogicalName"] = table,
        ["Name"] = name,
        ["RowVersion"] = null,
    };

    public static string Date(Instant instant) => string.Create(CultureInfo.InvariantCulture, $"/Date({instant.ToUnixTimeMilliseconds()})/");

    public static JsonObject Target(JsonObject webhook) => (JsonObject)webhook["InputParameters"]![0]!["value"]!;

    public static void AddAttribute(JsonObject webhook, string key, JsonNode? value) =>
        ((JsonArray)Target(webhook)["Attributes"]!).Add(new JsonObject { ["key"] = key, ["value"] = value });

    /// <summary>What Dataverse sends above 256 KB: the same context without InputParameters, images and ParentContext.</summary>
    public static JsonObject Stripped(JsonObject webhook)
    {
        var copy = (JsonObject)webhook.DeepClone();
        copy.Remove("InputParameters");
        copy.Remove("PreEntityImages");
        copy.Remove("PostEntityImages");
        copy.Remove("ParentContext");
        return copy;
    }
}
