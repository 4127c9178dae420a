using System.Data.Common;

namespace Civic311.Relational;

/// <summary>
/// What differs between the SQL databases the relational core runs on; everything else (schema, migrations, query
/// translation, keyset paging, row mapping, the store's unit of work) is shared text and code.
/// </summary>
/// <remarks>
/// The seam, kept small on purpose. SQLite: <c>BEGIN IMMEDIATE</c> is both the write lock and the migration lock (one
/// writer per file), JSON is <c>TEXT</c>, a claim needs no row lock (the write transaction excludes every other writer),
/// <c>min(a, b)</c> is the scalar minimum. PostgreSQL: <c>pg_advisory_xact_lock</c> for migrations, <c>jsonb</c>,
/// <c>FOR UPDATE SKIP LOCKED</c> on the claim's select so concurrent dispatchers take different rows, <c>LEAST</c>, and a
/// unique violation (SQLSTATE 23505) instead of a check under the file lock. Both take <c>@name</c> parameters,
/// <c>INSERT ... ON CONFLICT ... DO UPDATE ... RETURNING</c> and row values, so those are not part of the seam. The other
/// half of the seam is how writes are opened (<see cref="RelationalDatabase.BeginWriteAsync"/>): SQLite shares one writer
/// connection and commits queued writers together (a savepoint per change); PostgreSQL can hand out a
/// <see cref="TransactionWrite"/> per change on a pooled connection.
/// </remarks>
internal abstract class SqlDialect
{
    /// <summary>Gets the name used in messages, for example <c>SQLite</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Gets the type of a 64-bit integer column (instants as nanoseconds since 1970, versions, counters).</summary>
    public abstract string BigInt { get; }

    /// <summary>Gets the type of a 32-bit integer column.</summary>
    public abstract string Int { get; }

    /// <summary>Gets the type of a double-precision column (coordinates).</summary>
    public abstract string Double { get; }

    /// <summary>Gets the type of a text column.</summary>
    public abstract string Text { get; }

    /// <summary>Gets the type of the request document column (JSON).</summary>
    public abstract string Json { get; }

    /// <summary>Gets the scalar minimum of two numbers, as a function name taking two arguments (<c>min</c>, <c>LEAST</c>).</summary>
    public abstract string Least { get; }

    /// <summary>
    /// Gets what follows the outbox claim's inner <c>SELECT</c> so that two concurrent claims never take one row (empty when
    /// the write transaction already excludes every other writer).
    /// </summary>
    public abstract string ClaimLockClause { get; }

    /// <summary>
    /// Gets what follows the <c>SELECT</c> that reads a row a change replaces, so that a concurrent change of that row waits
    /// for this one and then reads its new version (empty when the write transaction already excludes every other writer).
    /// </summary>
    public virtual string RowLockClause => string.Empty;

    /// <summary>
    /// Gets the statement that takes the migration lock inside the migration transaction, held until it ends; <see langword="null"/>
    /// when beginning the write transaction already takes it.
    /// </summary>
    public abstract string? MigrationLockStatement { get; }

    /// <summary>
    /// Gets a statement run first in the transaction that hands out a sequence number, so that its commit need not wait
    /// for the disk (the sequence row is locked until it commits, so that wait would make every caller queue); <see langword="null"/>
    /// when not needed. Safe only where a later commit that waits for the disk also makes every earlier commit durable (a
    /// request that stores the number), as a write-ahead log does.
    /// </summary>
    public virtual string? SequenceTransactionStatement => null;

    /// <summary>Gets a query listing the names of the user tables of the database (one column), to tell an empty or Civic311 database from a foreign one.</summary>
    public abstract string ListTablesSql { get; }

    /// <summary>Marks a parameter that carries the request document as JSON, where the provider needs telling.</summary>
    /// <param name="parameter">The parameter.</param>
    public virtual void MarkJson(DbParameter parameter)
    {
    }

    /// <summary>Tells whether an exception is a unique-constraint violation; the constraint or column it names, else <see langword="null"/>.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The text naming what is violated, or <see langword="null"/> when it is another failure.</returns>
    public abstract string? UniqueViolation(DbException exception);
}
