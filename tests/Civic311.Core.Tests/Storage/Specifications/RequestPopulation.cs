using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.Primitives;
using NodaTime;

namespace Civic311.Core.Tests.Storage.Specifications;

/// <summary>
/// A random but repeatable population of requests made through the real lifecycle (so statuses, queues, SLA checks and
/// duplicates are what the SDK produces): several service types and agencies, points, addresses only and none, instants
/// that tie.
/// </summary>
internal static class RequestPopulation
{
    private static readonly Lazy<IReadOnlyList<ServiceRequest>> Built = new(() => BuildAsync(20261204, 120).AsTask().GetAwaiter().GetResult());

    public static IReadOnlyList<ServiceRequest> Requests => Built.Value;

    public static Instant First => Requests.Min(r => r.RequestedAt);

    public static Instant Last => Requests.Max(r => r.UpdatedAt);

    private static async ValueTask<IReadOnlyList<ServiceRequest>> BuildAsync(int seed, int count)
    {
        var random = new Random(seed);
        var clock = new FakeClock(TestCatalog.Start);
        var service = new ServiceRequests(new InMemoryServiceRequestStore(), TestCatalog.Options(), clock);
        var made = new List<ServiceRequest>();
        for (var i = 0; i < count; i++)
        {
            made.Add(await service.SubmitAsync(RandomSubmission(random)));

            // Often no time passes, so that sort keys tie and the order falls back to the id.
            if (random.Next(3) > 0)
            {
                clock.Advance(Duration.FromMinutes(random.Next(1, 300)));
            }
        }

        for (var i = 0; i < made.Count; i++)
        {
            var request = made[i];
            switch (random.Next(6))
            {
                case 0:
                    made[i] = await service.AcknowledgeAsync(request.Id);
                    break;
                case 1:
                    made[i] = await service.StartWorkAsync((await service.AcknowledgeAsync(request.Id)).Id);
                    break;
                case 2:
                    made[i] = await service.CancelAsync(request.Id, "Reported in error");
                    break;
                case 3 when made.Take(Math.Min(i, 6)).FirstOrDefault(r => r.IsOpen) is { } original:
                    made[i] = await service.MarkAsDuplicateAsync(request.Id, original.Id);
                    break;
                default:
                    break;
            }

            if (random.Next(4) == 0)
            {
                clock.Advance(Duration.FromMinutes(random.Next(1, 90)));
            }
        }

        return made;
    }

    private static ServiceRequestSubmission RandomSubmission(Random random)
    {
        var point = random.Next(5) > 0;
        var latitude = point ? 40.5 + (random.NextDouble() * 0.4) : (double?)null;
        var longitude = point ? -74.25 + (random.NextDouble() * 0.55) : (double?)null;
        var address = point ? null : "1 Centre St";
        return random.Next(6) switch
        {
            0 => new ServiceRequestSubmission { ServiceCode = "INFO", Latitude = latitude, Longitude = longitude },
            1 => new ServiceRequestSubmission
            {
                ServiceCode = "MISSED-PICKUP", Latitude = latitude, Longitude = longitude, Address = address,
                Attributes = new Dictionary<string, StringValues> { ["BIN-TYPE"] = "TRASH" },
            },
            2 => new ServiceRequestSubmission
            {
                ServiceCode = "DEAD-ANIMAL", Latitude = latitude, Longitude = longitude, Address = address,
                Attributes = new Dictionary<string, StringValues> { ["ANIMAL"] = "CAT" },
            },
            3 => new ServiceRequestSubmission { ServiceCode = "STREET-CONDITION", Latitude = latitude, Longitude = longitude, Address = address },
            4 => new ServiceRequestSubmission { ServiceCode = "HEAT", Latitude = latitude, Longitude = longitude, Address = address },
            _ => new ServiceRequestSubmission { ServiceCode = "POTHOLE", Latitude = latitude, Longitude = longitude, Address = address },
        };
    }
}
