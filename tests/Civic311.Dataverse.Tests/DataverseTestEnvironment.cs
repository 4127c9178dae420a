using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Emulator;
using Civic311.Testing;
using NodaTime;

namespace Civic311.Dataverse.Tests;

/// <summary>
/// One emulated Dataverse environment with the Civic311 schema provisioned through the Web API (as a real deployment
/// does it), and stores over it. Disposing it stops the emulator.
/// </summary>
internal sealed class DataverseTestEnvironment : IAsyncDisposable
{
    private DataverseTestEnvironment(DataverseEmulator emulator, HttpClient http, ProvisioningReport report)
    {
        Emulator = emulator;
        Http = http;
        Provisioning = report;
    }

    public DataverseEmulator Emulator { get; }

    public HttpClient Http { get; }

    public ProvisioningReport Provisioning { get; }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 3, 2, 14, 0));

    public static async Task<DataverseTestEnvironment> StartAsync(Action<DataverseEmulatorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var emulatorOptions = new DataverseEmulatorOptions();
        configure?.Invoke(emulatorOptions);
        var emulator = await DataverseEmulator.StartAsync(emulatorOptions, cancellationToken).ConfigureAwait(false);
        var http = new HttpClient();
        try
        {
            using var provisioning = new DataverseProvisioning(http, Options(emulator), new FakeClock(Instant.FromUtc(2026, 3, 2, 14, 0)));
            var report = await provisioning.ProvisionSchemaAsync(cancellationToken).ConfigureAwait(false);
            emulator.ClearRequests();
            return new DataverseTestEnvironment(emulator, http, report);
        }
        catch
        {
            http.Dispose();
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Options for the emulator: its token, small retry delays so injected faults cost little time.</summary>
    public static DataverseOptions Options(DataverseEmulator emulator, Action<DataverseOptions>? configure = null)
    {
        var options = new DataverseOptions
        {
            EnvironmentUrl = emulator.OrganizationUri,
            TokenProvider = new StaticTokenProvider(emulator.AccessToken),
            BaseRetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        return options;
    }

    public DataverseServiceRequestStore CreateStore(Action<DataverseOptions>? configure = null) =>
        new(Http, Options(Emulator, configure), Clock);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A fixed bearer token.</summary>
internal sealed class StaticTokenProvider(string token) : IDataverseTokenProvider
{
    public int Calls { get; private set; }

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        Calls++;
        return ValueTask.FromResult(token);
    }
}
