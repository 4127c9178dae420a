using System;
using System.Collections.Generic;
using Civic311.Catalog;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Testing;
using Microsoft.Extensions.Primitives;
using NodaTime;
using Civic311.Application;

namespace Civic311.Benchmarks;

/// <summary>
/// The small catalog and the typical submissions every benchmark uses. Deliberately independent of the test projects: two
/// agencies, three service types, attributes of the common datatypes (number, single-value list, multi-value list).
/// </summary>
public static class BenchmarkCatalog
{
    /// <summary>A Monday morning in March, far from a year boundary (the tracking-number scope stays the same all run).</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 14, 0);

    public static Civic311Options Options()
    {
        var definition = new ServiceCatalogDefinition()
            .AddAgency("DOT", "Department of Transportation", "America/New_York")
            .AddAgency("DSNY", "Department of Sanitation", "America/New_York");

        var pothole = new ServiceTypeDefinition { Code = "POTHOLE", Name = "Pothole", Group = "Streets", Agency = "DOT", DefaultQueue = "DOT-ROADWAY" };
        pothole.Attributes.Add(new ServiceAttributeDefinition { Code = "SIZE", Order = 1, Datatype = AttributeDatatype.Number, Description = "Width in inches" });
        pothole.Attributes.Add(List("LANES", 2, required: false, AttributeDatatype.MultiValueList, ("LEFT", "Left lane"), ("CENTER", "Center lane"), ("RIGHT", "Right lane")));

        var missed = new ServiceTypeDefinition { Code = "MISSED-PICKUP", Name = "Missed collection", Group = "Sanitation", Agency = "DSNY", DefaultQueue = "DSNY-COLLECTION" };
        missed.Attributes.Add(List("BIN-TYPE", 1, required: true, AttributeDatatype.SingleValueList, ("TRASH", "Trash"), ("RECYCLING", "Recycling"), ("ORGANICS", "Organics")));

        var streetlight = new ServiceTypeDefinition { Code = "STREETLIGHT", Name = "Street light out", Group = "Streets", Agency = "DOT" };

        definition.AddServiceType(pothole).AddServiceType(missed).AddServiceType(streetlight);
        return new Civic311Options { Catalog = definition, TimeZone = "America/New_York" };
    }

    /// <summary>A clock that moves 1 ms per read, so history instants are distinct as they would be in production.</summary>
    public static FakeClock Clock() => new(Start, Duration.FromMilliseconds(1));

    /// <summary>Creates the service over a new, empty in-memory store.</summary>
    public static ServiceRequests NewService(Civic311Options options, out InMemoryServiceRequestStore store)
    {
        store = new InMemoryServiceRequestStore();
        return new ServiceRequests(store, options, Clock());
    }

    /// <summary>
    /// A typical web-form submission: two attributes (a number and a multi-value list), a point, an address and a reporter
    /// with every contact field.
    /// </summary>
    public static ServiceRequestSubmission Pothole() => new()
    {
        ServiceCode = "POTHOLE",
        Description = "Deep pothole in the right lane, about a foot wide; cars swerve around it.",
        Latitude = 40.7128,
        Longitude = -74.0060,
        Address = "120 Broadway, New York, NY",
        ZipCode = "10271",
        Reporter = new ReporterContact { Name = "Ana Torres", Email = "ana.torres@example.org", Phone = "+1 212 555 0142", PreferredLanguage = "es-US" },
        Channel = Channel.Web,
        Attributes = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase)
        {
            ["SIZE"] = "12",
            ["LANES"] = new StringValues(["RIGHT", "CENTER"]),
        },
        Actor = "web-portal",
    };

    /// <summary>The least a valid submission carries: a service code and an address; no attributes, no reporter.</summary>
    public static ServiceRequestSubmission Minimal() => new()
    {
        ServiceCode = "STREETLIGHT",
        Address = "1 Centre St, New York, NY",
    };

    /// <summary>A submission for the sanitation agency with its one required attribute.</summary>
    public static ServiceRequestSubmission MissedPickup() => new()
    {
        ServiceCode = "MISSED-PICKUP",
        Address = "55 Water St, New York, NY",
        Attributes = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase) { ["BIN-TYPE"] = "RECYCLING" },
        Channel = Channel.Phone,
        Actor = "agent-17",
    };

    private static ServiceAttributeDefinition List(string code, int order, bool required, AttributeDatatype datatype, params (string Key, string Name)[] values)
    {
        var attribute = new ServiceAttributeDefinition { Code = code, Order = order, Required = required, Datatype = datatype };
        foreach (var (key, name) in values)
        {
            attribute.Values.Add(new AttributeValueDefinition { Key = key, Name = name });
        }

        return attribute;
    }
}
