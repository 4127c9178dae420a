using System;

namespace Civic311.Tests.Shared.PostgreSql;

/// <summary>
/// A fact that needs a PostgreSQL server: skipped, with the reason, when there is none and none is required
/// (<see cref="PostgreSqlAvailability"/>). xunit 2 reads <see cref="Skip"/> while it discovers tests, so the decision is
/// taken then, from the environment and the file system only.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class PostgreSqlFactAttribute : FactAttribute
{
    private string? _skip;

    /// <summary>Gets or sets a value indicating whether the fact needs the local server binaries, not just a server.</summary>
    public bool LocalBinaries { get; set; }

    /// <inheritdoc/>
    public override string? Skip
    {
        get => _skip ?? (LocalBinaries ? PostgreSqlAvailability.ForLocalBinaries : PostgreSqlAvailability.ForThisProcess).SkipReason;
        set => _skip = value;
    }
}
