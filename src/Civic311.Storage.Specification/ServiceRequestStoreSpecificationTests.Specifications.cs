using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Threading.Tasks;
using Ardalis.Specification;
using Civic311.Requests;
using Civic311.Tests.Shared;
using NodaTime;

namespace Civic311.Storage.Specification;

public abstract partial class ServiceRequestStoreSpecificationTests
{
    private static readonly string[] PopulationCodes = ["POTHOLE", "POTHOLE", "POTHOLE", "STREET-CONDITION", "HEAT", "MISSED-PICKUP", "INFO"];
    private static readonly GeoPoint CityHall = new(40.7128, -74.0060);

    /// <summary>
    /// Gets a value indicating whether the store honours a specification's <c>Skip</c> (on the first page) and <c>Take</c>
    /// (a cap across every page); when <see langword="false"/> (the default) the suite expects it to refuse them with a
    /// <see cref="NotSupportedException"/>, as a store paging only by continuation token must (Dataverse has no <c>$skip</c>).
    /// Override to declare the capability.
    /// </summary>
    protected virtual bool HonoursSkipAndTake => false;

    /// <summary>Proves each named specification (open requests of an agency, SLA check due, duplicates of a request, requests near a point, requests updated since) returns exactly what Ardalis' evaluation of it over the stored requests returns, in its order.</summary>
    [Fact]
    public async Task Specification_query_answers_each_named_specification_as_its_evaluation()
    {
        var store = CreateStore();
        var stored = await RandomPopulationAsync(store, new Random(7), 16);
        var slaChecks = stored.Where(r => r.NextSlaCheckAt is not null).Select(r => r.NextSlaCheckAt!.Value).Order().ToList();
        slaChecks.Should().HaveCountGreaterThan(1, "the population has running SLA clocks");
        var duplicated = stored.First(r => r.DuplicateCount > 0).Id;

        ServiceRequestSpecification[] specifications =
        [
            new OpenRequestsOfAgency("dot"),
            new SlaCheckDue(slaChecks[slaChecks.Count / 2]),
            new DuplicatesOfRequest(duplicated),
            new RequestsNear(CityHall, 3_000),
            new RequestsUpdatedSince(TestCatalog.Start + Duration.FromMinutes(40)),
        ];
        foreach (var specification in specifications)
        {
            var expected = specification.Evaluate(stored).Select(r => r.Id).ToList();
            expected.Should().NotBeEmpty($"{specification.GetType().Name} matches some of the population, so the fact can fail");
            expected.Count.Should().BeLessThan(stored.Count, $"{specification.GetType().Name} leaves some out");
            (await ReadAllAsync(store, specification, pageSize: 4)).Should().Equal(expected, specification.GetType().Name);
        }
    }

    /// <summary>Proves a specification query pages with a small page size without repeats or gaps, each page at most the page size, and that a request added between pages never shifts the rows after it.</summary>
    [Fact]
    public async Task Specification_query_pages_every_match_once_in_order_also_while_requests_are_added()
    {
        var store = CreateStore();
        var service = CreateService(store);
        var stored = await RandomPopulationAsync(store, new Random(11), 14);
        var specification = new RequestsUpdatedSince(TestCatalog.Start);
        var expected = specification.Evaluate(stored).Select(r => r.Id).ToList();

        var first = await store.QueryAsync(specification, null, pageSize: 3);
        first.Items.Should().HaveCount(3);
        Clock.Advance(Duration.FromDays(1));
        var late = await service.SubmitAsync(Pothole()); // after every other request in this order: it ends the last page
        var seen = first.Items.Select(r => r.Id).ToList();
        var token = first.ContinuationToken;
        while (token is not null)
        {
            var page = await store.QueryAsync(specification, token, pageSize: 3);
            page.Items.Count.Should().BeLessThanOrEqualTo(3);
            seen.AddRange(page.Items.Select(r => r.Id));
            token = page.ContinuationToken;
        }

        seen.Should().Equal([.. expected, late.Id]);
    }

    /// <summary>Proves a continuation token of one specification is refused by another (an <see cref="ArgumentException"/> naming the token), as is a malformed token, and that a page size outside 1 to <see cref="ServiceRequestPage.MaxSize"/> is an <see cref="ArgumentOutOfRangeException"/> naming <c>pageSize</c>.</summary>
    [Fact]
    public async Task Specification_query_refuses_a_token_of_another_specification_and_a_page_size_out_of_range()
    {
        var store = CreateStore();
        await RandomPopulationAsync(store, new Random(3), 8);
        var page = await store.QueryAsync(new RequestsUpdatedSince(TestCatalog.Start), null, pageSize: 2);
        page.ContinuationToken.Should().NotBeNull();

        var foreign = () => store.QueryAsync(new OpenRequestsOfAgency("DOT"), page.ContinuationToken, pageSize: 2).AsTask();
        (await foreign.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().NotBeNullOrEmpty();
        var otherValue = () => store.QueryAsync(new RequestsUpdatedSince(TestCatalog.Start + Duration.FromTicks(1)), page.ContinuationToken, pageSize: 2).AsTask();
        await otherValue.Should().ThrowAsync<ArgumentException>("the same specification with another value is another query");
        var malformed = () => store.QueryAsync(new RequestsUpdatedSince(TestCatalog.Start), "not a token", pageSize: 2).AsTask();
        await malformed.Should().ThrowAsync<ArgumentException>();

        foreach (var size in new[] { 0, -1, ServiceRequestPage.MaxSize + 1 })
        {
            var outOfRange = () => store.QueryAsync(new RequestsUpdatedSince(TestCatalog.Start), null, size).AsTask();
            (await outOfRange.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("pageSize");
        }

        var unsupported = () => store.QueryAsync(new Unindexed(), null).AsTask();
        (await unsupported.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should().Contain("Description");
    }

    /// <summary>Proves <c>Skip</c> and <c>Take</c> are honoured (skip on the first page, take as a cap across pages) by a store that declares <see cref="HonoursSkipAndTake"/>, and refused with a <see cref="NotSupportedException"/> naming them by one that does not.</summary>
    [Fact]
    public async Task Specification_query_honours_or_refuses_skip_and_take_as_the_store_declares()
    {
        var store = CreateStore();
        var stored = await RandomPopulationAsync(store, new Random(5), 12);
        var paged = new Paged(skip: 2, take: 7);
        if (!HonoursSkipAndTake)
        {
            var refused = () => store.QueryAsync(paged, null).AsTask();
            (await refused.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should().Contain("Skip(2)");
            var taken = () => store.QueryAsync(new Paged(skip: null, take: 7), null).AsTask();
            (await taken.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should().Contain("Take(7)");
            return;
        }

        var expected = paged.Evaluate(stored).Select(r => r.Id).ToList();
        expected.Should().HaveCount(7);
        (await ReadAllAsync(store, paged, pageSize: 3)).Should().Equal(expected);
        (await ReadAllAsync(store, new Paged(skip: 10, take: 7), pageSize: 3)).Should().HaveCount(2);
        (await ReadAllAsync(store, new Paged(skip: null, take: 3), pageSize: 3)).Should().HaveCount(3);
    }

    /// <summary>
    /// Proves, for random specifications in the supported subset (the builder methods and simple conditions over indexed
    /// fields, composed at random, in a random order) over a random population, that the store returns exactly what
    /// Ardalis' evaluation returns, in the same order, across pages of random size. Seeds are fixed;
    /// <c>CIVIC311_FUZZ_SEED</c> and <c>CIVIC311_FUZZ_COUNT</c> explore further.
    /// </summary>
    [Fact]
    public async Task Specification_query_returns_what_the_evaluation_returns_for_random_specifications()
    {
        foreach (var seed in FuzzSettings.Seeds(20261204))
        {
            var random = new Random(seed);
            var store = CreateStore();
            var stored = await RandomPopulationAsync(store, random, 24);
            var partial = 0;
            for (var i = 0; i < FuzzSettings.Count(40); i++)
            {
                var specification = RandomSpecification(random, stored);
                var expected = specification.Evaluate(stored).Select(r => r.Id).ToList();
                partial += expected.Count > 0 && expected.Count < stored.Count ? 1 : 0;
                var pageSize = random.Next(1, 8);
                var actual = await ReadAllAsync(store, specification, pageSize);
                actual.Should().Equal(expected,
                    $"seed {seed} (CIVIC311_FUZZ_SEED={seed} reproduces it), case {i}, page size {pageSize}: " +
                    string.Join(" && ", specification.WhereExpressions.Select(w => w.Filter.ToString())));
            }

            partial.Should().BeGreaterThan(FuzzSettings.Count(40) / 4, "most random specifications match some requests but not all");
        }
    }

    private static async Task<List<ServiceRequestId>> ReadAllAsync(IServiceRequestStore store, ISpecification<ServiceRequest> specification, int pageSize)
    {
        var ids = new List<ServiceRequestId>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.QueryAsync(specification, token, pageSize);
            page.Items.Count.Should().BeLessThanOrEqualTo(pageSize);
            (++pages).Should().BeLessThan(1_000, "a store whose token does not move past its page would page for ever");
            ids.AddRange(page.Items.Select(r => r.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return ids;
    }

    // Requests of several services, agencies and queues (some with no point, some sharing an instant), acknowledged, held,
    // reassigned and marked as duplicates of the first two at random; read back as the store holds them.
    private async Task<List<ServiceRequest>> RandomPopulationAsync(IServiceRequestStore store, Random random, int count)
    {
        var service = CreateService(store);
        var ids = new List<ServiceRequestId>();
        for (var i = 0; i < count; i++)
        {
            var code = PopulationCodes[random.Next(PopulationCodes.Length)];
            var (latitude, longitude) = (CityHall.Latitude + ((random.NextDouble() - 0.5) * 0.1), CityHall.Longitude + ((random.NextDouble() - 0.5) * 0.1));
            var submission = code switch
            {
                "MISSED-PICKUP" => MissedPickup(),
                "INFO" => new ServiceRequestSubmission { ServiceCode = "INFO", Description = "When is collection?", Channel = Channel.Web },
                _ => Pothole(latitude, longitude) with { ServiceCode = code, Attributes = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>() },
            };
            ids.Add((await service.SubmitAsync(submission)).Id);
            if (random.Next(3) != 0)
            {
                Clock.Advance(Duration.FromMinutes(random.Next(1, 10))); // the rest share an instant with the next one
            }
        }

        for (var i = 2; i < ids.Count; i++)
        {
            Clock.Advance(Duration.FromMinutes(random.Next(0, 4)));
            switch (random.Next(6))
            {
                case 0:
                    await service.AcknowledgeAsync(ids[i]);
                    break;
                case 1:
                    await service.PutOnHoldAsync(ids[i], "Waiting for access");
                    break;
                case 2:
                    await service.ReassignAsync(ids[i], new Assignment { Queue = random.Next(2) == 0 ? "DOT-NIGHT" : "dsny-bk" });
                    break;
                case 3:
                    await service.MarkAsDuplicateAsync(ids[i], ids[random.Next(2)]);
                    break;
                default:
                    break; // left as submitted
            }
        }

        var stored = new List<ServiceRequest>(ids.Count);
        foreach (var id in ids)
        {
            stored.Add((await store.GetAsync(id))!);
        }

        return stored;
    }

    private static AdHocSpecification RandomSpecification(Random random, List<ServiceRequest> stored)
    {
        var specification = new AdHocSpecification();
        var query = specification.Query;
        var instants = stored.SelectMany(r => new[] { r.RequestedAt, r.UpdatedAt }).ToArray();
        Instant SomeInstant() => instants[random.Next(instants.Length)] + Duration.FromSeconds(random.Next(-1, 2));
        var conditions = random.Next(0, 4);
        for (var i = 0; i < conditions; i++)
        {
            switch (random.Next(13))
            {
                case 0: query.OnlyOpen(); break;
                case 1: query.WithStatus(Pick(random, Enum.GetValues<ServiceRequestStatus>())); break;
                case 2: query.WithServiceCode(Pick(random, ["pothole", "HEAT", "Missed-Pickup", "NOPE"])); break;
                case 3: query.WithAgency(Pick(random, ["DOT", "dsny", "HPD"])); break;
                case 4: query.WithQueue(Pick(random, ["DOT-ROADWAY", "dot-night", "DSNY-BK", "HPD-HEAT"])); break;
                case 5:
                    var (from, to) = (SomeInstant(), SomeInstant());
                    query.RequestedBetween(from < to ? from : to, from < to ? to : from);
                    break;
                case 6: query.WithinArea(new GeoBox(40.69, -74.03, 40.69 + (random.NextDouble() * 0.06), -74.03 + (random.NextDouble() * 0.06))); break;
                case 7: query.DuplicatesOf(stored[random.Next(2)].Id); break;
                case 8: query.WithSlaCheckDueBy(SomeInstant() + Duration.FromDays(random.Next(0, 3))); break;
                case 9: query.UpdatedSince(SomeInstant()); break;
                case 10: query.Near(new GeoPoint(40.70 + (random.NextDouble() * 0.03), -74.02 + (random.NextDouble() * 0.03)), random.Next(500, 4_000)); break;
                default: query.Where(RandomCondition(random, SomeInstant(), stored)); break;
            }
        }

        query.OrderedBy(random.Next(2) == 0 ? ServiceRequestOrder.RequestedAt : ServiceRequestOrder.UpdatedAt, descending: random.Next(2) == 0);
        return specification;
    }

    // Simple conditions over indexed fields, written as a caller would; each store must translate them (case-insensitive text).
    private static Expression<Func<ServiceRequest, bool>> RandomCondition(Random random, Instant instant, List<ServiceRequest> stored)
    {
        var status = Enum.GetValues<ServiceRequestStatus>()[random.Next(Enum.GetValues<ServiceRequestStatus>().Length)];
        var agency = random.Next(2) == 0 ? "dot" : "DSNY";
        var id = stored[random.Next(stored.Count)].Id;
        return random.Next(9) switch
        {
            0 => x => x.RequestedAt >= instant,
            1 => x => x.UpdatedAt < instant || x.Status == status,
            2 => x => x.Queue == null || string.Equals(x.Queue, "dsny-bk", StringComparison.OrdinalIgnoreCase),
            3 => x => x.DuplicateOf.HasValue,
            4 => x => !(x.Status == status),
            5 => x => string.Equals(x.Agency, agency, StringComparison.OrdinalIgnoreCase) && x.IsOpen,
            6 => x => x.NextSlaCheckAt <= instant,
            7 => x => x.Id != id,
            _ => x => x.ServiceCode.StartsWith("p", StringComparison.OrdinalIgnoreCase) || x.Location == null,
        };
    }

    private static T[] Pick<T>(Random random, T[] values) =>
        values.Where(_ => random.Next(3) == 0).DefaultIfEmpty(values[random.Next(values.Length)]).ToArray();

    private sealed class AdHocSpecification : ServiceRequestSpecification
    {
        public AdHocSpecification(Action<ISpecificationBuilder<ServiceRequest>>? conditions = null) => conditions?.Invoke(Query);
    }

    private sealed class Unindexed : ServiceRequestSpecification
    {
        public Unindexed()
        {
            Query.Where(x => x.Description != null && x.Description.Contains("pothole"));
        }
    }

    private sealed class Paged : ServiceRequestSpecification
    {
        public Paged(int? skip, int take)
        {
            Query.OrderedBy(ServiceRequestOrder.RequestedAt);
            if (skip is { } s)
            {
                Query.Skip(s);
            }

            Query.Take(take);
        }
    }
}
