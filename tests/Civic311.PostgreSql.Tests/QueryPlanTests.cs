using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Relational;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Civic311.Tests.Shared.PostgreSql;
using Npgsql;
using NodaTime;

namespace Civic311.PostgreSql.Tests;

/// <summary>
/// Reads PostgreSQL's own query plans over 60,000 analysed rows (ten agencies, mostly closed, SLA checks spread over
/// weeks): the work-list and SLA queries read their indexes, never the whole table. The planner left free (no
/// <c>enable_seqscan</c> off), so the plans are the ones a center's database would choose.
/// </summary>
public sealed class QueryPlanTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private const int Rows = 60_000;
    private static readonly object Seeding = new();
    private static Task? s_seeded;

    private Task SeedOnceAsync()
    {
        lock (Seeding)
        {
            return s_seeded ??= SeedAsync();
        }
    }

    private async Task SeedAsync()
    {
        await using (var store = new PostgreSqlServiceRequestStore(new PostgreSqlStoreOptions { ConnectionString = database.ConnectionString }, new FakeClock(TestCatalog.Start)))
        {
            await store.InitializeAsync();
        }

        await using var connection = await database.OpenConnectionAsync();
        var statuses = string.Join(", ", System.Enum.GetNames<ServiceRequestStatus>().Select(s => "'" + s + "'"));
        await using (var insert = new NpgsqlCommand(
            $"""
            INSERT INTO {RelationalSchema.Requests} ({RelationalRows.RequestColumns})
            SELECT md5(i::text)::uuid::text, 'T-' || i, 'T-' || i, s.status, 'POTHOLE', 'POTHOLE', a.agency, a.agency, NULL, NULL, 'Normal', 'Web',
                   @start - i * 60000000000::bigint, @start - i * 60000000000::bigint,
                   CASE WHEN s.status IN ({RelationalSchema.OpenStatusList}) THEN @start + (i % 2000) * 3600000000000::bigint END,
                   0, NULL, NULL, NULL, 1, jsonb_build_object()
            FROM generate_series(1, {Rows}) AS i
            CROSS JOIN LATERAL (SELECT (ARRAY['DOT', 'DSNY', 'DEP', 'NYPD', 'HPD', 'DOB', 'DOHMH', 'DPR', 'TLC', 'DCA'])[i % 10 + 1] AS agency) AS a
            CROSS JOIN LATERAL (SELECT CASE WHEN i % 7 = 0 THEN (ARRAY[{statuses}])[i % 5 + 1] ELSE 'Closed' END AS status) AS s
            """,
            connection))
        {
            insert.Parameters.AddWithValue("start", RelationalValues.Nanoseconds(TestCatalog.Start));
            await insert.ExecuteNonQueryAsync();
        }

        await using var analyze = new NpgsqlCommand($"ANALYZE {RelationalSchema.Requests}", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    // The plans of the first page and of a next page (keyset position), as the store sends them.
    private async Task<string> PlanAsync(Ardalis.Specification.ISpecification<ServiceRequest> specification)
    {
        await SeedOnceAsync();
        var plan = ServiceRequestQueryPlan.From(specification);
        var order = SqlQueryTranslator.OrderOf(plan);
        var first = SqlQueryTranslator.Select(PostgreSqlDialect.Instance, plan, order, null, 51, 0);
        var next = SqlQueryTranslator.Select(PostgreSqlDialect.Instance, plan, order, new RelationalPosition([RelationalValues.Nanoseconds(TestCatalog.Start - Duration.FromDays(3))], ServiceRequestId.NewId(), -1), 51, 0);
        await using var connection = await database.OpenConnectionAsync();
        var lines = new List<string>();
        foreach (var statement in new[] { first, next })
        {
            await using var command = (NpgsqlCommand)statement.CreateCommand(connection, null, PostgreSqlDialect.Instance);
            command.CommandText = "EXPLAIN " + command.CommandText;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        return string.Join("\n", lines);
    }

    [PostgreSqlFact]
    public async Task A_page_of_an_agencys_open_requests_reads_the_open_agency_index_in_order()
    {
        var plan = await PlanAsync(new OpenRequestsOfAgency("DOT"));

        plan.Should().Contain($"Index Scan using ix_{RelationalSchema.Requests}_open_agency on {RelationalSchema.Requests}");
        plan.Should().NotContain("Sort", "the index gives the order, so a page costs its rows, not a sort");
        plan.Should().NotContain("Seq Scan");
    }

    [PostgreSqlFact]
    public async Task The_sla_due_query_reads_the_sla_index()
    {
        var plan = await PlanAsync(new SlaCheckDue(TestCatalog.Start + Duration.FromHours(2)));

        plan.Should().MatchRegex($"(Index Scan using|Bitmap Index Scan on) ix_{RelationalSchema.Requests}_sla ");
        plan.Should().NotContain("Seq Scan");
    }
}
