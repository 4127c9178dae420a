using System;
using System.Net.Http;
using Civic311;
using Civic311.Notifications;
using Civic311.Notifications.Channels;
using Civic311.Notifications.Channels.Outbox;
using Civic311.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Civic311.Application;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Civic311 notification channels as <see cref="INotificationChannel"/> singletons.</summary>
public static class NotificationChannelsBuilderExtensions
{
    /// <summary>Registers an <see cref="SmtpEmailChannel"/>.</summary>
    /// <param name="builder">The Civic311 builder.</param>
    /// <param name="configure">Sets the options; they are validated now.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="Civic311ValidationException">The options are invalid; every problem is listed.</exception>
    public static Civic311Builder AddSmtpEmailChannel(this Civic311Builder builder, Action<SmtpEmailChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SmtpEmailChannelOptions();
        configure(options);
        builder.Services.AddSingleton<INotificationChannel>(new SmtpEmailChannel(options));
        return builder;
    }

    /// <summary>Registers a <see cref="WebhookChannel"/>, using the registered <see cref="TimeProvider"/> if any.</summary>
    /// <param name="builder">The Civic311 builder.</param>
    /// <param name="configure">Sets the options; they are validated now.</param>
    /// <param name="httpClient">The client to post with; a new one owned by the container when <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is null.</exception>
    /// <exception cref="Civic311ValidationException">The options are invalid; every problem is listed.</exception>
    public static Civic311Builder AddWebhookChannel(this Civic311Builder builder, Action<WebhookChannelOptions> configure, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new WebhookChannelOptions();
        configure(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("webhook channel options", errors);
        }

        builder.Services.AddSingleton<INotificationChannel>(services =>
            new WebhookChannel(httpClient ?? new HttpClient(), options, services.GetService<TimeProvider>()));
        return builder;
    }

    /// <summary>Registers a <see cref="FileChannel"/> writing messages of <paramref name="kind"/> to the console.</summary>
    /// <param name="builder">The Civic311 builder.</param>
    /// <param name="kind">The kind of message it takes.</param>
    /// <param name="name">The channel name; defaults to <c>console-{kind}</c>. Name it <c>email</c> or <c>sms</c> to receive residents' messages.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static Civic311Builder AddConsoleChannel(this Civic311Builder builder, ChannelKind kind, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<INotificationChannel>(FileChannel.ToWriter(Console.Out, kind, name));
        return builder;
    }

    /// <summary>
    /// Registers the <see cref="OutboxDispatcher"/> over the registered store and channels, and a hosted service that runs
    /// it while the host runs. Turn notifications on with <c>options.Notifications.Enabled = true</c>.
    /// </summary>
    /// <param name="builder">The Civic311 builder.</param>
    /// <param name="configure">Sets the dispatcher options; optional.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static Civic311Builder AddOutboxDispatcher(this Civic311Builder builder, Action<OutboxDispatcherOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new OutboxDispatcherOptions();
        configure?.Invoke(options);
        builder.Services.TryAddSingleton(services => new OutboxDispatcher(
            services.GetRequiredService<IServiceRequestStore>(),
            services.GetServices<INotificationChannel>(),
            services.GetRequiredService<IClock>(),
            options,
            services.GetService<ILogger<OutboxDispatcher>>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutboxDispatcherService>());
        return builder;
    }
}
