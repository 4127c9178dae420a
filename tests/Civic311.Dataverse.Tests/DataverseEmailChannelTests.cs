using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Storage.Specification;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Civic311.Dataverse.Tests;

public sealed class DataverseEmailChannelTests : DataverseStoreTestBase
{
    private const string Resident = "ana.lopez@example.org";

    private Guid Queue() => Emulator.Seed("queues", new JsonObject { ["name"] = "311 Service Desk", ["emailaddress"] = "311@city.example" });

    private DataverseEmailChannel Channel(Guid? queue = null, Guid? user = null, Action<DataverseOptions>? configure = null) =>
        new(Environment.Http, DataverseTestEnvironment.Options(Emulator, configure), new DataverseEmailChannelOptions { SenderQueueId = queue, SenderUserId = user }, Environment.Clock);

    private static NotificationMessage Message(ServiceRequest request, string recipient = Resident)
    {
        var id = Guid.NewGuid();
        return new NotificationMessage
        {
            Id = id,
            IdempotencyKey = id.ToString("N"),
            Kind = NotificationKind.Acknowledged,
            Channel = ChannelKind.Email,
            Recipient = recipient,
            Language = "en",
            TrackingNumber = request.TrackingNumber,
            Subject = $"We received {request.TrackingNumber}",
            HtmlBody = "<html><body><p>Thanks &amp; regards</p></body></html>",
            TextBody = "Thanks & regards",
        };
    }

    private JsonObject[] Parties(Guid emailId) =>
        Emulator.Rows("activityparties").Where(p => p["_activityid_value"]!.GetValue<string>() == emailId.ToString("D")).ToArray();

    [Fact]
    public async Task SendAsync_creates_the_email_regarding_the_case_from_the_queue_to_the_recipient_and_issues_it()
    {
        var queue = Queue();
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(queue);
        var message = Message(request);
        Emulator.ClearRequests();

        var result = await channel.SendAsync(message);

        result.IsDelivered.Should().BeTrue(result.ToString());
        var emailId = DataverseEmailChannel.EmailIdFor(message.IdempotencyKey);
        result.ProviderMessageId.Should().Be(emailId.ToString("D"));
        var email = Emulator.Find("emails", emailId)!;
        email["subject"]!.GetValue<string>().Should().Be(message.Subject);
        email["description"]!.GetValue<string>().Should().Be(message.HtmlBody);
        email["directioncode"]!.GetValue<bool>().Should().BeTrue();
        email["_regardingobjectid_value"]!.GetValue<string>().Should().Be(request.Id.Value.ToString("D"));
        email["_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname"]!.GetValue<string>().Should().Be("incident");
        (email["statecode"]!.GetValue<int>(), email["statuscode"]!.GetValue<int>()).Should().Be((1, 6), "SendEmail with IssueSend hands it to delivery: Pending Send");

        var parties = Parties(emailId);
        parties.Should().HaveCount(2);
        var from = parties.Single(p => p["participationtypemask"]!.GetValue<int>() == 1);
        from["_partyid_value"]!.GetValue<string>().Should().Be(queue.ToString("D"));
        from["_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname"]!.GetValue<string>().Should().Be("queue");
        var to = parties.Single(p => p["participationtypemask"]!.GetValue<int>() == 2);
        to["addressused"]!.GetValue<string>().Should().Be(Resident);
        Sent().Should().Equal(
            $"GET incidents(civic_trackingnumber='{request.TrackingNumber}')",
            "POST emails",
            $"POST emails({emailId:D})/Microsoft.Dynamics.CRM.SendEmail");
    }

    [Fact]
    public async Task SendAsync_from_a_system_user_binds_the_sender_party_to_the_user_and_caches_the_case_lookup()
    {
        var user = Emulator.Seed("systemusers", new JsonObject { ["fullname"] = "311 Mailer" });
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(user: user);
        Emulator.ClearRequests();

        (await channel.SendAsync(Message(request))).IsDelivered.Should().BeTrue();
        (await channel.SendAsync(Message(request))).IsDelivered.Should().BeTrue();

        Emulator.Count("emails").Should().Be(2);
        Emulator.Rows("activityparties").Where(p => p["participationtypemask"]!.GetValue<int>() == 1)
            .Should().OnlyContain(p => p["_partyid_value"]!.GetValue<string>() == user.ToString("D")
                && p["_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname"]!.GetValue<string>() == "systemuser");
        Sent().Count(s => s.StartsWith("GET incidents(", StringComparison.Ordinal)).Should().Be(1, "the case's id is cached by tracking number");
    }

    [Fact]
    public async Task SendAsync_of_the_same_message_again_creates_no_second_email_and_does_not_send_it_twice()
    {
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(Queue());
        var message = Message(request);
        (await channel.SendAsync(message)).IsDelivered.Should().BeTrue();
        Emulator.ClearRequests();

        var again = await channel.SendAsync(message);

        again.IsDelivered.Should().BeTrue();
        again.ProviderMessageId.Should().Be(DataverseEmailChannel.EmailIdFor(message.IdempotencyKey).ToString("D"));
        Emulator.Count("emails").Should().Be(1);
        Emulator.Count("activityparties").Should().Be(2);
        Sent().Should().NotContain(s => s.EndsWith("SendEmail", StringComparison.Ordinal), "the e-mail is already Pending Send");
    }

    [Fact]
    public async Task A_retry_after_the_create_landed_but_its_answer_was_lost_creates_one_email_and_sends_it()
    {
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(Queue(), configure: o => o.MaxRetries = 1);
        var message = Message(request);
        Emulator.Faults.AppliesTo = (method, path) => method == "POST" && path.StartsWith("emails", StringComparison.Ordinal) && !path.Contains("SendEmail", StringComparison.Ordinal);
        Emulator.Faults.FailNext(1, 503);     // the first try of the create is refused, and its one retry ..
        Emulator.Faults.ApplyThenFailNext(1); // .. lands but is answered 500: the attempt gives up with the e-mail created

        var first = await channel.SendAsync(message);
        first.IsTransient.Should().BeTrue(first.ToString());
        Emulator.Count("emails").Should().Be(1);
        var second = await channel.SendAsync(message);

        second.IsDelivered.Should().BeTrue(second.ToString());
        Emulator.Count("emails").Should().Be(1);
        Emulator.Count("activityparties").Should().Be(2);
        Emulator.Rows("emails").Single()["statuscode"]!.GetValue<int>().Should().Be(6);
    }

    [Fact]
    public async Task Connection_retries_of_a_create_and_of_a_SendEmail_whose_first_attempts_landed_still_deliver_once()
    {
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(Queue());
        Emulator.Faults.AppliesTo = (method, _) => method == "POST";
        Emulator.Faults.ApplyThenFailNext(2);

        var result = await channel.SendAsync(Message(request));

        result.IsDelivered.Should().BeTrue(result.ToString());
        Emulator.Count("emails").Should().Be(1);
        Emulator.Count("activityparties").Should().Be(2);
        Emulator.Rows("emails").Single()["statuscode"]!.GetValue<int>().Should().Be(6);
    }

    [Fact]
    public async Task A_4xx_from_Dataverse_is_a_permanent_failure_with_its_reason_and_leaves_nothing_behind()
    {
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(Guid.NewGuid()); // a queue that does not exist

        var result = await channel.SendAsync(Message(request));

        result.Outcome.Should().Be(DeliveryOutcome.PermanentFailure);
        result.Reason.Should().StartWith("Dataverse could not create e-mail: HTTP 400 0x80040217");
        Emulator.Count("emails").Should().Be(0);
        Emulator.Count("activityparties").Should().Be(0);
    }

    [Fact]
    public async Task A_503_that_lasts_beyond_the_retries_is_a_transient_failure()
    {
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(Queue(), configure: o => o.MaxRetries = 2);
        Emulator.ClearRequests();
        Emulator.Faults.FailNext(3, 503);

        var result = await channel.SendAsync(Message(request));

        result.Outcome.Should().Be(DeliveryOutcome.TransientFailure);
        result.Reason.Should().Contain("HTTP 503");
        Emulator.Requests.Should().HaveCount(3);
        Emulator.Count("emails").Should().Be(0);
    }

    [Fact]
    public async Task A_503_on_SendEmail_after_the_create_is_transient_and_the_retry_sends_the_existing_email()
    {
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(Queue(), configure: o => o.MaxRetries = 1);
        var message = Message(request);
        Emulator.Faults.AppliesTo = (_, path) => path.Contains("SendEmail", StringComparison.Ordinal);
        Emulator.Faults.FailNext(2, 503);

        (await channel.SendAsync(message)).IsTransient.Should().BeTrue();
        Emulator.Rows("emails").Single()["statecode"]!.GetValue<int>().Should().Be(0);
        var retry = await channel.SendAsync(message);

        retry.IsDelivered.Should().BeTrue(retry.ToString());
        Emulator.Count("emails").Should().Be(1);
        Emulator.Rows("emails").Single()["statuscode"]!.GetValue<int>().Should().Be(6);
    }

    [Fact]
    public async Task An_unknown_tracking_number_is_a_permanent_failure_that_names_it()
    {
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(Queue());

        var result = await channel.SendAsync(Message(request) with { TrackingNumber = "NYC-2026-999999" });

        result.Outcome.Should().Be(DeliveryOutcome.PermanentFailure);
        result.Reason.Should().Be("No Dataverse case has the tracking number NYC-2026-999999.");
        Emulator.Count("emails").Should().Be(0);
    }

    [Fact]
    public async Task A_recipient_that_is_not_an_email_address_is_permanent_without_a_call()
    {
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(Queue());
        Emulator.ClearRequests();

        var result = await channel.SendAsync(Message(request, recipient: "+1 212 555 0100"));

        result.Outcome.Should().Be(DeliveryOutcome.PermanentFailure);
        Emulator.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_message_rendered_for_another_channel_is_misuse()
    {
        var request = await Service.SubmitAsync(Pothole());
        using var channel = Channel(Queue());

        var send = () => channel.SendAsync(Message(request) with { Channel = ChannelKind.Sms });

        await send.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public void Options_validation_lists_every_problem()
    {
        var options = new DataverseEmailChannelOptions { Name = " ", SenderQueueId = Guid.Empty, SenderUserId = Guid.Empty };

        var create = () => new DataverseEmailChannel(Environment.Http, DataverseTestEnvironment.Options(Emulator), options, Environment.Clock);

        var errors = create.Should().Throw<Civic311ValidationException>().Which.Errors;
        errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("name", ValidationErrorCodes.Required),
            ("senderUserId", ValidationErrorCodes.Inconsistent),
            ("senderQueueId", ValidationErrorCodes.InvalidFormat),
            ("senderUserId", ValidationErrorCodes.InvalidFormat),
        });
        new DataverseEmailChannelOptions().Validate().Select(e => (e.Field, e.Code)).Should().Equal(("senderQueueId", ValidationErrorCodes.Required));
        new DataverseEmailChannelOptions { SenderQueueId = Guid.NewGuid() }.Validate().Should().BeEmpty();
    }

    [Fact]
    public async Task AddDataverseEmailChannel_registers_a_channel_over_the_stores_connection()
    {
        var queue = Queue();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Environment.Clock);
        services.AddCivic311(o =>
            {
                var test = TestCatalog.Options();
                o.Catalog = test.Catalog;
                o.TimeZone = test.TimeZone;
            })
            .AddDataverseStore(o =>
            {
                var emulated = DataverseTestEnvironment.Options(Emulator);
                o.EnvironmentUrl = emulated.EnvironmentUrl;
                o.TokenProvider = emulated.TokenProvider;
            })
            .AddDataverseEmailChannel(o => o.SenderQueueId = queue);
        await using var provider = services.BuildServiceProvider();
        var request = await Service.SubmitAsync(Pothole());

        var channel = provider.GetServices<INotificationChannel>().Single();
        var result = await channel.SendAsync(Message(request));

        channel.Name.Should().Be("dataverse-email");
        channel.Kind.Should().Be(ChannelKind.Email);
        result.IsDelivered.Should().BeTrue(result.ToString());
        provider.GetRequiredService<DataverseServiceRequestStore>().RoundTrips.Should().Be(3, "the channel shares the store's connection");
    }

    [Fact]
    public void AddDataverseEmailChannel_with_invalid_options_throws_at_registration()
    {
        var builder = new ServiceCollection().AddCivic311(_ => { });

        var add = () => builder.AddDataverseEmailChannel(o => o.Name = "");

        add.Should().Throw<Civic311ValidationException>().Which.Errors.Should().HaveCount(2);
    }
}
