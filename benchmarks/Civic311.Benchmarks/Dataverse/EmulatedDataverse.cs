using System;
using System.Net.Http;
using System.Threading.Tasks;
using Civic311.Dataverse;
using Civic311.Dataverse.Emulator;
using Civic311.Requests;
using Civic311.Application;

namespace Civic311.Benchmarks.Dataverse;

/// <summary>A Dataverse Web API emulator on loopback with the Civic311 schema provisioned, and a store over it.</summary>
internal sealed class EmulatedDataverse : IAsyncDisposable
{
    private EmulatedDataverse(DataverseEmulator emulator, HttpClient http, DataverseServiceRequestStore store)
    {
        Emulator = emulator;
        Http = http;
        Store = store;
    }

    public DataverseEmulator Emulator { get; }

    public HttpClient Http { get; }

    public DataverseServiceRequestStore Store { get; }

    public static async Task<EmulatedDataverse> StartAsync()
    {
        var emulator = await DataverseEmulator.StartAsync();
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var options = new DataverseOptions
        {
            EnvironmentUrl = emulator.OrganizationUri,
            TokenProvider = new FixedToken(emulator.AccessToken),
            SequenceBlockSize = 100,
        };
        using (var provisioning = new DataverseProvisioning(http, options, BenchmarkCatalog.Clock()))
        {
            await provisioning.ProvisionSchemaAsync();
        }

        return new EmulatedDataverse(emulator, http, new DataverseServiceRequestStore(http, options, BenchmarkCatalog.Clock()));
    }

    public ServiceRequests NewService(Civic311Options options) => new(Store, options, BenchmarkCatalog.Clock());

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        Http.Dispose();
        await Emulator.DisposeAsync();
    }

    private sealed class FixedToken(string token) : IDataverseTokenProvider
    {
        public ValueTask<string> GetTokenAsync(System.Threading.CancellationToken cancellationToken = default) => ValueTask.FromResult(token);
    }
}
