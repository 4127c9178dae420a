using System;
using System.Net.Http;
using System.Threading.Tasks;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Civic311.Application;

namespace Civic311.Dataverse.Tests;

public sealed class DataverseStoreBuilderExtensionsTests : DataverseStoreTestBase
{
    private ServiceCollection Services(Action<DataverseOptions> configure, Func<IServiceProvider, HttpClient>? http = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Environment.Clock);
        var builder = services.AddCivic311(TestCatalog.Configure);
        if (http is null)
        {
            builder.AddDataverseStore(configure);
        }
        else
        {
            builder.AddDataverseStore(configure, http);
        }

        return services;
    }

    private void Emulated(DataverseOptions options)
    {
        var emulated = DataverseTestEnvironment.Options(Emulator);
        options.EnvironmentUrl = emulated.EnvironmentUrl;
        options.TokenProvider = emulated.TokenProvider;
    }

    [Fact]
    public async Task AddDataverseStore_registers_the_store_as_the_singleton_IServiceRequestStore_that_ServiceRequests_uses()
    {
        await using var provider = Services(Emulated).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var store = provider.GetRequiredService<IServiceRequestStore>();
        var added = await provider.GetRequiredService<ServiceRequests>().SubmitAsync(Pothole());

        store.Should().BeOfType<DataverseServiceRequestStore>().And.BeSameAs(provider.GetRequiredService<DataverseServiceRequestStore>());
        provider.GetRequiredService<IServiceRequestStore>().Should().BeSameAs(store);
        Emulator.Find("incident", added.Id.Value).Should().NotBeNull();
        provider.GetRequiredService<DataverseProvisioning>().Should().NotBeNull();
    }

    [Fact]
    public void AddDataverseStore_validates_the_options_at_start_and_reports_every_problem()
    {
        using var provider = Services(o =>
        {
            o.Prefix = "x";
            o.MaxConcurrentRequests = 100;
        }).BuildServiceProvider();

        var failure = FluentActions.Invoking(provider.GetRequiredService<IStartupValidator>().Validate).Should().Throw<OptionsValidationException>().Which;

        failure.Failures.Should().HaveCount(4).And.Contain(f => f.Contains("environmentUrl", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("credential", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("prefix", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("maxConcurrentRequests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddDataverseStore_sends_through_the_client_the_integrator_supplies_and_leaves_it_open()
    {
        var handler = new CountingHandler();
        using var client = new HttpClient(handler);

        await using (var provider = Services(Emulated, _ => client).BuildServiceProvider())
        {
            await provider.GetRequiredService<ServiceRequests>().SubmitAsync(Pothole());
        }

        handler.Sent.Should().BePositive();
        using var stillOpen = await client.GetAsync(new Uri(Emulator.BaseAddress, "WhoAmI"));
    }

    [Fact]
    public void AddDataverseStore_needs_a_builder_and_a_configuration()
    {
        FluentActions.Invoking(() => DataverseStoreBuilderExtensions.AddDataverseStore(null!, _ => { })).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new ServiceCollection().AddCivic311(_ => { }).AddDataverseStore(null!)).Should().Throw<ArgumentNullException>();
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public CountingHandler()
            : base(new SocketsHttpHandler())
        {
        }

        public int Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            Sent++;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
