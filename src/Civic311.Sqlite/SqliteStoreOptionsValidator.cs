using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Data.Sqlite;

namespace Civic311.Sqlite;

/// <summary>Checks <see cref="SqliteStoreOptions"/> once, listing every problem.</summary>
internal static class SqliteStoreOptionsValidator
{
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromMinutes(10);

    public static void ThrowIfInvalid(SqliteStoreOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("SQLite store options", errors);
        }
    }

    /// <summary>Every problem with the options; empty when they are valid.</summary>
    public static IReadOnlyList<ValidationError> Validate(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ValidationError>();
        void Add(string field, string code, string message) => errors.Add(new ValidationError(field, code, message));

        var hasPath = options.DatabasePath is not null;
        var hasConnectionString = options.ConnectionString is not null;
        if (!hasPath && !hasConnectionString)
        {
            Add("databasePath", ValidationErrorCodes.Required, "Give the database file (DatabasePath) or a connection string (ConnectionString).");
        }
        else if (hasPath && hasConnectionString)
        {
            Add("connectionString", ValidationErrorCodes.Inconsistent, "Give DatabasePath or ConnectionString, not both.");
        }

        if (hasPath)
        {
            CheckPath("databasePath", options.DatabasePath!, Add);
        }

        if (hasConnectionString)
        {
            SqliteConnectionStringBuilder? parsed = null;
            try
            {
                parsed = new SqliteConnectionStringBuilder(options.ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                Add("connectionString", ValidationErrorCodes.InvalidFormat, $"The connection string is not one Microsoft.Data.Sqlite reads: {ex.Message}");
            }

            if (parsed is not null)
            {
                if (parsed.Mode == SqliteOpenMode.Memory)
                {
                    Add("connectionString", ValidationErrorCodes.Inconsistent, "Mode=Memory keeps nothing; the SQLite store is durable: name a file (or use the in-memory store).");
                }
                else if (parsed.Mode == SqliteOpenMode.ReadOnly)
                {
                    Add("connectionString", ValidationErrorCodes.Inconsistent, "Mode=ReadOnly cannot store anything; the store writes to its database.");
                }

                CheckPath("connectionString.dataSource", parsed.DataSource, Add);
            }
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            Add("synchronous", ValidationErrorCodes.OutOfRange, $"'{options.Synchronous}' is not a synchronous setting: use Full (the safe default), Extra or Normal.");
        }

        if (options.BusyTimeout < TimeSpan.FromMilliseconds(1) || options.BusyTimeout > MaxBusyTimeout)
        {
            Add("busyTimeout", ValidationErrorCodes.OutOfRange, $"The busy timeout must be from 1 millisecond to 10 minutes; it is {options.BusyTimeout}.");
        }

        if (options.SequenceBlockSize is < 1 or > 10_000)
        {
            Add("sequenceBlockSize", ValidationErrorCodes.OutOfRange, $"Reserve 1 to 10000 numbers at a time; it is {options.SequenceBlockSize}.");
        }

        return errors;
    }

    private static void CheckPath(string field, string path, Action<string, string, string> add)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            add(field, ValidationErrorCodes.Required, "The database file path is empty.");
        }
        else if (path == ":memory:" || path.StartsWith("file::memory:", StringComparison.OrdinalIgnoreCase))
        {
            add(field, ValidationErrorCodes.Inconsistent, "':memory:' keeps nothing; the SQLite store is durable: name a file (or use the in-memory store).");
        }
        else if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            add(field, ValidationErrorCodes.InvalidFormat, $"'{path}' is not a valid file path.");
        }
        else if (Directory.Exists(path))
        {
            add(field, ValidationErrorCodes.InvalidFormat, $"'{path}' is a folder; name the database file in it, for example '{Path.Combine(path, "civic311.db")}'.");
        }
    }
}
