using System;

namespace Civic311.Sqlite;

/// <summary>
/// SQLite's <c>synchronous</c> setting: how hard each commit waits for the disk. Every setting here survives a process
/// crash; they differ in what a power loss or operating-system crash can cost (docs/sql-stores.md).
/// </summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// <c>NORMAL</c>: the write-ahead log is synced at checkpoints, not at each commit. A power loss can lose the last
    /// commits (those since the last checkpoint), never corrupt the database. Faster.
    /// </summary>
    Normal = 1,

    /// <summary><c>FULL</c> (the default): each commit is synced before it returns, so a committed change survives a power loss.</summary>
    Full = 2,

    /// <summary><c>EXTRA</c>: as <see cref="Full"/>, and the directory is synced too after the log is reset (some file systems need it).</summary>
    Extra = 3,
}

/// <summary>Where the SQLite store keeps its data and how durably it writes; validated once when the store is created, every problem reported together.</summary>
/// <threadsafety>Not thread-safe while being configured; read once by the store.</threadsafety>
public sealed class SqliteStoreOptions
{
    /// <summary>Gets or sets the database file (created with its schema when missing); give this or <see cref="ConnectionString"/>.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// Gets or sets a Microsoft.Data.Sqlite connection string, for settings beyond the path (for example a <c>Password</c>
    /// with an encrypting SQLite build); give this or <see cref="DatabasePath"/>. It must name a file opened read-write.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the durability of each commit; <see cref="SqliteSynchronous.Full"/> by default, the safe setting.</summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>
    /// Gets or sets how long a write waits for another process's write to finish before failing (SQLite's
    /// <c>busy_timeout</c>); 30 seconds by default, from 1 millisecond to 10 minutes. Writers in one process queue in the
    /// store and never wait on each other here.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many tracking-number sequence values the store reserves at a time, so that a submit usually costs one
    /// transaction (one wait for the disk) instead of two. A process that stops leaves the rest of its block unused (a gap in
    /// the numbers, never a repeat).
    /// </summary>
    /// <value>Defaults to 20, from 1 (one number per submit, no gaps but a second transaction) to 10,000.</value>
    public int SequenceBlockSize { get; set; } = 20;
}
