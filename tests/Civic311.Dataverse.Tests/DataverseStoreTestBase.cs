using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Civic311.Dataverse.Emulator;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Application;

namespace Civic311.Dataverse.Tests;

/// <summary>One provisioned emulator, a store and the request service over it, per test.</summary>
public abstract class DataverseStoreTestBase : IAsyncLifetime
{
    private DataverseTestEnvironment? _environment;
    private DataverseServiceRequestStore? _store;

    internal DataverseTestEnvironment Environment => _environment!;

    protected DataverseEmulator Emulator => Environment.Emulator;

    protected DataverseServiceRequestStore Store => _store!;

    protected ServiceRequests Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _environment = await DataverseTestEnvironment.StartAsync();
        _store = Environment.CreateStore();
        Service = new ServiceRequests(_store, TestCatalog.Options(), Environment.Clock);
    }

    public async Task DisposeAsync()
    {
        _store?.Dispose();
        if (_environment is not null)
        {
            await _environment.DisposeAsync();
        }
    }

    protected internal static ServiceRequestSubmission Pothole(ReporterContact? reporter = null) => new()
    {
        ServiceCode = "POTHOLE",
        Description = "Deep pothole in the right lane",
        Latitude = 40.7128,
        Longitude = -74.0060,
        Address = "1 Centre St, New York, NY",
        Channel = Channel.MobileApp,
        Reporter = reporter,
    };

    /// <summary>
    /// The next state of <paramref name="current"/> with one more history entry, built through the stored document (for
    /// writes the lifecycle would not make, and to hand-build a change with outbox messages).
    /// </summary>
    protected static ServiceRequest Next(ServiceRequest current, LifecycleAction action, ServiceRequestStatus to, Action<JsonObject>? edit = null)
    {
        var document = JsonNode.Parse(ServiceRequestDocument.ToJson(current))!.AsObject();
        var history = document["history"]!.AsArray();
        var entry = history[^1]!.DeepClone().AsObject();
        entry["sequence"] = history.Count + 1;
        entry["action"] = action.ToString();
        entry["fromStatus"] = current.Status.ToString();
        entry["toStatus"] = to.ToString();
        entry["changes"] = new JsonArray();
        history.Add(entry);
        document["status"] = to.ToString();
        edit?.Invoke(document);
        return ServiceRequestDocument.FromJson(document.ToJsonString(), current.Version);
    }

    protected static ServiceRequestChange ChangeTo(ServiceRequest current, ServiceRequest next, params OutboxMessage[] outbox) =>
        new(next, current.Version, [next.History[^1]], outbox);

    /// <summary>The incident row as the emulator holds it.</summary>
    protected JsonObject Incident(ServiceRequestId id) => Emulator.Find("incident", id.Value)!;

    protected (int State, int Status) StateOf(ServiceRequestId id)
    {
        var row = Incident(id);
        return (row["statecode"]!.GetValue<int>(), row["statuscode"]!.GetValue<int>());
    }

    /// <summary>The HTTP requests sent since the log was last cleared.</summary>
    protected string[] Sent() => Emulator.Requests.Select(r => $"{r.Method} {r.Path.Split('?')[0]}").ToArray();
}
