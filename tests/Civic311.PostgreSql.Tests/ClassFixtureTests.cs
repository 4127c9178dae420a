using System.Threading.Tasks;
using Civic311.Tests.Shared.PostgreSql;

namespace Civic311.PostgreSql.Tests;

// Two classes with a database fixture each: xunit runs them in parallel, and each sees only the table it made, so
// neither shares the other's database whichever runs first.

/// <summary>The first of two classes with a database each.</summary>
public sealed class FirstClassFixtureTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    [PostgreSqlFact]
    public Task ClassFixture_HoldsOnlyWhatThisClassMade() => ClassFixtureCheck.OnlyOwnTableAsync(database, "made_by_first");
}

/// <summary>The second of two classes with a database each.</summary>
public sealed class SecondClassFixtureTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    [PostgreSqlFact]
    public Task ClassFixture_HoldsOnlyWhatThisClassMade() => ClassFixtureCheck.OnlyOwnTableAsync(database, "made_by_second");
}

internal static class ClassFixtureCheck
{
    public static async Task OnlyOwnTableAsync(PostgreSqlDatabase database, string table)
    {
        await using var connection = await database.OpenConnectionAsync();
        await PostgreSqlDatabaseTests.Execute(connection, $"CREATE TABLE {table} (id int)");

        (await PostgreSqlDatabaseTests.Strings(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).Should().Equal(table);
    }
}
