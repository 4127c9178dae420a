using System.IO;

namespace Civic311.Core.Tests;

public sealed class SharedDataTests
{
    [Fact]
    public void Require_MissingFile_NamesItAndWhereTheSharedFolderBelongs()
    {
        var directory = Directory.CreateTempSubdirectory("civic311-shared-");
        try
        {
            System.IO.File.WriteAllText(Path.Combine(directory.FullName, "present.csv"), "x");

            var act = () => SharedData.RequireIn(directory.FullName, "present.csv", "geo/missing.geojson");

            act.Should().Throw<FileNotFoundException>()
                .Which.Should().Match<FileNotFoundException>(e => e.FileName == Path.Combine(directory.FullName, "geo/missing.geojson")
                    && e.Message.StartsWith("This test reads ../shared/data/geo/missing.geojson, which is missing", System.StringComparison.Ordinal)
                    && e.Message.Contains("clone or link it at ../shared", System.StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Require_EveryFilePresent_ReturnsTheFolder()
    {
        SharedData.Require("nyc311-2013-12-25.csv", "geo/nyc-boroughs.geojson").Should().Be(SharedData.Directory);
    }
}
