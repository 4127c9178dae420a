using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Civic311.Tests.Shared.PostgreSql;

/// <summary>
/// The one PostgreSQL server of this test process, as <see cref="PostgreSqlAvailability.ForThisProcess"/> decided: the
/// server <c>CIVIC311_POSTGRES</c> names, or a private cluster started on first use and stopped when the process exits.
/// Tests do not use it directly: each takes a <see cref="PostgreSqlDatabase"/> of its own.
/// </summary>
internal static class PostgreSqlTestServer
{
    private static readonly Lazy<Task<string>> Admin = new(() => ConnectAsync(PostgreSqlAvailability.ForThisProcess), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// A connection string to the server's maintenance database, for a role that may create and drop databases.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no server: the message says why (the skip reason).</exception>
    public static Task<string> AdminConnectionStringAsync() => Admin.Value;

    /// <summary>The admin connection string for <paramref name="availability"/>; starts a private cluster when it says so.</summary>
    internal static async Task<string> ConnectAsync(PostgreSqlAvailability availability)
    {
        switch (availability.Source)
        {
            case PostgreSqlSource.ConnectionString:
                // Npgsql would otherwise take a database named after the user, which need not exist.
                var builder = new NpgsqlConnectionStringBuilder(availability.ConnectionString);
                builder.Database ??= "postgres";
                return builder.ConnectionString;
            case PostgreSqlSource.PrivateCluster:
                var cluster = await PrivatePostgreSqlCluster.StartAsync(availability.BinDirectory!).ConfigureAwait(false);
                cluster.StopWhenProcessExits();
                return cluster.ConnectionString;
            default:
                // A fact marked [PostgreSqlFact] is skipped before it gets here; any other fails with the reason.
                throw new InvalidOperationException(availability.Reason);
        }
    }
}
