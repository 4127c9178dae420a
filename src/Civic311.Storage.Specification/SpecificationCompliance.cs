using System;
using System.Linq;
using System.Reflection;

namespace Civic311.Storage.Specification;

/// <summary>
/// The checks behind each store's compliance test (EF Core's pattern): every specification suite has a concrete subclass
/// in the store's test assembly, and no specification fact is skipped.
/// </summary>
internal static class SpecificationCompliance
{
    /// <summary>Fails unless <paramref name="testAssembly"/> runs every abstract <c>*SpecificationTests</c> suite.</summary>
    /// <param name="testAssembly">The store's test assembly.</param>
    /// <param name="store">The deriving test class, for the failure message.</param>
    public static void EverySuiteIsRunBy(Assembly testAssembly, string store)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        var suites = typeof(ServiceRequestStoreSpecificationTests).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsClass && t.Name.EndsWith("SpecificationTests", StringComparison.Ordinal))
            .ToList();
        var here = testAssembly.GetTypes().Where(t => !t.IsAbstract).ToList();

        suites.Should().NotBeEmpty();
        suites.Should().AllSatisfy(suite =>
            here.Should().Contain(t => t.IsSubclassOf(suite), $"the test assembly of {store} must run the {suite.Name} suite"));
    }

    /// <summary>Fails when a specification fact is skipped.</summary>
    public static void NoFactIsSkipped()
    {
        var skipped = typeof(ServiceRequestStoreSpecificationTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any(a => a.Skip is not null))
            .Select(m => m.DeclaringType!.Name + "." + m.Name);

        skipped.Should().BeEmpty();
    }
}
