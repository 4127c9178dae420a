using System.Net;
using System.Text.Json.Nodes;
using Civic311.Testing;
using Microsoft.Extensions.Logging;

namespace Civic311.Dataverse.AspNetCore.Tests;

/// <summary>
/// The webhook receiver's log lines, captured at Trace, for a case whose reporter has an e-mail and a phone: a create, a
/// store failure whose message quotes the reporter (as a database driver quoting a row might) and a malformed body
/// carrying an address. None holds the e-mail or the phone.
/// </summary>
public sealed class PersonalDataLogTests
{
    private const string Email = "rosa.reporter@example.org";
    private const string Phone = "+1 718 555 0100";

    [Fact]
    public async Task Webhook_FailuresQuotingTheReporter_AreLoggedRedacted()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await WebhookHost.StartAsync(logs: logs);
        host.Reader.Put("contact", Payloads.Reporter, FakeRecordReader.Contact("Rosa Reporter", Email, Phone));
        var id = Guid.NewGuid();
        (await host.PostAsync(Payloads.PotholeCreate(id))).StatusCode.Should().Be(HttpStatusCode.OK);
        host.Store.FailUpdate = change => new InvalidOperationException($"Row for {change.Request.Reporter?.Email} ({change.Request.Reporter?.Phone}) is locked");

        var failed = await host.PostAsync(Payloads.Event("Update", id, ("prioritycode", Payloads.Option(3))));
        var malformed = await host.PostRawAsync($"{{\"MessageName\":\"Create\",\"PrimaryEntityName\":\"incident\",\"PrimaryEntityId\":\"{Email}\"}}");

        failed.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var entries = logs.Entries;
        var error = entries.Should().ContainSingle(e => e.Level == LogLevel.Error && e.Exception != null).Subject;
        error.Exception.Should().Contain(nameof(InvalidOperationException)).And.Contain(Civic311.PersonalData.EmailPlaceholder).And.Contain(Civic311.PersonalData.PhonePlaceholder);
        entries.Should().Contain(e => e.Level == LogLevel.Warning, "the malformed body is logged");
        foreach (var entry in entries)
        {
            entry.AllText.Should().NotContain(Email).And.NotContain("rosa.reporter").And.NotContain("555 0100");
        }
    }
}
