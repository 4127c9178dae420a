using System.Collections.Generic;
using System.Linq;
using Civic311.Core.Tests.Validation;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage;
using Microsoft.Extensions.Primitives;

namespace Civic311.Core.Tests.Fuzzing;

/// <summary>
/// Seeded hostile submissions: every field of a valid submission spoiled at random. <c>Validate</c> and
/// <c>SubmitAsync</c> must agree: refused by both with the same fields (and nothing stored, no tracking number drawn), or
/// accepted by both and read back from the store equal to what was returned.
/// </summary>
public sealed class SubmissionFuzzTests
{
    private static readonly string[] ServiceCodes = ["POTHOLE", "MISSED-PICKUP", "DEAD-ANIMAL", "INFO", "HEAT", "OLD-SERVICE", "pothole", "NOPE"];

    private static readonly string[] AttributeCodes = ["SIZE", "LANES", "SAFETY-INFO", "BIN-TYPE", "MISSED-DATE", "ANIMAL", "DETAILS", "LANDMARK", "size", "UNKNOWN"];

    private static readonly string[] AttributeValues =
    [
        "12", "-3", "1e400", "RECYCLING", "LEFT", "CAT", "2026-11-24T08:30:00-05:00", "2026-11-24T13:30:00Z\u0000<script>", "line\nbreak",
    ];

    [Fact]
    public void HostileSubmissions_ValidateAndSubmitAgree_AndNothingRefusedIsStored()
    {
        var store = new InMemoryServiceRequestStore();
        var service = Submissions.Service(store);
        var stored = 0;
        Fuzz.Run(2000, Hostile, submission =>
        {
            var errors = service.Validate(submission);
            ServiceRequest? request = null;
            var accepted = Fuzz.Accepts(() => request = service.SubmitAsync(submission).AsTask().GetAwaiter().GetResult());
            if (!accepted)
            {
                errors.Should().NotBeEmpty("SubmitAsync refused what Validate accepted");
                Fuzz.ShouldBeClear(errors);
                store.Count.Should().Be(stored, "a refused submission stores nothing");
                return false;
            }

            errors.Should().BeEmpty("SubmitAsync accepted what Validate refused");
            stored++;

            // Tracking numbers are drawn only for accepted submissions (the default format ends in a 7-digit sequence).
            request!.TrackingNumber.Should().EndWith("-" + stored.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));
            var read = store.FindByTrackingNumberAsync(request!.TrackingNumber).AsTask().GetAwaiter().GetResult();
            ServiceRequestDocument.ToJson(read!).Should().Be(ServiceRequestDocument.ToJson(request), "the store gives back what was accepted");
            return true;
        }, s => $"{s} attributes: {string.Join("; ", s.Attributes?.Select(a => $"{a.Key}={a.Value}") ?? [])}");
    }

    private static ServiceRequestSubmission Hostile(Mutator m)
    {
        var submission = m.Next(3) switch
        {
            0 => Submissions.Pothole(),
            1 => Submissions.MissedPickup(),
            _ => Submissions.DeadAnimal(),
        };

        // Each field is spoiled with probability one in four, so most cases spoil one or two and some none.
        if (m.OneIn(4))
        {
            submission = submission with { ServiceCode = m.OneIn(2) ? m.Pick(ServiceCodes) : m.Pick(Mutator.HostileStrings) };
        }

        if (m.OneIn(4))
        {
            submission = submission with { Description = m.Pick(Mutator.HostileStrings) };
        }

        if (m.OneIn(4))
        {
            submission = submission with { Latitude = m.Coordinate(40.7128), Longitude = m.Coordinate(-74.0060) };
        }

        if (m.OneIn(4))
        {
            submission = submission with { Address = m.OneIn(3) ? null : m.Pick(Mutator.HostileStrings), ZipCode = m.OneIn(2) ? null : m.Pick(Mutator.HostileStrings) };
        }

        if (m.OneIn(4))
        {
            submission = submission with
            {
                Reporter = new ReporterContact
                {
                    Name = m.OneIn(2) ? "Ana Pérez" : m.Pick(Mutator.HostileStrings),
                    Email = m.OneIn(2) ? "ana@example.org" : m.Pick(Mutator.HostileStrings),
                    Phone = m.OneIn(2) ? "+1 212 555 0100" : m.Pick(Mutator.HostileStrings),
                    PreferredLanguage = m.OneIn(2) ? "es-PA" : m.Pick(Mutator.HostileStrings),
                },
            };
        }

        if (m.OneIn(6))
        {
            submission = submission with { Channel = (Channel)m.Next(12), Priority = (Priority)m.Next(6) };
        }

        if (m.OneIn(4))
        {
            var attributes = new Dictionary<string, StringValues>(submission.Attributes ?? new Dictionary<string, StringValues>(), System.StringComparer.Ordinal);
            for (var i = m.Next(3); i >= 0; i--)
            {
                var value = m.OneIn(2) ? m.Pick(AttributeValues) : m.Pick(Mutator.HostileStrings);
                attributes[m.Pick(AttributeCodes)] = m.OneIn(5) ? new StringValues([value, value]) : new StringValues(value);
            }

            submission = submission with { Attributes = attributes };
        }

        if (m.OneIn(8))
        {
            submission = submission with { ExternalReference = m.Pick(Mutator.HostileStrings), Note = m.Pick(Mutator.HostileStrings), Actor = m.Pick(Mutator.HostileStrings) };
        }

        return submission;
    }
}
