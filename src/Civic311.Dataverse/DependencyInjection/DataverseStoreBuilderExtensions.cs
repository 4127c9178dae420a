using System;
using System.Linq;
using System.Net.Http;
using Civic311;
using Civic311.Dataverse;
using Civic311.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Civic311.Application;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Dataverse (Dynamics 365) store.</summary>
public static class DataverseStoreBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="DataverseServiceRequestStore"/> as the service-request store (a singleton), with its own
    /// <see cref="HttpClient"/> on a <see cref="SocketsHttpHandler"/> that renews connections every few minutes (so DNS
    /// changes are seen). The options are validated when the host starts, every problem reported together. A
    /// <see cref="DataverseProvisioning"/> with the same settings is registered too.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCivic311</c>.</param>
    /// <param name="configure">Sets the environment URL, the credential and the rest of <see cref="DataverseOptions"/>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static Civic311Builder AddDataverseStore(this Civic311Builder builder, Action<DataverseOptions> configure) =>
        AddDataverseStore(builder, configure, httpClient: null);

    /// <summary>
    /// Uses a <see cref="DataverseServiceRequestStore"/> as the service-request store, sending its calls through the
    /// <see cref="HttpClient"/> the integrator supplies (for example from <c>IHttpClientFactory</c>, with its own handlers);
    /// its lifetime stays the integrator's.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCivic311</c>.</param>
    /// <param name="configure">Sets the environment URL, the credential and the rest of <see cref="DataverseOptions"/>.</param>
    /// <param name="httpClient">Gives the client to use; <see langword="null"/> for one the store owns.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static Civic311Builder AddDataverseStore(this Civic311Builder builder, Action<DataverseOptions> configure, Func<IServiceProvider, HttpClient>? httpClient)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<DataverseOptions>().Configure(configure).ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(DataverseHttp)))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataverseOptions>, DataverseOptionsValidation>());
        services.AddSingleton(sp => new DataverseHttp(httpClient?.Invoke(sp)));
        services.TryAddSingleton(static sp => new DataverseServiceRequestStore(
            sp.GetRequiredService<DataverseHttp>().Client,
            sp.GetRequiredService<IOptions<DataverseOptions>>().Value,
            sp.GetRequiredService<IClock>(),
            sp.GetService<ILogger<DataverseServiceRequestStore>>()));
        services.TryAddSingleton<IServiceRequestStore>(static sp => sp.GetRequiredService<DataverseServiceRequestStore>());
        services.TryAddTransient(static sp => new DataverseProvisioning(
            sp.GetRequiredService<DataverseHttp>().Client,
            sp.GetRequiredService<IOptions<DataverseOptions>>().Value,
            sp.GetRequiredService<IClock>(),
            sp.GetService<ILogger<DataverseProvisioning>>()));
        return builder;
    }

    /// <summary>The store's HTTP client: the integrator's, or one owned here (and disposed with the container).</summary>
    private sealed class DataverseHttp : IDisposable
    {
        private readonly bool _owned;

        public DataverseHttp(HttpClient? supplied)
        {
            _owned = supplied is null;
            Client = supplied ?? new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            {
                // Each attempt has its own timeout (DataverseOptions.RequestTimeout); retries may take longer in total.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
        }

        public HttpClient Client { get; }

        public void Dispose()
        {
            if (_owned)
            {
                Client.Dispose();
            }
        }
    }

    private sealed class DataverseOptionsValidation : IValidateOptions<DataverseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DataverseOptions options)
        {
            var errors = Civic311.Dataverse.DataverseOptionsValidator.Validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
        }
    }
}
