using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Tests.Shared.PostgreSql;

/// <summary>
/// A throwaway cluster started with the local server binaries, as <c>.ci/run</c> starts CI's: a new temporary directory,
/// 127.0.0.1 only, a free port, trust for loopback, its socket in that directory. Stopped and deleted by
/// <see cref="Stop"/>, which the test server calls when the process exits.
/// </summary>
internal sealed class PrivatePostgreSqlCluster
{
    // initdb and postgres refuse to run as root; Debian's package creates this user for them.
    private const string ServerUser = "postgres";

    private readonly string _bin;

    private readonly int _port;

    private PrivatePostgreSqlCluster(string bin, string directory, int port)
    {
        _port = port;
        _bin = bin;
        ClusterDirectory = directory;
        ConnectionString = $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres";
    }

    public string ConnectionString { get; }

    /// <summary>The cluster's directory: its data, log and socket.</summary>
    public string ClusterDirectory { get; }

    private string Data => Path.Combine(ClusterDirectory, "data");

    private static bool IsRoot => Environment.UserName == "root";

    public static async Task<PrivatePostgreSqlCluster> StartAsync(string bin)
    {
        // Its socket goes here too, so a long TMPDIR can break the start: a socket path must fit in 107 bytes.
        var directory = Directory.CreateTempSubdirectory("civic311-pg-").FullName;
        try
        {
            if (IsRoot)
            {
                await RunAsync(directory, "chown", ServerUser, directory).ConfigureAwait(false);
            }

            // --no-sync: nothing to flush for a cluster that lives as long as the test run.
            await RunAsync(directory, Path.Combine(bin, "initdb"), "-D", Path.Combine(directory, "data"), "--auth=trust", "--username=postgres",
                "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions").ConfigureAwait(false);
            await File.AppendAllTextAsync(Path.Combine(directory, "data", "postgresql.conf"),
                $"\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{directory}'\nmax_connections = 200\n").ConfigureAwait(false);

            // A port free a moment ago can be taken before the server binds it: then try another.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                try
                {
                    await RunAsync(directory, Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"),
                        "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)}", "-w", "-t", "60", "start").ConfigureAwait(false);
                    return new PrivatePostgreSqlCluster(bin, directory, port);
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch (Exception e)
        {
            var log = Path.Combine(directory, "server.log");
            var tail = File.Exists(log) ? "\nServer log:\n" + await File.ReadAllTextAsync(log).ConfigureAwait(false) : "";
            new PrivatePostgreSqlCluster(bin, directory, 0).Stop();
            throw new InvalidOperationException($"Could not start a private PostgreSQL cluster with {bin}: {e.Message}{tail}", e);
        }
    }

    /// <summary>
    /// Has a watcher process stop the server and delete its directory once this process is gone. Not a ProcessExit
    /// handler: the test platform kills its test host soon after the last test, and a crashed or killed run must not
    /// leave a server behind either.
    /// </summary>
    public void StopWhenProcessExits()
    {
        const string Watch = """
            exec </dev/null >/dev/null 2>&1
            cd "$2" || exit 1
            while kill -0 "$1"; do sleep 1; done
            $3 "$4" -D "$2/data" -m fast -w -t 60 stop
            rm -rf "$2"
            """;
        var start = new ProcessStartInfo("sh") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-c", Watch, "civic311-pg-watch", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ClusterDirectory,
            IsRoot ? $"runuser -u {ServerUser} --" : "", Path.Combine(_bin, "pg_ctl")])
        {
            start.ArgumentList.Add(argument);
        }

        using var watcher = Process.Start(start) ?? throw new InvalidOperationException("sh did not start");
    }

    /// <summary>Stops the server (fast: it ends open sessions), runs <paramref name="whileDown"/>, and starts it again on the same port.</summary>
    public async Task RestartAsync(Func<Task> whileDown)
    {
        await RunAsync(ClusterDirectory, Path.Combine(_bin, "pg_ctl"), "-D", Data, "-m", "fast", "-w", "-t", "60", "stop").ConfigureAwait(false);
        await whileDown().ConfigureAwait(false);
        await RunAsync(ClusterDirectory, Path.Combine(_bin, "pg_ctl"), "-D", Data, "-l", Path.Combine(ClusterDirectory, "server.log"),
            "-o", $"-p {_port.ToString(CultureInfo.InvariantCulture)}", "-w", "-t", "60", "start").ConfigureAwait(false);
    }

    /// <summary>Stops the server (fast: it ends open sessions) and deletes its directory.</summary>
    public void Stop()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                RunAsync(ClusterDirectory, Path.Combine(_bin, "pg_ctl"), "-D", Data, "-m", "fast", "-w", "-t", "60", "stop").GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
                // Deleting the directory below still leaves nothing behind once the server exits.
            }
        }

        // The server can still be writing its last files as pg_ctl returns: try again a little later.
        for (var attempt = 1; Directory.Exists(ClusterDirectory); attempt++)
        {
            try
            {
                Directory.Delete(ClusterDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && attempt < 20)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Runs a server tool as the user the server runs as, from a directory that user may enter.
    private static async Task RunAsync(string directory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        if (IsRoot && program != "chown")
        {
            start.FileName = "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(ServerUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}".Trim());
        }
    }
}
