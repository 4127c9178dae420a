using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Tests.Shared.StoreHost;
using NodaTime;

namespace Civic311.Sqlite.Tests;

/// <summary>
/// Nothing a SQLite store acknowledged is lost when its process dies: a child process (tests/Civic311.StoreHost) submits
/// and changes requests in a loop and is killed with SIGKILL at random moments; after each kill the database is opened
/// again and checked, and the next child carries on with the same file.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Kills = 24;

    private readonly TempDatabases _databases = new();
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public CrashTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _databases.Dispose();

    /// <summary>
    /// Proves, over 24 SIGKILLs at random moments (the default synchronous FULL), that every write a child printed as
    /// committed is there after the kill, and that every stored request is whole: its history numbered 1..n without a gap
    /// and its status the last entry's, so no write was half applied.
    /// </summary>
    [Fact]
    public async Task A_child_killed_at_random_moments_loses_nothing_it_reported_and_leaves_nothing_half_written()
    {
        var path = _databases.NewPath();
        var random = new Random(14);
        var committed = new Dictionary<ServiceRequestId, (string Version, int HistoryCount)>();
        var writesBeforeKills = new List<int>();
        for (var kill = 0; kill < Kills; kill++)
        {
            var lines = await RunAndKillAsync(path, seed: kill, killAfter: TimeSpan.FromMilliseconds(random.Next(50, 600)));
            foreach (var line in lines.Where(l => l.StartsWith("committed ", StringComparison.Ordinal)))
            {
                var parts = line.Split(' ');
                committed[new ServiceRequestId(Guid.Parse(parts[1]))] = (parts[2], int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture));
            }

            writesBeforeKills.Add(lines.Count(l => l.StartsWith("committed ", StringComparison.Ordinal)));
            await CheckAsync(path, committed);
        }

        _output.WriteLine($"{Kills} kills; writes acknowledged per run: {string.Join(", ", writesBeforeKills)}; {committed.Count} requests checked after each.");
        writesBeforeKills.Should().Contain(w => w > 0, "the children got to write before they were killed");
        committed.Should().HaveCountGreaterThan(Kills, "most runs submit several requests");
    }

    private async Task CheckAsync(string path, Dictionary<ServiceRequestId, (string Version, int HistoryCount)> committed)
    {
        using var store = new SqliteServiceRequestStore(new SqliteStoreOptions { DatabasePath = path }, SystemClock.Instance);
        foreach (var (id, (version, historyCount)) in committed)
        {
            var stored = await store.GetAsync(id);
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
            var page = await store.QueryAsync(new AllRequests(), token, ServiceRequestPage.MaxSize);
            foreach (var request in page.Items)
            {
                request.History.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, request.History.Count), $"request {request.Id} has its whole history");
                request.Status.Should().Be(request.History[^1].ToStatus, $"request {request.Id} is in the state its last history entry says");
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    // Starts a child on the database, lets it write for a while after it is ready, kills it (SIGKILL on Unix), and returns
    // every line it printed: a "committed" line is printed only after the store acknowledged the write.
    private static async Task<List<string>> RunAndKillAsync(string path, int seed, TimeSpan killAfter)
    {
        using var child = await StoreHostProcess.StartAsync("churn", "--sqlite", path, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Task.Delay(killAfter);
        return await child.KillAsync();
    }
}
