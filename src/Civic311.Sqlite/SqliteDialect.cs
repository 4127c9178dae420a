using System.Data.Common;
using Civic311.Relational;
using Microsoft.Data.Sqlite;

namespace Civic311.Sqlite;

/// <summary>SQLite's side of the relational seam: one writer per file, so <c>BEGIN IMMEDIATE</c> is every lock needed.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static SqliteDialect Instance { get; } = new();

    public override string Name => "SQLite";

    public override string BigInt => "INTEGER";

    public override string Int => "INTEGER";

    public override string Double => "REAL";

    public override string Text => "TEXT";

    public override string Json => "TEXT";

    public override string Least => "min";

    // BEGIN IMMEDIATE already excludes every other writer, in this process and in others.
    public override string ClaimLockClause => string.Empty;

    public override string? MigrationLockStatement => null;

    public override string ListTablesSql => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

    public override string? UniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey } e
            ? e.Message
            : null;
}
