using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Catalog;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;
using NodaTime.Text;
using Civic311.Application;

namespace Civic311.Quickstart;

/// <summary>Prints what is in the store: counts by status, agency and channel, request histories, and a paged query.</summary>
internal sealed class SummaryPrinter(ServiceRequests requests, DateTimeZone zone)
{
    private static readonly LocalDateTimePattern TimePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss");

    public static void Heading(string title)
    {
        Console.WriteLine(title);
        Console.WriteLine(new string('=', title.Length));
    }

    public static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine(new string('-', title.Length));
    }

    public static string Time(Instant instant, DateTimeZone zone) => TimePattern.Format(instant.InZone(zone).LocalDateTime);

    public string Time(Instant instant) => Time(instant, zone);

    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(int part, int whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Span(Duration duration)
    {
        if (duration < Duration.FromHours(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m");
        }

        return duration < Duration.FromDays(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.Hours}h {duration.Minutes:00}m")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.Days}d {duration.Hours:00}h");
    }

    /// <summary>Reads every request, page by page, the way a report or an export would.</summary>
    public async Task<IReadOnlyList<ServiceRequest>> LoadAllAsync()
    {
        var all = new List<ServiceRequest>();
        var query = new AllRequests();
        string? token = null;
        do
        {
            var page = await requests.QueryAsync(query, token, pageSize: 1000).ConfigureAwait(false);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return all;
    }

    public void PrintSummary(IReadOnlyList<ServiceRequest> all, int topServiceTypes)
    {
        var catalog = requests.Catalog;

        Section($"Requests by status ({Count(all.Count)} in all)");
        var byStatus = new TextTable("Status", ">Requests", ">Share");
        foreach (var status in Enum.GetValues<ServiceRequestStatus>())
        {
            var n = all.Count(r => r.Status == status);
            byStatus.Add(status, Count(n), Percent(n, all.Count));
        }

        byStatus.Print();

        Section("Requests by agency");
        var byAgency = new TextTable("Agency", "Name", ">Total", ">Open", ">Resolved", ">Closed", ">Cancelled", ">Duplicate", ">Median to resolve");
        foreach (var group in all.GroupBy(r => r.Agency).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = catalog.TryGetAgency(group.Key, out var agency) ? agency.Name : group.Key;
            var toResolve = group.Where(r => r.ResolvedAt is not null).Select(r => r.ResolvedAt!.Value - r.RequestedAt).Order().ToList();
            byAgency.Add(
                group.Key,
                Truncate(name, 40),
                Count(group.Count()),
                Count(group.Count(r => r.IsOpen)),
                Count(group.Count(r => r.Status == ServiceRequestStatus.Resolved)),
                Count(group.Count(r => r.Status == ServiceRequestStatus.Closed)),
                Count(group.Count(r => r.Status == ServiceRequestStatus.Cancelled)),
                Count(group.Count(r => r.Status == ServiceRequestStatus.Duplicate)),
                toResolve.Count == 0 ? "-" : Span(toResolve[toResolve.Count / 2]));
        }

        byAgency.Add("all", string.Empty, Count(all.Count), Count(all.Count(r => r.IsOpen)),
            Count(all.Count(r => r.Status == ServiceRequestStatus.Resolved)), Count(all.Count(r => r.Status == ServiceRequestStatus.Closed)),
            Count(all.Count(r => r.Status == ServiceRequestStatus.Cancelled)), Count(all.Count(r => r.Status == ServiceRequestStatus.Duplicate)), string.Empty);
        byAgency.Print();

        Section("Requests by channel");
        var byChannel = new TextTable("Channel", ">Requests", ">Share");
        foreach (var group in all.GroupBy(r => r.Channel).OrderByDescending(g => g.Count()).ThenBy(g => g.Key))
        {
            byChannel.Add(group.Key, Count(group.Count()), Percent(group.Count(), all.Count));
        }

        byChannel.Print();

        var withLanguage = all.Where(r => r.Reporter?.PreferredLanguage is not null).ToList();
        if (withLanguage.Count > 0)
        {
            Section("Reporters by preferred language");
            var byLanguage = new TextTable("Language", ">Requests", ">Share");
            foreach (var group in all.GroupBy(r => r.Reporter?.PreferredLanguage ?? "(anonymous)").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                byLanguage.Add(group.Key, Count(group.Count()), Percent(group.Count(), all.Count));
            }

            byLanguage.Print();
        }

        var types = all.GroupBy(r => r.ServiceCode, StringComparer.OrdinalIgnoreCase).ToList();
        Section(types.Count > topServiceTypes ? $"Top {topServiceTypes} of {types.Count} service types" : "Requests by service type");
        var byType = new TextTable("Service code", "Name", "Agency", ">Requests", ">Open");
        foreach (var group in types.OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(topServiceTypes))
        {
            var name = catalog.TryGetServiceType(group.Key, out var type) ? type.Name : group.Key;
            byType.Add(group.Key, Truncate(name, 40), type?.Agency.Code ?? string.Empty, Count(group.Count()), Count(group.Count(r => r.IsOpen)));
        }

        byType.Print();
    }

    /// <summary>Prints one request's full history, as a resident quoting the tracking number would see it at the counter.</summary>
    public async Task PrintHistoryAsync(string trackingNumber)
    {
        var request = await requests.FindByTrackingNumberAsync(trackingNumber).ConfigureAwait(false);
        if (request is null)
        {
            Console.WriteLine($"  {trackingNumber}: not found");
            return;
        }

        var type = requests.Catalog.TryGetServiceType(request.ServiceCode, out var serviceType) ? serviceType.Name : request.ServiceCode;
        Console.WriteLine();
        Console.WriteLine($"  {request.TrackingNumber}  {type} ({request.ServiceCode}), agency {request.Agency}, via {request.Channel}, priority {request.Priority}"
            + (request.Reporter?.PreferredLanguage is { } language ? $", reporter language {language}" : string.Empty));
        var where = request.Location is { } location
            ? string.Join(", ", new[] { location.Address, location.ZipCode, location.District, location.Point?.ToString() }.Where(s => s is not null))
            : "(no location)";
        Console.WriteLine($"  Where: {where}");
        if (request.Description is not null)
        {
            Console.WriteLine($"  Description: {request.Description}");
        }

        if (request.Attributes.Count > 0)
        {
            Console.WriteLine("  Attributes: " + string.Join("; ", request.Attributes.Select(a => $"{a.Key}={a.Value}")));
        }

        var now = $"  Now: {request.Status}";
        now += request.Assignee is null ? string.Empty : $", assignee {request.Assignee}";
        now += request.Queue is null ? string.Empty : $", queue {request.Queue}";
        now += request.Resolution is null ? string.Empty : $", resolution {request.Resolution.Code}";
        now += request.ReopenCount == 0 ? string.Empty : $", reopened {request.ReopenCount}x";
        Console.WriteLine(now);

        var table = new TextTable(">#", $"Time ({zone.Id})", "Action", "Actor", "From -> To", "Changes and note");
        foreach (var entry in request.History)
        {
            var details = entry.Changes.Select(c => $"{c.Field}: {c.From ?? "-"} -> {c.To ?? "-"}").ToList();
            if (entry.Note is not null)
            {
                details.Add($"note ({(entry.IsPublic ? "public" : "internal")}): {entry.Note}");
            }

            table.Add(
                entry.Sequence,
                Time(entry.OccurredAt),
                entry.Action,
                entry.Actor,
                $"{(entry.FromStatus is { } from ? from.ToString() : "(new)")} -> {entry.ToStatus}",
                string.Join("; ", details));
        }

        table.Print(4);
    }

    /// <summary>Walks a specification page by page with continuation tokens, printing the first pages and counting the rest.</summary>
    public async Task PrintPagingExampleAsync(ServiceRequestSpecification query, int pageSize, string description, int pagesToPrint)
    {
        Console.WriteLine($"  Query: {description}; {pageSize} per page.");
        string? token = null;
        var pageNumber = 0;
        var total = 0;
        do
        {
            var page = await requests.QueryAsync(query, token, pageSize).ConfigureAwait(false);
            pageNumber++;
            total += page.Items.Count;
            if (pageNumber <= pagesToPrint)
            {
                Console.WriteLine();
                Console.WriteLine($"  Page {pageNumber}: {page.Items.Count} request(s); " + (page.HasMore ? $"continuation token of {page.ContinuationToken!.Length} characters" : "last page"));
                var table = new TextTable("Tracking number", "Requested", "Service", "Status", "Assignee or queue");
                foreach (var r in page.Items)
                {
                    table.Add(r.TrackingNumber, Time(r.RequestedAt), Truncate(r.ServiceCode, 36), r.Status, r.Assignee ?? r.Queue ?? "-");
                }

                table.Print(4);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        Console.WriteLine();
        Console.WriteLine($"  {pageNumber} page(s), {Count(total)} request(s) in all" + (pageNumber > pagesToPrint ? $"; pages after {pagesToPrint} were read but not printed." : "."));
    }

    public static void PrintCatalog(ServiceCatalog catalog, int maxServiceTypes = int.MaxValue)
    {
        Section($"Catalog: {catalog.Agencies.Count} agencies, {catalog.ServiceTypes.Count} service types");
        var agencies = new TextTable("Agency", "Name", "Time zone", ">Service types");
        foreach (var agency in catalog.Agencies)
        {
            agencies.Add(agency.Code, agency.Name, agency.TimeZone.Id, catalog.ServiceTypes.Count(s => s.Agency == agency));
        }

        agencies.Print();
        Console.WriteLine();

        var types = new TextTable("Service code", "Name", "Agency", "Default queue", "Attributes (* required, (i) informational)");
        foreach (var type in catalog.ServiceTypes.Take(maxServiceTypes))
        {
            types.Add(type.Code, Truncate(type.Name, 40), type.Agency.Code, type.DefaultQueue ?? "-", string.Join(", ", type.Attributes.Select(Describe)));
        }

        types.Print();
        if (catalog.ServiceTypes.Count > maxServiceTypes)
        {
            Console.WriteLine($"  ... and {catalog.ServiceTypes.Count - maxServiceTypes} more service types.");
        }

        static string Describe(ServiceAttribute a)
        {
            var marker = !a.IsVariable ? "(i)" : a.IsRequired ? "*" : string.Empty;
            var kind = a.Datatype switch
            {
                AttributeDatatype.SingleValueList => $"list({a.Values.Count})",
                AttributeDatatype.MultiValueList => $"multi({a.Values.Count})",
                AttributeDatatype.Number => a.DatatypeDescription is null ? "number" : $"number {a.DatatypeDescription}",
                _ => a.Datatype.ToString().ToLowerInvariant(),
            };
            return $"{a.Code}{marker}:{kind}";
        }
    }

    public static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 3), "...");
}
