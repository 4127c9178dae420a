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

/// <summary>One write transaction on its own connection; disposing it without <see cref="CommitAsync"/> rolls back.</summary>
internal sealed class RelationalWrite : IAsyncDisposable
{
    private readonly Action? _release;
    private readonly bool _ownsConnection;

    /// <param name="connection">The connection the transaction runs on.</param>
    /// <param name="transaction">The transaction.</param>
    /// <param name="ownsConnection">Whether disposing the write closes the connection (not when the provider keeps one writer connection open).</param>
    /// <param name="release">Run last on dispose, to let the next writer in.</param>
    public RelationalWrite(DbConnection connection, DbTransaction transaction, bool ownsConnection, Action? release)
    {
        Connection = connection;
        Transaction = transaction;
        _ownsConnection = ownsConnection;
        _release = release;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync().ConfigureAwait(false);
            if (_ownsConnection)
            {
                await Connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _release?.Invoke();
        }
    }
}
