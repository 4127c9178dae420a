using System.Collections.Generic;
using System.Threading.Tasks;
using Civic311.Storage;
using Civic311.Storage.Specification;

namespace Civic311.Dataverse.Tests;

/// <summary>
/// Runs the whole store specification suite against <see cref="DataverseServiceRequestStore"/> over the Dataverse Web API
/// emulator. Every store the suite creates gets its own emulator, provisioned from scratch, so no test sees another's rows.
/// </summary>
public sealed class DataverseServiceRequestStoreSpecificationTests : ServiceRequestStoreSpecificationTests, IAsyncLifetime
{
    private readonly List<DataverseTestEnvironment> _environments = [];
    private readonly List<DataverseServiceRequestStore> _stores = [];

    protected override IServiceRequestStore CreateStore()
    {
        // CreateStore is synchronous; start the emulator off the test's synchronization context.
        var environment = Task.Run(() => DataverseTestEnvironment.StartAsync()).GetAwaiter().GetResult();
        _environments.Add(environment);
        var store = environment.CreateStore();
        _stores.Add(store);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        foreach (var environment in _environments)
        {
            await environment.DisposeAsync();
        }
    }
}
