using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Emulator;
using Civic311.Dataverse.Http;
using Civic311.Requests;

namespace Civic311.Dataverse.Tests;

/// <summary>
/// One request budget for the whole application user (issue 12): the gate every connection of a user shares, the pause
/// a 429 imposes on all of its requests, pacing by the remaining-requests header, the retry budget in time and the
/// concurrency limit across connections.
/// </summary>
public sealed class ServiceProtectionTests
{
    private static readonly Uri Root = new("https://contoso.crm.dynamics.com/api/data/v9.2/");

    [Fact]
    public async Task A_pause_holds_every_new_request_of_the_user_until_the_Retry_After_elapses()
    {
        var time = new ManualTimeProvider();
        var gate = new ServiceProtectionGate(52);
        gate.Pause(TimeSpan.FromSeconds(3), time);

        var first = gate.EnterAsync(time, CancellationToken.None).AsTask();
        var second = gate.EnterAsync(time, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(2));
        var stillPaused = first.IsCompleted || second.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        using var a = await first;
        using var b = await second;

        stillPaused.Should().BeFalse("no request of the user leaves before the pause ends");
        gate.Pauses.Should().Be(1);
        gate.LongestPause.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_later_429_extends_the_pause_and_an_earlier_end_does_not_shorten_it()
    {
        var time = new ManualTimeProvider();
        var gate = new ServiceProtectionGate(52);
        gate.Pause(TimeSpan.FromSeconds(5), time);
        gate.Pause(TimeSpan.FromSeconds(1), time);

        var entry = gate.EnterAsync(time, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(4));
        var early = entry.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        using var lease = await entry;

        early.Should().BeFalse();
        gate.LongestPause.Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_remaining_requests_reported_bound_how_many_more_start_then_one_at_a_time_probes()
    {
        var time = new ManualTimeProvider();
        var gate = new ServiceProtectionGate(52);
        var first = await gate.EnterAsync(time, CancellationToken.None);
        first.Report(2); // two left once the first was counted
        var second = await gate.EnterAsync(time, CancellationToken.None);
        var third = await gate.EnterAsync(time, CancellationToken.None);
        var fourth = gate.EnterAsync(time, CancellationToken.None).AsTask();
        var heldAfterTwo = !fourth.IsCompleted;

        // The third's answer says nothing is left; first and second were in flight when it started, so they may have been
        // counted after it: no room at all, whatever an older request's answer says later.
        third.Report(0);
        first.Report(40);
        var heldAfterStale = !fourth.IsCompleted;
        first.Dispose();
        second.Dispose();
        var heldWhileOneInFlight = !fourth.IsCompleted;
        third.Dispose();
        using var probe = await fourth; // nothing in flight: one request may learn the news
        var fifth = gate.EnterAsync(time, CancellationToken.None).AsTask();
        var heldBehindProbe = !fifth.IsCompleted;
        probe.Report(40);
        using var released = await fifth;

        heldAfterTwo.Should().BeTrue("the service said two were left after the first");
        heldAfterStale.Should().BeTrue("an answer to a request that started earlier is older news");
        heldWhileOneInFlight.Should().BeTrue();
        heldBehindProbe.Should().BeTrue("with the window spent, one request at a time probes");
        gate.PeakInFlight.Should().Be(3);
    }

    [Fact]
    public async Task Answers_that_come_back_out_of_order_never_let_more_start_than_the_service_said_were_left()
    {
        var time = new ManualTimeProvider();
        var gate = new ServiceProtectionGate(52);
        var leases = new List<ServiceProtectionGate.Lease>();
        for (var i = 0; i < 4; i++)
        {
            leases.Add(await gate.EnterAsync(time, CancellationToken.None));
        }

        // The service counted them in reverse: the last to start was counted first (19 of 20 left), the first last (16).
        leases[3].Report(19);
        var more = 0;
        while (gate.EnterAsync(time, CancellationToken.None).AsTask() is { IsCompleted: true } entered)
        {
            leases.Add(await entered);
            more++;
        }

        // Taken as it came, the figure would let 19 more start; 16 are left once all four are counted.
        more.Should().Be(16);
        leases.ForEach(l => l.Dispose());
    }

    [Fact]
    public void Connections_of_one_credential_and_environment_share_a_gate_and_other_users_have_their_own()
    {
        var user = new StaticTokenProvider("a");
        var other = new StaticTokenProvider("b");

        ServiceProtectionGate.For(user, Root).Should().BeSameAs(ServiceProtectionGate.For(user, new Uri(Root.AbsoluteUri)));
        ServiceProtectionGate.For(other, Root).Should().NotBeSameAs(ServiceProtectionGate.For(user, Root));
        ServiceProtectionGate.For(user, new Uri("https://fabrikam.crm.dynamics.com/api/data/v9.2/")).Should().NotBeSameAs(ServiceProtectionGate.For(user, Root));
    }

    [Fact]
    public async Task A_429_on_one_call_pauses_the_other_callers_of_the_user_until_its_Retry_After_elapses()
    {
        await using var environment = await DataverseTestEnvironment.StartAsync();
        var emulator = environment.Emulator;
        var time = new ManualTimeProvider();
        var options = DataverseTestEnvironment.Options(emulator, o => o.MaxRetryDelay = TimeSpan.FromMinutes(1));
        using var store = new DataverseServiceRequestStore(environment.Http, options, environment.Clock, null, time);
        emulator.Faults.RetryAfter = TimeSpan.FromSeconds(3);
        emulator.Faults.ThrottleNext(1);

        var throttled = store.GetAsync(ServiceRequestId.NewId()).AsTask();
        await Until(() => store.Connection.Gate.Pauses == 1);
        var other = store.GetAsync(ServiceRequestId.NewId()).AsTask();
        await Task.Delay(200); // real time: the manual clock has not moved, so nothing may leave the gate
        var sentDuringPause = emulator.Requests.Count;
        time.Advance(TimeSpan.FromSeconds(3));
        (await throttled).Should().BeNull();
        (await other).Should().BeNull();

        sentDuringPause.Should().Be(1, "the other caller waits for the pause instead of meeting the same limit");
        emulator.Requests.Select(r => r.Status).Should().Equal(429, 404, 404);
        store.Connection.Retries.Should().Be(1);
    }

    [Fact]
    public async Task When_the_window_runs_out_one_request_learns_the_wait_instead_of_every_caller_in_flight()
    {
        // 20 requests in a window that does not slide during the test; 16 callers in flight at most.
        await using var emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions { RequestLimit = 20, RequestWindow = TimeSpan.FromMinutes(10) });
        using var http = new HttpClient();
        using var connection = DataverseConnection.Create(
            http,
            DataverseTestEnvironment.Options(emulator, o =>
            {
                o.RetryBudget = TimeSpan.FromSeconds(2);
                o.MaxRetryDelay = TimeSpan.FromMinutes(5);
            }),
            new Civic311.Testing.FakeClock(NodaTime.Instant.FromUtc(2026, 3, 2, 14, 0)));
        var succeeded = 0;
        var surfaced = new ConcurrentBag<DataverseException>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            try
            {
                using var response = await connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(connection.ApiRoot, "contacts?$top=1")), "read contacts", null, ct);
                Interlocked.Increment(ref succeeded);
            }
            catch (DataverseException ex)
            {
                surfaced.Add(ex);
            }
        });

        succeeded.Should().Be(20);
        emulator.RequestWindowPeak.Should().Be(20);
        emulator.Requests.Count(r => r.Status == 429).Should().BeInRange(1, 3, "pacing lets one request (or the few already in flight) meet the limit, not all sixteen");
        surfaced.Should().HaveCount(20).And.OnlyContain(e => e.StatusCode == 429 || e.StatusCode == 0, "a wait past the retry budget is not begun");
    }

    [Fact]
    public async Task Connections_of_one_application_user_stay_within_the_documented_52_requests_in_flight()
    {
        await using var emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions { ConcurrentRequestLimit = DataverseOptions.ServiceProtectionConcurrency });
        using var http = new HttpClient();
        var tokens = new StaticTokenProvider(emulator.AccessToken);
        var clock = new Civic311.Testing.FakeClock(NodaTime.Instant.FromUtc(2026, 3, 2, 14, 0));
        using var first = DataverseConnection.Create(http, DataverseTestEnvironment.Options(emulator, o => { o.TokenProvider = tokens; o.MaxConcurrentRequests = 40; }), clock);
        using var second = DataverseConnection.Create(http, DataverseTestEnvironment.Options(emulator, o => { o.TokenProvider = tokens; o.MaxConcurrentRequests = 40; }), clock);
        emulator.Faults.Delay = TimeSpan.FromMilliseconds(100);
        emulator.Faults.DelayRate = 1;

        await Parallel.ForEachAsync(Enumerable.Range(0, 240), new ParallelOptions { MaxDegreeOfParallelism = 80 }, async (i, ct) =>
        {
            var connection = i % 2 == 0 ? first : second;
            using var response = await connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(connection.ApiRoot, "contacts?$top=1")), "read contacts", null, ct);
        });

        first.Gate.Should().BeSameAs(second.Gate);
        first.Gate.PeakInFlight.Should().Be(DataverseOptions.ServiceProtectionConcurrency);
        emulator.PeakConcurrentRequests.Should().BeGreaterThan(40, "both connections send at once, beyond either one's own limit");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(60 * 24 + 1)]
    public void A_retry_budget_that_is_not_positive_or_beyond_a_day_is_refused_naming_the_field(int minutes)
    {
        var options = new DataverseOptions
        {
            EnvironmentUrl = Root,
            TokenProvider = new StaticTokenProvider("t"),
            RetryBudget = TimeSpan.FromMinutes(minutes),
        };

        DataverseOptionsValidator.Validate(options).Should().ContainSingle()
            .Which.Should().Match<ValidationError>(e => e.Field == "retryBudget" && e.Code == ValidationErrorCodes.OutOfRange);
    }

    [Fact]
    public async Task A_call_that_keeps_failing_surfaces_once_its_retry_budget_is_spent_not_after_a_count()
    {
        await using var emulator = await DataverseEmulator.StartAsync();
        using var http = new HttpClient();
        using var connection = DataverseConnection.Create(
            http,
            DataverseTestEnvironment.Options(emulator, o => o.RetryBudget = TimeSpan.FromSeconds(3)),
            new Civic311.Testing.FakeClock(NodaTime.Instant.FromUtc(2026, 3, 2, 14, 0)));
        emulator.Faults.FailNext(int.MaxValue, 503);

        var send = () => connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(connection.ApiRoot, "contacts")), "read contacts", null, CancellationToken.None);

        var error = (await send.Should().ThrowAsync<DataverseException>()).Which;
        error.StatusCode.Should().Be(503);
        connection.Retries.Should().Be(connection.RoundTrips - 1).And.BeGreaterThan(8, "the old count of 8 retries no longer bounds a call");
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue();
    }
}

/// <summary>A clock that moves only when told, firing the timers that fall due (Task.Delay, CancelAfter).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_timers)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_timers)
        {
            _now += by;
            due = _timers.Where(t => t.Due <= _now).ToList();
            _timers.RemoveAll(due.Contains);
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Schedule(ManualTimer timer, DateTimeOffset? due)
    {
        lock (_timers)
        {
            _timers.Remove(timer);
            if (due is { } at)
            {
                timer.Due = at;
                _timers.Add(timer);
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetUtcNow() + dueTime);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Schedule(this, null);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
