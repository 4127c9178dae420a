using System;
using System.IO;
using System.Threading.Tasks;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Civic311.Tests.Shared.PostgreSql;
using Npgsql;

namespace Civic311.PostgreSql.Tests;

/// <summary>
/// A wrong password against a server that checks passwords: the shared test servers trust loopback, so this fact starts a
/// cluster of its own and makes it ask for scram-sha-256 passwords (the superuser keeps trust, to set it up).
/// </summary>
public sealed class PasswordTests
{
    private const string RightPassword = "Right-Pa55word-for-the-app";
    private const string WrongPassword = "Wr0ng-Pa55word-typed-in";

    [PostgreSqlFact(LocalBinaries = true)]
    public async Task A_wrong_password_gives_an_error_naming_the_user_and_the_cause_never_the_password_and_the_right_one_works()
    {
        var cluster = await PrivatePostgreSqlCluster.StartAsync(PostgreSqlAvailability.ForLocalBinaries.BinDirectory!);
        try
        {
            await using (var admin = new NpgsqlConnection(cluster.ConnectionString))
            {
                await admin.OpenAsync();
                foreach (var sql in (string[])["SET password_encryption = 'scram-sha-256'", $"CREATE ROLE civic311_app LOGIN PASSWORD '{RightPassword}'", "CREATE DATABASE civic311_app OWNER civic311_app"])
                {
                    await using var create = new NpgsqlCommand(sql, admin);
                    await create.ExecuteNonQueryAsync();
                }

                await File.WriteAllTextAsync(
                    Path.Combine(cluster.ClusterDirectory, "data", "pg_hba.conf"),
                    "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n");
                await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", admin);
                await reload.ExecuteNonQueryAsync();
            }

            string As(string password) => new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Username = "civic311_app", Password = password, Database = "civic311_app" }.ConnectionString;
            var clock = new FakeClock(TestCatalog.Start);
            await using var wrong = new PostgreSqlServiceRequestStore(new PostgreSqlStoreOptions { ConnectionString = As(WrongPassword) }, clock);

            var open = () => wrong.InitializeAsync().AsTask();

            var error = (await open.Should().ThrowAsync<InvalidOperationException>()).Which;
            error.Message.Should().Contain("refused the credentials of user 'civic311_app'").And.Contain("28P01").And.Contain("/civic311_app");
            error.ToString().Should().NotContain(WrongPassword).And.NotContain(RightPassword);

            await using var right = new PostgreSqlServiceRequestStore(new PostgreSqlStoreOptions { ConnectionString = As(RightPassword) }, clock);
            (await right.NextSequenceAsync("password")).Should().Be(1);
        }
        finally
        {
            using (var admin = new NpgsqlConnection(cluster.ConnectionString))
            {
                NpgsqlConnection.ClearPool(admin); // the stores closed their own pools; this is the set-up connection's
            }

            cluster.Stop();
        }
    }
}
