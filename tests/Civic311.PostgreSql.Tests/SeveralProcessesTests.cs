using System.IO;
using System.Threading.Tasks;
using Civic311.Tests.Shared.PostgreSql;
using Civic311.Tests.Shared.StoreHost;
using Xunit.Abstractions;

namespace Civic311.PostgreSql.Tests;

/// <summary>Centers on several machines share one PostgreSQL database and coordinate through the store alone.</summary>
public sealed class SeveralProcessesTests(ITestOutputHelper output)
{
    /// <summary>
    /// Proves that three host processes submitting, working requests, running the SLA monitor and the outbox dispatcher
    /// against one database at once hand out every tracking number once, raise every SLA threshold exactly once and
    /// deliver every outbox message once (to a channel that counts), the dispatchers sharing the work.
    /// </summary>
    [PostgreSqlFact]
    public async Task Three_centers_on_one_database_number_warn_and_deliver_exactly_once()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("civic311-centers-").FullName;
        try
        {
            var outcome = await SeveralCenters.RunAsync(3, 15, ["--postgres", database.ConnectionString],
                clock => new PostgreSqlServiceRequestStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString }, clock), folder);

            output.WriteLine(outcome.ToString());
            outcome.Requests.Should().BeGreaterThan(30, "each host submits for 15 seconds");
            outcome.Warnings.Should().BeGreaterThan(0, "requests left open pass their warning instant");
            outcome.Breaches.Should().BeGreaterThan(0, "and their due instant");
            outcome.DeliveringProcesses.Should().BeGreaterThan(1, "the dispatchers share the work");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
