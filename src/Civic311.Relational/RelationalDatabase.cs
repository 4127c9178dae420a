using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Relational;

/// <summary>
/// How a provider opens connections and write transactions; the store's logic over them is <see cref="RelationalStore"/>.
/// A provider opens its connections ready to use (the schema migrated once, per-connection settings applied).
/// </summary>
internal abstract class RelationalDatabase
{
    public abstract SqlDialect Dialect { get; }

    /// <summary>Gets what the messages call the database (a file path, a host and database name), never a password.</summary>
    public abstract string Description { get; }

    /// <summary>Opens a connection for reading.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Opens a connection with a write transaction begun, excluding other writers as the database needs (SQLite: all of them).</summary>
    public abstract ValueTask<RelationalWrite> BeginWriteAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One change's write: its statements run on <see cref="Connection"/> in <see cref="Transaction"/>; once
/// <see cref="CommitAsync"/> returns, the change is durable. Disposing it without committing undoes the change alone.
/// </summary>
internal abstract class RelationalWrite : IAsyncDisposable
{
    public abstract DbConnection Connection { get; }

    public abstract DbTransaction Transaction { get; }

    public abstract Task CommitAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>A command for a statement in this write; a provider may hand out a cached, already prepared one (dispose the lease, never the command).</summary>
    public virtual CommandLease Command(SqlStatement sql, SqlDialect dialect) => new(sql.CreateCommand(Connection, Transaction, dialect), cached: false);
}

/// <summary>A command to run and then give back: disposed at the end unless it is cached for the next statement of the same text.</summary>
internal readonly struct CommandLease : IDisposable
{
    private readonly bool _cached;

    public CommandLease(DbCommand command, bool cached)
    {
        Command = command;
        _cached = cached;
    }

    public DbCommand Command { get; }

    public void Dispose()
    {
        if (!_cached)
        {
            Command.Dispose();
        }
    }
}

/// <summary>A write that is a whole transaction of its own, on a connection it may own.</summary>
internal sealed class TransactionWrite : RelationalWrite
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly Action? _release;
    private readonly bool _ownsConnection;

    /// <param name="connection">The connection the transaction runs on.</param>
    /// <param name="transaction">The transaction.</param>
    /// <param name="ownsConnection">Whether disposing the write closes the connection.</param>
    /// <param name="release">Run last on dispose, to let the next writer in.</param>
    public TransactionWrite(DbConnection connection, DbTransaction transaction, bool ownsConnection, Action? release)
    {
        _connection = connection;
        _transaction = transaction;
        _ownsConnection = ownsConnection;
        _release = release;
    }

    public override DbConnection Connection => _connection;

    public override DbTransaction Transaction => _transaction;

    public override Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
            if (_ownsConnection)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _release?.Invoke();
        }
    }
}
