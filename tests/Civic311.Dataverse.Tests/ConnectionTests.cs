using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Civic311.Dataverse.Emulator;
using Civic311.Dataverse.Http;
using Civic311.Requests;
using Civic311.Storage.Specification;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Dataverse.Tests;

/// <summary>Throttling, retries and bearer tokens: what the store's HTTP connection does for every call.</summary>
public sealed class ConnectionTests : DataverseStoreTestBase
{
    [Theory]
    [InlineData(30, 2)]
    [InlineData(1, 1)]
    public async Task A_429_is_answered_by_waiting_its_Retry_After_capped_by_the_maximum_delay_and_never_surfaces(int maxDelaySeconds, int expectedWaitSeconds)
    {
        Emulator.Faults.RetryAfter = TimeSpan.FromSeconds(2);
        Emulator.Faults.ThrottleNext(3);
        var time = new RecordingTimeProvider(TimeSpan.FromMinutes(1));
        var options = DataverseTestEnvironment.Options(Emulator, o => o.MaxRetryDelay = TimeSpan.FromSeconds(maxDelaySeconds));
        using var store = new DataverseServiceRequestStore(Environment.Http, options, Environment.Clock, null, time);

        var added = await new ServiceRequests(store, TestCatalog.Options(), Environment.Clock).SubmitAsync(Pothole());

        (await store.GetAsync(added.Id)).Should().NotBeNull();
        Emulator.Requests.Count(r => r.Status == 429).Should().Be(3);
        // The pause is measured from the answer, so each wait is the Retry-After less the moments since it came.
        time.Waits.Should().HaveCount(3).And.AllSatisfy(w => w.Should().BeCloseTo(TimeSpan.FromSeconds(expectedWaitSeconds), TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task Failures_that_remain_after_every_retry_surface_as_a_DataverseException_with_the_status()
    {
        using var store = Environment.CreateStore(o => o.MaxRetries = 2);
        Emulator.Faults.FailNext(3, 503);

        var read = () => store.GetAsync(ServiceRequestId.NewId()).AsTask();

        var error = (await read.Should().ThrowAsync<DataverseException>()).Which;
        error.StatusCode.Should().Be(503);
        error.Operation.Should().Be("read incident");
        Emulator.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_custom_token_provider_supplies_the_bearer_token_of_every_call()
    {
        await using var environment = await DataverseTestEnvironment.StartAsync(o => o.TokenValidator = t => t is "emulator-token" or "custom-token");
        var tokens = new StaticTokenProvider("custom-token");
        using var store = environment.CreateStore(o => o.TokenProvider = tokens);

        await new ServiceRequests(store, TestCatalog.Options(), environment.Clock).SubmitAsync(Pothole());

        tokens.Calls.Should().Be(environment.Emulator.Requests.Count).And.BePositive();
        environment.Emulator.TokensSeen.Should().ContainKey("custom-token").WhoseValue.Should().Be(tokens.Calls);
    }

    [Fact]
    public async Task A_credential_token_is_cached_and_refreshed_five_minutes_before_it_expires()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 14, 0));
        var credential = new FakeCredential(clock, Duration.FromMinutes(60));
        using var provider = new CredentialTokenProvider(credential, "https://contoso.crm.dynamics.com/.default", clock);

        (await provider.GetTokenAsync()).Should().Be("token-1");
        clock.Advance(Duration.FromMinutes(54));
        (await provider.GetTokenAsync()).Should().Be("token-1");
        credential.Calls.Should().Be(1);
        credential.Scopes.Should().Equal("https://contoso.crm.dynamics.com/.default");

        clock.Advance(Duration.FromMinutes(1)); // 55 minutes: 5 before expiry
        (await provider.GetTokenAsync()).Should().Be("token-2");
        credential.Calls.Should().Be(2);

        // The identity service fails while the token still works: keep using it until it expires.
        credential.Fail = true;
        clock.Advance(Duration.FromMinutes(57));
        (await provider.GetTokenAsync()).Should().Be("token-2");
        clock.Advance(Duration.FromMinutes(4)); // token-2 expired
        var expired = () => provider.GetTokenAsync().AsTask();
        await expired.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task A_credential_token_is_refreshed_at_the_refresh_time_the_credential_gives()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 14, 0));
        var credential = new FakeCredential(clock, Duration.FromMinutes(60)) { RefreshAfter = Duration.FromMinutes(30) };
        using var provider = new CredentialTokenProvider(credential, "scope", clock);

        await provider.GetTokenAsync();
        clock.Advance(Duration.FromMinutes(29));
        (await provider.GetTokenAsync()).Should().Be("token-1");
        clock.Advance(Duration.FromMinutes(1));
        (await provider.GetTokenAsync()).Should().Be("token-2");
    }

    [Fact]
    public async Task The_store_with_a_credential_asks_it_once_for_many_calls_and_sends_its_token()
    {
        await using var environment = await DataverseTestEnvironment.StartAsync(o => o.TokenValidator = t => t.StartsWith("emulator-token", StringComparison.Ordinal) || t.StartsWith("token-", StringComparison.Ordinal));
        var credential = new FakeCredential(environment.Clock, Duration.FromMinutes(60));
        using var store = environment.CreateStore(o =>
        {
            o.TokenProvider = null;
            o.Credential = credential;
        });
        var service = new ServiceRequests(store, TestCatalog.Options(), environment.Clock);

        var added = await service.SubmitAsync(Pothole());
        await service.AcknowledgeAsync(added.Id);

        credential.Calls.Should().Be(1);
        credential.Scopes.Should().Equal(new Uri(environment.Emulator.OrganizationUri, "/.default").AbsoluteUri);
        environment.Emulator.TokensSeen.Should().ContainKey("token-1").WhoseValue.Should().Be(environment.Emulator.Requests.Count);
    }

    /// <summary>An Entra ID credential that hands out token-1, token-2, … valid for a set time on a fake clock.</summary>
    private sealed class FakeCredential(IClock clock, Duration lifetime) : TokenCredential
    {
        private int _calls;

        public int Calls => _calls;

        public bool Fail { get; set; }

        public Duration? RefreshAfter { get; init; }

        public IReadOnlyList<string> Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _calls);
            Scopes = requestContext.Scopes;
            if (Fail)
            {
                throw new InvalidOperationException("The identity service is unavailable.");
            }

            var now = clock.GetCurrentInstant();
            var refreshOn = RefreshAfter is { } after ? (now + after).ToDateTimeOffset() : (DateTimeOffset?)null;
            return ValueTask.FromResult(new AccessToken($"token-{n}", (now + lifetime).ToDateTimeOffset(), refreshOn));
        }
    }
}

/// <summary>
/// A real-time <see cref="TimeProvider"/> that records the due time of every timer shorter than a threshold (the retry
/// waits) and fires those at once, moving its clock on by them, so a test sees how long the client chose to wait
/// without waiting.
/// </summary>
internal sealed class RecordingTimeProvider(TimeSpan threshold) : TimeProvider
{
    private readonly List<TimeSpan> _waits = [];
    private long _skippedTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits)
            {
                return [.. _waits];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime > TimeSpan.Zero && dueTime < threshold)
        {
            lock (_waits)
            {
                _waits.Add(dueTime);
            }

            Interlocked.Add(ref _skippedTicks, dueTime.Ticks);

            dueTime = TimeSpan.Zero;
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }
}
