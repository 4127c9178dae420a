using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Civic311.Core.Tests;

/// <summary>
/// Every log line of submit, lifecycle changes and the SLA monitor, captured at Trace through AddCivic311, with handlers
/// that fail with messages quoting the reporter (as a mail or CRM client's exception would): no e-mail or phone survives.
/// </summary>
public sealed class PersonalDataLogTests
{
    private const string Email = "ana.perez+311@correo.example.pa";
    private const string Phone = "+1 (212) 555-0147";

    [Fact]
    public async Task SubmitLifecycleAndSlaMonitor_LogNoReporterEmailOrPhone()
    {
        var logs = new CapturingLoggerProvider();
        var clock = new FakeClock(TestCatalog.Start);
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(logs).AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton<IClock>(clock);
        services.AddSingleton<IServiceRequestEventHandler, QuotingHandler>();
        services.AddSingleton<ISlaEventHandler, QuotingHandler>();
        services.AddCivic311(TestCatalog.Configure).AddInMemoryStore();
        using var provider = services.BuildServiceProvider();
        var requests = provider.GetRequiredService<ServiceRequests>();
        var reporter = new ChangeOptions { Actor = Email }; // a resident acting through a portal is named by address

        var request = await requests.SubmitAsync(new ServiceRequestSubmission
        {
            ServiceCode = "POTHOLE",
            Address = "1 Centre St",
            Description = $"Deep pothole; call me at {Phone} or write to {Email}",
            Reporter = new ReporterContact { Name = "Ana Pérez", Email = Email, Phone = Phone },
        });
        await requests.AcknowledgeAsync(request.Id, reporter);
        await requests.PutOnHoldAsync(request.Id, $"waiting for a call back on {Phone}", reporter);
        await requests.ResumeAsync(request.Id, reporter);
        clock.Advance(Duration.FromDays(20));
        (await provider.GetRequiredService<SlaMonitor>().RunOnceAsync()).Should().BeGreaterThan(0);

        var entries = logs.Entries;
        entries.Should().Contain(e => e.Category == typeof(ServiceRequests).FullName && e.Level == LogLevel.Error && e.Exception != null);
        entries.Should().Contain(e => e.Category == typeof(SlaMonitor).FullName && e.Level == LogLevel.Error && e.Exception != null);
        entries.Should().Contain(e => e.Message.Contains(PersonalData.EmailPlaceholder, StringComparison.Ordinal), "the actor is logged, redacted");
        entries.Where(e => e.Exception != null).Should().OnlyContain(
            e => e.Exception!.Contains(nameof(InvalidOperationException), StringComparison.Ordinal) && e.Exception.Contains("[email]", StringComparison.Ordinal),
            "the type and what is not personal stay");
        ShouldHoldNoPersonalData(entries);
    }

    internal static void ShouldHoldNoPersonalData(System.Collections.Generic.IReadOnlyList<CapturedLogEntry> entries)
    {
        foreach (var entry in entries)
        {
            var text = entry.AllText;
            text.Should().NotContain(Email).And.NotContain("ana.perez").And.NotContain("555-0147").And.NotContain("5550147");
        }
    }

    // Fails the way a mail or CRM client does: with the contact it was given in the message.
    private sealed class QuotingHandler : IServiceRequestEventHandler, ISlaEventHandler
    {
        public ValueTask HandleAsync(ServiceRequestEvent serviceRequestEvent, CancellationToken cancellationToken = default) =>
            throw Quoting(serviceRequestEvent.Request);

        public ValueTask HandleAsync(SlaEvent slaEvent, CancellationToken cancellationToken = default) => throw Quoting(slaEvent.Request);

        private static InvalidOperationException Quoting(ServiceRequest request) =>
            new($"Could not notify {request.Reporter?.Email} ({request.Reporter?.Phone})", new TimeoutException($"no answer for {request.Reporter?.Phone}"));
    }
}
