using System;
using System.Linq;
using Civic311;
using Civic311.Dataverse;
using Civic311.Dataverse.Webhooks;
using Civic311.Dataverse.Webhooks.Internal;
using Civic311.Requests;
using Civic311.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Civic311.Application;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Dataverse webhook receiver.</summary>
public static class DataverseWebhookBuilderExtensions
{
    /// <summary>
    /// Adds the Dataverse webhook receiver; map its endpoint with <c>app.MapDataverseWebhook()</c>. The options are validated
    /// at start, every problem reported together. Stripped payloads and cases to take in are re-read through the registered
    /// <see cref="IDataverseRecordReader"/>, or else through the Dataverse store's connection when the store is
    /// <see cref="DataverseServiceRequestStore"/>. With <c>AddDataverseStore</c>, <see cref="DataverseWebhookRegistration"/>
    /// resolves from the container too, on the store's connection. Calling it again adds the configuration to the same options.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCivic311</c>.</param>
    /// <param name="configure">Sets the options; at least one key is required.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static Civic311Builder AddDataverseWebhook(this Civic311Builder builder, Action<DataverseWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<DataverseWebhookOptions>().Configure(configure).ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(DataverseWebhookMarker)))
        {
            return builder;
        }

        services.AddSingleton<DataverseWebhookMarker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataverseWebhookOptions>, DataverseWebhookOptionsValidator>());
        services.TryAddSingleton(static sp => new WebhookProcessor(
            sp.GetRequiredService<IOptions<DataverseWebhookOptions>>().Value,
            sp.GetRequiredService<ServiceRequests>(),
            sp.GetService<IDataverseRecordReader>()
                ?? (sp.GetService<IServiceRequestStore>() is DataverseServiceRequestStore store ? new WebApiRecordReader(store.Rows) : null),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<WebhookProcessor>>()));

        // Registration rides on the store's connection (its HTTP client, options and token cache), so it needs AddDataverseStore.
        services.TryAddTransient(static sp => new DataverseWebhookRegistration(
            sp.GetService<DataverseProvisioning>() ?? throw new InvalidOperationException(
                "DataverseWebhookRegistration uses the Dataverse store's connection: call .AddDataverseStore(...) too, or construct it with an HttpClient and DataverseOptions.")));
        return builder;
    }

    private sealed class DataverseWebhookMarker;
}
