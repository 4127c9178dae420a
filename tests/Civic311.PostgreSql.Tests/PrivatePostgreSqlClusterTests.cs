using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Civic311.Tests.Shared.PostgreSql;
using Npgsql;

namespace Civic311.PostgreSql.Tests;

/// <summary>
/// The cluster the helper starts for a developer who names no server. CI names one, so this fact starts a cluster of its
/// own from the local binaries to keep that path tested too.
/// </summary>
public sealed class PrivatePostgreSqlClusterTests
{
    [PostgreSqlFact(LocalBinaries = true)]
    public async Task StartAsync_RunsTheLocalServerOnLoopbackAndStopLeavesNothingBehind()
    {
        var local = PostgreSqlAvailability.ForLocalBinaries;
        var bin = local.BinDirectory ?? throw new InvalidOperationException(local.Reason);
        var cluster = await PrivatePostgreSqlCluster.StartAsync(bin);
        try
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
            await connection.OpenAsync();

            (await PostgreSqlDatabaseTests.Scalar<string>(connection, "SHOW listen_addresses")).Should().Be("127.0.0.1");
            (await PostgreSqlDatabaseTests.Scalar<string>(connection, "SHOW max_connections")).Should().Be("200");
            (await PostgreSqlDatabaseTests.Scalar<string>(connection, "SHOW unix_socket_directories")).Should().Be(cluster.ClusterDirectory);
            (await PostgreSqlDatabaseTests.Scalar<string>(connection, "SHOW server_version")).Should().StartWith(await VersionOfAsync(bin) + " ");
        }
        finally
        {
            cluster.Stop();
        }

        Directory.Exists(cluster.ClusterDirectory).Should().BeFalse();
        var reconnect = async () =>
        {
            await using var again = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false;Timeout=5");
            await again.OpenAsync();
        };
        await reconnect.Should().ThrowAsync<NpgsqlException>();
    }

    // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "15.18": the server that answered is the one those binaries hold.
    private static async Task<string> VersionOfAsync(string bin)
    {
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(bin, "postgres"), "--version") { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return Regex.Match(output, @"\(PostgreSQL\) (\d+(\.\d+)*)").Groups[1].Value;
    }
}
