using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Ardalis.Specification;
using Civic311.Application;
using Civic311.Relational;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Civic311.Sqlite.Tests;

/// <summary>Conditions whose SQL is easy to get subtly wrong: negated circles and null fields, and a refused write's rows.</summary>
public sealed class TranslationTests : IDisposable
{
    private static readonly GeoPoint CityHall = new(40.7128, -74.0060);
    private readonly TempDatabases _databases = new();
    private readonly FakeClock _clock = new(TestCatalog.Start);

    public void Dispose() => _databases.Dispose();

    private async Task<(SqliteServiceRequestStore Store, List<ServiceRequest> Stored)> PopulationAsync()
    {
        var store = _databases.Open(_databases.NewPath(), _clock, SqliteSynchronous.Normal);
        var service = new ServiceRequests(store, TestCatalog.Options(), _clock);
        var random = new Random(17);
        var ids = new List<ServiceRequestId>();
        for (var i = 0; i < 40; i++)
        {
            var submission = i % 5 == 0
                ? new ServiceRequestSubmission { ServiceCode = "INFO", Description = "No place at all", Channel = Channel.Web }
                : new ServiceRequestSubmission
                {
                    ServiceCode = "POTHOLE",
                    Latitude = CityHall.Latitude + ((random.NextDouble() - 0.5) * 0.06),
                    Longitude = CityHall.Longitude + ((random.NextDouble() - 0.5) * 0.06),
                    Channel = Channel.Phone,
                };
            ids.Add((await service.SubmitAsync(submission)).Id);
            _clock.Advance(Duration.FromMinutes(1));
            if (i % 3 == 0)
            {
                await service.ReassignAsync(ids[^1], new Assignment { Queue = "DOT-NIGHT" });
            }
        }

        return (store, [.. (await store.GetManyAsync(ids)).OrderBy(r => r.RequestedAt).ThenBy(r => r.Id)]);
    }

    private static async Task<List<ServiceRequestId>> ReadAllAsync(IServiceRequestStore store, ServiceRequestSpecification specification)
    {
        var ids = new List<ServiceRequestId>();
        string? token = null;
        do
        {
            var page = await store.QueryAsync(specification, token, 7);
            ids.AddRange(page.Items.Select(r => r.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return ids;
    }

    [Fact]
    public async Task Negated_circles_and_conditions_on_null_fields_return_what_the_evaluation_returns()
    {
        var (store, stored) = await PopulationAsync();
        var circle = new GeoCircle(CityHall, 1_500);
        var box = new GeoBox(40.70, -74.02, 40.72, -74.00);
        var checks = stored.Where(r => r.NextSlaCheckAt is not null).Select(r => r.NextSlaCheckAt!.Value).Order().ToList();
        var middle = checks[checks.Count / 2];
        ServiceRequestSpecification[] specifications =
        [
            new Matching(x => !circle.Contains(x.Location)),
            new Matching(x => circle.Contains(x.Location) || x.Queue != "DOT-NIGHT"),
            new Matching(x => !(x.Queue == "DOT-NIGHT") && !box.Contains(x.Location)),
            new Matching(x => !(x.NextSlaCheckAt <= middle)), // true for a request with no SLA check, as in C#
        ];

        foreach (var specification in specifications)
        {
            var expected = specification.Evaluate(stored).Select(r => r.Id).ToList();
            expected.Should().NotBeEmpty().And.HaveCountLessThan(stored.Count, "{0} splits the population, so the fact can fail", specification.WhereExpressions.Single().Filter);
            (await ReadAllAsync(store, specification)).Should().Equal(expected, specification.WhereExpressions.Single().Filter.ToString());
        }
    }

    [Fact]
    public async Task A_refused_stale_write_leaves_no_history_or_outbox_row()
    {
        var path = _databases.NewPath();
        var store = _databases.Open(path, _clock);
        var service = new ServiceRequests(store, TestCatalog.Options(), _clock);
        var added = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "INFO", Channel = Channel.Web });
        var acknowledged = await service.AcknowledgeAsync(added.Id);
        var message = new OutboxMessage(Guid.NewGuid(), added.Id, "email", "Test", "r@example.org", "{}", _clock.GetCurrentInstant());

        var stale = () => store.UpdateAsync(new ServiceRequestChange(acknowledged, added.Version, [acknowledged.History[^1]], [message])).AsTask();

        await stale.Should().ThrowAsync<ConcurrencyConflictException>();
        using var raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        raw.Open();
        using var command = raw.CreateCommand();
        command.CommandText = $"SELECT (SELECT COUNT(*) FROM {RelationalSchema.History}), (SELECT COUNT(*) FROM {RelationalSchema.Outbox} WHERE id = '{RelationalValues.Id(message.Id)}'), (SELECT version FROM {RelationalSchema.Requests})";
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        reader.GetInt64(0).Should().Be(2, "the submit and the acknowledgement, not the refused change's entry");
        reader.GetInt64(1).Should().Be(0);
        RelationalValues.Version(reader.GetInt64(2)).Should().Be(acknowledged.Version);
    }

    private sealed class Matching : ServiceRequestSpecification
    {
        public Matching(System.Linq.Expressions.Expression<Func<ServiceRequest, bool>> condition)
        {
            Query.Where(condition).OrderedBy(ServiceRequestOrder.RequestedAt);
        }
    }
}
