using System;
using System.Collections.Generic;
using System.IO;
using Civic311.Sqlite;
using Civic311.Storage.Specification;
using NodaTime;

namespace Civic311.Sqlite.Tests;

/// <summary>A temporary folder of database files for one test, removed with the stores opened on them.</summary>
public sealed class TempDatabases : IDisposable
{
    private readonly List<SqliteServiceRequestStore> _stores = new();

    public TempDatabases()
    {
        Folder = Directory.CreateTempSubdirectory("civic311-sqlite-").FullName;
    }

    public string Folder { get; }

    public string NewPath() => Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".db");

    public SqliteServiceRequestStore Open(string path, IClock clock, SqliteSynchronous synchronous = SqliteSynchronous.Full)
    {
        var store = new SqliteServiceRequestStore(new SqliteStoreOptions { DatabasePath = path, Synchronous = synchronous }, clock);
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: the temp folder is cleaned by the system.
        }
    }
}

/// <summary>Runs the store specification suite against the SQLite store, a new database file for each store a fact asks for.</summary>
public sealed class SqliteServiceRequestStoreSpecificationTests : ServiceRequestStoreSpecificationTests, IDisposable
{
    private readonly TempDatabases _databases = new();

    protected override Civic311.Storage.IServiceRequestStore CreateStore() => _databases.Open(_databases.NewPath(), Clock);

    // SQL has OFFSET and LIMIT.
    protected override bool HonoursSkipAndTake => true;

    public void Dispose() => _databases.Dispose();
}
