using Civic311;
using Civic311.InMemory;
using Civic311.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Civic311.Application;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory store.</summary>
public static class InMemoryStoreBuilderExtensions
{
    /// <summary>Uses a process-wide <see cref="InMemoryServiceRequestStore"/> as the service-request store.</summary>
    /// <param name="builder">The builder returned by <c>AddCivic311</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static Civic311Builder AddInMemoryStore(this Civic311Builder builder)
    {
        System.ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InMemoryServiceRequestStore>();
        builder.Services.TryAddSingleton<IServiceRequestStore>(static sp => sp.GetRequiredService<InMemoryServiceRequestStore>());
        return builder;
    }
}
