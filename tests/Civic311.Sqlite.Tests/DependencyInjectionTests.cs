using System;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Civic311.Sqlite.Tests;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly TempDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    [Fact]
    public async Task AddSqliteStore_registers_one_store_on_the_configured_file()
    {
        var path = _databases.NewPath();
        var services = new ServiceCollection();
        services.AddCivic311(TestCatalog.Configure).AddSqliteStore(o => o.DatabasePath = path);
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IServiceRequestStore>();

        store.Should().BeOfType<SqliteServiceRequestStore>().And.BeSameAs(provider.GetRequiredService<SqliteServiceRequestStore>());
        ((SqliteServiceRequestStore)store).DatabasePath.Should().Be(System.IO.Path.GetFullPath(path));
        (await store.NextSequenceAsync("di")).Should().Be(1);
    }

    [Fact]
    public void AddSqliteStore_validates_the_options_reporting_every_problem()
    {
        var services = new ServiceCollection();
        services.AddCivic311(TestCatalog.Configure).AddSqliteStore(o => o.BusyTimeout = TimeSpan.FromHours(2));
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value;

        var failures = read.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
        failures.Should().HaveCount(2);
        failures.Should().Contain(f => f.Contains("databasePath", StringComparison.Ordinal)).And.Contain(f => f.Contains("busyTimeout", StringComparison.Ordinal));
    }
}
