using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Civic311.Core.Tests.Conventions;

/// <summary>
/// Nothing that ships or that a newcomer runs depends on the tests: no project under src/, samples/ or benchmarks/ has a
/// ProjectReference into tests/. What they share with the tests (the Dataverse emulator, the store specification suite)
/// lives under src/ as a package.
/// </summary>
public sealed class NoTestProjectReferenceConventionTests
{
    private static readonly string[] ScannedFolders = ["src", "samples", "benchmarks"];

    [Fact]
    public void ProjectsOutsideTests_ReferenceNoProjectUnderTests()
    {
        var root = Repository.Root;
        var projects = ScannedFolders
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories))
            .ToList();
        projects.Should().Contain(p => p.EndsWith("Civic311.Dataverse.Sample.csproj", StringComparison.Ordinal), "the scan must see the samples");
        projects.Should().Contain(p => p.EndsWith("Civic311.Benchmarks.csproj", StringComparison.Ordinal), "the scan must see the benchmarks");

        var violations = projects
            .SelectMany(project => ReferencesIntoTests(root, project, File.ReadAllText(project))
                .Select(reference => $"{Path.GetRelativePath(root, project)} -> {reference}"))
            .ToList();

        violations.Should().BeEmpty("projects under src/, samples/ and benchmarks/ must not reference a project under tests/; move what they share into src/");
    }

    [Theory]
    [InlineData(@"..\..\tests\Civic311.Dataverse.Emulator\Civic311.Dataverse.Emulator.csproj")]
    [InlineData("../../tests/Civic311.Storage.Specification.Tests/Civic311.Storage.Specification.Tests.csproj")]
    [InlineData(@"..\..\src\..\tests\Civic311.Core.Tests\Civic311.Core.Tests.csproj")]
    [InlineData(@"$(MSBuildThisFileDirectory)..\..\tests\Civic311.Core.Tests\Civic311.Core.Tests.csproj")]
    public void ReferencesIntoTests_AReferenceUnderTests_IsFound(string include)
    {
        var root = Path.Combine(Path.GetTempPath(), "repo");
        var project = Path.Combine(root, "samples", "Some.Sample", "Some.Sample.csproj");

        ReferencesIntoTests(root, project, Csproj(include)).Should().ContainSingle().Which.Should().Be(include);
    }

    [Theory]
    [InlineData(@"..\..\src\Civic311.Dataverse.Emulator\Civic311.Dataverse.Emulator.csproj")]
    [InlineData(@"..\Civic311.Core\Civic311.Core.csproj")]
    [InlineData(@"..\..\src\Civic311.Tests.Helpers\Civic311.Tests.Helpers.csproj")]
    [InlineData(@"..\..\..\tests\Elsewhere\Elsewhere.csproj")]
    public void ReferencesIntoTests_AReferenceOutsideTests_IsNotFound(string include)
    {
        var root = Path.Combine(Path.GetTempPath(), "repo");
        var project = Path.Combine(root, "samples", "Some.Sample", "Some.Sample.csproj");

        ReferencesIntoTests(root, project, Csproj(include)).Should().BeEmpty();
    }

    /// <summary>The ProjectReference includes of one project file that resolve to a path under the repository's tests/.</summary>
    private static IEnumerable<string> ReferencesIntoTests(string repositoryRoot, string projectPath, string projectXml)
    {
        var tests = Path.GetFullPath(Path.Combine(repositoryRoot, "tests")) + Path.DirectorySeparatorChar;
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        return XDocument.Parse(projectXml).Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .Where(include =>
            {
                var relative = include.Replace("$(MSBuildThisFileDirectory)", string.Empty, StringComparison.OrdinalIgnoreCase)
                    .Replace("$(MSBuildProjectDirectory)", string.Empty, StringComparison.OrdinalIgnoreCase)
                    .Replace('\\', Path.DirectorySeparatorChar)
                    .Replace('/', Path.DirectorySeparatorChar)
                    .TrimStart(Path.DirectorySeparatorChar);
                var full = Path.GetFullPath(Path.Combine(projectDirectory, relative));
                return full.StartsWith(tests, StringComparison.OrdinalIgnoreCase);
            });
    }

    private static string Csproj(string include) =>
        $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <ItemGroup>
            <ProjectReference Include="..\Other\Other.csproj" />
            <ProjectReference Include="{include}" />
          </ItemGroup>
        </Project>
        """;
}
