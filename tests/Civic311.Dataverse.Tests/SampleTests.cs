using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Civic311.Dataverse.Emulator;

namespace Civic311.Dataverse.Tests;

/// <summary>
/// samples/Civic311.Dataverse.Sample run as a newcomer runs it, as a process: against any Web API URL with a bearer token
/// from an environment variable (here the emulator, standing in for an environment), and with bad arguments.
/// </summary>
public sealed class SampleTests
{
    [Fact]
    public async Task The_sample_runs_against_a_given_url_with_a_bearer_token_from_the_environment()
    {
        await using var emulator = await DataverseEmulator.StartAsync();

        var (exit, output, error) = await RunAsync(
            ["--url", emulator.OrganizationUri.AbsoluteUri, "--token-env", "SAMPLE_TEST_TOKEN"],
            new() { ["SAMPLE_TEST_TOKEN"] = emulator.AccessToken });

        exit.Should().Be(0, error);
        output.Should().Contain($"Using Dataverse at {emulator.OrganizationUri} with the bearer token in SAMPLE_TEST_TOKEN")
            .And.Contain("Provision the schema").And.NotContain(emulator.AccessToken, "the token is never printed");
        emulator.Requests.Should().NotBeEmpty("the sample talked to the URL it was given, not to an emulator of its own");
    }

    [Theory]
    [InlineData("--url ftp://contoso.crm.dynamics.com", "--url must be an absolute https URL")]
    [InlineData("--url http://contoso.crm.dynamics.com", "http only on loopback")]
    [InlineData("--url", "--url needs a value.")]
    [InlineData("--url https://contoso.crm.dynamics.com --token-env SAMPLE_TEST_UNSET", "--token-env names SAMPLE_TEST_UNSET, which is not set or empty.")]
    [InlineData("--colour", "'--colour' is not an option of this sample.")]
    public async Task Bad_arguments_exit_with_2_and_say_what_is_wrong(string arguments, string message)
    {
        var (exit, output, error) = await RunAsync(arguments.Split(' '), []);

        exit.Should().Be(2);
        error.Should().Contain(message).And.Contain("usage:");
        output.Should().BeEmpty("nothing ran");
    }

    [Fact]
    public async Task A_url_without_a_token_or_client_secret_says_which_variables_to_set()
    {
        var (exit, _, error) = await RunAsync(["--url", "https://contoso.crm.dynamics.com"], []);

        exit.Should().Be(2);
        error.Should().Contain("CIVIC311_DATAVERSE_TENANT_ID").And.Contain("--token-env");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] arguments, Dictionary<string, string> environment)
    {
        // The sample builds beside this test project (same configuration): artifacts/bin/{project}/{configuration}/.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var sample = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "Civic311.Dataverse.Sample", configuration, "Civic311.Dataverse.Sample.dll"));
        File.Exists(sample).Should().BeTrue($"the sample is built with this project (looked for {sample})");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(sample);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in (string[])["CIVIC311_DATAVERSE_URL", "CIVIC311_DATAVERSE_TOKEN", "CIVIC311_DATAVERSE_TENANT_ID", "CIVIC311_DATAVERSE_CLIENT_ID", "CIVIC311_DATAVERSE_CLIENT_SECRET"])
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
