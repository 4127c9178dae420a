using System;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Catalog;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.DependencyInjection;

public sealed class Civic311ServiceCollectionExtensionsTests
{
    private static readonly Instant FakeNow = Instant.FromUtc(2026, 11, 24, 13, 30);

    private static void ConfigureValid(Civic311Options options)
    {
        options.Catalog = TestCatalog.Definition();
        options.TimeZone = "America/New_York";
    }

    [Fact]
    public void AddCivic311_WithInMemoryStore_ResolvesServiceRequestsCatalogClockAndStore()
    {
        var services = new ServiceCollection();
        services.AddCivic311(ConfigureValid).AddInMemoryStore();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var requests = provider.GetRequiredService<ServiceRequests>();
        var catalog = provider.GetRequiredService<ServiceCatalog>();

        requests.Should().BeSameAs(provider.GetRequiredService<ServiceRequests>(), "ServiceRequests is a singleton");
        catalog.Should().BeSameAs(requests.Catalog, "the catalog is compiled once from the options");
        catalog.ServiceTypes.Select(s => s.Code).Should().Contain(["POTHOLE", "MISSED-PICKUP", "INFO"]);
        provider.GetRequiredService<IClock>().Should().BeSameAs(SystemClock.Instance, "no clock or TimeProvider is registered");
        provider.GetRequiredService<IServiceRequestStore>().Should().BeSameAs(provider.GetRequiredService<InMemoryServiceRequestStore>());
    }

    [Fact]
    public async Task AddCivic311_RegisteredNodaTimeClock_IsUsed()
    {
        var clock = new FakeClock(FakeNow);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddSingleton<TimeProvider>(new FixedTimeProvider(FakeNow + Duration.FromDays(365)));
        services.AddCivic311(ConfigureValid).AddInMemoryStore();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IClock>().Should().BeSameAs(clock, "a NodaTime clock wins over a TimeProvider");
        var request = await provider.GetRequiredService<ServiceRequests>().SubmitAsync(new ServiceRequestSubmission { ServiceCode = "INFO" });

        request.RequestedAt.Should().Be(FakeNow);
    }

    [Fact]
    public void AddCivic311_ClockRegisteredAfterwards_IsStillUsed()
    {
        var clock = new FakeClock(FakeNow);
        var services = new ServiceCollection();
        services.AddCivic311(ConfigureValid).AddInMemoryStore();
        services.AddSingleton<IClock>(clock);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IClock>().Should().BeSameAs(clock);
    }

    [Fact]
    public async Task AddCivic311_RegisteredTimeProviderWithoutClock_IsAdapted()
    {
        var timeProvider = new FixedTimeProvider(FakeNow);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(timeProvider);
        services.AddCivic311(ConfigureValid).AddInMemoryStore();
        using var provider = services.BuildServiceProvider();

        var clock = provider.GetRequiredService<IClock>();
        clock.GetCurrentInstant().Should().Be(FakeNow);
        timeProvider.Now = FakeNow + Duration.FromHours(2);
        clock.GetCurrentInstant().Should().Be(FakeNow + Duration.FromHours(2), "the adapter reads the provider on every call");

        var request = await provider.GetRequiredService<ServiceRequests>().SubmitAsync(new ServiceRequestSubmission { ServiceCode = "INFO" });
        request.RequestedAt.Should().Be(FakeNow + Duration.FromHours(2));
    }

    [Fact]
    public void AddCivic311_InvalidOptions_ReadingTheOptionsThrowsOneExceptionListingEveryProblem()
    {
        using var provider = ProviderWithInvalidOptions();

        var exception = FluentActions.Invoking(() => provider.GetRequiredService<IOptions<Civic311Options>>().Value)
            .Should().Throw<OptionsValidationException>().Which;

        ShouldListEveryProblem(exception);
    }

    [Fact]
    public void AddCivic311_InvalidOptions_ResolvingServiceRequestsThrowsTheSameException()
    {
        using var provider = ProviderWithInvalidOptions();

        var exception = FluentActions.Invoking(() => provider.GetRequiredService<ServiceRequests>())
            .Should().Throw<OptionsValidationException>().Which;

        ShouldListEveryProblem(exception);
    }

    [Fact]
    public void AddCivic311_InvalidOptions_ResolvingTheCatalogThrows()
    {
        using var provider = ProviderWithInvalidOptions();

        FluentActions.Invoking(() => provider.GetRequiredService<ServiceCatalog>()).Should().Throw<OptionsValidationException>();
    }

    [Fact]
    public void AddCivic311_RegistersValidateOnStart_SoTheStartupValidatorReportsEveryProblem()
    {
        using var provider = ProviderWithInvalidOptions();

        var validator = provider.GetRequiredService<IStartupValidator>();
        var exception = FluentActions.Invoking(validator.Validate).Should().Throw<OptionsValidationException>().Which;

        ShouldListEveryProblem(exception);
    }

    [Fact]
    public void AddCivic311_ValidOptions_StartupValidatorPasses()
    {
        var services = new ServiceCollection();
        services.AddCivic311(ConfigureValid).AddInMemoryStore();
        using var provider = services.BuildServiceProvider();

        FluentActions.Invoking(provider.GetRequiredService<IStartupValidator>().Validate).Should().NotThrow();
    }

    [Fact]
    public void AddCivic311_WithoutStore_ResolvingServiceRequestsTellsToAddAStore()
    {
        var services = new ServiceCollection();
        services.AddCivic311(ConfigureValid);
        using var provider = services.BuildServiceProvider();

        var exception = FluentActions.Invoking(() => provider.GetRequiredService<ServiceRequests>()).Should().Throw<InvalidOperationException>().Which;

        exception.Message.Should().Contain("AddInMemoryStore()").And.Contain("No service-request store is registered");
        provider.GetRequiredService<ServiceCatalog>().Should().NotBeNull("the catalog does not need a store");
    }

    [Fact]
    public void AddCivic311_CalledTwice_RegistersServicesOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddCivic311(o => o.Catalog = TestCatalog.Definition());
        services.AddCivic311(o => o.TimeZone = "America/Panama").AddInMemoryStore();
        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(ServiceRequests)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ServiceCatalog)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IClock)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<Civic311Options>)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IServiceRequestStore)).Should().Be(1);

        var options = provider.GetRequiredService<IOptions<Civic311Options>>().Value;
        options.TimeZone.Should().Be("America/Panama");
        options.Catalog.ServiceTypes.Should().NotBeEmpty();
        provider.GetRequiredService<ServiceRequests>().Catalog.TryGetServiceType("POTHOLE", out _).Should().BeTrue();
    }

    [Fact]
    public void AddCivic311_CalledTwice_AppliesTheDelegatesInOrder()
    {
        var services = new ServiceCollection();
        services.AddCivic311(o =>
        {
            ConfigureValid(o);
            o.MaxConflictRetries = 1;
        });
        services.AddCivic311(o => o.MaxConflictRetries *= 7);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<Civic311Options>>().Value.MaxConflictRetries.Should().Be(7);
    }

    [Fact]
    public void AddCivic311_NullArguments_ThrowArgumentNullException()
    {
        FluentActions.Invoking(() => ((IServiceCollection)null!).AddCivic311(ConfigureValid))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("services");
        FluentActions.Invoking(() => new ServiceCollection().AddCivic311(null!))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("configure");
        FluentActions.Invoking(() => ((Civic311Builder)null!).AddInMemoryStore())
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("builder");
    }

    [Fact]
    public void AddCivic311_NullArguments_RegisterNothing()
    {
        var services = new ServiceCollection();

        FluentActions.Invoking(() => services.AddCivic311(null!)).Should().Throw<ArgumentNullException>();

        services.Should().BeEmpty();
    }

    [Fact]
    public void AddCivic311_AnyCall_ReturnsABuilderOverTheSameCollection()
    {
        var services = new ServiceCollection();

        var builder = services.AddCivic311(ConfigureValid);

        builder.Services.Should().BeSameAs(services);
        builder.AddInMemoryStore().Should().BeSameAs(builder);
    }

    private static ServiceProvider ProviderWithInvalidOptions()
    {
        var services = new ServiceCollection();
        services.AddCivic311(o =>
        {
            o.Catalog = new ServiceCatalogDefinition().AddAgency("DOT", "Transportation", "Mars/Olympus_Mons");
            o.TimeZone = "Atlantis/Capital";
            o.TrackingNumbers.Format = "311-{yy}";
            o.ReopenWindow = Duration.FromDays(-1);
            o.MaxConflictRetries = 101;
        }).AddInMemoryStore();
        return services.BuildServiceProvider();
    }

    private static void ShouldListEveryProblem(OptionsValidationException exception)
    {
        exception.OptionsType.Should().Be(typeof(Civic311Options));
        exception.Failures.Should().HaveCount(6);
        exception.Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("catalog.agencies[0].timeZone:").And.EndWith("(unknown)").And.Contain("Mars/Olympus_Mons"),
            f => f.Should().StartWith("catalog.serviceTypes:").And.EndWith("(required)"),
            f => f.Should().StartWith("timeZone:").And.EndWith("(unknown)").And.Contain("Atlantis/Capital"),
            f => f.Should().StartWith("trackingNumbers.format:").And.EndWith("(invalid_format)").And.Contain("{seq}"),
            f => f.Should().StartWith("reopenWindow:").And.EndWith("(out_of_range)"),
            f => f.Should().StartWith("maxConflictRetries:").And.EndWith("(out_of_range)").And.Contain("101"));
        foreach (var failure in exception.Failures)
        {
            exception.Message.Should().Contain(failure);
        }
    }

    /// <summary>A TimeProvider that shows a settable instant.</summary>
    private sealed class FixedTimeProvider(Instant now) : TimeProvider
    {
        public Instant Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now.ToDateTimeOffset();
    }
}
