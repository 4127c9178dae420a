using System;
using System.IO;
using System.Threading.Tasks;
using Civic311.Tests.Shared.PostgreSql;

namespace Civic311.PostgreSql.Tests;

/// <summary>
/// The skip/require decision and the search for server binaries, on made-up environments and directory trees: no server
/// is started, so these run on any machine.
/// </summary>
public sealed class PostgreSqlAvailabilityTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("civic311-pgfind-");

    [Fact]
    public void Decide_ConnectionStringSet_UsesThatServerEvenWithLocalBinaries()
    {
        var decision = PostgreSqlAvailability.Decide("Host=db.test;Username=civic", require: null, binDirectory: "/usr/lib/postgresql/15/bin");

        decision.Source.Should().Be(PostgreSqlSource.ConnectionString);
        decision.ConnectionString.Should().Be("Host=db.test;Username=civic");
        decision.SkipReason.Should().BeNull();
    }

    [Fact]
    public void Decide_OnlyLocalBinaries_StartsAPrivateCluster()
    {
        var decision = PostgreSqlAvailability.Decide(null, require: null, binDirectory: "/usr/lib/postgresql/15/bin");

        decision.Source.Should().Be(PostgreSqlSource.PrivateCluster);
        decision.BinDirectory.Should().Be("/usr/lib/postgresql/15/bin");
        decision.SkipReason.Should().BeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("no")]
    public void Decide_NothingAndNotRequired_SkipsWithTheInstallHint(string? require)
    {
        var decision = PostgreSqlAvailability.Decide("  ", require, binDirectory: null);

        decision.Source.Should().Be(PostgreSqlSource.Skip);
        decision.SkipReason.Should().Be("PostgreSQL is not installed (Debian: apt-get install postgresql) and CIVIC311_POSTGRES is not set");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData(" TRUE ")]
    public void Decide_NothingButRequired_FailsInsteadOfSkipping(string require)
    {
        var decision = PostgreSqlAvailability.Decide(null, require, binDirectory: null);

        decision.Source.Should().Be(PostgreSqlSource.Fail);
        decision.SkipReason.Should().BeNull();
        decision.Reason.Should().StartWith(PostgreSqlAvailability.NotInstalled).And.Contain("CIVIC311_REQUIRE_POSTGRES");
    }

    [Fact]
    public void ForLocalBinariesOnly_ServerNamedButNoBinaries_SkipsOrFailsWithItsOwnReason()
    {
        PostgreSqlAvailability.ForLocalBinariesOnly(require: null, binDirectory: null).SkipReason.Should().Be(PostgreSqlAvailability.LocalNotInstalled);
        PostgreSqlAvailability.ForLocalBinariesOnly(require: "1", binDirectory: null).Should().Match<PostgreSqlAvailability>(
            a => a.Source == PostgreSqlSource.Fail && a.Reason!.StartsWith(PostgreSqlAvailability.LocalNotInstalled, StringComparison.Ordinal));
        PostgreSqlAvailability.ForLocalBinariesOnly(require: "1", binDirectory: "/opt/pg/bin").BinDirectory.Should().Be("/opt/pg/bin");
    }

    [Fact]
    public async Task Connect_WhenRequiredAndMissing_FailsWithTheReason()
    {
        var decision = PostgreSqlAvailability.Decide(null, "1", binDirectory: null);

        var connect = () => PostgreSqlTestServer.ConnectAsync(decision);

        (await connect.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Be(decision.Reason);
    }

    [Fact]
    public async Task Connect_ConnectionStringWithoutDatabase_UsesTheMaintenanceDatabase()
    {
        var decision = PostgreSqlAvailability.Decide("Host=db.test;Username=civic", null, null);

        var admin = await PostgreSqlTestServer.ConnectAsync(decision);

        admin.Should().Contain("Database=postgres").And.Contain("Host=db.test");
    }

    [Fact]
    public void SkipReasonFor_RequiresPostgreSqlClass_SkipsItsFactsOnlyWhenThereIsAReason()
    {
        PostgreSqlTestFramework.SkipReasonFor(typeof(RequiresPostgreSqlTests), "no server").Should().Be("no server");
        PostgreSqlTestFramework.SkipReasonFor(typeof(RequiresPostgreSqlTests), null).Should().BeNull();
        PostgreSqlTestFramework.SkipReasonFor(typeof(PostgreSqlAvailabilityTests), "no server").Should().BeNull();
    }

    [Fact]
    public void FindBinaries_SeveralDebianMajors_TakesTheHighestAsAVersionNotAsText()
    {
        var root = Path.Combine(_root.FullName, "lib");
        Server(Path.Combine(root, "9.6", "bin"));
        Server(Path.Combine(root, "15", "bin"));
        Server(Path.Combine(root, "13", "bin"));

        PostgreSqlAvailability.FindBinaries(root, path: null).Should().Be(Path.Combine(root, "15", "bin"));
    }

    [Fact]
    public void FindBinaries_IncompleteDebianInstall_FallsBackToThePath()
    {
        var root = Path.Combine(_root.FullName, "lib");
        Server(Path.Combine(root, "16", "bin"), "initdb", "pg_ctl"); // the client package alone has no postgres
        var onPath = Server(Path.Combine(_root.FullName, "opt", "bin"));

        PostgreSqlAvailability.FindBinaries(root, string.Join(Path.PathSeparator, "/nonexistent", onPath)).Should().Be(onPath);
    }

    [Fact]
    public void FindBinaries_NothingInstalled_FindsNothing()
    {
        var empty = Path.Combine(_root.FullName, "bin");
        Directory.CreateDirectory(empty);

        PostgreSqlAvailability.FindBinaries(Path.Combine(_root.FullName, "no-such-root"), empty).Should().BeNull();
        PostgreSqlAvailability.Decide(null, null, PostgreSqlAvailability.FindBinaries(Path.Combine(_root.FullName, "no-such-root"), empty))
            .Source.Should().Be(PostgreSqlSource.Skip);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static string Server(string bin, params string[] tools)
    {
        Directory.CreateDirectory(bin);
        foreach (var tool in tools.Length == 0 ? ["initdb", "pg_ctl", "postgres"] : tools)
        {
            File.WriteAllText(Path.Combine(bin, tool), "");
        }

        return bin;
    }
}
