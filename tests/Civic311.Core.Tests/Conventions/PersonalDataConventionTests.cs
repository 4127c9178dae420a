using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.Logging;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.Conventions;

/// <summary>The reporter's name, e-mail and phone are personal data: never in ToString, messages or logs.</summary>
public sealed class PersonalDataConventionTests
{
    private const string Name = "Ana Pérez Quintero";
    private const string Email = "ana.quintero@correo.example.pa";
    private const string Phone = "+507 6123-4567";

    private static readonly string[] Secrets = [Name, "Quintero", Email, "ana.quintero", Phone, "6123-4567", "61234567"];

    private static readonly ReporterContact Reporter = new() { Name = Name, Email = Email, Phone = Phone, PreferredLanguage = "es-PA" };

    [Fact]
    public void ReporterContactToString_AllFieldsSet_RedactsNameEmailAndPhone()
    {
        var text = Reporter.ToString();

        text.Should().Be("ReporterContact { Name = ***, Email = ***, Phone = ***, PreferredLanguage = es-PA, Kind = (none) }");
        ShouldNotLeak(text);
        ShouldNotLeak($"{Reporter}");
        ShouldNotLeak(string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", Reporter));
        ShouldNotLeak((Reporter with { PreferredLanguage = null }).ToString());
    }

    [Fact]
    public void ReporterContactToString_SomeFieldsMissing_SaysWhichAreMissing()
    {
        new ReporterContact { Email = Email }.ToString()
            .Should().Be("ReporterContact { Name = (none), Email = ***, Phone = (none), PreferredLanguage = (none), Kind = (none) }");
    }

    [Fact]
    public void ReporterContactToString_WithKind_PrintsTheKindInClear()
    {
        var text = (Reporter with { Kind = "liaison" }).ToString();

        text.Should().Be("ReporterContact { Name = ***, Email = ***, Phone = ***, PreferredLanguage = es-PA, Kind = liaison }");
        ShouldNotLeak(text);
    }

    [Fact]
    public void ReporterContactEquals_RedactedToString_StillComparesValues()
    {
        (Reporter with { }).Should().Be(Reporter);
        (Reporter with { Phone = "+507 6000-0000" }).Should().NotBe(Reporter);
    }

    [Fact]
    public void SubmissionToString_WithReporter_DoesNotLeakIt()
    {
        var submission = new ServiceRequestSubmission { ServiceCode = "POTHOLE", Reporter = Reporter, Address = "Vía España" };

        var text = submission.ToString();

        text.Should().Contain("POTHOLE").And.Contain("Vía España");
        ShouldNotLeak(text);
    }

    [Fact]
    public async Task ServiceRequestToString_WithReporter_IsTrackingNumberServiceAndStatusOnly()
    {
        var service = new ServiceRequests(new InMemoryServiceRequestStore(), TestCatalog.Options(), new FakeClock(TestCatalog.Start));
        var request = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "Vía España", Reporter = Reporter });
        request.Reporter!.Email.Should().Be(Email, "the reporter is stored");

        request.ToString().Should().Be($"{request.TrackingNumber} [POTHOLE] Submitted");
        ShouldNotLeak(request.ToString());
    }

    [Fact]
    public async Task ServiceRequestsLogs_AfterSubmitAndTransitions_ContainNoPersonalData()
    {
        var logger = new CapturingLogger();
        var clock = new FakeClock(TestCatalog.Start);
        var service = new ServiceRequests(new InMemoryServiceRequestStore(), TestCatalog.Options(), clock, logger: logger);

        var request = await service.SubmitAsync(new ServiceRequestSubmission
        {
            ServiceCode = "POTHOLE",
            Description = "Deep pothole",
            Latitude = 8.9824,
            Longitude = -79.5199,
            Reporter = Reporter,
            Channel = Channel.Phone,
            Actor = "agent-7",
        });
        var options = new ChangeOptions { Actor = "supervisor-3", Note = "Called the resident back" };
        clock.Advance(Duration.FromHours(1));
        await service.AcknowledgeAsync(request.Id, options);
        await service.AssignAsync(request.Id, new Assignment { Assignee = "crew-12", Queue = "DOT-NIGHT" }, options);
        await service.StartWorkAsync(request.Id, options);
        await service.PutOnHoldAsync(request.Id, "Waiting for the resident to confirm the spot", options);
        await service.ResumeAsync(request.Id, options);
        clock.Advance(Duration.FromHours(1));
        await service.ResolveAsync(request.Id, new Resolution("FIXED", "Patched"), options);
        await service.CloseAsync(request.Id, options);
        await service.ReopenAsync(request.Id, "The pothole is back", options);

        logger.Entries.Should().HaveCount(9, "one entry for the submit and one per transition");
        logger.Entries.Should().OnlyContain(e => e.Contains(request.TrackingNumber, StringComparison.Ordinal));
        logger.Entries[0].Should().Contain("POTHOLE").And.Contain("DOT").And.Contain("Phone");
        logger.Entries[^1].Should().Contain("Reopen").And.Contain("supervisor-3");
        foreach (var entry in logger.Entries)
        {
            ShouldNotLeak(entry);
        }
    }

    private static void ShouldNotLeak(string text)
    {
        foreach (var secret in Secrets)
        {
            text.Should().NotContain(secret);
        }
    }

    /// <summary>Keeps every log entry as its formatted message, its structured values and its exception.</summary>
    private sealed class CapturingLogger : ILogger<ServiceRequests>
    {
        private readonly List<string> _entries = [];

        public IReadOnlyList<string> Entries
        {
            get
            {
                lock (_entries)
                {
                    return _entries.ToArray();
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text += " | " + string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"));
            }

            if (exception is not null)
            {
                text += " | " + exception;
            }

            lock (_entries)
            {
                _entries.Add(text);
            }
        }
    }
}
