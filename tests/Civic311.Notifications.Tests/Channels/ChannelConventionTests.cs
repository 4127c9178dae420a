using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Notifications.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace Civic311.Notifications.Tests.Channels;

/// <summary>The channels package follows the SDK's public API rules, and its registrations resolve.</summary>
public sealed class ChannelConventionTests
{
    private static readonly Type[] PublicTypes = typeof(SmtpEmailChannel).Assembly.GetExportedTypes();

    [Fact]
    public void PublicClasses_AreSealedOrStatic()
    {
        PublicTypes.Should().Contain([typeof(SmtpEmailChannel), typeof(WebhookChannel), typeof(FileChannel), typeof(WebhookSignature)]);
        PublicTypes.Where(t => t.IsClass && !t.IsSealed).Should().BeEmpty();
    }

    [Fact]
    public void PublicAsyncMethods_TakeAnOptionalCancellationTokenLast()
    {
        var asyncMethods = PublicTypes.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) || m.ReturnType == typeof(ValueTask)
                || (m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            .ToArray();

        // The three channels' SendAsync and the dispatcher's RunOnceAsync, RunAsync and RetryAsync: the filter must see them all.
        asyncMethods.Select(m => m.Name).Should().Contain(["SendAsync", "RunOnceAsync", "RunAsync", "RetryAsync"]);
        asyncMethods.Should().OnlyContain(m => m.GetParameters().Last().ParameterType == typeof(CancellationToken) && m.GetParameters().Last().HasDefaultValue);
    }

    [Fact]
    public void AddChannels_OnTheBuilder_ResolveAsNotificationChannels()
    {
        var services = new ServiceCollection();
        services.AddCivic311(_ => { })
            .AddSmtpEmailChannel(o => { o.Host = "127.0.0.1"; o.FromAddress = "311@example.pa"; })
            .AddWebhookChannel(o => { o.Url = new Uri("http://127.0.0.1:9/hook"); o.Secret = "0123456789abcdef"; o.Kind = ChannelKind.Sms; })
            .AddConsoleChannel(ChannelKind.Push);
        using var provider = services.BuildServiceProvider();

        provider.GetServices<INotificationChannel>().Select(c => (c.Name, c.Kind)).Should().Equal(
            ("email", ChannelKind.Email), ("webhook", ChannelKind.Sms), ("console-push", ChannelKind.Push));
    }

    [Fact]
    public void AddWebhookChannel_InvalidOptions_ThrowsAtRegistration()
    {
        var act = () => new ServiceCollection().AddCivic311(_ => { }).AddWebhookChannel(_ => { });

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Select(e => e.Field).Should().Equal("url", "secret");
    }
}
