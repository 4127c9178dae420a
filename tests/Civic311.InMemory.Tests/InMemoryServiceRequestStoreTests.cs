using Civic311.InMemory;
using Civic311.Storage;
using Civic311.Storage.Specification;

namespace Civic311.InMemory.Tests;

/// <summary>Runs the store specification suite against the in-memory store.</summary>
public sealed class InMemoryServiceRequestStoreTests : ServiceRequestStoreSpecificationTests
{
    protected override IServiceRequestStore CreateStore() => new InMemoryServiceRequestStore();

    // It evaluates over everything it holds, so skipping and capping are a matter of counting.
    protected override bool HonoursSkipAndTake => true;
}
