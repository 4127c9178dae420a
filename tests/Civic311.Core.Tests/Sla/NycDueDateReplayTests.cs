using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Catalog;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Testing;
using CsvHelper;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Core.Tests.Sla;

/// <summary>
/// Replays the NYC 311 requests created on Christmas Day 2013 (<c>../shared/data/nyc311-2013-12-25.csv</c>, which carries
/// the city's own <c>Due Date</c>) through <see cref="ServiceRequests.SubmitAsync"/>, with the SLA policies of
/// <c>Nyc2013/sla-policies.json</c>, and compares each promised due instant to the city's, to the second. README.md's table
/// (agreement per type) and docs/nyc-2013-replay.md (every disagreement and what in the data explains it) must say what
/// this replay computes; regenerate them from <see cref="Table"/> and <see cref="Misses"/>.
/// </summary>
public sealed class NycDueDateReplayTests
{
    private const string DataFile = "nyc311-2013-12-25.csv";
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly LocalDateTimePattern Exported = LocalDateTimePattern.CreateWithInvariantCulture("MM/dd/uuuu hh:mm:ss tt");
    private static readonly LocalDateTimePattern Shown = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss");
    private static readonly Lazy<Task<Replay>> Result = new(RunAsync);

    [Fact]
    public async Task Every_row_with_a_due_date_is_replayed_and_most_agree_to_the_second()
    {
        var replay = await Result.Value;

        replay.Rows.Should().HaveCount(445, "the extract has 445 rows with a 'Due Date'");
        replay.Rows.Count(r => r.Agrees).Should().Be(360);
        replay.Rows.Where(r => r.Agrees).Should().OnlyContain(r => r.Explanation == null);
        replay.Rows.Where(r => !r.Agrees && r.Promised is not null).Should().OnlyContain(r => r.Explanation != null, "every miss is listed with its explanation");
    }

    [Fact]
    public async Task Police_complaints_are_due_eight_elapsed_hours_after_arrival_across_midnight()
    {
        var replay = await Result.Value;

        // An NYPD request at 23:59:08 on Christmas Day is due at 07:59:08 the next morning: no opening hours, no holiday.
        var late = replay.Rows.Single(r => r.UniqueKey == "26984072");
        late.Promised.Should().Be(late.Due);
        replay.Rows.Where(r => r.Agency == "NYPD").Should().OnlyContain(r => r.Agrees);
    }

    [Fact]
    public async Task The_readme_table_is_what_the_replay_computes()
    {
        var replay = await Result.Value;
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md")).ReplaceLineEndings("\n");

        readme.Should().Contain(Table(replay), "README.md's NYC replay table is this test's result (regenerate it from Table())");
    }

    [Fact]
    public async Task The_docs_list_every_disagreement_and_its_explanation()
    {
        var replay = await Result.Value;
        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "nyc-2013-replay.md")).ReplaceLineEndings("\n");

        doc.Should().Contain(Misses(replay), "docs/nyc-2013-replay.md lists this test's misses (regenerate it from Misses())");
    }

    /// <summary>One row of the extract with a due date: what the city promised and what the SDK promises.</summary>
    internal sealed record Row(string UniqueKey, string Agency, string ComplaintType, Instant Created, Instant Due, Instant? Updated)
    {
        public Instant? Promised { get; set; }

        public string? Explanation { get; set; }

        public bool Agrees => Promised == Due;
    }

    internal sealed record Replay(IReadOnlyList<Row> Rows, IReadOnlyDictionary<string, string> Rules);

    internal static string ServiceCode(string agency, string complaintType) =>
        agency + "-" + Regex.Replace(complaintType.ToUpperInvariant(), "[^A-Z0-9]+", "-").Trim('-');

    private static async Task<Replay> RunAsync()
    {
        var (rows, agencyNames) = Read(SharedData.File(DataFile));
        var directory = Path.Combine(Repository.Root, "tests", "Civic311.Core.Tests", "Sla", "Nyc2013");

        var options = new Civic311Options { TimeZone = NewYork.Id };
        using (var calendar = File.OpenRead(Path.Combine(directory, "calendar.json")))
        {
            options.Calendars.Add(BusinessCalendarDefinition.FromJson(calendar));
        }

        var rules = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var policies = File.OpenRead(Path.Combine(directory, "sla-policies.json")))
        {
            foreach (var policy in SlaPolicyDefinition.ListFromJson(policies))
            {
                options.SlaPolicies.Add(policy);
                rules[policy.ServiceCode!] = string.Join("; ", policy.Targets.Select(Describe));
            }
        }

        foreach (var (agency, name) in agencyNames.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            options.Catalog.AddAgency(agency, name, NewYork.Id, calendar: options.Calendars[0].Id);
        }

        foreach (var type in rows.Select(r => (r.Agency, r.ComplaintType)).Distinct().OrderBy(t => t.Agency, StringComparer.Ordinal).ThenBy(t => t.ComplaintType, StringComparer.Ordinal))
        {
            options.Catalog.AddServiceType(new ServiceTypeDefinition { Code = ServiceCode(type.Agency, type.ComplaintType), Name = type.ComplaintType, Agency = type.Agency });
        }

        var ordered = rows.OrderBy(r => r.Created).ToList();
        var clock = new FakeClock(ordered[0].Created);
        var requests = new ServiceRequests(new InMemoryServiceRequestStore(), options, clock);
        foreach (var row in ordered)
        {
            clock.AdvanceTo(row.Created);
            var request = await requests.SubmitAsync(new ServiceRequestSubmission { ServiceCode = ServiceCode(row.Agency, row.ComplaintType), Address = "replayed" });
            row.Promised = request.ExpectedAt;
        }

        Explain(rows);
        return new Replay(rows, rules);
    }

    private static (List<Row> Rows, Dictionary<string, string> AgencyNames) Read(string path)
    {
        var rows = new List<Row>();
        var agencyNames = new Dictionary<string, string>(StringComparer.Ordinal);
        using var csv = CsvReader.FromFile(path);
        foreach (var row in csv)
        {
            var due = row["Due Date"].ToString();
            if (due.Length == 0)
            {
                continue;
            }

            var agency = row["Agency"].ToString();
            agencyNames.TryAdd(agency, row["Agency Name"].ToString());
            var updated = row["Resolution Action Updated Date"].ToString();
            rows.Add(new Row(
                row["Unique Key"].ToString(),
                agency,
                row["Complaint Type"].ToString(),
                Local(row["Created Date"].ToString()),
                Local(due),
                updated.Length == 0 ? null : Local(updated)));
        }

        return (rows, agencyNames);
    }

    // What in the data explains a due date the rule does not give, first match wins. None of these is a rule to configure:
    // each is a step the city's system took after the request arrived, or a field the export lost.
    private static void Explain(List<Row> rows)
    {
        var sharing = rows.GroupBy(r => r.Due).ToDictionary(g => g.Key, g => g.Count());
        foreach (var row in rows.Where(r => !r.Agrees))
        {
            row.Explanation =
                TimeOfDay(row.Created) == LocalTime.Midnight ? "'Created Date' is a bare date (00:00:00); the due date keeps the real arrival time"
                : row.Updated is { } updated && updated > row.Created && row.Due > updated && TimeOfDay(row.Due) == TimeOfDay(updated)
                    ? "re-set later: whole days after 'Resolution Action Updated Date', at its time of day"
                : TimeOfDay(row.Due) == TimeOfDay(row.Created) ? "another number of days at the arrival's time of day: a different target (re-categorised, or set by hand)"
                : sharing[row.Due] >= 2 ? "bulk re-set: the same due instant, to the second, as another row"
                : row.Promised is null ? "no policy: no due date of this type follows from its arrival"
                : "not explained by any field (set by hand, or a rule this extract does not show)";
        }
    }

    private static string Describe(SlaTargetDefinition target) => target.Kind switch
    {
        SlaTimeKind.CalendarDays or SlaTimeKind.BusinessDays => string.Create(CultureInfo.InvariantCulture, $"{Json(target.Kind)} {target.Days}"),
        _ => $"{Json(target.Kind)} {target.Amount}",
    };

    private static string Json(SlaTimeKind kind) => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..];

    /// <summary>The README's table: agreement per agency and complaint type, most rows first.</summary>
    internal static string Table(Replay replay)
    {
        var table = new StringBuilder("| Agency | Complaint type | Rows | Rule (resolution) | Agree to the second |\n|---|---|--:|---|--:|\n");
        var groups = replay.Rows
            .GroupBy(r => (r.Agency, r.ComplaintType))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Agency, StringComparer.Ordinal).ThenBy(g => g.Key.ComplaintType, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var rule = replay.Rules.TryGetValue(ServiceCode(group.Key.Agency, group.Key.ComplaintType), out var configured) ? configured : "none";
            table.Append(CultureInfo.InvariantCulture, $"| {group.Key.Agency} | {group.Key.ComplaintType} | {group.Count()} | {rule} | {Rate(group.Count(r => r.Agrees), group.Count())} |\n");
        }

        table.Append(CultureInfo.InvariantCulture, $"| **All** | | **{replay.Rows.Count}** | | **{Rate(replay.Rows.Count(r => r.Agrees), replay.Rows.Count)}** |\n");
        return table.ToString();
    }

    /// <summary>docs/nyc-2013-replay.md's lists: the misses by explanation, then each miss.</summary>
    internal static string Misses(Replay replay)
    {
        var misses = replay.Rows.Where(r => !r.Agrees).OrderBy(r => r.Agency, StringComparer.Ordinal).ThenBy(r => r.ComplaintType, StringComparer.Ordinal).ThenBy(r => r.Created).ToList();
        var text = new StringBuilder("| Explanation | Rows |\n|---|--:|\n");
        foreach (var group in misses.GroupBy(r => r.Explanation!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count()} |\n");
        }

        text.Append("\n| Unique Key | Agency | Complaint type | Created | Due Date | SDK's due | Resolution Action Updated | Explanation |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var row in misses)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {row.UniqueKey} | {row.Agency} | {row.ComplaintType} | {Show(row.Created)} | {Show(row.Due)} | {Show(row.Promised)} | {Show(row.Updated)} | {row.Explanation} |\n");
        }

        return text.ToString();
    }

    private static string Rate(int agree, int rows) =>
        string.Create(CultureInfo.InvariantCulture, $"{agree} ({100.0 * agree / rows:0.#} %)");

    private static string Show(Instant? instant) => instant is { } value ? Shown.Format(value.InZone(NewYork).LocalDateTime) : "-";

    private static LocalTime TimeOfDay(Instant instant) => instant.InZone(NewYork).TimeOfDay;

    // The export writes local wall time without an offset; a time in a daylight-saving change maps as NodaTime's lenient
    // resolver says (none of the rows' arrivals is in one: they are all in December).
    private static Instant Local(string text) => Exported.Parse(text).Value.InZoneLeniently(NewYork).ToInstant();
}
