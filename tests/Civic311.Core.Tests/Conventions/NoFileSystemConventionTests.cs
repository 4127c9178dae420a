using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Civic311.Core.Tests.Conventions;

/// <summary>
/// Core does no I/O: no source file of Civic311.Core touches the file system. Hosts hand it text, streams or an
/// <c>IFileProvider</c> (see <c>RoutingDefinition.FileProvider</c>). The scan reads the sources, comments left out.
/// </summary>
public sealed partial class NoFileSystemConventionTests
{
    [Fact]
    public void CoreSources_UseNoFileSystemApi()
    {
        var core = Path.Combine(Repository.Root, "src", "Civic311.Core");
        var files = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        files.Should().Contain(f => f.EndsWith("GeoJsonDistricts.cs", StringComparison.Ordinal), "the scan must see Core's sources");

        var uses = files.SelectMany(f => Violations(File.ReadAllText(f)).Select(v => $"{Path.GetRelativePath(core, f)}:{v}")).ToList();

        uses.Should().BeEmpty("Civic311.Core does no I/O; take text, a stream or an IFileProvider from the caller instead");
    }

    [Theory]
    [InlineData("var text = File.ReadAllText(path);")]
    [InlineData("var text = System.IO.File.ReadAllText(path);")]
    [InlineData("foreach (var f in Directory.EnumerateFiles(dir)) { }")]
    [InlineData("using var s = new FileStream(path, FileMode.Open);")]
    [InlineData("using var r = new StreamReader(\"districts.geojson\");")]
    [InlineData("using var r = new StreamReader(Path.Combine(dir, name));")]
    [InlineData("using var r = new StreamReader(path: file);")]
    [InlineData("var info = new FileInfo(path);")]
    public void Violations_FileSystemUse_IsFound(string line)
    {
        Violations(line).Should().ContainSingle();
    }

    [Theory]
    [InlineData("using var reader = new StreamReader(stream);")]
    [InlineData("var file = definition.File!.Trim();")]
    [InlineData("/// Reads <see cref=\"File\"/> through the provider, never File.ReadAllText.")]
    [InlineData("var text = definition.File is null ? \".geoJson\" : \".file\";")]
    public void Violations_NoFileSystemUse_IsNotFound(string line)
    {
        Violations(line).Should().BeEmpty();
    }

    /// <summary>The lines (1-based, with their text) of one source that use a file-system API.</summary>
    private static IEnumerable<string> Violations(string source)
    {
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var code = LineComment().Replace(lines[i], string.Empty);
            if (FileSystemUse().IsMatch(code))
            {
                yield return $"{i + 1}: {lines[i].Trim()}";
            }
        }
    }

    [GeneratedRegex(@"//.*$")]
    private static partial Regex LineComment();

    // System.IO.File / Directory used statically (not a property named File), the file-system types, and a StreamReader
    // opened over a path (a string literal, a Path.* expression or the named 'path' argument) rather than a stream.
    // (PhysicalFileProvider needs no rule: Core does not reference its package, so a use would not compile.)
    [GeneratedRegex(@"(?<![\w.])(?:System\.IO\.)?(?:File|Directory)\s*\.\s*[A-Z]\w*\s*\(|\bSystem\.IO\.(?:File|Directory)\b|\b(?:FileStream|FileInfo|DirectoryInfo|DriveInfo|FileSystemWatcher)\b|\bStreamReader\s*\(\s*(?:\$?@?""|@\$""|Path\s*\.|path\s*:)")]
    private static partial Regex FileSystemUse();
}
