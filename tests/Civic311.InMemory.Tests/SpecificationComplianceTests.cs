using System;
using System.Linq;
using System.Reflection;
using Civic311.Storage.Specification.Tests;

namespace Civic311.InMemory.Tests;

/// <summary>Fails when a specification suite exists that this store's tests do not run (EF Core's compliance test).</summary>
public sealed class SpecificationComplianceTests
{
    [Fact]
    public void Every_specification_suite_is_run_against_the_in_memory_store()
    {
        var suites = typeof(ServiceRequestStoreSpecificationTests).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsClass && t.Name.EndsWith("SpecificationTests", StringComparison.Ordinal))
            .ToList();
        var here = Assembly.GetExecutingAssembly().GetTypes().Where(t => !t.IsAbstract).ToList();

        suites.Should().NotBeEmpty();
        suites.Should().AllSatisfy(suite =>
            here.Should().Contain(t => t.IsSubclassOf(suite), $"the store must run the {suite.Name} suite"));
    }

    [Fact]
    public void No_specification_fact_is_skipped()
    {
        var skipped = typeof(ServiceRequestStoreSpecificationTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any(a => a.Skip is not null))
            .Select(m => m.DeclaringType!.Name + "." + m.Name);

        skipped.Should().BeEmpty();
    }
}
