using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Tests.Shared.StoreHost;

/// <summary>
/// Runs tests/Civic311.StoreHost as a child process: its standard output line by line, killed (SIGKILL on Unix) or left
/// to finish. A test project builds the host with <c>&lt;ProjectReference ... ReferenceOutputAssembly="false" /&gt;</c>.
/// </summary>
internal sealed class StoreHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly SemaphoreSlim _ready = new(0);

    private StoreHostProcess(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HostPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _lines.Enqueue(line);
                if (line == "ready")
                {
                    _ready.Release();
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _errors.Enqueue(line);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Gets what the host wrote to standard error so far.</summary>
    public string Errors => string.Join(Environment.NewLine, _errors);

    /// <summary>Starts the host and waits until it prints <c>ready</c>.</summary>
    public static async Task<StoreHostProcess> StartAsync(params string[] arguments)
    {
        var host = new StoreHostProcess(arguments);
        if (!await host._ready.WaitAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false))
        {
            var errors = host.Errors;
            host.Dispose();
            throw new InvalidOperationException($"The store host did not get ready: {errors}");
        }

        return host;
    }

    /// <summary>Kills the host (SIGKILL on Unix) and returns every line it printed.</summary>
    public async Task<List<string>> KillAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The store host ended before it was killed (exit code {_process.ExitCode}): {Errors}");
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false); // also waits for the streams' ends: every line is read
        return [.. _lines];
    }

    /// <summary>Waits for the host to finish on its own and returns every line it printed.</summary>
    /// <exception cref="InvalidOperationException">It failed, or did not finish in time.</exception>
    public async Task<List<string>> WaitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The store host failed with exit code {_process.ExitCode}: {Errors}");
        }

        return [.. _lines];
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _ready.Dispose();
    }

    // Built next to the test assembly by the project reference: artifacts/bin/<project>/<configuration>/.
    private static string HostPath()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var host = Path.Combine(here.Parent!.Parent!.FullName, "Civic311.StoreHost", here.Name, "Civic311.StoreHost.dll");
        return File.Exists(host) ? host : throw new InvalidOperationException($"The store host is not built at {host}; the test project references tests/Civic311.StoreHost.");
    }
}
