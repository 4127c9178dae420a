using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Civic311;
using Civic311.Application;
using Civic311.Catalog;
using Civic311.Requests;
using Civic311.Sqlite;
using Civic311.Storage;
using NodaTime;

namespace Civic311.StoreHost;

/// <summary>
/// Submits and changes requests in a loop against a durable store until it is killed, printing one line
/// <c>committed ID VERSION HISTORY-COUNT</c> after each write the store acknowledged: a test that kills this process at a
/// random moment then checks that everything printed is stored, and that nothing half-written is.
/// </summary>
/// <remarks>Usage: <c>Civic311.StoreHost churn --sqlite PATH --seed N</c>.</remarks>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args is not ["churn", "--sqlite", var path, "--seed", var seedText] || !int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
        {
            await Console.Error.WriteLineAsync("usage: Civic311.StoreHost churn --sqlite PATH --seed N").ConfigureAwait(false);
            return 2;
        }

        using var store = new SqliteServiceRequestStore(new SqliteStoreOptions { DatabasePath = path }, SystemClock.Instance);
        var requests = new ServiceRequests(store, Options(), SystemClock.Instance);
        var random = new Random(seed);
        var mine = new List<ServiceRequestId>();

        // Earlier runs' open requests are changed too, so every run also rewrites what a killed run left behind.
        var open = await requests.QueryAsync(new OpenRequests(), null, 200).ConfigureAwait(false);
        foreach (var request in open.Items)
        {
            mine.Add(request.Id);
        }

        Console.Out.WriteLine("ready");
        var actor = new ChangeOptions { Actor = "crash-test" };
        while (true)
        {
            ServiceRequest written;
            if (mine.Count == 0 || random.Next(3) == 0)
            {
                written = await requests.SubmitAsync(new ServiceRequestSubmission
                {
                    ServiceCode = "POTHOLE",
                    Description = "Pothole " + random.Next().ToString(CultureInfo.InvariantCulture),
                    Address = "1 Centre St, New York, NY",
                    Reporter = new ReporterContact { Email = "resident@example.org" }, // an outbox message with each change
                }).ConfigureAwait(false);
                mine.Add(written.Id);
            }
            else
            {
                var id = mine[random.Next(mine.Count)];
                var current = (await requests.GetAsync(id).ConfigureAwait(false))!;
                written = current.Status switch
                {
                    ServiceRequestStatus.Submitted => await requests.AcknowledgeAsync(id, actor).ConfigureAwait(false),
                    ServiceRequestStatus.Acknowledged => await requests.StartWorkAsync(id, actor).ConfigureAwait(false),
                    ServiceRequestStatus.InProgress => await requests.ResolveAsync(id, new Resolution("REPAIRED"), actor).ConfigureAwait(false),
                    _ => await requests.CloseAsync(id, actor).ConfigureAwait(false),
                };
                if (!written.IsOpen)
                {
                    mine.Remove(id);
                }
            }

            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {written.Id} {written.Version} {written.History.Count}"));
        }
    }

    private static Civic311Options Options()
    {
        var catalog = new ServiceCatalogDefinition().AddAgency("DOT", "Department of Transportation", "America/New_York");
        catalog.AddServiceType(new ServiceTypeDefinition { Code = "POTHOLE", Name = "Pothole", Agency = "DOT" });
        var options = new Civic311Options { Catalog = catalog, TimeZone = "America/New_York" };
        options.Notifications.Enabled = true;
        return options;
    }

    private sealed class OpenRequests : ServiceRequestSpecification
    {
        public OpenRequests()
        {
            Query.OnlyOpen().OrderedBy(ServiceRequestOrder.RequestedAt);
        }
    }
}
