using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Civic311.Catalog;
using Civic311.Requests;
using Civic311.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Civic311.Quickstart;

/// <summary>
/// The Civic311 quickstart. With no arguments it simulates one working day of a multi-agency 311 center on the in-memory
/// store; with <c>--replay FILE</c> it replays a NYC 311 CSV export through the same SDK calls.
/// </summary>
internal static class Program
{
    private const int DefaultSeed = 311;

    private static async Task<int> Main(string[] args)
    {
        if (!CommandLine.TryParse(args, out var commandLine, out var error))
        {
            Console.Error.WriteLine($"error: {error}");
            Console.Error.WriteLine("Run with --help for usage.");
            return 2;
        }

        if (commandLine.ShowHelp)
        {
            PrintUsage();
            return 0;
        }

        try
        {
            return commandLine.ReplayPath is { } path
                ? await NycReplay.RunAsync(path, commandLine.Store, commandLine.Verbose).ConfigureAwait(false)
                : await QuickstartDay.RunAsync(commandLine.Seed, commandLine.Store, commandLine.Verbose).ConfigureAwait(false);
        }
        catch (Civic311ValidationException ex)
        {
            // Configuration problems: the SDK lists every one of them.
            Console.Error.WriteLine($"error: the {ex.Subject} is invalid:");
            foreach (var problem in ex.Errors)
            {
                Console.Error.WriteLine($"  - {problem}");
            }

            return 1;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine("error: the Civic311 options are invalid:");
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine($"  - {failure}");
            }

            return 1;
        }
    }

    /// <summary>
    /// The composition root: Civic311 with the chosen store (in memory, or a SQLite file that keeps its data between runs), the fake clock as the NodaTime <see cref="IClock"/>, and
    /// console logging (to standard error, warnings only unless <paramref name="verbose"/>). With
    /// <paramref name="notifications"/>, residents are notified: e-mail and SMS go to the outbox and an
    /// <see cref="Civic311.Notifications.Channels.Outbox.OutboxDispatcher"/> delivers them to channels that keep what they
    /// get (a real center registers SMTP and an SMS provider's webhook instead).
    /// </summary>
    public static ServiceProvider BuildServices(ServiceCatalogDefinition catalog, FakeClock clock, StoreChoice store, bool verbose, bool notifications = false)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true));
        services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        services.AddSingleton<IClock>(clock);
        var civic311 = services
            .AddCivic311(options =>
            {
                options.Catalog = catalog;
                options.TimeZone = QuickstartCatalog.TimeZone;
                options.TrackingNumbers.Format = "311-{yy}-{seq:7}";
                options.ReopenWindow = Duration.FromDays(30);
                options.Notifications.Enabled = notifications;
                options.Notifications.CenterName = "Civic311 demo center";
                options.Notifications.SurveyUrl = "https://311.example.gov/survey/{trackingNumber}";
            });
        if (store.SqlitePath is { } path)
        {
            civic311.AddSqliteStore(sqlite => sqlite.DatabasePath = path);
        }
        else
        {
            civic311.AddInMemoryStore();
        }

        if (notifications)
        {
            services.AddSingleton<Civic311.Notifications.INotificationChannel>(new KeepingChannel("email", Civic311.Notifications.ChannelKind.Email));
            services.AddSingleton<Civic311.Notifications.INotificationChannel>(new KeepingChannel("sms", Civic311.Notifications.ChannelKind.Sms));
            civic311.AddOutboxDispatcher(dispatcher => dispatcher.ImmediateRetries = 0);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static void PrintUsage()
    {
        Console.WriteLine("""
            Civic311 quickstart

            Usage:
              dotnet run --project samples/Civic311.Quickstart [-- OPTIONS]

            With no options, simulates one working day of a multi-agency 311 center (sanitation, streets, animal care,
            housing) on the in-memory store: about 200 requests through every channel, in English and Spanish, walked
            through the lifecycle with a fake clock; then prints a summary, three request histories and a paged query.
            The output is the same on every run.

            Options:
              --replay FILE   Replay a NYC 311 service-request CSV export (NYC Open Data "311 Service Requests" columns:
                              'Unique Key', 'Created Date', 'Closed Date', 'Agency', 'Agency Name', 'Complaint Type',
                              'Descriptor', 'Incident Address', 'Incident Zip', 'Borough', 'Latitude', 'Longitude',
                              'Status' and, when present, 'Open Data Channel Type' and 'Resolution Description').
                              The catalog is built from the file; rows are submitted in 'Created Date' order and resolved
                              and closed at their 'Closed Date'. The file is read in place, never copied.
              --store KIND    Where requests are kept: 'memory' (the default) or 'sqlite[=PATH]', a SQLite database file
                              that keeps them between runs (default PATH: quickstart.db, or nyc-replay.db with
                              --replay, in the current directory). A replay into a file that already holds requests
                              prints what is stored instead of replaying again; delete the file to start over.
              --seed N        Seed of the simulated day (default 311).
              --verbose       Also show the SDK's own log messages (on standard error).
              -h, --help      Show this help.

            Examples:
              dotnet run --project samples/Civic311.Quickstart
              dotnet run --project samples/Civic311.Quickstart -- --replay /path/to/nyc311.csv
              dotnet run --project samples/Civic311.Quickstart -- --replay /path/to/nyc311.csv --store sqlite
            """);
    }

    private sealed record CommandLine(string? ReplayPath, int Seed, bool Verbose, bool ShowHelp, string? StoreArgument = null)
    {
        public StoreChoice Store => StoreArgument is null or "memory"
            ? StoreChoice.Memory
            : new StoreChoice(Path.GetFullPath(StoreArgument.Length > "sqlite=".Length ? StoreArgument["sqlite=".Length..] : ReplayPath is null ? "quickstart.db" : "nyc-replay.db"));

        public static bool TryParse(string[] args, out CommandLine commandLine, out string? error)
        {
            commandLine = new CommandLine(null, DefaultSeed, Verbose: false, ShowHelp: false);
            error = null;
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                switch (arg)
                {
                    case "-h" or "--help" or "-?" or "/?":
                        commandLine = commandLine with { ShowHelp = true };
                        break;
                    case "--verbose" or "-v":
                        commandLine = commandLine with { Verbose = true };
                        break;
                    case "--replay":
                        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                        {
                            error = "--replay needs a file: --replay FILE";
                            return false;
                        }

                        commandLine = commandLine with { ReplayPath = Path.GetFullPath(args[++i]) };
                        break;
                    case "--seed":
                        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
                        {
                            error = "--seed needs an integer: --seed 42";
                            return false;
                        }

                        commandLine = commandLine with { Seed = seed };
                        i++;
                        break;
                    case "--store":
                        if (i + 1 >= args.Length || !IsStore(args[i + 1]))
                        {
                            error = "--store needs 'memory', 'sqlite' or 'sqlite=PATH': --store sqlite";
                            return false;
                        }

                        commandLine = commandLine with { StoreArgument = args[++i] };
                        break;
                    default:
                        if (arg.StartsWith("--store=", StringComparison.Ordinal) && IsStore(arg["--store=".Length..]))
                        {
                            commandLine = commandLine with { StoreArgument = arg["--store=".Length..] };
                            break;
                        }

                        if (arg.StartsWith("--replay=", StringComparison.Ordinal))
                        {
                            commandLine = commandLine with { ReplayPath = Path.GetFullPath(arg["--replay=".Length..]) };
                            break;
                        }

                        error = $"unknown argument '{arg}'.";
                        return false;
                }
            }

            if (!commandLine.ShowHelp && commandLine.Store.SqlitePath is { } database && Path.GetDirectoryName(database) is { } folder && !Directory.Exists(folder))
            {
                error = $"the folder '{folder}' of the database file does not exist.";
                return false;
            }

            if (!commandLine.ShowHelp && commandLine.ReplayPath is { } path && !File.Exists(path))
            {
                error = $"the file '{path}' does not exist.";
                return false;
            }

            return true;
        }

        private static bool IsStore(string value) =>
            value is "memory" or "sqlite" || (value.StartsWith("sqlite=", StringComparison.Ordinal) && value.Length > "sqlite=".Length);
    }
}

/// <summary>The store a run keeps its requests in: in memory, or the SQLite database file at <see cref="SqlitePath"/>.</summary>
internal sealed record StoreChoice(string? SqlitePath)
{
    public static StoreChoice Memory { get; } = new((string?)null);

    public override string ToString() => SqlitePath is { } path ? $"SQLite database {path}" : "in memory";
}
