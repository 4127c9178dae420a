using System;
using System.Threading.Tasks;
using Civic311.Tests.Shared.StoreHost;
using NodaTime;
using Xunit.Abstractions;

namespace Civic311.Sqlite.Tests;

/// <summary>
/// Nothing a SQLite store acknowledged is lost when its process dies: a child process (tests/Civic311.StoreHost) submits
/// and changes requests in a loop and is killed with SIGKILL at random moments; after each kill the file is opened again
/// and checked, and the next child carries on with the same file.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabases _databases = new();

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

        var outcome = await KilledHosts.RunAsync(24, ["--sqlite", path], () => new SqliteServiceRequestStore(new SqliteStoreOptions { DatabasePath = path }, SystemClock.Instance));

        output.WriteLine(outcome.ToString());
    }
}
