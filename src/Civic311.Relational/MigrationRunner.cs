using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;

namespace Civic311.Relational;

/// <summary>
/// Brings a database to <see cref="RelationalSchema.CurrentVersion"/>: each pending migration once, in order, all in one
/// write transaction under the migration lock, so processes starting together apply each exactly once (the others wait,
/// then find nothing to do). Refuses a database whose schema is newer than this code, and a database that holds other
/// tables but no Civic311 schema, changing nothing in either.
/// </summary>
internal static class MigrationRunner
{
    public static async Task RunAsync(
        DbConnection connection,
        Func<CancellationToken, ValueTask<DbTransaction>> beginWrite,
        SqlDialect dialect,
        IClock clock,
        string database,
        CancellationToken cancellationToken)
    {
        // The common case, a database already at this version, reads only and takes no write lock.
        if (await AppliedVersionAsync(connection, null, dialect, database, cancellationToken).ConfigureAwait(false) == RelationalSchema.CurrentVersion)
        {
            return;
        }

        var transaction = await beginWrite(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (dialect.MigrationLockStatement is { } lockStatement)
            {
                await ExecuteAsync(connection, transaction, dialect, lockStatement, cancellationToken).ConfigureAwait(false);
            }

            var applied = await AppliedVersionAsync(connection, transaction, dialect, database, cancellationToken).ConfigureAwait(false);
            if (applied == RelationalSchema.CurrentVersion)
            {
                return; // another process migrated while this one waited for the lock
            }

            {
                await ExecuteAsync(connection, transaction, dialect,
                    $"CREATE TABLE IF NOT EXISTS {RelationalSchema.Migrations} (version {dialect.Int} NOT NULL PRIMARY KEY, description {dialect.Text} NOT NULL, applied_at {dialect.BigInt} NOT NULL)",
                    cancellationToken).ConfigureAwait(false);
            }

            foreach (var migration in RelationalSchema.All.Where(m => m.Version > applied))
            {
                foreach (var statement in migration.Statements(dialect))
                {
                    await ExecuteAsync(connection, transaction, dialect, statement, cancellationToken).ConfigureAwait(false);
                }

                var record = new SqlStatement()
                    .Append($"INSERT INTO {RelationalSchema.Migrations} (version, description, applied_at) VALUES (").Value(migration.Version)
                    .Append(", ").Value(migration.Description).Append(", ").Value(RelationalValues.Nanoseconds(clock.GetCurrentInstant())).Append(")");
                using var command = record.CreateCommand(connection, transaction, dialect);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The schema version recorded (0 for an empty database), after refusing a foreign or newer one.</summary>
    private static async Task<int> AppliedVersionAsync(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, string database, CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        using (var command = new SqlStatement().Append(dialect.ListTablesSql).CreateCommand(connection, transaction, dialect))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tables.Add(reader.GetString(0));
                }
            }
        }

        if (!tables.Contains(RelationalSchema.Migrations, StringComparer.OrdinalIgnoreCase))
        {
            if (tables.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The {dialect.Name} database '{database}' holds tables that are not Civic311's ({string.Join(", ", tables.Order(StringComparer.Ordinal).Take(10))}) " +
                    "and no Civic311 schema; nothing was changed. Point the store at a new file or an empty database, or at one a Civic311 store created.");
            }

            return 0;
        }

        int version;
        using (var command = new SqlStatement().Append($"SELECT MAX(version) FROM {RelationalSchema.Migrations}").CreateCommand(connection, transaction, dialect))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            version = value is null or DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
        }

        if (version > RelationalSchema.CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The {dialect.Name} database '{database}' has Civic311 schema version {version}, newer than version {RelationalSchema.CurrentVersion} " +
                "that this version of the store knows; nothing was changed. Upgrade the Civic311 packages of this application (or point it at another database).");
        }

        return version;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string sql, CancellationToken cancellationToken)
    {
        using var command = new SqlStatement().Append(sql).CreateCommand(connection, transaction, dialect);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
