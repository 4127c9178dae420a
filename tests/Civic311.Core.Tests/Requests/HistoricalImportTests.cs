using System.Linq;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Storage.Specification;
using Civic311.Testing;
using NodaTime;

namespace Civic311.Core.Tests.Requests;

/// <summary>Historical records (an open-data export's rows) built into requests as a live center would have held them.</summary>
public sealed class HistoricalImportTests
{
    private static readonly Instant Start = TestCatalog.Start; // Monday 09:00 in New York; pothole resolution due Wednesday 15:00
    private readonly InMemoryServiceRequestStore _store = new();
    private readonly ServiceRequests _center;

    public HistoricalImportTests()
    {
        _center = new ServiceRequests(_store, TestCatalog.Options(), new FakeClock(Start + Duration.FromDays(90)));
    }

    private static ServiceRequestSubmission Pothole => new() { ServiceCode = "POTHOLE", Address = "1 Centre St", Channel = Channel.Web };

    [Fact]
    public async Task A_resolved_and_closed_record_gets_its_history_at_the_recorded_instants_and_a_met_clock()
    {
        var prepared = await _center.PrepareImportAsync(
        [
            new HistoricalRequest
            {
                Submission = Pothole,
                RequestedAt = Start,
                TrackingNumber = "26984072",
                ResolvedAt = Start + Duration.FromDays(1),
                Resolution = new Resolution("FIXED", "Filled."),
                ClosedAt = Start + Duration.FromDays(2),
            },
        ]);

        prepared.Rejected.Should().BeEmpty();
        var request = prepared.Requests.Should().ContainSingle().Subject;
        request.TrackingNumber.Should().Be("26984072");
        request.Status.Should().Be(ServiceRequestStatus.Closed);
        request.Agency.Should().Be("DOT", "placed as routing would have placed it");
        request.RequestedAt.Should().Be(Start);
        request.History.Select(h => (h.Action, h.OccurredAt, h.Actor)).Should().Equal(
            (LifecycleAction.Submit, Start, ServiceRequests.ImportActor),
            (LifecycleAction.Resolve, Start + Duration.FromDays(1), ServiceRequests.ImportActor),
            (LifecycleAction.Close, Start + Duration.FromDays(2), ServiceRequests.ImportActor));
        request.Resolution.Should().Be(new Resolution("FIXED", "Filled."));
        request.CurrentSla(SlaTarget.Resolution)!.Status.Should().Be(SlaStatus.Met);
        (await _store.GetAsync(request.Id)).Should().BeNull("preparing stores nothing");
    }

    [Fact]
    public async Task A_record_with_only_a_closing_instant_is_resolved_and_closed_then_and_late_is_breached()
    {
        var closedAt = Start + Duration.FromDays(10);
        var prepared = await _center.PrepareImportAsync([new HistoricalRequest { Submission = Pothole, RequestedAt = Start, ClosedAt = closedAt }]);

        var request = prepared.Requests.Single();
        request.History.Select(h => h.Action).Should().Equal(LifecycleAction.Submit, LifecycleAction.Resolve, LifecycleAction.Close);
        request.ResolvedAt.Should().Be(closedAt);
        request.Resolution!.Code.Should().Be("RESOLVED");
        request.CurrentSla(SlaTarget.Resolution)!.Status.Should().Be(SlaStatus.Breached);
    }

    [Fact]
    public async Task Cancelled_and_open_records_end_as_recorded_and_missing_tracking_numbers_come_from_the_year_sequence()
    {
        var prepared = await _center.PrepareImportAsync(
        [
            new HistoricalRequest { Submission = Pothole, RequestedAt = Start, CancelledAt = Start + Duration.FromHours(1) },
            new HistoricalRequest { Submission = Pothole, RequestedAt = Start + Duration.FromMinutes(5) },
        ]);

        var (cancelled, open) = (prepared.Requests[0], prepared.Requests[1]);
        cancelled.Status.Should().Be(ServiceRequestStatus.Cancelled);
        cancelled.ClosedAt.Should().Be(Start + Duration.FromHours(1));
        open.Status.Should().Be(ServiceRequestStatus.Submitted);
        open.History.Should().ContainSingle();
        var live = await _center.SubmitAsync(Pothole);
        new[] { cancelled.TrackingNumber, open.TrackingNumber, live.TrackingNumber }.Should().OnlyHaveUniqueItems("the sequence moved past the numbers drawn for the import");
    }

    [Fact]
    public async Task A_bad_record_is_refused_with_every_problem_and_the_good_ones_are_still_built()
    {
        var prepared = await _center.PrepareImportAsync(
        [
            new HistoricalRequest { Submission = Pothole, RequestedAt = Start },
            new HistoricalRequest
            {
                Submission = Pothole with { ServiceCode = "NO-SUCH-TYPE" },
                RequestedAt = Start + Duration.FromDays(400),
                ClosedAt = Start,
                TrackingNumber = "311 26 bad",
            },
            new HistoricalRequest { Submission = Pothole, RequestedAt = Start, CancelledAt = Start, Resolution = new Resolution("FIXED"), CancelReason = new string('x', 501) },
        ]);

        prepared.Requests.Should().ContainSingle();
        prepared.Rejected.Select(r => r.Index).Should().Equal(1, 2);
        prepared.Rejected[0].TrackingNumber.Should().Be("311 26 bad");
        prepared.Rejected[0].Errors.Select(e => e.Field).Should().BeEquivalentTo("submission.serviceCode", "trackingNumber", "requestedAt", "closedAt");
        prepared.Rejected[1].Errors.Select(e => e.Field).Should().BeEquivalentTo("cancelledAt", "resolution", "cancelReason");
    }
}
