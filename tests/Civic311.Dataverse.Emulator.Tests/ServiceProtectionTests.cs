using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Tests;

/// <summary>
/// The service-protection limits (api-limits.md) made strict: a sliding-window request count per user and a concurrency
/// limit, both answered with 429, <c>Retry-After</c> and the documented error code, and nothing processed.
/// </summary>
public sealed class ServiceProtectionTests : EmulatorTestBase
{
    protected override DataverseEmulatorOptions Configure(DataverseEmulatorOptions options)
    {
        options.RequestLimit = 3;
        options.RequestWindow = TimeSpan.FromSeconds(10);
        options.ConcurrentRequestLimit = 2;
        options.TokenValidator = token => token is "emulator-token" or "other-user";
        return options;
    }

    private Task<HttpResponseMessage> CreateAsync(string name) => PostAsync("contacts", new JsonObject { ["firstname"] = name });

    private static string Remaining(HttpResponseMessage response) => response.Headers.GetValues("x-ms-ratelimit-burst-remaining-xrm-requests").Single();

    [Fact]
    public async Task RequestLimit_RefusesTheRequestBeyondTheWindowWith429RetryAfterAndTheDocumentedErrorAndWritesNothing()
    {
        using var first = await CreateAsync("a");
        using var second = await CreateAsync("b");
        using var third = await CreateAsync("c");
        Clock.Now += TimeSpan.FromSeconds(4);
        using var refused = await CreateAsync("d");

        new[] { first, second, third }.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.NoContent);
        new[] { first, second, third, refused }.Select(Remaining).Should().Equal("2", "1", "0", "0");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.GetValues("Retry-After").Single().Should().Be("6", "the oldest request leaves the window in 6 seconds");
        (await ErrorAsync(refused)).Should().Be(("0x80072322", "Number of requests exceeded the limit of 3 over time window of 10 seconds."));
        Emulator.Rows("contacts").Select(r => r["firstname"]!.GetValue<string>()).Should().BeEquivalentTo("a", "b", "c");
        Emulator.RequestWindowPeak.Should().Be(3);
    }

    [Fact]
    public async Task RequestLimit_SlidesRequestsLeaveTheWindowOneByOneAndRefusedOnesDoNotCount()
    {
        (await CreateAsync("a")).Dispose();
        Clock.Now += TimeSpan.FromSeconds(5);
        (await CreateAsync("b")).Dispose();
        (await CreateAsync("c")).Dispose();
        using var refused = await CreateAsync("refused");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.GetValues("Retry-After").Single().Should().Be("5");

        Clock.Now += TimeSpan.FromSeconds(5); // "a" leaves; "b" and "c" stay
        using var admitted = await CreateAsync("d");
        using var again = await CreateAsync("e");

        admitted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Remaining(admitted).Should().Be("0", "b, c and d fill the window; the refused request was never counted");
        again.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        Emulator.Count("contacts").Should().Be(4);
        Emulator.RequestWindowPeak.Should().Be(3);
    }

    [Fact]
    public async Task RequestLimit_CountsEachUserOnItsOwn()
    {
        for (var i = 0; i < 3; i++)
        {
            using var _ = await CreateAsync($"a{i}");
        }

        using var other = Emulator.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "other-user");
        using var otherUsers = await other.GetAsync("contacts?$top=1");
        using var refused = await GetAsync("contacts?$top=1");

        otherUsers.StatusCode.Should().Be(HttpStatusCode.OK);
        Remaining(otherUsers).Should().Be("2");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task ConcurrentRequestLimit_RefusesAtOnceWith429RetryAfterAndTheConcurrencyError()
    {
        Emulator.Faults.DelayNext(2, TimeSpan.FromSeconds(2));
        var slow = new[] { CreateAsync("a"), CreateAsync("b") };
        for (var i = 0; i < 500 && Emulator.PeakConcurrentRequests < 2; i++)
        {
            await Task.Delay(10);
        }

        using var refused = await CreateAsync("c");
        foreach (var response in await Task.WhenAll(slow))
        {
            response.Dispose();
        }

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.GetValues("Retry-After").Single().Should().Be("1");
        (await ErrorAsync(refused)).Should().Be(("0x80072326", "Number of concurrent requests exceeded the limit of 2."));
        Emulator.Rows("contacts").Select(r => r["firstname"]!.GetValue<string>()).Should().BeEquivalentTo("a", "b");
        Emulator.PeakConcurrentRequests.Should().Be(3);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 0)]
    public async Task StartAsync_RefusesALimitBelowOneOrAWindowThatIsNotPositive(int limit, int windowSeconds)
    {
        var start = () => DataverseEmulator.StartAsync(new DataverseEmulatorOptions { RequestLimit = limit, RequestWindow = TimeSpan.FromSeconds(windowSeconds) });

        await start.Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("options");
    }
}
