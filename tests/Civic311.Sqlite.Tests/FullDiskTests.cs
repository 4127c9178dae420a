using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Data.Sqlite;

namespace Civic311.Sqlite.Tests;

/// <summary>A fact that mounts a file system: it needs root, which CI has; elsewhere it is skipped, saying so.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Skip = "Needs root on Linux: it mounts a 1.5 MB tmpfs to fill a disk (CI runs as root).";
        }
    }
}

/// <summary>A full disk: a clear error, nothing half-written, and the store works again once there is space.</summary>
public sealed class FullDiskTests
{
    /// <summary>
    /// Proves, on a 1.5 MB tmpfs filled by submitting until a write fails, that the failure is an <see cref="IOException"/>
    /// naming the file and saying the disk is full; that every submit acknowledged before is stored and nothing else; and
    /// that the same store submits again once the file system is grown.
    /// </summary>
    [MountFact]
    public async Task Filling_the_disk_is_a_clear_error_that_loses_nothing_and_passes_when_space_returns()
    {
        var folder = Directory.CreateTempSubdirectory("civic311-full-").FullName;
        Run("mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", folder);
        try
        {
            var path = Path.Combine(folder, "center.db");
            var clock = new FakeClock(TestCatalog.Start);
            var acknowledged = new List<string>();
            using (var store = new SqliteServiceRequestStore(new SqliteStoreOptions { DatabasePath = path }, clock))
            {
                var service = new ServiceRequests(store, TestCatalog.Options(), clock);
                IOException? full = null;
                for (var i = 0; i < 100_000 && full is null; i++)
                {
                    try
                    {
                        acknowledged.Add((await service.SubmitAsync(Pothole(i))).TrackingNumber);
                    }
                    catch (IOException ex)
                    {
                        full = ex;
                    }
                }

                full.Should().NotBeNull("1.5 MB holds a few hundred requests");
                full!.Message.Should().Contain(path).And.Contain("full").And.Contain("not stored");
                acknowledged.Should().NotBeEmpty();

                Run("mount", "-o", "remount,size=64m", folder);
                acknowledged.Add((await service.SubmitAsync(Pothole(-1))).TrackingNumber);
            }

            SqliteConnection.ClearAllPools();
            using var reopened = new SqliteServiceRequestStore(new SqliteStoreOptions { DatabasePath = path }, clock);
            var stored = new List<string>();
            string? token = null;
            do
            {
                var page = await reopened.QueryAsync(new AllRequests(), token, ServiceRequestPage.MaxSize);
                stored.AddRange(System.Linq.Enumerable.Select(page.Items, r => r.TrackingNumber));
                token = page.ContinuationToken;
            }
            while (token is not null);

            stored.Should().BeEquivalentTo(acknowledged, "every acknowledged submit is stored, and the refused one is not");
        }
        finally
        {
            // Lazily: a failed assertion above may leave a connection open, and that failure is the one to report.
            SqliteConnection.ClearAllPools();
            Run("umount", "-l", folder);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ServiceRequestSubmission Pothole(int i) => new()
    {
        ServiceCode = "POTHOLE",
        Description = $"Pothole {i}: " + new string('x', 400),
        Address = "1 Centre St, New York, NY",
        Latitude = 40.7128,
        Longitude = -74.0060,
    };

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"{program} {string.Join(' ', arguments)} failed: {error}");
    }
}
