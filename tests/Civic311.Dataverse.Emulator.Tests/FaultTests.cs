using System.Net;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Tests;

public sealed class FaultTests : EmulatorTestBase
{
    private Task<HttpResponseMessage> CreateAsync(string name) => PostAsync("contacts", new JsonObject { ["firstname"] = name });

    [Fact]
    public async Task ThrottleNext_Answers429WithRetryAfterAndTheServiceProtectionErrorAndWritesNothing()
    {
        Emulator.Faults.RetryAfter = TimeSpan.FromSeconds(7);
        Emulator.Faults.ThrottleNext(2);

        using var first = await CreateAsync("a");
        using var second = await CreateAsync("b");
        using var third = await CreateAsync("c");

        first.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        first.Headers.GetValues("Retry-After").Single().Should().Be("7");
        (await ErrorAsync(first)).Should().Be(("0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds."));
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        third.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Emulator.Rows("contacts").Single()["firstname"]!.GetValue<string>().Should().Be("c");
        Emulator.Requests.Select(r => r.Fault).Should().Equal(InjectedFault.Throttled, InjectedFault.Throttled, InjectedFault.None);
    }

    [Theory]
    [InlineData(ThrottleLimit.ExecutionTime, "0x80072321")]
    [InlineData(ThrottleLimit.ConcurrentRequests, "0x80072326")]
    public async Task Throttle_ReportsTheChosenLimit(ThrottleLimit limit, string code)
    {
        Emulator.Faults.ThrottleLimit = limit;
        Emulator.Faults.ThrottleNext(1);

        using var response = await GetAsync("contacts");

        (await ErrorAsync(response)).Code.Should().Be(code);
    }

    [Fact]
    public async Task FailNext_Answers5xxAndWritesNothing()
    {
        Emulator.Faults.FailNext(1, 502);

        using var failed = await CreateAsync("a");

        failed.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        Emulator.Count("contacts").Should().Be(0);
    }

    [Fact]
    public async Task ApplyThenFailNext_WritesButAnswers500()
    {
        Emulator.Faults.ApplyThenFailNext(1);

        using var response = await CreateAsync("a");

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        Emulator.Count("contacts").Should().Be(1);
        Emulator.Requests.Single().Fault.Should().Be(InjectedFault.AppliedThenFailed);
    }

    [Fact]
    public async Task ApplyThenFailNext_WithADroppedConnection_WritesAndTheClientSeesAnError()
    {
        Emulator.Faults.ApplyThenFailNext(1, dropConnection: true);

        var send = () => CreateAsync("a");

        await send.Should().ThrowAsync<HttpRequestException>();
        Emulator.Count("contacts").Should().Be(1);
    }

    [Fact]
    public async Task DelayNext_LetsAClientTimeoutFireAndTheRequestIsNotProcessed()
    {
        Emulator.Faults.DelayNext(1, TimeSpan.FromSeconds(30));
        using var impatient = Emulator.CreateClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(200);

        var send = () => impatient.PostAsync("contacts", Json(new JsonObject { ["firstname"] = "slow" }));

        await send.Should().ThrowAsync<TaskCanceledException>();
        using var next = await CreateAsync("fast");
        next.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Emulator.Rows("contacts").Select(r => r["firstname"]!.GetValue<string>()).Should().Equal("fast");
    }

    [Fact]
    public async Task Rates_AreDeterministicForASeedAndHitAboutTheirShare()
    {
        async Task<List<InjectedFault>> RunAsync()
        {
            Emulator.ClearRequests();
            Emulator.Faults.Reseed(42);
            Emulator.Faults.ThrottleRate = 0.15;
            Emulator.Faults.FailureRate = 0.10;
            Emulator.Faults.ApplyThenFailRate = 0.05;
            for (var i = 0; i < 400; i++)
            {
                using var _ = await GetAsync("contacts?$top=1");
            }

            return Emulator.Requests.Select(r => r.Fault).ToList();
        }

        var first = await RunAsync();
        var second = await RunAsync();

        second.Should().Equal(first);
        first.Count(f => f == InjectedFault.Throttled).Should().BeInRange(30, 95);
        first.Count(f => f == InjectedFault.Failed).Should().BeInRange(15, 70);
        first.Count(f => f == InjectedFault.AppliedThenFailed).Should().BeInRange(3, 40);
        first.Count(f => f == InjectedFault.None).Should().BeGreaterThan(200);
    }

    [Fact]
    public async Task AppliesTo_LimitsFaultsToTheChosenRequests()
    {
        Emulator.Faults.AppliesTo = (method, _) => method != "GET";
        Emulator.Faults.FailureRate = 1;

        using var read = await GetAsync("contacts");
        using var write = await CreateAsync("a");

        read.StatusCode.Should().Be(HttpStatusCode.OK);
        write.StatusCode.Should().BeOneOf(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task Requests_RecordMethodPathStatusAndFault()
    {
        using var created = await CreateAsync("a");
        using var missing = await GetAsync($"contacts({Guid.Empty})?$select=firstname");

        Emulator.Requests.Should().Equal(
            new RecordedRequest("POST", "contacts", 204, InjectedFault.None, 1),
            new RecordedRequest("GET", $"contacts({Guid.Empty})?$select=firstname", 404, InjectedFault.None, 1));
    }

    [Fact]
    public async Task TokenValidator_DecidesAndTokensAreCounted()
    {
        await using var emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions { TokenValidator = t => t.StartsWith("valid-", StringComparison.Ordinal) });
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress };

        foreach (var token in new[] { "valid-1", "valid-1", "valid-2", "expired" })
        {
            client.DefaultRequestHeaders.Authorization = Bearer(token);
            using var _ = await client.GetAsync("contacts");
        }

        emulator.TokensSeen.Should().BeEquivalentTo(new Dictionary<string, int> { ["valid-1"] = 2, ["valid-2"] = 1, ["expired"] = 1 });
        emulator.Requests.Select(r => r.Status).Should().Equal(200, 200, 200, 401);
    }

    [Fact]
    public async Task Requests_RecordTheirHeadersButNeverTheToken()
    {
        Emulator.ClearRequests();

        using var response = await GetAsync($"contacts({Guid.Empty})?$select=firstname", ("If-None-Match", "null"));

        var recorded = Emulator.Requests.Single();
        recorded.Headers.Should().Contain("If-None-Match", "null");
        recorded.Headers.Should().ContainKey("OData-Version");
        recorded.Headers.Keys.Should().NotContain(k => k.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
        recorded.Should().Be(new RecordedRequest("GET", $"contacts({Guid.Empty})?$select=firstname", 404, InjectedFault.None, 1), "equality ignores the headers");
    }
}
