using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Notifications;
using Civic311.Notifications.Channels.Outbox;
using Civic311.Requests;
using Civic311.Storage;
using FluentAssertions;
using NodaTime;

namespace Civic311.Tests.Shared.StoreHost;

/// <summary>
/// Several store hosts (tests/Civic311.StoreHost, <c>center</c> mode) on one database at once, each submitting and working
/// requests and running the SLA monitor and the outbox dispatcher, then the checks that they coordinated through the
/// store alone: tracking numbers unique, every SLA threshold raised exactly once, every outbox message delivered once.
/// </summary>
internal static class SeveralCenters
{
    private const int Speed = 3600; // a simulated hour each second: the 10-hour target warns after 7.5 s and breaches after 10 s

    /// <summary>The instant the hosts' shared clock starts at: a Monday morning in New York.</summary>
    public static readonly Instant Origin = Instant.FromUtc(2026, 3, 2, 14, 0);

    public sealed record Outcome(int Hosts, int Requests, int Deliveries, int Warnings, int Breaches, int DeliveringProcesses);

    /// <param name="hosts">How many processes.</param>
    /// <param name="seconds">How long each runs.</param>
    /// <param name="storeArguments">The arguments naming the database, for example <c>--sqlite PATH</c>.</param>
    /// <param name="openStore">Opens the same database in this process, on a clock, for the checks.</param>
    /// <param name="folder">Where the deliveries files go.</param>
    public static async Task<Outcome> RunAsync(int hosts, double seconds, string[] storeArguments, Func<IClock, IServiceRequestStore> openStore, string folder)
    {
        var deliveries = Directory.CreateDirectory(Path.Combine(folder, "deliveries")).FullName;
        var realStart = SystemClock.Instance.GetCurrentInstant();
        var started = new List<StoreHostProcess>();
        try
        {
            for (var i = 0; i < hosts; i++)
            {
                started.Add(await StoreHostProcess.StartAsync([
                    "center", .. storeArguments, "--seed", $"{i}", "--origin", Ticks(Origin), "--real-start", Ticks(realStart),
                    "--speed", $"{Speed}", "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--deliveries", deliveries]).ConfigureAwait(false));
            }

            var printed = new List<string>();
            foreach (var host in started)
            {
                printed.AddRange(await host.WaitAsync(TimeSpan.FromSeconds(seconds + 120)).ConfigureAwait(false));
            }

            var submitted = printed.Where(l => l.StartsWith("submitted ", StringComparison.Ordinal)).Select(l => l["submitted ".Length..]).ToList();
            submitted.Should().OnlyHaveUniqueItems("every tracking number is allocated once, whichever process asks");
            return await CheckAsync(hosts, submitted, openStore, new AcceleratedClock(Origin, realStart, Speed), deliveries).ConfigureAwait(false);
        }
        finally
        {
            foreach (var host in started)
            {
                host.Dispose();
            }
        }
    }

    private static async Task<Outcome> CheckAsync(int hosts, List<string> submitted, Func<IClock, IServiceRequestStore> openStore, IClock clock, string deliveries)
    {
        var store = openStore(clock);
        try
        {
            // What was due when the hosts stopped is raised and delivered now, once more through the same store.
            var requests = new ServiceRequests(store, CenterOptions.Create(), clock);
            var finalTick = clock.GetCurrentInstant(); // the monitor's own now is later still
            await new SlaMonitor(requests).RunOnceAsync().ConfigureAwait(false);
            var dispatcher = new OutboxDispatcher(store, [new CountingChannel(deliveries)], clock, DispatcherOptions());
            while ((await dispatcher.RunOnceAsync().ConfigureAwait(false)).Claimed > 0)
            {
            }

            var stored = new List<ServiceRequest>();
            string? token = null;
            do
            {
                var page = await store.QueryAsync(new AllRequests(), token, ServiceRequestPage.MaxSize).ConfigureAwait(false);
                stored.AddRange(page.Items);
                token = page.ContinuationToken;
            }
            while (token is not null);

            stored.Select(r => r.TrackingNumber).Should().BeEquivalentTo(submitted, "every request a host reported is stored, and no other");

            var lines = CountingChannel.ReadAll(deliveries).Select(l => l.Split(' ')).ToList();
            lines.Select(l => l[0]).Should().OnlyHaveUniqueItems("no outbox message is delivered twice, whichever dispatcher claims it");
            var outbox = new List<OutboxMessage>();
            foreach (var request in stored)
            {
                var page = await store.QueryOutboxAsync(OutboxQuery.All.ForRequest(request.Id).WithPageSize(ServiceRequestPage.MaxSize), null).ConfigureAwait(false);
                outbox.AddRange(page.Items);
            }

            outbox.Should().OnlyContain(m => m.State == OutboxState.Delivered, "every message was delivered");
            lines.Select(l => Guid.Parse(l[0])).Should().BeEquivalentTo(outbox.Select(m => m.Id), "each message is delivered once and only the stored ones are");

            var warnings = 0;
            var breaches = 0;
            var byRequest = lines.ToLookup(l => l[2], l => l[1]);
            foreach (var request in stored)
            {
                var sla = request.Sla.Should().ContainSingle().Subject;
                if (sla.IsActive && sla.WarningAt <= finalTick)
                {
                    sla.WarningRaised.Should().BeTrue($"{request.TrackingNumber} was open past its warning instant");
                }

                var told = byRequest[request.TrackingNumber].ToList();
                told.Count(k => k == nameof(NotificationKind.SlaNearingBreach)).Should().Be(sla.WarningRaised ? 1 : 0, $"{request.TrackingNumber}'s warning is raised once or not at all");
                told.Count(k => k == nameof(NotificationKind.SlaBreached)).Should().Be(sla.BreachRaised ? 1 : 0, $"{request.TrackingNumber}'s breach is raised once or not at all");
                warnings += sla.WarningRaised ? 1 : 0;
                breaches += sla.BreachRaised ? 1 : 0;
            }

            return new Outcome(hosts, stored.Count, lines.Count, warnings, breaches, lines.Select(l => l[3]).Distinct().Count());
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// The dispatchers' settings: a claim holds for two simulated hours (two seconds), against the default two minutes that
    /// the accelerated clock would pass in 33 ms, letting a second dispatcher take a message still being sent.
    /// </summary>
    public static OutboxDispatcherOptions DispatcherOptions() => new() { LockDuration = Duration.FromHours(2) };

    private static string Ticks(Instant instant) => instant.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture);
}
