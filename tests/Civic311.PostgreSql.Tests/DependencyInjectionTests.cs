using System;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Tests.Shared.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Civic311.PostgreSql.Tests;

public sealed class DependencyInjectionTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    [PostgreSqlFact]
    public async Task AddPostgreSqlStore_registers_one_store_on_the_configured_database()
    {
        var services = new ServiceCollection();
        services.AddCivic311(TestCatalog.Configure).AddPostgreSqlStore(o => o.ConnectionString = database.ConnectionString);
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IServiceRequestStore>();

        store.Should().BeOfType<PostgreSqlServiceRequestStore>().And.BeSameAs(provider.GetRequiredService<PostgreSqlServiceRequestStore>());
        ((PostgreSqlServiceRequestStore)store).Database.Should().EndWith("/" + database.Name);
        (await store.NextSequenceAsync("di")).Should().Be(1);
    }

    [Fact]
    public void AddPostgreSqlStore_validates_the_options_reporting_every_problem()
    {
        var services = new ServiceCollection();
        services.AddCivic311(TestCatalog.Configure).AddPostgreSqlStore(o => o.CommandTimeout = TimeSpan.FromHours(2));
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value;

        var failures = read.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
        failures.Should().HaveCount(2);
        failures.Should().Contain(f => f.Contains("connectionString", StringComparison.Ordinal)).And.Contain(f => f.Contains("commandTimeout", StringComparison.Ordinal));
    }
}

public sealed class PostgreSqlStoreOptionsTests
{
    [Fact]
    public void Validation_reports_every_problem_at_once_and_never_repeats_the_password()
    {
        var options = new PostgreSqlStoreOptions { ConnectionString = "Password=Sup3r-Secret;Database=civic311", CommandTimeout = TimeSpan.Zero };

        var create = () => new PostgreSqlServiceRequestStore(options, new Civic311.Testing.FakeClock(TestCatalog.Start));

        var error = create.Should().Throw<Civic311ValidationException>().Which;
        error.Errors.Select(e => e.Field).Should().BeEquivalentTo(["connectionString.host", "commandTimeout"]);
        error.ToString().Should().NotContain("Sup3r-Secret");
        PostgreSqlStoreOptionsValidator.Validate(new PostgreSqlStoreOptions()).Should().ContainSingle().Which.Code.Should().Be(ValidationErrorCodes.Required);
        PostgreSqlStoreOptionsValidator.Validate(new PostgreSqlStoreOptions { ConnectionString = "Host=x;Nonsense Keyword=1;Password=Sup3r-Secret" })
            .Should().ContainSingle().Which.Should().Match<ValidationError>(e => e.Code == ValidationErrorCodes.InvalidFormat && !e.Message.Contains("Sup3r-Secret"));
        PostgreSqlStoreOptionsValidator.Validate(new PostgreSqlStoreOptions { ConnectionString = "Host=db.example.org;Database=civic311" }).Should().BeEmpty();
        new PostgreSqlStoreOptions().CommandTimeout.Should().Be(TimeSpan.FromSeconds(30));
    }
}
