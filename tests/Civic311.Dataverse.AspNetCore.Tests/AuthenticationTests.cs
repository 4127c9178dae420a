using System.Net;
using Civic311.Dataverse.Webhooks;

namespace Civic311.Dataverse.AspNetCore.Tests;

public sealed class AuthenticationTests
{
    private static async Task<(HttpResponseMessage Response, WebhookHost Host)> PostAsync(
        Action<DataverseWebhookOptions> configure, string? headerKey, string query)
    {
        var host = await WebhookHost.StartAsync(configure);
        var response = await host.PostAsync(Payloads.PotholeCreate(Guid.NewGuid()), headerKey, query);
        return (response, host);
    }

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, WebhookHost host, string reason)
    {
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await WebhookHost.JsonAsync(response);
        problem.GetProperty("detail").GetString().Should().Contain(reason);
        problem.GetProperty("detail").GetString().Should().NotContain(WebhookHost.Key);
        host.Store.Writes.Should().Be(0, "nothing runs for an unauthenticated call");
        host.Reader.Reads.Should().BeEmpty();
    }

    [Fact]
    public async Task HttpHeader_RightKey_IsAccepted()
    {
        var (response, host) = await PostAsync(_ => { }, WebhookHost.Key, string.Empty);
        await using var _ = host;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        host.Store.Adds.Should().Be(1);
    }

    [Fact]
    public async Task HttpHeader_MissingKey_Is401()
    {
        var (response, host) = await PostAsync(_ => { }, null, string.Empty);
        await using var _ = host;

        await ShouldBeRefusedAsync(response, host, "header 'x-civic311-key' is missing");
    }

    [Fact]
    public async Task HttpHeader_WrongKey_Is401()
    {
        var (response, host) = await PostAsync(_ => { }, WebhookHost.Key + "x", string.Empty);
        await using var _ = host;

        await ShouldBeRefusedAsync(response, host, "not an accepted key");
    }

    [Fact]
    public async Task HttpHeader_KeyOfAnotherLength_Is401()
    {
        var (response, host) = await PostAsync(_ => { }, "short", string.Empty);
        await using var _ = host;

        await ShouldBeRefusedAsync(response, host, "not an accepted key");
    }

    [Fact]
    public async Task RotatedKeys_BothAreAccepted()
    {
        await using var host = await WebhookHost.StartAsync(o => o.Keys.Add(WebhookHost.RotatedKey));

        (await host.PostAsync(Payloads.PotholeCreate(Guid.NewGuid()), WebhookHost.Key)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.PostAsync(Payloads.PotholeCreate(Guid.NewGuid()), WebhookHost.RotatedKey)).StatusCode.Should().Be(HttpStatusCode.OK);
        host.Store.Adds.Should().Be(2);
    }

    [Fact]
    public async Task WebhookKey_CodeInQuery_IsAccepted()
    {
        var (response, host) = await PostAsync(o => o.Authentication = DataverseWebhookAuthentication.WebhookKey, null, "?code=" + WebhookHost.Key);
        await using var _ = host;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WebhookKey_KeyInHeaderOnly_Is401()
    {
        var (response, host) = await PostAsync(o => o.Authentication = DataverseWebhookAuthentication.WebhookKey, WebhookHost.Key, string.Empty);
        await using var _ = host;

        await ShouldBeRefusedAsync(response, host, "query-string parameter 'code' is missing");
    }

    [Fact]
    public async Task WebhookKey_WrongCode_Is401()
    {
        var (response, host) = await PostAsync(o => o.Authentication = DataverseWebhookAuthentication.WebhookKey, null, "?code=" + WebhookHost.RotatedKey);
        await using var _ = host;

        await ShouldBeRefusedAsync(response, host, "not an accepted key");
    }

    [Fact]
    public async Task QueryString_NamedParameter_IsAccepted()
    {
        var (response, host) = await PostAsync(
            o => { o.Authentication = DataverseWebhookAuthentication.QueryString; o.KeyName = "civic311key"; }, null, "?civic311key=" + Uri.EscapeDataString(WebhookHost.Key));
        await using var _ = host;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task QueryString_RepeatedParameter_Is401()
    {
        var (response, host) = await PostAsync(
            o => { o.Authentication = DataverseWebhookAuthentication.QueryString; o.KeyName = "civic311key"; }, null, $"?civic311key=nope&civic311key={WebhookHost.Key}");
        await using var _ = host;

        await ShouldBeRefusedAsync(response, host, "exactly one key is expected");
    }

    [Fact]
    public async Task Unauthenticated_MalformedBody_Is401NotA400()
    {
        await using var host = await WebhookHost.StartAsync();

        var response = await host.PostRawAsync("not json", key: null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the body is not read before the caller is known");
    }
}
