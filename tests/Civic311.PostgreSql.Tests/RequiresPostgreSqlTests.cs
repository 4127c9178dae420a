using System.Threading.Tasks;
using Civic311.Tests.Shared.PostgreSql;

namespace Civic311.PostgreSql.Tests;

/// <summary>
/// A suite of plain facts in an abstract base, as the store specification suite is: a derived class cannot mark them
/// [PostgreSqlFact], so it carries [RequiresPostgreSql] instead.
/// </summary>
public abstract class InheritedSuite
{
    protected abstract PostgreSqlDatabase Database { get; }

    [Fact]
    public async Task InheritedFact_RunsOnADatabaseOfItsOwn()
    {
        await using var connection = await Database.OpenConnectionAsync();
        await PostgreSqlDatabaseTests.Execute(connection, "CREATE TABLE made_by_this_fact (id int)");

        (await PostgreSqlDatabaseTests.Strings(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).Should().Equal("made_by_this_fact");
    }

    [Fact]
    public async Task AnotherInheritedFact_DoesNotSeeTheFirstFactsTable()
    {
        await using var connection = await Database.OpenConnectionAsync();

        (await PostgreSqlDatabaseTests.Scalar<bool>(connection, "SELECT to_regclass('made_by_this_fact') IS NULL")).Should().BeTrue();
    }
}

/// <summary>The pattern the PostgreSQL store's specification tests follow: a database per fact, made and dropped by xunit.</summary>
[RequiresPostgreSql]
public sealed class RequiresPostgreSqlTests : InheritedSuite, IAsyncLifetime
{
    private readonly PostgreSqlDatabase _database = new();

    protected override PostgreSqlDatabase Database => _database;

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();
}
