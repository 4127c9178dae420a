using System.Data.Common;
using Civic311.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Civic311.PostgreSql;

/// <summary>
/// PostgreSQL's side of the relational seam: writers run side by side under READ COMMITTED, so migrations take an
/// advisory lock, claims lock the rows they take and skip the ones others hold, and a unique index is the last word on
/// ids and tracking numbers.
/// </summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    /// <summary>The advisory lock key of schema migrations ("C311" in ASCII); advisory locks are per database, so
    /// databases on one server never wait for each other.</summary>
    public const long MigrationLockKey = 0x43333131;

    private const string UniqueViolationState = "23505";

    public static PostgreSqlDialect Instance { get; } = new();

    public override string Name => "PostgreSQL";

    public override string BigInt => "bigint";

    public override string Int => "integer";

    public override string Double => "double precision";

    // Byte order ("C"), whatever the database's locale: ids, keys and keyset positions compare as the other stores
    // compare them, and the text indexes serve '=' and range conditions alike.
    public override string Text => "text COLLATE \"C\"";

    public override string Json => "jsonb";

    public override string Least => "LEAST";

    // Two dispatchers claiming at once take different rows instead of queueing on each other's.
    public override string ClaimLockClause => " FOR UPDATE SKIP LOCKED";

    // A concurrent change of the same request waits here, then reads the version this one wrote and fails as a conflict
    // (before checking anything else, such as outbox ids derived from the version both started from).
    public override string RowLockClause => " FOR UPDATE";

    // Held until the migration transaction ends, so processes starting together migrate once: the others wait, then find
    // the schema current.
    public override string? MigrationLockStatement => $"SELECT pg_advisory_xact_lock({MigrationLockKey})";

    // The sequence row stays locked until its transaction commits, so a commit that waited for the disk would make every
    // caller of every process queue behind one flush. Not waiting loses nothing: the request that stores the number
    // commits with a flush, which makes this earlier commit durable too (WAL order); a number lost in a server crash was
    // therefore stored by no request.
    public override string? SequenceTransactionStatement => "SET LOCAL synchronous_commit = off";

    public override string ListTablesSql => "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = current_schema()";

    public override void MarkJson(DbParameter parameter) => ((NpgsqlParameter)parameter).NpgsqlDbType = NpgsqlDbType.Jsonb;

    /// <summary>Tells whether the server aborted a write for a concurrent one: 40P01 (deadlock detected) or 40001 (serialization failure).</summary>
    public static bool IsWriteConflict(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    public override string? UniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: UniqueViolationState } e ? e.ConstraintName ?? e.MessageText : null;
}
