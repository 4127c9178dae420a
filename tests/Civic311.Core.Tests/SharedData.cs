using System.IO;

namespace Civic311.Core.Tests;

/// <summary>
/// The real-city data in <c>../shared/data</c> beside the repository (NYC 311 extracts, borough GeoJSON), read in place and
/// never copied in. A test that needs a file asks for it here, so that a missing checkout fails with the file's name and
/// what to do, not with a validation error about an unreadable district set.
/// </summary>
internal static class SharedData
{
    /// <summary>The <c>../shared/data</c> folder.</summary>
    public static string Directory => Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "data"));

    /// <summary>Checks that every file exists under the shared data folder and returns the folder.</summary>
    /// <param name="relativePaths">The files the test reads, relative to <c>../shared/data</c>.</param>
    /// <returns>The full path of the shared data folder.</returns>
    /// <exception cref="FileNotFoundException">A file is missing; the message names it and where it is expected.</exception>
    public static string Require(params string[] relativePaths) => RequireIn(Directory, relativePaths);

    /// <summary>The full path of one shared data file, checked to exist (see <see cref="Require(string[])"/>).</summary>
    /// <param name="relativePath">The file, relative to <c>../shared/data</c>.</param>
    /// <returns>The file's full path.</returns>
    public static string File(string relativePath) => Path.Combine(Require(relativePath), relativePath);

    internal static string RequireIn(string directory, params string[] relativePaths)
    {
        foreach (var relative in relativePaths)
        {
            var full = Path.Combine(directory, relative);
            if (!System.IO.File.Exists(full))
            {
                throw new FileNotFoundException(
                    $"This test reads ../shared/data/{relative}, which is missing (looked for {full}). The tests expect the shared "
                    + "folder (docs/ and data/) beside the repository, as CI places it: clone or link it at ../shared.", full);
            }
        }

        return directory;
    }
}
