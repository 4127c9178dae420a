using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.InMemory;
using Civic311.Notifications.Channels;
using Civic311.Notifications.Channels.Outbox;
using Civic311.Notifications.Tests.Channels;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Civic311.Notifications.Tests.Outbox;

/// <summary>
/// Dispatching a resident's notifications end to end, every log line captured at Trace: an SMTP server that rejects the
/// recipient quoting it, a webhook receiver whose reason phrase quotes the resident, a third-party channel that throws
/// with the recipient in its message, and a store failure quoting an address. No e-mail or phone reaches a log line or
/// a stored delivery error.
/// </summary>
public sealed class OutboxPersonalDataLogTests
{
    private const string Email = "ana.perez+311@correo.example.pa";
    private const string Phone = "+1 (212) 555-0147";
    private const string Secret = "s3cr3t-shared-with-the-receiver";
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly FakeClock _clock = new(new LocalDateTime(2026, 3, 2, 10, 0).InZoneStrictly(NewYork).ToInstant());
    private readonly InMemoryServiceRequestStore _store = new();
    private readonly CapturingLoggerProvider _logs = new();

    private static OutboxDispatcherOptions Options() => new()
    {
        ImmediateRetries = 1,
        ImmediateRetryDelay = TimeSpan.FromMilliseconds(1),
        PollInterval = TimeSpan.FromMilliseconds(10),
        MaxAttempts = 3,
    };

    [Fact]
    public async Task RunOnce_FailuresThatEchoTheResident_AreLoggedAndStoredRedacted()
    {
        await using var smtp = new LoopbackSmtpServer { RcptReply = "550 5.1.1 <{recipient}>: Recipient address rejected" };
        var receiverClock = new FixedTimeProvider(_clock.GetCurrentInstant().ToDateTimeOffset());
        await using var receiver = await LoopbackWebhookReceiver.StartAsync(Secret, receiverClock);
        receiver.Status = 422;
        receiver.ReasonPhrase = $"Unknown resident {Email} / {Phone}";
        using var http = new HttpClient();
        var channels = new INotificationChannel[]
        {
            new SmtpEmailChannel(new SmtpEmailChannelOptions { Host = "127.0.0.1", Port = smtp.Port, UseTls = false, FromAddress = "311@example.gov" }),
            new WebhookChannel(http, new WebhookChannelOptions { Name = "teams", Url = receiver.Url, Secret = Secret }, receiverClock),
            new QuotingSmsChannel(),
        };
        var request = await SubmitAsync();

        var result = await new OutboxDispatcher(_store, channels, _clock, Options(), new Logger<OutboxDispatcher>(_logs)).RunOnceAsync();

        result.Claimed.Should().Be(3, "the resident's e-mail and SMS and the queue's webhook");
        smtp.Messages.Should().BeEmpty();
        receiver.Requests.Should().NotBeEmpty();
        var outbox = (await _store.QueryOutboxAsync(OutboxQuery.All.ForRequest(request.Id).WithPageSize(100), null)).Items;
        outbox.Should().OnlyContain(m => m.LastError != null && m.LastError.Contains('['), "each failure is kept, redacted");
        outbox.Single(m => m.Channel == "email").LastError.Should().Contain("550").And.Contain(PersonalData.EmailPlaceholder);
        foreach (var message in outbox)
        {
            ShouldHoldNoPersonalData(message.LastError!);
        }

        var failures = _logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        failures.Should().HaveCount(3);
        failures.Should().OnlyContain(e => e.Message.Contains(PersonalData.EmailPlaceholder, StringComparison.Ordinal));
        AllLogsShouldHoldNoPersonalData();
    }

    [Fact]
    public async Task Run_StoreFailureQuotingAnAddress_IsLoggedRedactedWithItsTypeAndStackTrace()
    {
        var store = FailingClaims.Over(_store);
        var dispatcher = new OutboxDispatcher(store, [new QuotingSmsChannel()], _clock, Options(), new Logger<OutboxDispatcher>(_logs));
        using var stop = new CancellationTokenSource();

        var run = dispatcher.RunAsync(stop.Token);
        while (!_logs.Entries.Any(e => e.Exception != null) && !run.IsCompleted)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await run;
        var logged = _logs.Entries.First(e => e.Exception != null);
        logged.Level.Should().Be(LogLevel.Error);
        logged.Exception.Should().Contain(nameof(InvalidOperationException)).And.Contain(nameof(FailingClaims)).And.Contain(PersonalData.EmailPlaceholder);
        AllLogsShouldHoldNoPersonalData();
    }

    private async Task<ServiceRequest> SubmitAsync()
    {
        var options = TestCatalog.Options();
        options.Notifications.Enabled = true;
        options.Notifications.CenterName = "NYC311";
        options.Notifications.Staff.Add(new StaffRecipientDefinition { Agency = "DOT", Queue = "DOT-ROADWAY", Channel = "teams", ChannelKind = ChannelKind.Webhook, Recipient = "https://hooks.example/dot-roadway" });
        return await new ServiceRequests(_store, options, _clock).SubmitAsync(new ServiceRequestSubmission
        {
            ServiceCode = "POTHOLE",
            Address = "1 Centre St",
            Description = $"Call me at {Phone}",
            Reporter = new ReporterContact { Name = "Ana Pérez", Email = Email, Phone = Phone, PreferredLanguage = "en" },
        });
    }

    private void AllLogsShouldHoldNoPersonalData()
    {
        _logs.Entries.Should().NotBeEmpty();
        foreach (var entry in _logs.Entries)
        {
            ShouldHoldNoPersonalData(entry.AllText);
        }
    }

    private static void ShouldHoldNoPersonalData(string text) =>
        text.Should().NotContain(Email).And.NotContain("ana.perez").And.NotContain("555-0147").And.NotContain("2125550147");

    // A third-party SMS provider's client that fails with the number it was given.
    private sealed class QuotingSmsChannel : INotificationChannel
    {
        public string Name => "sms";

        public ChannelKind Kind => ChannelKind.Sms;

        public Task<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"The provider refused {message.Recipient}; reply to {Email}");
    }

    // A store whose outbox claims fail with an address in the message, as a database driver quoting a row might.
    private class FailingClaims : DispatchProxy
    {
        private IServiceRequestStore _inner = null!;

        public static IServiceRequestStore Over(IServiceRequestStore inner)
        {
            var proxy = Create<IServiceRequestStore, FailingClaims>();
            ((FailingClaims)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IServiceRequestStore.ClaimOutboxAsync))
            {
                throw new InvalidOperationException($"Row for {Email} ({Phone}) is locked");
            }

            return targetMethod.Invoke(_inner, args);
        }
    }
}
