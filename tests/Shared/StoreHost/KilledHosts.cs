using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using Civic311.Storage;
using FluentAssertions;

namespace Civic311.Tests.Shared.StoreHost;

/// <summary>
/// The crash test every durable store runs: a store host (<c>churn</c> mode) submits and changes requests in a loop and is
/// killed with SIGKILL at random moments; after each kill the database is opened again and checked, and the next host
/// carries on with it.
/// </summary>
internal static class KilledHosts
{
    public sealed record Outcome(int Kills, IReadOnlyList<int> WritesPerRun, int RequestsChecked)
    {
        public override string ToString() =>
            $"{Kills} kills; writes acknowledged per run: {string.Join(", ", WritesPerRun)}; {RequestsChecked} requests checked after each.";
    }

    /// <param name="kills">How many hosts are started and killed.</param>
    /// <param name="storeArguments">The arguments naming the database, for example <c>--sqlite PATH</c>.</param>
    /// <param name="openStore">Opens the same database in this process for the checks (disposed after each).</param>
    public static async Task<Outcome> RunAsync(int kills, string[] storeArguments, Func<IServiceRequestStore> openStore)
    {
        var random = new Random(14);
        var committed = new Dictionary<ServiceRequestId, (string Version, int HistoryCount)>();
        var writes = new List<int>();
        for (var kill = 0; kill < kills; kill++)
        {
            List<string> lines;
            using (var host = await StoreHostProcess.StartAsync(["churn", .. storeArguments, "--seed", kill.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false))
            {
                await Task.Delay(random.Next(50, 600)).ConfigureAwait(false);
                lines = await host.KillAsync().ConfigureAwait(false); // a "committed" line is printed only after the store acknowledged the write
            }

            var reported = lines.Where(l => l.StartsWith("committed ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
            foreach (var parts in reported)
            {
                committed[new ServiceRequestId(Guid.Parse(parts[1]))] = (parts[2], int.Parse(parts[3], CultureInfo.InvariantCulture));
            }

            writes.Add(reported.Count);
            var store = openStore();
            try
            {
                await CheckAsync(store, committed).ConfigureAwait(false);
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        }

        writes.Should().Contain(w => w > 0, "the hosts got to write before they were killed");
        committed.Should().HaveCountGreaterThan(kills, "most runs submit several requests");
        return new Outcome(kills, writes, committed.Count);
    }

    // Every write a host printed is there, and every stored request is whole: its history numbered 1..n without a gap and
    // its status the last entry's, so no write was half applied.
    private static async Task CheckAsync(IServiceRequestStore store, Dictionary<ServiceRequestId, (string Version, int HistoryCount)> committed)
    {
        foreach (var (id, (version, historyCount)) in committed)
        {
            var stored = await store.GetAsync(id).ConfigureAwait(false);
            stored.Should().NotBeNull($"request {id} was reported committed");
            stored!.History.Count.Should().BeGreaterThanOrEqualTo(historyCount, $"request {id} was reported committed with {historyCount} history entries");
            if (stored.History.Count == historyCount)
            {
                stored.Version.Should().Be(version, $"request {id} has the history it was reported committed with, so its version too");
            }
        }

        string? token = null;
        do
        {
            var page = await store.QueryAsync(new AllRequests(), token, ServiceRequestPage.MaxSize).ConfigureAwait(false);
            foreach (var request in page.Items)
            {
                request.History.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, request.History.Count), $"request {request.Id} has its whole history");
                request.Status.Should().Be(request.History[^1].ToStatus, $"request {request.Id} is in the state its last history entry says");
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }
}
