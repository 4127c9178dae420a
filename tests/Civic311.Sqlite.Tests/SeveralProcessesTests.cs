using System.Threading.Tasks;
using Civic311.Tests.Shared.StoreHost;
using Xunit.Abstractions;

namespace Civic311.Sqlite.Tests;

/// <summary>Several processes on one SQLite file coordinate through the store alone (WAL, one writer at a time, busy timeout).</summary>
public sealed class SeveralProcessesTests(ITestOutputHelper output) : System.IDisposable
{
    private readonly TempDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    /// <summary>
    /// Proves that three host processes submitting, working requests, running the SLA monitor and the outbox dispatcher on
    /// one database file at once hand out every tracking number once, raise every SLA threshold exactly once and deliver
    /// every outbox message once (to a channel that counts).
    /// </summary>
    [Fact]
    public async Task Three_centers_on_one_file_number_warn_and_deliver_exactly_once()
    {
        var path = _databases.NewPath();

        var outcome = await SeveralCenters.RunAsync(3, 15, ["--sqlite", path], clock => _databases.Open(path, clock), _databases.Folder);

        output.WriteLine(outcome.ToString());
        outcome.Requests.Should().BeGreaterThan(30, "each host submits for 15 seconds");
        outcome.Warnings.Should().BeGreaterThan(0, "requests left open pass their warning instant");
        outcome.Breaches.Should().BeGreaterThan(0, "and their due instant");
        outcome.DeliveringProcesses.Should().BeGreaterThan(1, "the dispatchers share the work");
    }
}
