using System;
using System.IO;
using System.Linq;

namespace Civic311.Tests.Shared.PostgreSql;

/// <summary>Where the PostgreSQL tests of this process get their server from.</summary>
internal enum PostgreSqlSource
{
    /// <summary>The server <see cref="PostgreSqlAvailability.ConnectionStringVariable"/> names (CI's, or a developer's own).</summary>
    ConnectionString,

    /// <summary>A throwaway cluster this process starts with the local binaries and stops at exit.</summary>
    PrivateCluster,

    /// <summary>No server: the tests are skipped with <see cref="PostgreSqlAvailability.Reason"/>.</summary>
    Skip,

    /// <summary>No server although <see cref="PostgreSqlAvailability.RequireVariable"/> asks for one: the tests fail.</summary>
    Fail,
}

/// <summary>
/// The decision, made once per test process from the environment and the file system alone (it starts nothing, so the
/// fact attribute can consult it while xunit discovers tests), and kept apart from both so that it is unit-tested.
/// </summary>
internal sealed record PostgreSqlAvailability(PostgreSqlSource Source, string? ConnectionString, string? BinDirectory, string? Reason)
{
    /// <summary>An Npgsql connection string to a server whose role may create and drop databases.</summary>
    public const string ConnectionStringVariable = "CIVIC311_POSTGRES";

    /// <summary>Set to <c>1</c> (CI sets it) to make a missing server a failure rather than a skip.</summary>
    public const string RequireVariable = "CIVIC311_REQUIRE_POSTGRES";

    /// <summary>Debian's layout: one <c>&lt;major&gt;/bin</c> per installed server version, none of it on the PATH.</summary>
    public const string DebianRoot = "/usr/lib/postgresql";

    public const string NotInstalled = "PostgreSQL is not installed (Debian: apt-get install postgresql) and " + ConnectionStringVariable + " is not set";

    public const string LocalNotInstalled = "PostgreSQL is not installed (Debian: apt-get install postgresql): this fact starts a server of its own";

    private static readonly string[] Tools = ["initdb", "pg_ctl", "postgres"];

    private static readonly Lazy<string?> Binaries = new(() => FindBinaries(DebianRoot, Environment.GetEnvironmentVariable("PATH")));

    private static readonly Lazy<PostgreSqlAvailability> Current = new(() => Decide(
        Environment.GetEnvironmentVariable(ConnectionStringVariable), Environment.GetEnvironmentVariable(RequireVariable), Binaries.Value));

    private static readonly Lazy<PostgreSqlAvailability> Local = new(() => ForLocalBinariesOnly(Environment.GetEnvironmentVariable(RequireVariable), Binaries.Value));

    /// <summary>This process's decision.</summary>
    public static PostgreSqlAvailability ForThisProcess => Current.Value;

    /// <summary>The decision for a test of the private cluster itself, which needs the local binaries whatever server is named.</summary>
    public static PostgreSqlAvailability ForLocalBinaries => Local.Value;

    /// <summary>The reason to skip a PostgreSQL test, or null when it must run (and may then fail).</summary>
    public string? SkipReason => Source == PostgreSqlSource.Skip ? Reason : null;

    /// <summary>A named server wins; else local binaries give a private cluster; else skip, or fail when required.</summary>
    /// <param name="connectionString">The value of <see cref="ConnectionStringVariable"/>.</param>
    /// <param name="require">The value of <see cref="RequireVariable"/>.</param>
    /// <param name="binDirectory">What <see cref="FindBinaries"/> found.</param>
    public static PostgreSqlAvailability Decide(string? connectionString, string? require, string? binDirectory)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new(PostgreSqlSource.ConnectionString, connectionString, null, null);
        }

        if (binDirectory is not null)
        {
            return new(PostgreSqlSource.PrivateCluster, null, binDirectory, null);
        }

        return IsSet(require)
            ? new(PostgreSqlSource.Fail, null, null, $"{NotInstalled}, and {RequireVariable} requires a server")
            : new(PostgreSqlSource.Skip, null, null, NotInstalled);
    }

    /// <summary>The decision for a fact that starts a cluster itself: a server named in the environment does not help it.</summary>
    public static PostgreSqlAvailability ForLocalBinariesOnly(string? require, string? binDirectory) =>
        Decide(null, require, binDirectory) switch
        {
            { Source: PostgreSqlSource.Skip } skip => skip with { Reason = LocalNotInstalled },
            { Source: PostgreSqlSource.Fail } fail => fail with { Reason = $"{LocalNotInstalled}, and {RequireVariable} requires it" },
            var found => found,
        };

    /// <summary>
    /// The directory holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>: the highest major version under
    /// <paramref name="debianRoot"/>, else the first directory of <paramref name="path"/> that has all three; else null.
    /// </summary>
    public static string? FindBinaries(string debianRoot, string? path)
    {
        var debian = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(version => (Version: ParseMajor(Path.GetFileName(version)), Bin: Path.Combine(version, "bin")))
                .Where(v => v.Version is not null)
                .OrderByDescending(v => v.Version)
                .Select(v => v.Bin)
            : [];
        var onPath = (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return debian.Concat(onPath).FirstOrDefault(HasTools);
    }

    private static bool IsSet(string? value) =>
        value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));

    // Old servers were named 9.6, new ones 15: compare as versions, never as text ("9.6" > "15").
    private static Version? ParseMajor(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static bool HasTools(string directory) => Tools.All(tool => File.Exists(Path.Combine(directory, tool)));
}
