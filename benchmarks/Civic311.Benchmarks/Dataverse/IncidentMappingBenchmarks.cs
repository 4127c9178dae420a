using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Civic311.Dataverse.Mapping;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Benchmarks.Dataverse;

/// <summary>
/// The CPU cost of mapping one request to its incident row (columns plus the document, as JSON text), against the
/// baseline of writing the document alone: the difference is what the Dynamics-visible columns cost.
/// </summary>
[MemoryDiagnoser]
public class IncidentMappingBenchmarks
{
    private readonly IncidentMapping _mapping = new(new DataverseSchema("civic"));
    private readonly Guid _changeId = Guid.NewGuid();
    private ServiceRequest _request = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var service = BenchmarkCatalog.NewService(BenchmarkCatalog.Options(), out _);
        _request = await service.SubmitAsync(BenchmarkCatalog.Pothole());
        _request = await service.AcknowledgeAsync(_request.Id);
    }

    [Benchmark(Baseline = true, Description = "ServiceRequestDocument.ToJson")]
    public string Document() => ServiceRequestDocument.ToJson(_request);

    [Benchmark(Description = "IncidentMapping.ToIncident + ToJsonString")]
    public string Incident() => _mapping.ToIncident(_request, _changeId, _changeId).ToJsonString();
}
