using System;

namespace Civic311.PostgreSql;

/// <summary>Which PostgreSQL database the store keeps its data in and how long its commands may take; validated once when the store is created, every problem reported together.</summary>
/// <threadsafety>Not thread-safe while being configured; read once by the store.</threadsafety>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>
    /// Gets or sets the Npgsql connection string (required), for example
    /// <c>Host=db.example.org;Database=civic311;Username=civic311;Password=...</c>. The database must exist; the store
    /// creates and upgrades its tables in it, in the connection's current schema (set <c>Search Path</c> to use another).
    /// Pooling settings (<c>Maximum Pool Size</c> and the like) apply to the store's one pool. Unless the string sets
    /// them, the store uses <c>Application Name=Civic311</c> and <c>Max Auto Prepare=32</c>; it always sets
    /// <c>No Reset On Close</c> (it keeps no session state), and its <c>Command Timeout</c> is <see cref="CommandTimeout"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets how long one command may run before it fails, waits for row locks and the migration lock included;
    /// 30 seconds by default, from 1 second to 10 minutes. Overrides the connection string's <c>Command Timeout</c>.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many tracking-number sequence values the store reserves at a time, so that a submit usually costs one
    /// round trip and transaction fewer. A process that stops leaves the rest of its block unused (a gap in the numbers,
    /// never a repeat across the processes sharing the database).
    /// </summary>
    /// <value>Defaults to 20, from 1 (one number per submit, no gaps) to 10,000.</value>
    public int SequenceBlockSize { get; set; } = 20;
}
