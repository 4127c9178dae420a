using System.Threading.Tasks;
using Civic311.Tests.Shared.PostgreSql;
using Civic311.Tests.Shared.StoreHost;
using NodaTime;
using Xunit.Abstractions;

namespace Civic311.PostgreSql.Tests;

/// <summary>
/// Nothing the PostgreSQL store acknowledged is lost, and nothing is half written, when a host process dies mid-change:
/// a child process (tests/Civic311.StoreHost) is killed with SIGKILL at random moments, its open transactions abandoned.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    /// <summary>
    /// Proves, over 20 SIGKILLs at random moments, that every write a child printed as committed is there after the kill,
    /// and that every stored request is whole (history numbered 1..n, status the last entry's).
    /// </summary>
    [PostgreSqlFact]
    public async Task A_host_killed_at_random_moments_loses_nothing_it_reported_and_leaves_nothing_half_written()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();

        var outcome = await KilledHosts.RunAsync(20, ["--postgres", database.ConnectionString],
            () => new PostgreSqlServiceRequestStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString }, SystemClock.Instance));

        output.WriteLine(outcome.ToString());
    }
}
