using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using NodaTime;
using NodaTime.Text;
using Civic311.Application;

namespace Civic311.Quickstart;

/// <summary>The default run: one simulated day, the lifecycle's rules at work, then the summary.</summary>
internal static class QuickstartDay
{
    private const int RequestsPerDay = 200;

    private static readonly LocalDate Day = new(2026, 11, 17);

    public static async Task<int> RunAsync(int seed, bool verbose)
    {
        var zone = DateTimeZoneProviders.Tzdb[QuickstartCatalog.TimeZone];
        var clock = new FakeClock(Day.At(new LocalTime(6, 30)).InZoneStrictly(zone).ToInstant());
        await using var services = Program.BuildServices(QuickstartCatalog.Create(), clock, verbose, notifications: true);
        var requests = services.GetRequiredService<ServiceRequests>();
        var printer = new SummaryPrinter(requests, zone);

        SummaryPrinter.Heading("Civic311 quickstart: one day at a multi-agency 311 center");
        Console.WriteLine($"{LocalDatePattern.CreateWithInvariantCulture("dddd d MMMM uuuu").Format(Day)} ({zone.Id}): {RequestsPerDay} requests arrive from "
            + $"{DaySimulation.Opens:HH:mm} to 19:00 and staff work until {DaySimulation.Closes:HH:mm}. Seed {seed}, in-memory store, fake clock.");
        SummaryPrinter.PrintCatalog(requests.Catalog);

        var day = await new DaySimulation(requests, clock, zone, seed).RunAsync(Day, RequestsPerDay).ConfigureAwait(false);
        PrintActivity(day);

        await ShowRulesAsync(requests, day).ConfigureAwait(false);

        SummaryPrinter.Section($"End of day at {printer.Time(clock.Now)}");
        var all = await printer.LoadAllAsync().ConfigureAwait(false);
        printer.PrintSummary(all, topServiceTypes: 14);

        await PrintDuplicatesAsync(requests, all).ConfigureAwait(false);
        await PrintNotificationsAsync(services, clock, zone).ConfigureAwait(false);

        SummaryPrinter.Section("Three requests and their full history");
        foreach (var trackingNumber in PickStories(day))
        {
            await printer.PrintHistoryAsync(trackingNumber).ConfigureAwait(false);
        }

        SummaryPrinter.Section("Paging with ServiceRequests.QueryAsync");
        await printer.PrintPagingExampleAsync(new StillOpen(), pageSize: 8, "the evening backlog (requests still open), oldest first", pagesToPrint: 2).ConfigureAwait(false);
        return 0;
    }

    // Every change wrote its notifications to the outbox in the same store write; the dispatcher now delivers them.
    private static async Task PrintNotificationsAsync(IServiceProvider services, FakeClock clock, DateTimeZone zone)
    {
        SummaryPrinter.Section("Notifications: written with each change, delivered by the outbox dispatcher");
        var dispatcher = services.GetRequiredService<Civic311.Notifications.Channels.Outbox.OutboxDispatcher>();
        var runs = 0;
        while ((await dispatcher.RunOnceAsync().ConfigureAwait(false)).Claimed > 0)
        {
            runs++;
        }

        var sent = services.GetServices<Civic311.Notifications.INotificationChannel>().OfType<KeepingChannel>().SelectMany(c => c.Sent).ToList();
        var store = services.GetRequiredService<Civic311.Storage.IServiceRequestStore>();
        var waiting = (await store.QueryOutboxAsync(Civic311.Storage.OutboxQuery.All.InState(Civic311.Storage.OutboxState.Pending).WithPageSize(5000), null).ConfigureAwait(false)).Items;
        Console.WriteLine($"{SummaryPrinter.Count(sent.Count)} messages delivered in {runs} dispatcher runs; {SummaryPrinter.Count(waiting.Count)} text messages wait for the end of residents' quiet hours (21:00-08:00).");
        var table = new TextTable("event", "e-mail", "SMS", "in Spanish");
        foreach (var kind in sent.GroupBy(m => m.Kind).OrderByDescending(g => g.Count()))
        {
            table.Add(
                Civic311.Notifications.NotificationKindExtensions.TemplateName(kind.Key),
                SummaryPrinter.Count(kind.Count(m => m.Channel == Civic311.Notifications.ChannelKind.Email)),
                SummaryPrinter.Count(kind.Count(m => m.Channel == Civic311.Notifications.ChannelKind.Sms)),
                SummaryPrinter.Count(kind.Count(m => m.Language == "es")));
        }

        table.Print();
        if (sent.FirstOrDefault(m => m.Channel == Civic311.Notifications.ChannelKind.Sms && m.Language == "es") is { Sms: { } segments } sms)
        {
            Console.WriteLine();
            Console.WriteLine($"  A text message in Spanish ({segments.Encoding}, {segments.Segments} segment(s) of {segments.UnitsPerSegment}):");
            Console.WriteLine($"    {sms.TextBody}");
        }

        if (waiting.Count > 0)
        {
            Console.WriteLine($"  The first waiting one goes out at {waiting.Min(m => m.NextAttemptAt).InZone(zone).ToString("ddd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} local time (now {clock.Now.InZone(zone).ToString("ddd HH:mm", System.Globalization.CultureInfo.InvariantCulture)}).");
        }
    }

    private static void PrintActivity(DayResult day)
    {
        SummaryPrinter.Section("The day, hour by hour (lifecycle actions taken)");
        (LifecycleAction Action, string Header)[] columns =
        [
            (LifecycleAction.Submit, ">Submit"), (LifecycleAction.Acknowledge, ">Ack"), (LifecycleAction.Assign, ">Assign"),
            (LifecycleAction.Reassign, ">Reassign"), (LifecycleAction.StartWork, ">Start"), (LifecycleAction.PutOnHold, ">Hold"),
            (LifecycleAction.Resume, ">Resume"), (LifecycleAction.Resolve, ">Resolve"), (LifecycleAction.Close, ">Close"),
            (LifecycleAction.Cancel, ">Cancel"), (LifecycleAction.MarkAsDuplicate, ">Duplicate"), (LifecycleAction.Reopen, ">Reopen"),
        ];
        var table = new TextTable(["Hour", .. columns.Select(c => c.Header)]);
        foreach (var (hour, counts) in day.ActionsByHour.OrderBy(e => e.Key))
        {
            table.Add([$"{hour:00}:00", .. columns.Select(c => (object)Cell(counts.GetValueOrDefault(c.Action)))]);
        }

        table.Add(["total", .. columns.Select(c => (object)Cell(day.ActionsByHour.Values.Sum(v => v.GetValueOrDefault(c.Action))))]);
        table.Print();

        static string Cell(int n) => n == 0 ? "." : SummaryPrinter.Count(n);
    }

    private static async Task ShowRulesAsync(ServiceRequests requests, DayResult day)
    {
        SummaryPrinter.Section("The lifecycle refuses what it must");

        // A supervisor tries to close a request the crew is still working on.
        var working = day.Cases.Select(c => c.Request!).OrderByDescending(r => r.Status == ServiceRequestStatus.InProgress).First(r => r.IsOpen);
        Console.WriteLine($"  A supervisor tries to close {working.TrackingNumber} while it is {working.Status}:");
        try
        {
            await requests.CloseAsync(working.Id, new ChangeOptions { Actor = working.Agency.ToLowerInvariant() + ".supervisor" }).ConfigureAwait(false);
        }
        catch (InvalidTransitionException ex)
        {
            Console.WriteLine($"    refused: {ex.Message}");
            Console.WriteLine($"    (a staff screen would offer: {string.Join(", ", requests.GetAllowedActions(working))})");
        }

        if (day.Cases.Select(c => c.Request!).FirstOrDefault(r => r.Status == ServiceRequestStatus.Cancelled) is { } cancelled)
        {
            Console.WriteLine($"  A resident tries to reopen {cancelled.TrackingNumber}, which was cancelled:");
            try
            {
                await requests.ReopenAsync(cancelled.Id, "It is still there.", new ChangeOptions { Actor = "resident" }).ConfigureAwait(false);
            }
            catch (InvalidTransitionException ex)
            {
                Console.WriteLine($"    refused: {ex.Message}");
            }
        }

        // A web form posts a report with several mistakes: SubmitAsync stores nothing and lists every one of them.
        var faulty = new ServiceRequestSubmission
        {
            ServiceCode = "pothole",
            Description = "Huge pothole, my tire blew.",
            Latitude = 40.7128,
            Channel = Channel.Web,
            Attributes = new Dictionary<string, StringValues>
            {
                ["size"] = "about a foot",
                ["lane"] = "median",
                ["color"] = "grey",
            },
            Reporter = new ReporterContact { Email = "maria.gonzalez(at)example", Phone = "12", PreferredLanguage = "spanish please" },
        };
        Console.WriteLine();
        Console.WriteLine("  A web form posts a pothole report with several mistakes:");
        try
        {
            await requests.SubmitAsync(faulty).ConfigureAwait(false);
        }
        catch (Civic311ValidationException ex)
        {
            Console.WriteLine($"    refused, nothing stored; {ex.Errors.Count} problems, all reported at once:");
            var table = new TextTable("Field", "Code", "Message");
            foreach (var problem in ex.Errors)
            {
                table.Add(problem.Field, problem.Code, problem.Message);
            }

            table.Print(4);
        }

        var fixedUp = faulty with
        {
            Longitude = -74.0060,
            Attributes = new Dictionary<string, StringValues> { ["size"] = "12", ["lane"] = "travel" },
            Reporter = new ReporterContact { Email = "maria.gonzalez@example.com", PreferredLanguage = "es-US" },
        };
        Console.WriteLine($"  After the resident corrects the form, ServiceRequests.Validate finds {requests.Validate(fixedUp).Count} problems.");
    }

    private static async Task PrintDuplicatesAsync(ServiceRequests requests, IReadOnlyList<ServiceRequest> all)
    {
        var originals = all
            .Where(r => r.DuplicateOf is not null)
            .GroupBy(r => r.DuplicateOf!.Value)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => all.First(r => r.Id == g.Key).TrackingNumber, StringComparer.Ordinal)
            .Take(3)
            .ToList();
        if (originals.Count == 0)
        {
            return;
        }

        SummaryPrinter.Section("Originals with the most duplicates (the DuplicatesOfRequest specification)");
        var table = new TextTable("Original", "Service", "Status", ">Duplicates", "Duplicate tracking numbers");
        foreach (var group in originals)
        {
            var original = all.First(r => r.Id == group.Key);
            var page = await requests.QueryAsync(new DuplicatesOfRequest(original.Id)).ConfigureAwait(false);
            table.Add(original.TrackingNumber, original.ServiceCode, original.Status, page.Items.Count, string.Join(", ", page.Items.Select(r => r.TrackingNumber)));
        }

        table.Print();
    }

    // The reopened pothole, a housing case put on hold for access and resumed, and a dead animal transferred between agencies.
    private static List<string> PickStories(DayResult day)
    {
        var picks = new List<SimulatedCase>();
        Add(day.Cases.FirstOrDefault(c => c.Done.Contains(LifecycleAction.Reopen)));
        Add(day.Cases
            .Where(c => c.Done.Contains(LifecycleAction.Resume) && c.Done.Contains(LifecycleAction.Resolve))
            .OrderByDescending(c => c.Language == SimulatedResidents.Spanish)
            .ThenByDescending(c => c.Done.Contains(LifecycleAction.Close))
            .FirstOrDefault());
        Add(day.Cases
            .Where(c => c.ServiceCode == "dead-animal" && c.Done.Contains(LifecycleAction.Reassign))
            .OrderByDescending(c => c.Done.Contains(LifecycleAction.Close))
            .FirstOrDefault());
        foreach (var longest in day.Cases.OrderByDescending(c => c.Request!.History.Count).ThenBy(c => c.Number))
        {
            if (picks.Count >= 3)
            {
                break;
            }

            Add(longest);
        }

        return picks.Select(c => c.Request!.TrackingNumber).ToList();

        void Add(SimulatedCase? c)
        {
            if (c is not null && !picks.Contains(c) && picks.Count < 3)
            {
                picks.Add(c);
            }
        }
    }

    // A query written as a specification: the requests still being worked, oldest first.
    private sealed class StillOpen : ServiceRequestSpecification
    {
        public StillOpen()
        {
            Query.OnlyOpen().OrderedBy(ServiceRequestOrder.RequestedAt);
        }
    }
}
