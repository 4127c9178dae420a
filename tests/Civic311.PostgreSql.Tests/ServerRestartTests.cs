using System;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Requests;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Civic311.Tests.Shared.PostgreSql;

namespace Civic311.PostgreSql.Tests;

/// <summary>The server going away mid-run, on a cluster of the fact's own that it stops and starts.</summary>
public sealed class ServerRestartTests
{
    /// <summary>
    /// Proves that a store whose server stops (its pooled connections broken) fails the next call with an error naming
    /// the server and saying it went away, that nothing acknowledged before is lost, and that once the server is back the
    /// same store works again at the first call.
    /// </summary>
    [PostgreSqlFact(LocalBinaries = true)]
    public async Task A_server_that_goes_away_is_a_clear_error_and_the_store_works_again_when_it_returns()
    {
        var cluster = await PrivatePostgreSqlCluster.StartAsync(PostgreSqlAvailability.ForLocalBinaries.BinDirectory!);
        try
        {
            var clock = new FakeClock(TestCatalog.Start);
            await using var store = new PostgreSqlServiceRequestStore(new PostgreSqlStoreOptions { ConnectionString = cluster.ConnectionString }, clock);
            var service = new ServiceRequests(store, TestCatalog.Options(), clock);
            var before = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });

            Exception? whileDown = null;
            await cluster.RestartAsync(async () =>
            {
                var read = () => store.GetAsync(before.Id).AsTask();
                whileDown = (await read.Should().ThrowAsync<InvalidOperationException>()).Which;
            });

            whileDown!.Message.Should().Contain("127.0.0.1").And.Match(m => m.Contains("went away", StringComparison.Ordinal) || m.Contains("connect", StringComparison.Ordinal));
            (await store.GetAsync(before.Id))!.Version.Should().Be(before.Version, "the first call after the restart reads what was stored before it");
            var after = await service.AcknowledgeAsync(before.Id);
            after.Status.Should().Be(ServiceRequestStatus.Acknowledged);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            cluster.Stop();
        }
    }
}
