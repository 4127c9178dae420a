using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Azure.Identity;
using Civic311.Catalog;
using Civic311.Dataverse.Emulator;
using Civic311.Requests;
using Civic311.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Civic311.Application;

namespace Civic311.Dataverse.Sample;

/// <summary>
/// The quickstart scenario on Dataverse: provision the schema, submit requests, move one through its whole lifecycle and
/// cancel or merge others, printing what each step wrote and how many HTTP round trips it took. Against a real environment
/// when <c>CIVIC311_DATAVERSE_URL</c> (and the app registration's tenant, client id and secret) are set; otherwise against
/// the Web API emulator started in this process.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: Civic311.Dataverse.Sample [--url <environment url>] [--token-env <variable>] [--prefix <prefix>]

          (no arguments)        runs against the Web API emulator started in this process
          --url <url>           the environment (or any Web API double) to run against; default CIVIC311_DATAVERSE_URL
          --token-env <name>    read a bearer token from this environment variable (default CIVIC311_DATAVERSE_TOKEN)
                                instead of signing in with CIVIC311_DATAVERSE_TENANT_ID, _CLIENT_ID and _CLIENT_SECRET
          --prefix <prefix>     the publisher's customization prefix; default CIVIC311_DATAVERSE_PREFIX, else civic
        """;

    private static async Task<int> Main(string[] args)
    {
        if (!SampleArguments.TryParse(args, out var arguments, out var problem))
        {
            Console.Error.WriteLine($"error: {problem}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (arguments.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        DataverseEmulator? emulator = null;
        try
        {
            Action<DataverseOptions> configure;
            if (arguments.Url is not { } url)
            {
                emulator = await DataverseEmulator.StartAsync();
                Console.WriteLine($"No --url or CIVIC311_DATAVERSE_URL: using the Dataverse Web API emulator at {emulator.OrganizationUri}");
                var token = emulator.AccessToken;
                configure = o =>
                {
                    o.EnvironmentUrl = emulator.OrganizationUri;
                    o.TokenProvider = new FixedToken(token);
                };
            }
            else if (arguments.Token is { } token)
            {
                // The token is never printed: only where it came from.
                Console.WriteLine($"Using Dataverse at {url} with the bearer token in {arguments.TokenVariable}");
                configure = o =>
                {
                    o.EnvironmentUrl = url;
                    o.TokenProvider = new FixedToken(token);
                    o.Prefix = arguments.Prefix ?? o.Prefix;
                };
            }
            else
            {
                var tenant = Required("CIVIC311_DATAVERSE_TENANT_ID");
                var client = Required("CIVIC311_DATAVERSE_CLIENT_ID");
                var secret = Required("CIVIC311_DATAVERSE_CLIENT_SECRET");
                Console.WriteLine($"Using Dataverse at {url} as application {client}");
                configure = o =>
                {
                    o.EnvironmentUrl = url;
                    o.Credential = new ClientSecretCredential(tenant, client, secret);
                    o.Prefix = arguments.Prefix ?? o.Prefix;
                };
            }

            await RunAsync(configure);
            return 0;
        }
        catch (InvalidOperationException ex) when (ex.Source == nameof(Required))
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (DataverseException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            Console.Error.WriteLine($"  status {ex.StatusCode}, code {ex.ErrorCode ?? "-"}, operation '{ex.Operation}', record {ex.Record ?? "-"}");
            return 1;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine("error: the options are invalid:");
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine($"  - {failure}");
            }

            return 1;
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static async Task RunAsync(Action<DataverseOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddCivic311(ConfigureCenter).AddDataverseStore(configure);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate(); // what a host does at start: every problem at once

        var store = provider.GetRequiredService<DataverseServiceRequestStore>();
        var requests = provider.GetRequiredService<ServiceRequests>();
        var steps = new Steps(store);

        using (var provisioning = provider.GetRequiredService<DataverseProvisioning>())
        {
            var report = await steps.RunAsync("Provision the schema", () => provisioning.ProvisionSchemaAsync());
            Console.WriteLine($"    created {report.Created.Count}, already there {report.Existing.Count}; anonymous resident contact {report.AnonymousContactId}");
            foreach (var created in report.Created.Take(8))
            {
                Console.WriteLine($"      + {created}");
            }

            if (report.Created.Count > 8)
            {
                Console.WriteLine($"      + … and {report.Created.Count - 8} more");
            }
        }

        var ana = new ReporterContact { Name = "Ana Pérez", Email = "ana.perez@example.org", PreferredLanguage = "es" };
        var pothole = await steps.RunAsync("Submit a pothole (new reporter: contact looked up, then created with the case)", () => requests.SubmitAsync(new ServiceRequestSubmission
        {
            ServiceCode = "POTHOLE",
            Description = "Deep pothole in the right lane",
            Latitude = 40.7128,
            Longitude = -74.0060,
            Address = "1 Centre St, New York, NY",
            Channel = Channel.MobileApp,
            Reporter = ana,
        }).AsTask());
        Print(pothole);

        var pickup = await steps.RunAsync("Submit a missed pickup (same reporter: known contact)", () => requests.SubmitAsync(MissedPickup(ana)).AsTask());
        var anonymous = await steps.RunAsync("Submit a missed pickup (anonymous reporter)", () => requests.SubmitAsync(MissedPickup(null)).AsTask());
        var again = await steps.RunAsync("Submit the same missed pickup again (anonymous)", () => requests.SubmitAsync(MissedPickup(null)).AsTask());

        Console.WriteLine("Each lifecycle change reads the request (1 round trip), then writes it in one $batch change set (1 round trip):");
        await steps.RunAsync("Acknowledge the pothole", () => requests.AcknowledgeAsync(pothole.Id, new ChangeOptions { Actor = "dot-dispatch" }).AsTask());
        await steps.RunAsync("Assign it to crew 7", () => requests.AssignAsync(pothole.Id, new Assignment { Assignee = "crew-7" }, new ChangeOptions { Actor = "dot-dispatch" }).AsTask());
        await steps.RunAsync("Start work", () => requests.StartWorkAsync(pothole.Id, new ChangeOptions { Actor = "crew-7" }).AsTask());
        await steps.RunAsync("Resolve it (CloseIncident)", () => requests.ResolveAsync(pothole.Id, new Resolution("FIXED", "We filled the pothole."), new ChangeOptions { Actor = "crew-7" }).AsTask());
        await steps.RunAsync("Reopen it (reactivated in the same change set)", () => requests.ReopenAsync(pothole.Id, "It opened up again after the rain").AsTask());
        await steps.RunAsync("Resolve it again", () => requests.ResolveAsync(pothole.Id, new Resolution("FIXED", "Patched properly this time.")).AsTask());
        await steps.RunAsync("Close it", () => requests.CloseAsync(pothole.Id).AsTask());
        await steps.RunAsync("Cancel the first missed pickup", () => requests.CancelAsync(pickup.Id, "Collected later the same day").AsTask());
        await steps.RunAsync("Mark the repeated report as a duplicate", () => requests.MarkAsDuplicateAsync(again.Id, anonymous.Id).AsTask());

        var closed = (await requests.GetAsync(pothole.Id))!;
        Console.WriteLine();
        Console.WriteLine($"History of {closed.TrackingNumber} (status {closed.Status}, version {closed.Version}):");
        foreach (var entry in closed.History)
        {
            Console.WriteLine($"  {entry.Sequence,2}. {entry.OccurredAt:uuuu-MM-dd HH:mm} {entry.Action,-16} {entry.FromStatus?.ToString() ?? "-",-12} -> {entry.ToStatus,-12} by {entry.Actor}");
        }

        Console.WriteLine();
        var page = await steps.RunAsync("Query every request, 2 a page (first page)", () => requests.QueryAsync(new AllRequests(), pageSize: 2).AsTask());
        var all = new List<ServiceRequest>(page.Items);
        while (page.ContinuationToken is { } token)
        {
            page = await requests.QueryAsync(new AllRequests(), token, pageSize: 2);
            all.AddRange(page.Items);
        }

        foreach (var request in all)
        {
            Console.WriteLine($"    {request.TrackingNumber}  {request.ServiceCode,-14} {request.Status,-10} {request.Reporter?.Email ?? "(anonymous)"}");
        }

        Console.WriteLine();
        Console.WriteLine($"{store.RoundTrips} HTTP round trips in all.");
    }

    private static ServiceRequestSubmission MissedPickup(ReporterContact? reporter) => new()
    {
        ServiceCode = "MISSED-PICKUP",
        Address = "350 5th Ave, New York, NY",
        Attributes = new Dictionary<string, StringValues> { ["BIN"] = "RECYCLING" },
        Channel = reporter is null ? Channel.Phone : Channel.Web,
        Reporter = reporter,
    };

    private static void ConfigureCenter(Civic311Options options)
    {
        options.TimeZone = "America/New_York";
        options.TrackingNumbers.Format = "311-{yy}-{seq:7}";
        options.Catalog.AddAgency("DSNY", "Department of Sanitation", "America/New_York");
        options.Catalog.AddAgency("DOT", "Department of Transportation", "America/New_York");
        var missed = new ServiceTypeDefinition { Code = "MISSED-PICKUP", Name = "Missed collection", Agency = "DSNY", DefaultQueue = "DSNY-COLLECTION" };
        var bin = new ServiceAttributeDefinition { Code = "BIN", Order = 1, Required = true, Datatype = AttributeDatatype.SingleValueList };
        bin.Values.Add(new AttributeValueDefinition { Key = "TRASH", Name = "Trash" });
        bin.Values.Add(new AttributeValueDefinition { Key = "RECYCLING", Name = "Recycling" });
        missed.Attributes.Add(bin);
        options.Catalog.AddServiceType(missed);
        options.Catalog.AddServiceType(new ServiceTypeDefinition { Code = "POTHOLE", Name = "Pothole", Agency = "DOT", DefaultQueue = "DOT-ROADWAY" });
    }

    private static void Print(ServiceRequest request) =>
        Console.WriteLine($"    {request.TrackingNumber}: {request.ServiceCode} for {request.Agency}/{request.Queue}, status {request.Status}, version {request.Version}");

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"a URL is given and no bearer token (--token-env, or CIVIC311_DATAVERSE_TOKEN), so {name} must be set to sign in with a client secret.")
            { Source = nameof(Required) };

    /// <summary>Runs a step and prints how many HTTP round trips it took.</summary>
    private sealed class Steps(DataverseServiceRequestStore store)
    {
        public async Task<T> RunAsync<T>(string what, Func<Task<T>> step)
        {
            var before = store.RoundTrips;
            var result = await step();
            var trips = store.RoundTrips - before;
            Console.WriteLine($"{what}: {(trips == 0 ? "done" : $"{trips} round trip{(trips == 1 ? string.Empty : "s")}")}");
            return result;
        }
    }

    private sealed class FixedToken(string token) : IDataverseTokenProvider
    {
        public ValueTask<string> GetTokenAsync(System.Threading.CancellationToken cancellationToken = default) => ValueTask.FromResult(token);
    }
}
