using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Civic311;
using Civic311.Application;
using Civic311.Catalog;
using Civic311.Notifications;
using Civic311.Notifications.Channels.Outbox;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.PostgreSql;
using Civic311.Sqlite;
using Civic311.Storage;
using Civic311.Tests.Shared.StoreHost;
using NodaTime;

namespace Civic311.StoreHost;

/// <summary>
/// A process the durable-store tests start against a shared database. Two modes:
/// <list type="bullet">
/// <item><c>churn --sqlite PATH --seed N</c> (or <c>--postgres CONNECTION-STRING</c> for either mode): submits and changes requests in a loop until killed, printing
/// <c>committed ID VERSION HISTORY-COUNT</c> after each write the store acknowledged (the crash test).</item>
/// <item><c>center --sqlite PATH --seed N --origin TICKS --real-start TICKS --speed N --seconds S --deliveries FOLDER</c>:
/// for S seconds submits and works its own requests, runs the SLA monitor and the outbox dispatcher on an
/// <see cref="AcceleratedClock"/> every process agrees on, prints <c>submitted TRACKING-NUMBER</c> for each request and
/// appends one line per delivered message to a file of its own in FOLDER (several centers on one database).</item>
/// </list>
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args.Length % 2 == 0 || !TryRead(args, out var named))
        {
            return Usage();
        }

        var seed = int.Parse(named.GetValueOrDefault("seed", "0"), CultureInfo.InvariantCulture);
        if (named.ContainsKey("sqlite") == named.ContainsKey("postgres"))
        {
            return Usage();
        }

        switch (args[0])
        {
            case "churn":
                using (var store = Open(named, SystemClock.Instance))
                {
                    await ChurnAsync(new ServiceRequests((IServiceRequestStore)store, CenterOptions.Create(), SystemClock.Instance), new Random(seed)).ConfigureAwait(false);
                }

                return 0;
            case "center":
                var clock = new AcceleratedClock(
                    Instant.FromUnixTimeTicks(long.Parse(named["origin"], CultureInfo.InvariantCulture)),
                    Instant.FromUnixTimeTicks(long.Parse(named["real-start"], CultureInfo.InvariantCulture)),
                    int.Parse(named["speed"], CultureInfo.InvariantCulture));
                using (var store = Open(named, clock))
                {
                    await CenterAsync((IServiceRequestStore)store, clock, new Random(seed), TimeSpan.FromSeconds(double.Parse(named["seconds"], CultureInfo.InvariantCulture)), named["deliveries"]).ConfigureAwait(false);
                }

                return 0;
            default:
                return Usage();
        }
    }

    // --sqlite PATH or --postgres CONNECTION-STRING; both stores are disposable.
    private static IDisposable Open(Dictionary<string, string> named, IClock clock) => named.TryGetValue("sqlite", out var path)
        ? new SqliteServiceRequestStore(new SqliteStoreOptions { DatabasePath = path }, clock)
        : new PostgreSqlServiceRequestStore(new PostgreSqlStoreOptions { ConnectionString = named["postgres"] }, clock);

    private static async Task ChurnAsync(ServiceRequests requests, Random random)
    {
        var mine = await OpenRequestsAsync(requests).ConfigureAwait(false); // also what a killed run left behind
        Console.Out.WriteLine("ready");
        while (true)
        {
            var written = await NextWriteAsync(requests, random, mine).ConfigureAwait(false);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {written.Id} {written.Version} {written.History.Count}"));
        }
    }

    private static async Task CenterAsync(IServiceRequestStore store, IClock clock, Random random, TimeSpan runFor, string deliveries)
    {
        var requests = new ServiceRequests(store, CenterOptions.Create(), clock);
        var monitor = new SlaMonitor(requests);
        var dispatcher = new OutboxDispatcher(store, [new CountingChannel(deliveries)], clock, new OutboxDispatcherOptions { LockDuration = Duration.FromHours(2) });
        var mine = new List<ServiceRequestId>();
        Console.Out.WriteLine("ready");
        var end = SystemClock.Instance.GetCurrentInstant() + Duration.FromTimeSpan(runFor);
        var nextTick = Instant.MinValue;
        while (SystemClock.Instance.GetCurrentInstant() < end)
        {
            // Mostly new reports early on, so that many stay open long enough to be warned and breached.
            var written = await NextWriteAsync(requests, random, mine, leaveOpen: 0.6).ConfigureAwait(false);
            if (written.History.Count == 1)
            {
                Console.Out.WriteLine($"submitted {written.TrackingNumber}");
            }

            if (SystemClock.Instance.GetCurrentInstant() >= nextTick)
            {
                await monitor.RunOnceAsync().ConfigureAwait(false);
                await dispatcher.RunOnceAsync().ConfigureAwait(false);
                nextTick = SystemClock.Instance.GetCurrentInstant() + Duration.FromMilliseconds(100);
            }

            await Task.Delay(random.Next(0, 20)).ConfigureAwait(false);
        }
    }

    // Submits a request, or moves one of `mine` a step along its lifecycle (a request left open stays in `mine`).
    private static async Task<ServiceRequest> NextWriteAsync(ServiceRequests requests, Random random, List<ServiceRequestId> mine, double leaveOpen = 0)
    {
        if (mine.Count == 0 || random.Next(3) == 0)
        {
            var submitted = await requests.SubmitAsync(new ServiceRequestSubmission
            {
                ServiceCode = "POTHOLE",
                Description = "Pothole " + random.Next().ToString(CultureInfo.InvariantCulture),
                Address = "1 Centre St, New York, NY",
                Reporter = new ReporterContact { Email = "resident@example.org" }, // an outbox message with each change
            }).ConfigureAwait(false);
            if (random.NextDouble() >= leaveOpen)
            {
                mine.Add(submitted.Id);
            }

            return submitted;
        }

        var id = mine[random.Next(mine.Count)];
        var actor = new ChangeOptions { Actor = "store-host" };
        var current = (await requests.GetAsync(id).ConfigureAwait(false))!;
        var written = current.Status switch
        {
            ServiceRequestStatus.Submitted => await requests.AcknowledgeAsync(id, actor).ConfigureAwait(false),
            ServiceRequestStatus.Acknowledged => await requests.StartWorkAsync(id, actor).ConfigureAwait(false),
            ServiceRequestStatus.InProgress => await requests.ResolveAsync(id, new Resolution("REPAIRED"), actor).ConfigureAwait(false),
            _ => await requests.CloseAsync(id, actor).ConfigureAwait(false),
        };
        if (!written.IsOpen && written.Status != ServiceRequestStatus.Resolved)
        {
            mine.Remove(id);
        }

        return written;
    }

    private static async Task<List<ServiceRequestId>> OpenRequestsAsync(ServiceRequests requests)
    {
        var page = await requests.QueryAsync(new OpenRequests(), null, 200).ConfigureAwait(false);
        var ids = new List<ServiceRequestId>(page.Items.Count);
        foreach (var request in page.Items)
        {
            ids.Add(request.Id);
        }

        return ids;
    }

    private static bool TryRead(string[] args, out Dictionary<string, string> named)
    {
        named = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return false;
            }

            named[args[i][2..]] = args[i + 1];
        }

        return true;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Civic311.StoreHost churn (--sqlite PATH | --postgres CONNECTION-STRING) --seed N");
        Console.Error.WriteLine("       Civic311.StoreHost center (--sqlite PATH | --postgres CONNECTION-STRING) --seed N --origin TICKS --real-start TICKS --speed N --seconds S --deliveries FOLDER");
        return 2;
    }

    private sealed class OpenRequests : ServiceRequestSpecification
    {
        public OpenRequests()
        {
            Query.OnlyOpen().OrderedBy(ServiceRequestOrder.RequestedAt);
        }
    }
}
