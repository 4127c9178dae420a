using System.Net;
using Civic311.Dataverse.Webhooks;
using Civic311.Dataverse.Webhooks.Internal;
using Microsoft.Extensions.Options;

namespace Civic311.Dataverse.AspNetCore.Tests;

public sealed class TimeoutAndOptionsTests
{
    [Fact]
    public async Task HandlingBeyondTheBudget_Is503AndTheRetryIsHandled()
    {
        // Long enough for the retry's real work on a busy machine (its first submit compiles templates and routes); the
        // first delivery waits on a read that never answers, so it meets the limit whatever it is.
        await using var host = await WebhookHost.StartAsync(o => o.HandlingTimeout = TimeSpan.FromSeconds(3));
        host.Reader.Put("contact", Payloads.Reporter, FakeRecordReader.Contact("Rosa Reporter", "rosa@example.org", "+1 718 555 0100"));
        host.Reader.Gate = new TaskCompletionSource(); // the contact re-read never answers
        var create = Payloads.PotholeCreate(Guid.NewGuid());

        var response = await host.PostAsync(create);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "Dataverse retries a 503 once");
        (await WebhookHost.JsonAsync(response)).GetProperty("outcome").GetString().Should().Be("timeout");
        response.Headers.RetryAfter.Should().NotBeNull();
        host.Store.Writes.Should().Be(0);

        host.Reader.Gate.SetResult();
        var retry = await host.PostAsync(create);
        retry.StatusCode.Should().Be(HttpStatusCode.OK, "a delivery that failed is not remembered as handled");
        host.Store.Adds.Should().Be(1);
    }

    [Fact]
    public async Task StrippedPayload_WithoutAReader_Is500ThatSaysWhy()
    {
        await using var host = await WebhookHost.StartAsync(withReader: false);

        var response = await host.PostAsync(Payloads.Stripped(Payloads.PotholeCreate(Guid.NewGuid())), sizeExceeded: true);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await WebhookHost.JsonAsync(response)).GetProperty("detail").GetString().Should().Contain("IDataverseRecordReader");
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        await using var host = await WebhookHost.StartAsync(o => o.MaxBodyBytes = 64 * 1024);

        var response = await host.PostRawAsync(new string(' ', 70 * 1024) + "{}");

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        host.Store.Writes.Should().Be(0);
    }

    [Fact]
    public void Validate_ListsEveryProblem()
    {
        var options = new DataverseWebhookOptions
        {
            KeyName = "bad name",
            Prefix = "x",
            HandlingTimeout = TimeSpan.FromSeconds(60),
            MaxDepth = 0,
            DeduplicationCapacity = -1,
            DeduplicationWindow = TimeSpan.Zero,
            MaxConflictRetries = 99,
            MaxBodyBytes = 10,
        };
        options.Keys.Add("short");
        options.ApplicationUserIds.Add(Guid.Empty);
        options.ServiceCodes["x"] = "POTHOLE";

        var fields = DataverseWebhookOptionsValidator.Check(options).Select(e => e.Field);

        fields.Should().BeEquivalentTo(
            "keyName", "keys[0]", "prefix", "applicationUserIds", "maxDepth", "handlingTimeout", "deduplicationCapacity",
            "deduplicationWindow", "maxConflictRetries", "maxBodyBytes", "serviceCodeColumn");
    }

    [Fact]
    public void Validate_NoKey_IsRefused()
    {
        DataverseWebhookOptionsValidator.Check(new DataverseWebhookOptions()).Should().ContainSingle().Which.Field.Should().Be("keys");
    }

    [Fact]
    public void Validate_WebhookKeyMode_NeedsNoKeyName()
    {
        var options = new DataverseWebhookOptions { Authentication = DataverseWebhookAuthentication.WebhookKey, KeyName = string.Empty };
        options.Keys.Add(WebhookHost.Key);

        DataverseWebhookOptionsValidator.Check(options).Should().BeEmpty();
    }

    [Fact]
    public async Task Start_WithInvalidOptions_FailsListingThem()
    {
        var start = () => WebhookHost.StartAsync(o => { o.Keys.Clear(); o.HandlingTimeout = TimeSpan.FromMinutes(2); });

        var error = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().HaveCount(2);
    }
}
