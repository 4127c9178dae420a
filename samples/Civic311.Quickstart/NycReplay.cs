using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Civic311.Catalog;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;
using Civic311.Application;

namespace Civic311.Quickstart;

/// <summary>One usable row of a NYC 311 export, with its dates resolved to instants.</summary>
internal sealed record NycRow(
    long Line,
    string UniqueKey,
    Instant Created,
    Instant? Closed,
    string Agency,
    string? AgencyName,
    string ComplaintType,
    string? Descriptor,
    string? LocationType,
    string? Address,
    string? ZipCode,
    string? Borough,
    double? Latitude,
    double? Longitude,
    string? Status,
    Channel Channel,
    bool ChannelUnknown,
    string? ResolutionDescription);

/// <summary>A row that was not replayed, and why.</summary>
internal sealed record Rejection(long Line, string? UniqueKey, string Category, string Reason);

/// <summary>
/// Replays a NYC 311 CSV export through the SDK. The catalog is built from the file; rows are submitted in 'Created Date'
/// order with the fake clock set to their creation instant, and resolved and closed at their 'Closed Date'. Submissions and
/// closings are merged into one timeline, so the clock only moves forward, as it would in a live center. Every row is
/// accounted for: submitted, or rejected with its reason.
/// </summary>
internal static class NycReplay
{
    private const string ReplayActor = "nyc-open-data";

    private static readonly string[] RequiredColumns = ["Unique Key", "Created Date", "Agency", "Complaint Type"];

    // NYC Open Data exports write local New York time; the API's CSV writes ISO 8601 without an offset.
    private static readonly LocalDateTimePattern[] DatePatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("MM/dd/uuuu hh:mm:ss tt"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss.FFFFFFF"),
    ];

    public static async Task<int> RunAsync(string path, bool verbose)
    {
        var zone = DateTimeZoneProviders.Tzdb[QuickstartCatalog.TimeZone];
        var stopwatch = Stopwatch.StartNew();

        SummaryPrinter.Heading("Civic311 quickstart: replaying a NYC 311 export");
        var size = new FileInfo(path).Length;
        Console.WriteLine($"File: {path} ({(size < 10_240 ? $"{size:N0} bytes" : $"{size / 1024.0:N0} KiB")}, read in place)");

        var file = Read(path, zone);
        if (file.Error is not null)
        {
            Console.Error.WriteLine($"error: {file.Error}");
            return 1;
        }

        Console.WriteLine($"Columns: {file.ColumnCount}; "
            + (file.HasChannel ? "current schema, with 'Open Data Channel Type'" : "legacy schema, no channel column (requests are replayed as phone calls)"));
        if (file.Rows.Count == 0)
        {
            Console.WriteLine("The file has no row that can be replayed.");
            PrintRejections(file.Rejections);
            return file.Rejections.Count == 0 ? 0 : 1;
        }

        var ordered = file.Rows.OrderBy(r => r.Created).ToList(); // stable: ties keep the file's order
        Console.WriteLine($"Created: {SummaryPrinter.Time(ordered[0].Created, zone)} to {SummaryPrinter.Time(ordered[^1].Created, zone)} ({zone.Id})");

        var catalog = NycCatalog.Build(ordered, file.HasLocationType);
        if (!ServiceCatalog.TryBuild(catalog.Definition, out var built, out var catalogErrors))
        {
            Console.Error.WriteLine("error: the catalog built from the file is invalid:");
            foreach (var error in catalogErrors)
            {
                Console.Error.WriteLine($"  - {error}");
            }

            return 1;
        }

        SummaryPrinter.PrintCatalog(built, maxServiceTypes: 12);

        var clock = new FakeClock(ordered[0].Created);
        await using var services = Program.BuildServices(catalog.Definition, clock, verbose);
        var requests = services.GetRequiredService<ServiceRequests>();
        var printer = new SummaryPrinter(requests, zone);

        var replay = new Replayer(requests, clock, catalog, file.Rejections);
        await replay.RunAsync(ordered).ConfigureAwait(false);
        stopwatch.Stop();

        SummaryPrinter.Section("Replay statistics");
        var rejected = file.Rejections.Count(r => r.Category != Replayer.CloseRefused);
        var stats = new TextTable("", ">Rows");
        stats.Add("Rows read", SummaryPrinter.Count(file.RowsRead));
        stats.Add("Submitted", SummaryPrinter.Count(replay.Submitted));
        if (file.HasChannel)
        {
            stats.Add("  'Open Data Channel Type' unknown, replayed as Phone", SummaryPrinter.Count(replay.UnknownChannel));
        }

        stats.Add("  routed to the unit named in 'Agency Name'", SummaryPrinter.Count(replay.RoutedToUnit));
        stats.Add("  resolved and closed at 'Closed Date'", SummaryPrinter.Count(replay.Closed));
        stats.Add("  left open: no 'Closed Date'", SummaryPrinter.Count(replay.NoClosedDate));
        stats.Add("  left open: 'Closed Date' before 'Created Date'", SummaryPrinter.Count(replay.ClosedBeforeCreated));
        stats.Add("  left open: closing refused by the SDK", SummaryPrinter.Count(replay.CloseRefusals));
        stats.Add("Rejected", SummaryPrinter.Count(rejected));
        stats.Add("  unreadable or incomplete rows", SummaryPrinter.Count(file.Rejections.Count(r => r.Category.StartsWith("row:", StringComparison.Ordinal))));
        stats.Add("  refused by SubmitAsync", SummaryPrinter.Count(file.Rejections.Count(r => r.Category.StartsWith("SDK:", StringComparison.Ordinal))));
        stats.Print();
        Console.WriteLine();
        Console.WriteLine(file.RowsRead == replay.Submitted + rejected
            ? $"  Every row is accounted for: {SummaryPrinter.Count(replay.Submitted)} submitted + {SummaryPrinter.Count(rejected)} rejected = {SummaryPrinter.Count(file.RowsRead)} read."
            : $"  MISMATCH: {SummaryPrinter.Count(replay.Submitted)} submitted + {SummaryPrinter.Count(rejected)} rejected != {SummaryPrinter.Count(file.RowsRead)} read.");
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Elapsed: {seconds:0.00} s to read, build the catalog and replay ({file.RowsRead / Math.Max(seconds, 0.001):N0} rows/s); simulated clock now {printer.Time(clock.Now)}."));
        PrintRejections(file.Rejections);

        var all = await printer.LoadAllAsync().ConfigureAwait(false);
        printer.PrintSummary(all, topServiceTypes: 10);

        SummaryPrinter.Section("Three requests and their full history");
        foreach (var trackingNumber in PickStories(all))
        {
            await printer.PrintHistoryAsync(trackingNumber).ConfigureAwait(false);
        }

        SummaryPrinter.Section("Paging with ServiceRequests.QueryAsync");
        var backlog = all.Where(r => r.IsOpen).GroupBy(r => r.Agency, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
        ServiceRequestSpecification query = new AllRequests();
        var description = "every request, oldest first";
        if (backlog is not null)
        {
            query = new OpenRequestsOfAgency(backlog.Key);
            description = $"requests still open at {backlog.Key} ({catalog.AgencyNameOf(backlog.Key)}), oldest first";
        }

        await printer.PrintPagingExampleAsync(query, pageSize: 10, description, pagesToPrint: 2).ConfigureAwait(false);
        return 0;
    }

    private static void PrintRejections(IReadOnlyList<Rejection> rejections)
    {
        if (rejections.Count == 0)
        {
            return;
        }

        SummaryPrinter.Section("Rows not replayed as they are, by reason");
        var byReason = new TextTable("Reason", ">Rows");
        foreach (var group in rejections.GroupBy(r => r.Category, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            byReason.Add(group.Key, SummaryPrinter.Count(group.Count()));
        }

        byReason.Print();
        Console.WriteLine();
        Console.WriteLine("  First reasons, as the SDK or the reader gave them:");
        foreach (var rejection in rejections.OrderBy(r => r.Line).Take(5))
        {
            Console.WriteLine($"  - line {rejection.Line.ToString(CultureInfo.InvariantCulture)}, Unique Key {rejection.UniqueKey ?? "(none)"}: {rejection.Reason}");
        }
    }

    // A request routed to a unit and closed, one closed with a public resolution note, and one still open.
    private static List<string> PickStories(IReadOnlyList<ServiceRequest> all)
    {
        var picks = new List<ServiceRequest>();
        Add(all.FirstOrDefault(r => r.Status == ServiceRequestStatus.Closed && r.History.Any(h => h.Action == LifecycleAction.Reassign)));
        Add(all.FirstOrDefault(r => r.Status == ServiceRequestStatus.Closed && r.Resolution?.PublicNote is not null && !picks.Contains(r)));
        Add(all.FirstOrDefault(r => r.IsOpen));
        foreach (var r in all)
        {
            Add(r);
        }

        return picks.Select(r => r.TrackingNumber).ToList();

        void Add(ServiceRequest? request)
        {
            if (request is not null && picks.Count < 3 && !picks.Contains(request))
            {
                picks.Add(request);
            }
        }
    }

    private static NycFile Read(string path, DateTimeZone zone)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var file = new NycFile();
        IReadOnlyList<string>? header = null;
        Dictionary<string, int> columns = new(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var record in Csv.Read(reader))
            {
                if (header is null)
                {
                    header = record.Fields;
                    for (var i = 0; i < header.Count; i++)
                    {
                        columns.TryAdd(header[i].Trim(), i);
                    }

                    var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
                    if (missing.Count > 0)
                    {
                        file.Error = $"{path} is not a NYC 311 export: the header lacks {string.Join(", ", missing.Select(m => $"'{m}'"))}. "
                            + $"It has: {string.Join(", ", header.Take(12).Select(h => $"'{h}'"))}{(header.Count > 12 ? ", ..." : string.Empty)}";
                        return file;
                    }

                    file.ColumnCount = header.Count;
                    file.HasChannel = columns.ContainsKey("Open Data Channel Type");
                    file.HasLocationType = columns.ContainsKey("Location Type");
                    continue;
                }

                file.RowsRead++;
                var row = Parse(record, header, columns, zone, out var rejection);
                if (row is not null)
                {
                    file.Rows.Add(row);
                }
                else
                {
                    file.Rejections.Add(rejection!);
                }
            }
        }
        catch (CsvFormatException ex)
        {
            file.Error = $"{path} is not valid CSV at {ex.Message} The rows before it were not replayed either.";
            return file;
        }

        if (header is null)
        {
            file.Error = $"{path} is empty.";
        }

        return file;
    }

    private static NycRow? Parse(CsvRecord record, IReadOnlyList<string> header, Dictionary<string, int> columns, DateTimeZone zone, out Rejection? rejection)
    {
        var fields = record.Fields;
        string? Field(string column) =>
            columns.TryGetValue(column, out var index) && index < fields.Count && Clean(fields[index]) is { } value ? value : null;

        var key = Field("Unique Key");
        Rejection Reject(string category, string reason) => new(record.Line, key, category, reason);
        rejection = null;

        if (fields.Count != header.Count)
        {
            rejection = Reject("row: wrong number of fields", $"the row has {fields.Count} fields; the header has {header.Count}.");
            return null;
        }

        if (key is null)
        {
            rejection = Reject("row: no 'Unique Key'", "the row has no 'Unique Key'.");
            return null;
        }

        var createdText = Field("Created Date");
        if (ParseDate(createdText, zone) is not { } created)
        {
            rejection = Reject("row: unreadable 'Created Date'", $"'Created Date' '{createdText}' is not a date such as 12/25/2013 11:59:08 PM.");
            return null;
        }

        var closedText = Field("Closed Date");
        var closed = ParseDate(closedText, zone);
        if (closedText is not null && closed is null)
        {
            rejection = Reject("row: unreadable 'Closed Date'", $"'Closed Date' '{closedText}' is not a date such as 12/26/2013 01:15:00 AM.");
            return null;
        }

        var agency = AgencyCode(Field("Agency"));
        var complaintType = Field("Complaint Type");
        if (agency is null || complaintType is null)
        {
            rejection = Reject("row: no 'Agency' or 'Complaint Type'", "the row names no agency or no complaint type, so no service type can own it.");
            return null;
        }

        var channel = Field("Open Data Channel Type");
        var latitudeText = Field("Latitude");
        var longitudeText = Field("Longitude");
        double? latitude = null, longitude = null;
        if (latitudeText is not null || longitudeText is not null)
        {
            if (!double.TryParse(latitudeText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                || !double.TryParse(longitudeText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
            {
                rejection = Reject("row: unreadable 'Latitude'/'Longitude'", $"'Latitude' '{latitudeText}' and 'Longitude' '{longitudeText}' are not a pair of numbers.");
                return null;
            }

            (latitude, longitude) = (lat, lon);
        }

        return new NycRow(
            record.Line,
            key,
            created,
            closed,
            agency,
            Field("Agency Name"),
            complaintType,
            Field("Descriptor"),
            Field("Location Type"),
            Field("Incident Address"),
            Field("Incident Zip"),
            Field("Borough"),
            latitude,
            longitude,
            Field("Status"),
            ChannelOf(channel) ?? Channel.Phone,
            columns.ContainsKey("Open Data Channel Type") && ChannelOf(channel) is null,
            Field("Resolution Description"));
    }

    // NYC writes "Unspecified" or "N/A" where it knows nothing.
    private static string? Clean(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0 || trimmed.Equals("Unspecified", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            ? null
            : trimmed;
    }

    // Local New York time to an instant. In the autumn hour that happens twice the earlier instant is taken; a time skipped
    // in spring is moved forward by the gap (NodaTime's lenient resolver).
    private static Instant? ParseDate(string? text, DateTimeZone zone)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var pattern in DatePatterns)
        {
            var result = pattern.Parse(text);
            if (result.Success)
            {
                return zone.ResolveLocal(result.Value, Resolvers.LenientResolver).ToInstant();
            }
        }

        return null;
    }

    private static string? AgencyCode(string? agency)
    {
        if (agency is null)
        {
            return null;
        }

        var code = new StringBuilder(agency.Length);
        foreach (var c in agency.ToUpperInvariant())
        {
            code.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        var result = code.ToString().Trim('-');
        return result.Length == 0 ? null : result.Length <= 64 ? result : result[..64];
    }

    // Legacy files have no channel: their requests, and those whose channel is 'UNKNOWN' or 'OTHER', count as 311 calls.
    private static Channel? ChannelOf(string? openDataChannelType) => openDataChannelType?.ToUpperInvariant() switch
    {
        "ONLINE" => Channel.Web,
        "MOBILE" => Channel.MobileApp,
        "PHONE" => Channel.Phone,
        _ => null,
    };

    private sealed class NycFile
    {
        public string? Error { get; set; }

        public int ColumnCount { get; set; }

        public bool HasChannel { get; set; }

        public bool HasLocationType { get; set; }

        public int RowsRead { get; set; }

        public List<NycRow> Rows { get; } = [];

        public List<Rejection> Rejections { get; } = [];
    }

    /// <summary>Plays the rows forward on one timeline: submissions in 'Created Date' order, closings when their time comes.</summary>
    private sealed class Replayer(ServiceRequests requests, FakeClock clock, NycCatalog catalog, List<Rejection> rejections)
    {
        public const string CloseRefused = "close: refused by the SDK";

        private readonly PriorityQueue<(NycRow Row, ServiceRequestId Id), (Instant At, long Order)> _closings = new();
        private long _order;

        public int Submitted { get; private set; }

        public int UnknownChannel { get; private set; }

        public int RoutedToUnit { get; private set; }

        public int Closed { get; private set; }

        public int NoClosedDate { get; private set; }

        public int ClosedBeforeCreated { get; private set; }

        public int CloseRefusals { get; private set; }

        public async Task RunAsync(IReadOnlyList<NycRow> rows)
        {
            foreach (var row in rows)
            {
                await CloseDueAsync(row.Created).ConfigureAwait(false);
                clock.AdvanceTo(row.Created);
                await SubmitAsync(row).ConfigureAwait(false);
            }

            await CloseDueAsync(Instant.MaxValue).ConfigureAwait(false);
        }

        private async Task SubmitAsync(NycRow row)
        {
            var submission = new ServiceRequestSubmission
            {
                ServiceCode = catalog.ServiceCodeOf(row),
                Description = row.Descriptor,
                Latitude = row.Latitude,
                Longitude = row.Longitude,
                Address = row.Address,
                ZipCode = row.ZipCode,
                District = row.Borough,
                Channel = row.Channel,
                ExternalReference = row.UniqueKey,
                Actor = ReplayActor,
                Attributes = row.LocationType is null
                    ? null
                    : new Dictionary<string, StringValues> { [NycCatalog.LocationTypeAttribute] = row.LocationType },
            };

            ServiceRequest request;
            try
            {
                request = await requests.SubmitAsync(submission).ConfigureAwait(false);
            }
            catch (Civic311ValidationException ex)
            {
                rejections.Add(new Rejection(
                    row.Line,
                    row.UniqueKey,
                    "SDK: " + string.Join(", ", ex.Errors.Select(e => $"{e.Field} {e.Code}")),
                    string.Join(" ", ex.Errors.Select(e => $"{e.Field}: {e.Message}"))));
                return;
            }

            Submitted++;
            UnknownChannel += row.ChannelUnknown ? 1 : 0;

            // DSNY rows name the district or unit that received them: that is the queue the request waits in.
            if (row.AgencyName is { } unit && !string.Equals(unit, catalog.AgencyNameOf(row.Agency), StringComparison.Ordinal))
            {
                request = await requests.ReassignAsync(
                    request.Id, new Assignment { Queue = unit }, new ChangeOptions { Actor = ReplayActor, Note = "Routed to the unit named in 'Agency Name'." }).ConfigureAwait(false);
                RoutedToUnit++;
            }

            if (row.Closed is not { } closed)
            {
                NoClosedDate++;
            }
            else if (closed < row.Created)
            {
                ClosedBeforeCreated++;
            }
            else
            {
                _closings.Enqueue((row, request.Id), (closed, _order++));
            }
        }

        private async Task CloseDueAsync(Instant until)
        {
            while (_closings.TryPeek(out _, out var due) && due.At <= until)
            {
                var (row, id) = _closings.Dequeue();
                clock.AdvanceTo(due.At);
                var code = row.Status is null ? "CLOSED" : NycCatalog.Slug(row.Status).Replace('-', '_').ToUpperInvariant();
                try
                {
                    await requests.ResolveAsync(id, new Resolution(code, row.ResolutionDescription), new ChangeOptions { Actor = row.Agency }).ConfigureAwait(false);
                    await requests.CloseAsync(id, new ChangeOptions { Actor = ReplayActor }).ConfigureAwait(false);
                    Closed++;
                }
                catch (Exception ex) when (ex is Civic311ValidationException or InvalidTransitionException)
                {
                    CloseRefusals++;
                    rejections.Add(new Rejection(row.Line, row.UniqueKey, CloseRefused, ex.Message));
                }
            }
        }
    }
}
