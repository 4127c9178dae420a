using System.Collections.Generic;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.Primitives;
using Civic311.Application;

namespace Civic311.Core.Tests.Validation;

/// <summary>Services over <see cref="TestCatalog"/> and submissions that pass, for tests to spoil one field at a time.</summary>
internal static class Submissions
{
    public static ServiceRequests Service() => Service(new InMemoryServiceRequestStore());

    public static ServiceRequests Service(InMemoryServiceRequestStore store) =>
        new(store, TestCatalog.Options(), new FakeClock(TestCatalog.Start));

    /// <summary>A valid POTHOLE submission with a point (POTHOLE: SIZE number, LANES multi-value list, SAFETY-INFO informational).</summary>
    public static ServiceRequestSubmission Pothole() => new()
    {
        ServiceCode = "POTHOLE",
        Description = "Deep pothole in the right lane",
        Latitude = 40.7128,
        Longitude = -74.0060,
        Channel = Channel.MobileApp,
    };

    /// <summary>A valid MISSED-PICKUP submission (BIN-TYPE required single-value list, MISSED-DATE datetime).</summary>
    public static ServiceRequestSubmission MissedPickup() => new()
    {
        ServiceCode = "MISSED-PICKUP",
        Address = "350 5th Ave, New York, NY",
        Attributes = new Dictionary<string, StringValues> { ["BIN-TYPE"] = "RECYCLING" },
    };

    /// <summary>A valid DEAD-ANIMAL submission (ANIMAL required list, DETAILS text, LANDMARK single-line string).</summary>
    public static ServiceRequestSubmission DeadAnimal() => new()
    {
        ServiceCode = "DEAD-ANIMAL",
        Address = "Central Park West & W 81st St",
        Attributes = new Dictionary<string, StringValues> { ["ANIMAL"] = "CAT" },
    };

    public static ServiceRequestSubmission WithAttribute(this ServiceRequestSubmission submission, string code, StringValues value)
    {
        var attributes = new Dictionary<string, StringValues>();
        if (submission.Attributes is not null)
        {
            foreach (var (key, existing) in submission.Attributes)
            {
                attributes[key] = existing;
            }
        }

        attributes[code] = value;
        return submission with { Attributes = attributes };
    }
}
