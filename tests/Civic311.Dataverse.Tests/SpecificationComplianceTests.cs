using System.Reflection;
using Civic311.Storage.Specification.Tests;

namespace Civic311.Dataverse.Tests;

/// <summary>Fails when a specification suite exists that the Dataverse store's tests do not run, or a fact is skipped.</summary>
public sealed class SpecificationComplianceTests
{
    [Fact]
    public void Every_specification_suite_is_run_against_the_Dataverse_store() =>
        SpecificationCompliance.EverySuiteIsRunBy(Assembly.GetExecutingAssembly(), "Dataverse store");

    [Fact]
    public void No_specification_fact_is_skipped() => SpecificationCompliance.NoFactIsSkipped();
}
