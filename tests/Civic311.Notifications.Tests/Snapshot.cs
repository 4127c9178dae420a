using System.IO;
using System.Runtime.CompilerServices;

namespace Civic311.Notifications.Tests;

/// <summary>
/// Compares text with an approved file under Snapshots/. On a difference it writes <c>{name}.received.txt</c> beside it
/// (git ignores those): review it and, if right, copy it over <c>{name}.approved.txt</c>.
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual)
    {
        var directory = Path.Combine(SourceDirectory(), "Snapshots");
        var approvedPath = Path.Combine(directory, name + ".approved.txt");
        var receivedPath = Path.Combine(directory, name + ".received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;
        actual = actual.ReplaceLineEndings("\n");
        if (approved != actual)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(receivedPath, actual);
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }

        actual.Should().Be(approved, $"the rendering changed; review {receivedPath} and, if it is right, copy it over {approvedPath}");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
