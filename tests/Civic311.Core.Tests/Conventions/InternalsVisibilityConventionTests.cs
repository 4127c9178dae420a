using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Civic311.Core.Tests.Conventions;

/// <summary>
/// No shipped assembly sees another's internals: what one package needs from another is public (and so in the approved
/// API snapshot) or shared source. Granting internals to test projects and benchmarks stays allowed. The shipped
/// assemblies are every project under <c>src/</c>, read by reflection from their built assemblies.
/// </summary>
public sealed class InternalsVisibilityConventionTests
{
    [Fact]
    public void SrcAssemblies_GrantInternalsToNoOtherSrcAssembly()
    {
        var shipped = SrcAssemblyNames();
        shipped.Should().Contain(["Civic311.Core", "Civic311.Dataverse", "Civic311.Dataverse.AspNetCore"], "the scan must see the projects under src/");

        var grants = shipped.Select(Load).SelectMany(a => Friends(a).Select(friend => (Grantor: a.GetName().Name!, Friend: friend))).ToList();
        grants.Should().Contain(("Civic311.Dataverse", "Civic311.Dataverse.Tests"), "the scan must read the InternalsVisibleTo attributes (every library grants its own tests)");

        grants.Where(g => shipped.Contains(g.Friend, StringComparer.OrdinalIgnoreCase)).Select(g => $"{g.Grantor} -> {g.Friend}")
            .Should().BeEmpty("a shipped assembly must not see another's internals; give it a small public surface instead");
    }

    /// <summary>The assembly names of the projects under src/ (none sets its own AssemblyName).</summary>
    private static string[] SrcAssemblyNames() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static Assembly Load(string name)
    {
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException ex)
        {
            throw new InvalidOperationException($"src project {name} is not referenced by Civic311.Core.Tests; reference it so the convention tests see it.", ex);
        }
    }

    /// <summary>The friend assemblies' simple names (a strong-named friend's <c>, PublicKey=…</c> left out).</summary>
    private static IEnumerable<string> Friends(Assembly assembly) =>
        assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName.Split(',')[0].Trim());
}
