using System.Linq;
using System.Text.Json;
using Civic311.Application;
using Civic311.Catalog;
using Civic311.Core.Tests.Routing;
using Civic311.InMemory;
using Civic311.Internal;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage.Specification;
using Civic311.Testing;
using NodaTime;

namespace Civic311.Core.Tests.Fuzzing;

/// <summary>
/// Seeded mutation fuzzing of every configuration reader. Each mutated document is either refused with documented
/// errors that name a field, or accepted; an accepted one reads back equal after writing it out, and builds (or is
/// refused) the same way as what it reads back to, and what it builds can be used without an exception.
/// </summary>
public sealed class ConfigurationFuzzTests
{
    private const string SlaPolicies = """
        [
          { "serviceCode": "POTHOLE", "warningPercent": 50, "targets": [
              { "kpi": "firstResponse", "kind": "businessTime", "amount": "2h" },
              { "kpi": "resolution", "kind": "businessDays", "days": 5, "dayEnd": "closingOfDay" } ] },
          { "serviceCode": "POTHOLE", "priority": "urgent", "targets": [ { "kpi": "resolution", "kind": "calendarTime", "amount": "90m" } ] },
          { "serviceCode": "HEAT", "targets": [ { "kpi": "resolution", "kind": "calendarTime", "amount": "72h" } ] },
        ]
        """;

    private static readonly Instant[] Probes =
    [
        Instant.FromUtc(2026, 3, 2, 14, 0), Instant.FromUtc(2026, 12, 24, 23, 30), Instant.FromUtc(2027, 7, 4, 3, 0),
    ];

    [Fact]
    public void Catalog_MutatedDocuments_AreRefusedClearlyOrReadBackEqual()
    {
        Fuzz.Run(1500, m => m.MutateJson(Catalog.ServiceCatalogDefinitionJsonTests.FullCatalog), json =>
        {
            ServiceCatalogDefinition? definition = null;
            if (!Fuzz.Accepts(() => definition = ServiceCatalogDefinition.FromJson(json)))
            {
                return false;
            }

            var again = ReadsBackEqual(definition!, ServiceCatalogDefinition.FromJson);
            var built = Fuzz.Accepts(() => ServiceCatalog.Build(definition!));
            Fuzz.Accepts(() => ServiceCatalog.Build(again)).Should().Be(built, "what is read back builds the same way");
            return built;
        }, json => json);
    }

    [Fact]
    public void Calendar_MutatedDocuments_AreRefusedClearlyOrReadBackEqualAndCompute()
    {
        Fuzz.Run(600, m => m.MutateJson(Sla.Calendar.CalendarJsonTests.FullCalendar), json =>
        {
            BusinessCalendarDefinition? definition = null;
            if (!Fuzz.Accepts(() => definition = BusinessCalendarDefinition.FromJson(json)))
            {
                return false;
            }

            var again = ReadsBackEqual(definition!, BusinessCalendarDefinition.FromJson);
            BusinessCalendar? calendar = null;
            var built = Fuzz.Accepts(() => calendar = BusinessCalendar.Build(definition!, 2026, 2));
            Fuzz.Accepts(() => BusinessCalendar.Build(again, 2026, 2)).Should().Be(built, "what is read back builds the same way");
            if (built)
            {
                foreach (var probe in Probes)
                {
                    var due = calendar!.Add(probe, Duration.FromHours(10));
                    calendar.Between(probe, due).Should().BeLessThanOrEqualTo(Duration.FromHours(10));
                }
            }

            return built;
        }, json => json);
    }

    [Fact]
    public void SlaPolicies_MutatedDocuments_AreRefusedClearlyOrApplyOnSubmit()
    {
        Fuzz.Run(800, m => m.MutateJson(SlaPolicies), json =>
        {
            System.Collections.Generic.IReadOnlyList<SlaPolicyDefinition>? policies = null;
            if (!Fuzz.Accepts(() => policies = SlaPolicyDefinition.ListFromJson(json)))
            {
                return false;
            }

            var options = TestCatalog.Options();
            options.SlaPolicies.Clear();
            foreach (var policy in policies!)
            {
                options.SlaPolicies.Add(policy);
            }

            ServiceRequests? service = null;
            if (!Fuzz.Accepts(() => service = new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(TestCatalog.Start))))
            {
                return false;
            }

            // Accepted policies compute on every submit: no exception of any kind.
            foreach (var priority in (Priority[])[Priority.Normal, Priority.Urgent])
            {
                var request = service!.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St", Priority = priority }).AsTask().GetAwaiter().GetResult();
                request.Sla.Should().OnlyContain(s => s.DueAt >= request.RequestedAt);
            }

            return true;
        }, json => json);
    }

    [Fact]
    public void Routing_MutatedDocuments_AreRefusedClearlyOrReadBackEqualAndRoute()
    {
        var seed = RoutingDefinitionTests.FullJson.Replace("\"file\": \"zone.geojson\"", "\"geoJson\": " + JsonSerializer.Serialize(RoutingKit.ZoneGeoJson), System.StringComparison.Ordinal);
        Fuzz.Run(1000, m => m.MutateJson(seed), json =>
        {
            RoutingDefinition? definition = null;
            if (!Fuzz.Accepts(() => definition = RoutingDefinition.FromJson(json)))
            {
                return false;
            }

            var written = definition!.ToJson();
            RoutingDefinition.FromJson(written).ToJson().Should().Be(written, "an accepted definition reads back equal");
            RoutingRules? rules = null;
            if (!Fuzz.Accepts(() => rules = RoutingKit.Build(definition, new RoutingDefinitionTests.Always())))
            {
                return false;
            }

            foreach (var at in (GeoPoint?[])[RoutingKit.InWest, RoutingKit.Outside, null])
            {
                foreach (var when in Probes)
                {
                    rules!.Route(RoutingKit.Input(at: at, when: when)).Queue.Should().NotBeNullOrEmpty();
                }
            }

            return true;
        }, json => json);
    }

    [Fact]
    public void Seeds_AreValid()
    {
        ServiceCatalog.Build(ServiceCatalogDefinition.FromJson(Catalog.ServiceCatalogDefinitionJsonTests.FullCatalog)).Should().NotBeNull();
        BusinessCalendar.Build(BusinessCalendarDefinition.FromJson(Sla.Calendar.CalendarJsonTests.FullCalendar), 2026, 2).Should().NotBeNull();
        SlaPolicyDefinition.ListFromJson(SlaPolicies).Should().HaveCount(3);
    }

    // Writing an accepted definition out and reading it again loses nothing: the second write equals the first.
    private static T ReadsBackEqual<T>(T definition, System.Func<string, T> read)
    {
        var written = JsonSerializer.Serialize(definition, ConfigurationJson.Options);
        var again = read(written);
        JsonSerializer.Serialize(again, ConfigurationJson.Options).Should().Be(written, "an accepted definition reads back equal");
        return again;
    }
}
