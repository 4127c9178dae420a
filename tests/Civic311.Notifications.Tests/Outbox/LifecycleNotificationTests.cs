using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Notifications.Tests.Outbox;

/// <summary>
/// Changes write their notifications to the outbox in the same store write: residents on e-mail and SMS in their language,
/// duplicates' reporters on resolution, staff on their queue, supervisors on SLA breaches.
/// </summary>
public sealed class LifecycleNotificationTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly FakeClock _clock = new(At(2, 10));
    private readonly InMemoryServiceRequestStore _store = new();

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 3, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    private static Civic311Options Options(bool enabled = true)
    {
        var options = TestCatalog.Options();
        options.Notifications.Enabled = enabled;
        options.Notifications.CenterName = "NYC311";
        options.Notifications.SurveyUrl = "https://311.example.gov/survey/{trackingNumber}";
        options.Notifications.Staff.Add(new StaffRecipientDefinition { Agency = "DOT", Queue = "DOT-ROADWAY", Channel = "teams", ChannelKind = ChannelKind.Webhook, Recipient = "https://hooks.example/dot-roadway" });
        options.Notifications.Staff.Add(new StaffRecipientDefinition { Agency = "DOT", Role = StaffRole.Supervisor, Channel = "email", ChannelKind = ChannelKind.Email, Recipient = "supervisor@dot.example" });
        return options;
    }

    private ServiceRequests Service(Civic311Options? options = null) => new(_store, options ?? Options(), _clock);

    private static ServiceRequestSubmission Pothole(ReporterContact? reporter) => new()
    {
        ServiceCode = "POTHOLE", Description = "Bache <profundo>", Address = "1 Centre St", Reporter = reporter,
    };

    private static readonly ReporterContact Ana = new() { Name = "Ana Pérez", Email = "ana@example.org", Phone = "+12125550100", PreferredLanguage = "es-PA" };

    private async Task<List<OutboxMessage>> OutboxOfAsync(ServiceRequestId id) =>
        [.. (await _store.QueryOutboxAsync(OutboxQuery.All.ForRequest(id).WithPageSize(1000), null)).Items];

    [Fact]
    public async Task Submit_ResidentWithEmailAndPhone_GetsBothInTheirLanguageAndTheQueueIsTold()
    {
        var request = await Service().SubmitAsync(Pothole(Ana));

        var outbox = await OutboxOfAsync(request.Id);
        outbox.Select(m => (m.Channel, m.Kind, m.Recipient)).Should().BeEquivalentTo(new[]
        {
            ("email", "RequestReceived", "ana@example.org"),
            ("sms", "RequestReceived", "+12125550100"),
            ("teams", "AssignedToQueue", "https://hooks.example/dot-roadway"),
        });
        var email = NotificationEnvelope.Parse(outbox.Single(m => m.Channel == "email").Payload).Message;
        email.Language.Should().Be("es");
        email.TrackingNumber.Should().Be(request.TrackingNumber);
        email.HtmlBody.Should().Contain("&lt;profundo&gt;", "resident text is escaped in HTML");
        email.IdempotencyKey.Should().Be(outbox.Single(m => m.Channel == "email").Id.ToString("N"));
        outbox.Should().OnlyContain(m => m.State == OutboxState.Pending && m.NextAttemptAt == At(2, 10), "10:00 is outside quiet hours");
    }

    [Fact]
    public async Task Submit_DuringQuietHours_DefersTheSmsToTheirEndAndSendsTheEmailNow()
    {
        _clock.AdvanceTo(At(2, 23, 30));

        var request = await Service().SubmitAsync(Pothole(Ana));

        var outbox = await OutboxOfAsync(request.Id);
        outbox.Single(m => m.Channel == "sms").NextAttemptAt.Should().Be(At(3, 8), "quiet hours end at 08:00 local time");
        outbox.Single(m => m.Channel == "email").NextAttemptAt.Should().Be(At(2, 23, 30));
    }

    [Fact]
    public async Task Submit_ResidentOptedOutOfSms_GetsOnlyEmail()
    {
        var request = await Service().SubmitAsync(Pothole(Ana with { OptOut = ContactOptOut.Sms }));

        (await OutboxOfAsync(request.Id)).Where(m => m.Kind == "RequestReceived").Select(m => m.Channel).Should().Equal("email");
    }

    [Fact]
    public async Task Submit_NotificationsOff_WritesNothingToTheOutbox()
    {
        var request = await Service(Options(enabled: false)).SubmitAsync(Pothole(Ana));

        (await OutboxOfAsync(request.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Resolve_TellsTheReporterAndEveryDuplicatesReporterAboutTheirOwnRequest()
    {
        var service = Service();
        var original = await service.SubmitAsync(Pothole(Ana));
        var bob = new ReporterContact { Email = "bob@example.org" };
        var duplicate = await service.SubmitAsync(Pothole(bob));
        await service.MarkAsDuplicateAsync(duplicate.Id, original.Id);

        var resolved = await service.ResolveAsync(original.Id, new Resolution("FIXED", "Tapado."), new ChangeOptions { Actor = "crew" });

        var outbox = (await OutboxOfAsync(original.Id)).Where(m => m.Kind == "Resolved").ToList();
        outbox.Select(m => m.Recipient).Should().BeEquivalentTo(["ana@example.org", "+12125550100", "bob@example.org"]);
        var toBob = NotificationEnvelope.Parse(outbox.Single(m => m.Recipient == "bob@example.org").Payload).Message;
        toBob.TrackingNumber.Should().Be(duplicate.TrackingNumber, "Bob is told about the number he was given");
        toBob.Language.Should().Be("en");
        toBob.TextBody.Should().Contain("https://311.example.gov/survey/");
        (await OutboxOfAsync(duplicate.Id)).Should().Contain(m => m.Kind == "DuplicateLinked" && m.Recipient == "bob@example.org");
        resolved.Status.Should().Be(ServiceRequestStatus.Resolved);
    }

    [Fact]
    public async Task Reassign_ToAnotherQueue_TellsThatQueueOnly()
    {
        var service = Service();
        var request = await service.SubmitAsync(Pothole(null));
        var before = (await OutboxOfAsync(request.Id)).Count;

        await service.ReassignAsync(request.Id, new Assignment { Queue = "DOT-SIDEWALKS" });
        await service.ReassignAsync(request.Id, new Assignment { Queue = "DOT-ROADWAY" });

        var outbox = await OutboxOfAsync(request.Id);
        outbox.Should().HaveCount(before + 1, "only the move back into DOT-ROADWAY reaches its recipient");
        outbox.Where(m => m.Kind == "AssignedToQueue").Should().HaveCount(2);
    }

    [Fact]
    public async Task PutOnHold_WithAPublicNote_SendsTheNoteAndTheReason()
    {
        var service = Service();
        var request = await service.SubmitAsync(Pothole(new ReporterContact { Email = "ana@example.org" }));

        await service.PutOnHoldAsync(request.Id, "waiting-for-resident", new ChangeOptions { Note = "Please send a photo.", NoteVisibility = NoteVisibility.Public });

        var onHold = (await OutboxOfAsync(request.Id)).Single(m => m.Kind == "OnHold");
        NotificationEnvelope.Parse(onHold.Payload).Message.TextBody.Should().Contain("What we need from you: Please send a photo.");
    }

    [Fact]
    public async Task SlaMonitor_Breach_EscalatesToTheSupervisorExactlyOnce()
    {
        var options = Options();
        var service = Service(options);
        var request = await service.SubmitAsync(Pothole(null));
        _clock.AdvanceTo(At(2, 13)); // first response (2 business hours from 10:00) is due at 12:00
        var monitor = new SlaMonitor(service);

        await monitor.RunOnceAsync();
        await monitor.RunOnceAsync();
        await new SlaMonitor(new ServiceRequests(_store, options, _clock)).RunOnceAsync(); // a second process

        var sla = (await OutboxOfAsync(request.Id)).Where(m => m.Kind.StartsWith("Sla")).ToList();
        sla.Where(m => m.Kind == "SlaBreached").Select(m => m.Recipient).Should().Equal("supervisor@dot.example");
        sla.Where(m => m.Kind == "SlaNearingBreach").Select(m => m.Recipient).Should().BeEquivalentTo(["https://hooks.example/dot-roadway", "supervisor@dot.example"]);
        var breach = NotificationEnvelope.Parse(sla.Single(m => m.Kind == "SlaBreached").Payload).Message;
        breach.Subject.Should().Contain(request.TrackingNumber);
    }

    [Fact]
    public void Options_NotificationProblems_AreAllListed()
    {
        var options = Options();
        options.Notifications.QuietHoursStart = "9pm";
        options.Notifications.Staff.Add(new StaffRecipientDefinition { Agency = "NOPE", Channel = " ", Recipient = null });

        var build = () => new ServiceRequests(_store, options, _clock);

        build.Should().Throw<Civic311ValidationException>().Which.Errors.Select(e => e.Field).Should().BeEquivalentTo(
            ["notifications.quietHoursStart", "notifications.staff[2].agency", "notifications.staff[2].channel", "notifications.staff[2].recipient"]);
    }
}
