using System;
using System.Linq;
using Civic311;
using Civic311.Application;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Civic311 in a service collection.</summary>
public static class Civic311ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ServiceRequests"/>, the <see cref="SlaMonitor"/>, the <see cref="Civic311.Catalog.ServiceCatalog"/> and the clock, with options validated
    /// at start (every problem reported). Chain a store: <c>.AddInMemoryStore()</c> or <c>.AddDataverseStore(...)</c>.
    /// </summary>
    /// <remarks>
    /// The clock is the registered NodaTime <see cref="IClock"/>, else a registered <see cref="TimeProvider"/>, else the
    /// system clock. Calling this more than once adds the configuration delegates and registers the services once.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: the catalog, the time zone, the tracking-number format.</param>
    /// <returns>A builder to add a store and other capabilities.</returns>
    public static Civic311Builder AddCivic311(this IServiceCollection services, Action<Civic311Options> configure)
    {
        Guard.NotNull(services);
        Guard.NotNull(configure);
        services.AddOptions<Civic311Options>().Configure(configure).ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(Civic311MarkerService)))
        {
            return new Civic311Builder(services);
        }

        services.AddSingleton<Civic311MarkerService>();
        services.TryAddSingleton<Civic311OptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Civic311Options>, Civic311OptionsValidator>(
            static sp => sp.GetRequiredService<Civic311OptionsValidator>()));
        services.TryAddSingleton<IClock>(static sp =>
            sp.GetService<TimeProvider>() is { } timeProvider
                ? new TimeProviderClock(timeProvider)
                : SystemClock.Instance); // clock-ok: the production default when the host registers no clock
        services.TryAddSingleton(static sp => Settings(sp).Catalog);
        services.TryAddSingleton(static sp => new ServiceRequests(
            RequiredStore(sp),
            Settings(sp),
            sp.GetRequiredService<IClock>(),
            sp.GetServices<IServiceRequestEventHandler>(),
            sp.GetService<ILogger<ServiceRequests>>()));
        services.TryAddSingleton(static sp => new SlaMonitor(
            sp.GetRequiredService<ServiceRequests>(), sp.GetServices<ISlaEventHandler>(), sp.GetService<ILogger<SlaMonitor>>()));
        return new Civic311Builder(services);
    }

    private static IServiceRequestStore RequiredStore(IServiceProvider services) =>
        services.GetService<IServiceRequestStore>() ?? throw new InvalidOperationException(
            "No service-request store is registered. Chain one after AddCivic311(...): .AddInMemoryStore() from Civic311.InMemory, or .AddDataverseStore(...) from Civic311.Dataverse.");

    // Reading IOptions.Value runs the validators (every problem in one OptionsValidationException) before compiling.
    private static Civic311Settings Settings(IServiceProvider services) =>
        services.GetRequiredService<Civic311OptionsValidator>().SettingsFor(services.GetRequiredService<IOptions<Civic311Options>>().Value);

    private sealed class Civic311MarkerService;
}
