using BenchmarkDotNet.Running;

namespace Civic311.Benchmarks;

/// <summary>Runs the benchmarks picked by the command line, for example <c>--filter '*Submit*' --job short</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
