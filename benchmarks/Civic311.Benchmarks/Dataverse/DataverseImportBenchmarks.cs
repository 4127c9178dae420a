using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.Dataverse;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Benchmarks.Dataverse;

/// <summary>
/// Importing 1,000 requests into Dataverse (the emulator): <see cref="DataverseServiceRequestStore.ImportAsync"/>
/// (CreateMultiple) against the baseline of adding them one by one (one <c>$batch</c> each). Figures are per 1,000.
/// </summary>
/// <remarks>Each iteration imports 1,000 new requests (new ids and tracking numbers), so nothing is skipped.</remarks>
[MemoryDiagnoser]
public class DataverseImportBenchmarks
{
    private const int Count = 1_000;
    private EmulatedDataverse _dataverse = null!;
    private JsonObject[] _templates = null!;
    private List<ServiceRequest> _batch = null!;
    private int _iteration;

    [GlobalSetup]
    public async Task Setup()
    {
        _dataverse = await EmulatedDataverse.StartAsync();
        var service = BenchmarkCatalog.NewService(BenchmarkCatalog.Options(), out _);
        _templates = new JsonObject[Count];
        for (var i = 0; i < Count; i++)
        {
            var request = await service.SubmitAsync(i % 3 == 0 ? BenchmarkCatalog.MissedPickup() : BenchmarkCatalog.Pothole());
            if (i % 4 == 0)
            {
                request = await service.AcknowledgeAsync(request.Id);
            }

            _templates[i] = JsonNode.Parse(ServiceRequestDocument.ToJson(request))!.AsObject();
        }
    }

    [IterationSetup]
    public void NewRequests()
    {
        _iteration++;
        _batch = new List<ServiceRequest>(Count);
        for (var i = 0; i < Count; i++)
        {
            var document = (JsonObject)_templates[i].DeepClone();
            document["id"] = Guid.NewGuid().ToString();
            document["trackingNumber"] = $"IMP-{_iteration:D4}-{i:D5}";
            _batch.Add(ServiceRequestDocument.FromJson(document.ToJsonString(), null));
        }
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _dataverse.DisposeAsync();

    [Benchmark(Baseline = true, Description = "AddAsync one by one (1,000)")]
    public async Task<int> OneByOne()
    {
        foreach (var request in _batch)
        {
            await _dataverse.Store.AddAsync(new ServiceRequestChange(request, null, request.History));
        }

        return _batch.Count;
    }

    [Benchmark(Description = "ImportAsync with CreateMultiple (1,000)")]
    public async Task<int> Import() => (await _dataverse.Store.ImportAsync(_batch)).Imported;
}
