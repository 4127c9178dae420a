using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Relational;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Civic311.Sqlite.Tests;

/// <summary>Reads SQLite's own query plans: the work-list and SLA queries read an index, never the whole table.</summary>
public sealed class QueryPlanTests : IDisposable
{
    private readonly TempDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    private async Task<string> PlanAsync(Ardalis.Specification.ISpecification<ServiceRequest> specification)
    {
        var path = _databases.NewPath();
        var clock = new FakeClock(TestCatalog.Start);
        var store = _databases.Open(path, clock, SqliteSynchronous.Normal);
        var service = new Civic311.Application.ServiceRequests(store, TestCatalog.Options(), clock);
        for (var i = 0; i < 30; i++)
        {
            await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = i % 3 == 0 ? "INFO" : "POTHOLE", Address = "1 Main St", Channel = Channel.Web });
            clock.Advance(Duration.FromMinutes(1));
        }

        var plan = ServiceRequestQueryPlan.From(specification);
        var order = SqlQueryTranslator.OrderOf(plan);
        var first = SqlQueryTranslator.Select(SqliteDialect.Instance, plan, order, null, 51, 0);
        var next = SqlQueryTranslator.Select(SqliteDialect.Instance, plan, order, new RelationalPosition(new long[order.Count - 1], ServiceRequestId.NewId(), -1), 51, 0);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var details = new List<string>();
        foreach (var statement in new[] { first, next })
        {
            using var command = statement.CreateCommand(connection, null, SqliteDialect.Instance);
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                details.Add(reader.GetString(3));
            }
        }

        return string.Join(" | ", details);
    }

    [Fact]
    public async Task A_page_of_an_agencys_open_requests_reads_the_open_agency_index_in_order()
    {
        var plan = await PlanAsync(new OpenRequestsOfAgency("DOT"));

        plan.Should().Contain($"USING INDEX ix_{RelationalSchema.Requests}_open_agency");
        plan.Should().NotContain("TEMP B-TREE", "the index gives the order, so a page costs its rows, not a sort");
        plan.Should().NotMatchRegex($"SCAN {RelationalSchema.Requests}( |$)(?!USING)");
    }

    [Fact]
    public async Task The_sla_due_query_reads_the_sla_index()
    {
        var plan = await PlanAsync(new SlaCheckDue(TestCatalog.Start + Duration.FromHours(2)));

        plan.Should().Contain($"SEARCH {RelationalSchema.Requests} USING INDEX ix_{RelationalSchema.Requests}_sla (next_sla_check_at");
        plan.Should().NotMatchRegex($"SCAN {RelationalSchema.Requests}( |$)(?!USING)");
    }
}
