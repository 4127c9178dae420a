using System.Reflection;
using Civic311.Storage.Specification.Tests;

namespace Civic311.InMemory.Tests;

/// <summary>Fails when a specification suite exists that this store's tests do not run (EF Core's compliance test).</summary>
public sealed class SpecificationComplianceTests
{
    [Fact]
    public void Every_specification_suite_is_run_against_the_in_memory_store() =>
        SpecificationCompliance.EverySuiteIsRunBy(Assembly.GetExecutingAssembly(), "in-memory store");

    [Fact]
    public void No_specification_fact_is_skipped() => SpecificationCompliance.NoFactIsSkipped();
}
