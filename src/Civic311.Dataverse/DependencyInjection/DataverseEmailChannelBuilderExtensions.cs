using System;
using Civic311;
using Civic311.Dataverse;
using Civic311.Notifications;
using Civic311.Application;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Dataverse e-mail channel.</summary>
public static class DataverseEmailChannelBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="DataverseEmailChannel"/> as an <see cref="INotificationChannel"/> singleton. It sends through
    /// the connection of the <see cref="DataverseServiceRequestStore"/> (same environment, credential, retries and
    /// concurrency limit), so register the store with <c>AddDataverseStore</c> too.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCivic311</c>.</param>
    /// <param name="configure">Sets the sender and the name; the options are validated now.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="Civic311ValidationException">The options are invalid; every problem is listed.</exception>
    public static Civic311Builder AddDataverseEmailChannel(this Civic311Builder builder, Action<DataverseEmailChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new DataverseEmailChannelOptions();
        configure(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("Dataverse e-mail channel options", errors);
        }

        builder.Services.AddSingleton<INotificationChannel>(services => new DataverseEmailChannel(
            services.GetService<DataverseServiceRequestStore>()
                ?? throw new InvalidOperationException("The Dataverse e-mail channel sends through the Dataverse store's connection: call AddDataverseStore too."),
            options));
        return builder;
    }
}
