using System;
using System.Diagnostics.CodeAnalysis;

namespace Civic311.Dataverse.Sample;

/// <summary>The sample's command line, with the environment variables it falls back to.</summary>
internal sealed record SampleArguments(Uri? Url, string? TokenVariable, string? Token, string? Prefix, bool Help)
{
    public const string DefaultTokenVariable = "CIVIC311_DATAVERSE_TOKEN";

    public static bool TryParse(string[] args, [NotNullWhen(true)] out SampleArguments? arguments, [NotNullWhen(false)] out string? problem)
    {
        arguments = null;
        string? url = null, tokenVariable = null, prefix = null;
        var help = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    help = true;
                    continue;
                case "--url" or "--token-env" or "--prefix" when i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal):
                    problem = $"{args[i]} needs a value.";
                    return false;
                case "--url":
                    url = args[++i];
                    continue;
                case "--token-env":
                    tokenVariable = args[++i];
                    continue;
                case "--prefix":
                    prefix = args[++i];
                    continue;
                default:
                    problem = $"'{args[i]}' is not an option of this sample.";
                    return false;
            }
        }

        url ??= Environment.GetEnvironmentVariable("CIVIC311_DATAVERSE_URL") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        prefix ??= Environment.GetEnvironmentVariable("CIVIC311_DATAVERSE_PREFIX") is { Length: > 0 } prefixFromEnvironment ? prefixFromEnvironment : null;
        Uri? parsed = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out parsed) || (parsed.Scheme != Uri.UriSchemeHttps && !(parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback))))
        {
            problem = $"--url must be an absolute https URL (http only on loopback), for example https://contoso.crm.dynamics.com; '{url}' is not.";
            return false;
        }

        string? token = null;
        if (tokenVariable is not null)
        {
            token = Environment.GetEnvironmentVariable(tokenVariable);
            if (string.IsNullOrWhiteSpace(token))
            {
                problem = $"--token-env names {tokenVariable}, which is not set or empty.";
                return false;
            }
        }
        else if (Environment.GetEnvironmentVariable(DefaultTokenVariable) is { Length: > 0 } defaultToken)
        {
            (tokenVariable, token) = (DefaultTokenVariable, defaultToken);
        }

        if (token is not null && parsed is null)
        {
            problem = $"a bearer token is given ({tokenVariable}) but no --url or CIVIC311_DATAVERSE_URL to send it to.";
            return false;
        }

        problem = null;
        arguments = new SampleArguments(parsed, tokenVariable, token?.Trim(), prefix, help);
        return true;
    }
}
