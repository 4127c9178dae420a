using System;
using System.Collections.Generic;
using Npgsql;

namespace Civic311.PostgreSql;

/// <summary>Checks <see cref="PostgreSqlStoreOptions"/> once, listing every problem; no message repeats the connection string, which may hold a password.</summary>
internal static class PostgreSqlStoreOptionsValidator
{
    public static readonly TimeSpan MinCommandTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxCommandTimeout = TimeSpan.FromMinutes(10);

    public static void ThrowIfInvalid(PostgreSqlStoreOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("PostgreSQL store options", errors);
        }
    }

    /// <summary>Every problem with the options; empty when they are valid.</summary>
    public static IReadOnlyList<ValidationError> Validate(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ValidationError>();
        void Add(string field, string code, string message) => errors.Add(new ValidationError(field, code, message));

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            Add("connectionString", ValidationErrorCodes.Required, "Give the Npgsql connection string of the database (ConnectionString), for example 'Host=localhost;Database=civic311;Username=civic311;Password=...'.");
        }
        else
        {
            NpgsqlConnectionStringBuilder? parsed = null;
            try
            {
                parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or OverflowException)
            {
                // The parser's messages name keywords and positions, never values.
                Add("connectionString", ValidationErrorCodes.InvalidFormat, $"The connection string is not one Npgsql reads: {ex.Message}");
            }

            if (parsed is not null && string.IsNullOrWhiteSpace(parsed.Host))
            {
                Add("connectionString.host", ValidationErrorCodes.Required, "The connection string names no server: give Host (a name, an address or a Unix socket directory).");
            }
        }

        if (options.CommandTimeout < MinCommandTimeout || options.CommandTimeout > MaxCommandTimeout)
        {
            Add("commandTimeout", ValidationErrorCodes.OutOfRange, $"The command timeout must be from 1 second to 10 minutes; it is {options.CommandTimeout}.");
        }

        if (options.SequenceBlockSize is < 1 or > 10_000)
        {
            Add("sequenceBlockSize", ValidationErrorCodes.OutOfRange, $"Reserve 1 to 10000 numbers at a time; it is {options.SequenceBlockSize}.");
        }

        return errors;
    }
}
