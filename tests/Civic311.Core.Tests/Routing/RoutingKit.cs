using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Civic311.Catalog;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Microsoft.Extensions.Primitives;
using NodaTime;

namespace Civic311.Core.Tests.Routing;

/// <summary>
/// A small catalog and district set for routing tests.
/// <list type="bullet">
/// <item>Agencies: DOT (New York; queues DOT-ROADWAY, DOT-WEST, DOT-EAST, DOT-NIGHT, DOT-LIAISON), DPR (queue DPR-FORESTRY),
/// HPD (calendar "hpd-hours", weekdays 09:00-17:00; queue HPD-HEAT), 311 (queue TRIAGE), MIDA (Panama, declares no queue).</item>
/// <item>Service types: POTHOLE and STREETLIGHT (group Streets, DOT; POTHOLE has LANES_BLOCKED yes/no), TREE (Parks, DPR),
/// HEAT (Housing, HPD).</item>
/// <item>District set "zone": West (lon -74.00..-73.95, lat 40.70..40.80), East (-73.95..-73.90, 40.70..40.80) and South,
/// a MultiPolygon of two squares (-74.00..-73.96 and -73.94..-73.90, 40.60..40.70).</item>
/// </list>
/// </summary>
internal static class RoutingKit
{
    public static readonly GeoPoint InWest = new(40.75, -73.97);
    public static readonly GeoPoint InEast = new(40.75, -73.92);
    public static readonly GeoPoint InSouth = new(40.65, -73.92);
    public static readonly GeoPoint Outside = new(41.50, -73.00);

    /// <summary>2026-03-04 15:00 UTC, a Wednesday: 10:00 in New York, HPD open.</summary>
    public static readonly Instant WednesdayMorning = Instant.FromUtc(2026, 3, 4, 15, 0);

    public static string ZoneGeoJson { get; } = FeatureCollection(
        Feature("West", Square(-74.00, 40.70, -73.95, 40.80)),
        Feature("East", Square(-73.95, 40.70, -73.90, 40.80)),
        Feature("South", "{\"type\":\"MultiPolygon\",\"coordinates\":[" + Rings(-74.00, 40.60, -73.96, 40.70) + "," + Rings(-73.94, 40.60, -73.90, 40.70) + "]}"));

    public static ServiceCatalog Catalog { get; } = ServiceCatalog.Build(CatalogDefinition());

    public static BusinessCalendar HpdCalendar { get; } = BusinessCalendar.Build(
        new BusinessCalendarDefinition { Id = "hpd-hours", TimeZone = "America/New_York" }.AddWeeklyHours(WeeklyHoursDefinition.Weekdays("09:00-17:00")));

    public static ServiceCatalogDefinition CatalogDefinition()
    {
        var definition = new ServiceCatalogDefinition();
        definition.Agencies.Add(new AgencyDefinition { Code = "DOT", Name = "Transportation", TimeZone = "America/New_York" }
            .AddQueue("DOT-ROADWAY").AddQueue("DOT-WEST").AddQueue("DOT-EAST").AddQueue("DOT-NIGHT").AddQueue("DOT-LIAISON"));
        definition.Agencies.Add(new AgencyDefinition { Code = "DPR", Name = "Parks", TimeZone = "America/New_York" }.AddQueue("DPR-FORESTRY", "Forestry"));
        definition.Agencies.Add(new AgencyDefinition { Code = "HPD", Name = "Housing", TimeZone = "America/New_York", Calendar = "hpd-hours" }.AddQueue("HPD-HEAT"));
        definition.Agencies.Add(new AgencyDefinition { Code = "311", Name = "Triage", TimeZone = "America/New_York" }.AddQueue("TRIAGE"));
        definition.AddAgency("MIDA", "Ministerio de Desarrollo Agropecuario", "America/Panama");

        var pothole = new ServiceTypeDefinition { Code = "POTHOLE", Name = "Pothole", Group = "Streets", Agency = "DOT", DefaultQueue = "DOT-ROADWAY" };
        var lanes = new ServiceAttributeDefinition { Code = "LANES_BLOCKED", Datatype = AttributeDatatype.SingleValueList, Order = 1 };
        lanes.Values.Add(new AttributeValueDefinition { Key = "yes" });
        lanes.Values.Add(new AttributeValueDefinition { Key = "no" });
        pothole.Attributes.Add(lanes);
        return definition
            .AddServiceType(pothole)
            .AddServiceType(new ServiceTypeDefinition { Code = "STREETLIGHT", Name = "Street light out", Group = "Streets", Agency = "DOT" })
            .AddServiceType(new ServiceTypeDefinition { Code = "TREE", Name = "Fallen tree", Group = "Parks", Agency = "DPR" })
            .AddServiceType(new ServiceTypeDefinition { Code = "HEAT", Name = "No heat", Group = "Housing", Agency = "HPD" });
    }

    /// <summary>A definition with the "zone" districts, no rules and the fallback 311/TRIAGE.</summary>
    public static RoutingDefinition Definition() =>
        new RoutingDefinition { Fallback = Action("311", "TRIAGE") }.AddDistricts("zone", ZoneGeoJson, "name");

    public static RoutingActionDefinition Action(string agency, string queue) => new() { Agency = agency, Queue = queue };

    /// <summary>Builds with the HPD calendar available.</summary>
    public static RoutingRules Build(RoutingDefinition definition, params IRoutingCondition[] custom)
    {
        var options = new RoutingBuildOptions { Calendars = code => code == "HPD" ? HpdCalendar : null };
        foreach (var condition in custom)
        {
            options.Conditions.Add(condition);
        }

        return RoutingRules.Build(definition, Catalog, options);
    }

    /// <summary>A definition with one rule "r" (condition <paramref name="when"/>, to DOT/DOT-ROADWAY) before the fallback.</summary>
    public static RoutingRules OneRule(RoutingConditionDefinition when, params IRoutingCondition[] custom) =>
        Build(Definition().AddRule("r", when, Action("DOT", "DOT-ROADWAY")), custom);

    public static RoutingInput Input(string service = "POTHOLE", GeoPoint? at = null, Instant? when = null) =>
        new(service, when ?? WednesdayMorning) { Location = at, Channel = Channel.Web };

    public static IReadOnlyDictionary<string, StringValues> Attributes(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => new StringValues(v.Value), System.StringComparer.OrdinalIgnoreCase);

    public static string FeatureCollection(params string[] features) =>
        "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}";

    public static string Feature(string name, string geometry, string property = "name") =>
        "{\"type\":\"Feature\",\"properties\":{\"" + property + "\":\"" + name + "\"},\"geometry\":" + geometry + "}";

    public static string Square(double west, double south, double east, double north) =>
        "{\"type\":\"Polygon\",\"coordinates\":" + Rings(west, south, east, north) + "}";

    private static string Rings(double west, double south, double east, double north) =>
        string.Create(CultureInfo.InvariantCulture, $"[[[{west},{south}],[{east},{south}],[{east},{north}],[{west},{north}],[{west},{south}]]]");
}
