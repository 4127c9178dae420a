using System;
using System.IO;

namespace Civic311.Core.Tests;

/// <summary>The repository checkout the tests run from (for convention scans and files kept beside the tests).</summary>
internal static class Repository
{
    /// <summary>The folder holding Civic311.Sdk.sln, found once above the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Civic311.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Civic311.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
