using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using NodaTime;
using Civic311.Application;

namespace Civic311.Dataverse.Tests;

public sealed class ImportTests : DataverseStoreTestBase
{
    /// <summary>An export: requests worked in memory through every kind of ending.</summary>
    private async Task<List<ServiceRequest>> ExportAsync(int count)
    {
        var memory = new InMemoryServiceRequestStore();
        var service = new ServiceRequests(memory, TestCatalog.Options(), Environment.Clock);
        var requests = new List<ServiceRequest>();
        for (var i = 0; i < count; i++)
        {
            var reporter = i % 7 == 0 ? new ReporterContact { Name = $"Resident {i % 50}", Email = $"resident{i % 50}@example.org" } : null;
            var request = await service.SubmitAsync(Pothole(reporter));
            Environment.Clock.Advance(Duration.FromSeconds(30));
            request = (i % 10) switch
            {
                0 => await service.ResolveAsync(request.Id, new Resolution("FIXED", "Done")),
                1 => await service.CancelAsync(request.Id, "Not a pothole"),
                2 => await service.PutOnHoldAsync(request.Id, "Waiting"),
                3 => await service.AcknowledgeAsync(request.Id),
                _ => request,
            };
            requests.Add(request);
        }

        return requests;
    }

    [Fact]
    public async Task ImportAsync_takes_historical_records_as_an_open_data_export_has_them()
    {
        var start = Environment.Clock.GetCurrentInstant() - Duration.FromDays(60);
        var records = new List<HistoricalRequest>();
        for (var i = 0; i < 30; i++)
        {
            var requestedAt = start + Duration.FromHours(i);
            records.Add(new HistoricalRequest
            {
                Submission = Pothole(i % 3 == 0 ? new ReporterContact { Email = $"resident{i % 4}@example.org" } : null),
                RequestedAt = requestedAt,
                TrackingNumber = (26_984_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ClosedAt = i % 2 == 0 ? requestedAt + Duration.FromDays(i % 5) : null,
                CancelledAt = i % 10 == 1 ? requestedAt + Duration.FromHours(2) : null,
            });
        }

        records.Add(new HistoricalRequest { Submission = Pothole() with { ServiceCode = "NOPE" }, RequestedAt = start, TrackingNumber = "26983999" });
        Emulator.ClearRequests();

        var report = await Store.ImportAsync(records, Service);
        var again = await Store.ImportAsync(records, Service);

        report.Imported.Should().Be(30);
        report.Rejected.Should().ContainSingle().Which.Should().Match<ImportRejection>(r => r.Index == 30 && r.Errors.Single().Field == "submission.serviceCode");
        again.Imported.Should().Be(0);
        again.Skipped.Should().Be(30, "a rerun skips what is there");
        Emulator.Count("incident").Should().Be(30);
        Emulator.Rows("incidentresolution").Should().HaveCount(15, "every record with a closing instant is resolved (CloseIncident)");
        var closed = (await Store.FindByTrackingNumberAsync("26984004"))!;
        closed.Status.Should().Be(ServiceRequestStatus.Closed);
        closed.History.Select(h => h.OccurredAt).Should().Equal(start + Duration.FromHours(4), start + Duration.FromHours(4) + Duration.FromDays(4), start + Duration.FromHours(4) + Duration.FromDays(4));
        StateOf(closed.Id).Should().Be(Mapping.IncidentStates.ToCodes(ServiceRequestStatus.Closed));
        (await Store.FindByTrackingNumberAsync("26984001"))!.Status.Should().Be(ServiceRequestStatus.Cancelled);
    }

    [Fact]
    public async Task ImportAsync_writes_thousands_with_CreateMultiple_and_a_rerun_skips_what_is_there()
    {
        var export = await ExportAsync(2_500);
        Emulator.ClearRequests();

        var first = await Store.ImportAsync(export.Take(1_200));
        var second = await Store.ImportAsync(export);
        var again = await Store.ImportAsync(export);

        first.Should().Be(new ImportReport(1_200, 0, first.RoundTrips));
        second.Imported.Should().Be(1_300);
        second.Skipped.Should().Be(1_200);
        again.Imported.Should().Be(0);
        again.Skipped.Should().Be(2_500);
        Emulator.Count("incident").Should().Be(2_500);
        Emulator.Count("civic_requesthistory").Should().Be(export.Sum(r => r.History.Count));
        Emulator.Count("contact").Should().Be(1 + 50);
        var multiple = Emulator.Requests.Where(r => r.Path.EndsWith("CreateMultiple", System.StringComparison.Ordinal)).ToList();
        multiple.Should().NotBeEmpty().And.OnlyContain(r => r.Operations <= 1000 && r.Status == 200);
        Emulator.Requests.Count.Should().BeLessThan(100, "thousands of records go in a few dozen calls");
        Emulator.Rows("incidentresolution").Should().HaveCount(250);

        foreach (var expected in export.Where((_, i) => i % 97 == 0 || i % 10 < 4))
        {
            var read = (await Store.FindByTrackingNumberAsync(expected.TrackingNumber))!;
            read.Id.Should().Be(expected.Id);
            // A case that is not active is read-only in Dataverse, so its duplicate count reads as unknown (docs/dataverse.md, section 6).
            ServiceRequestDocument.ToJson(read).Should().Be(ServiceRequestDocument.ToJson(expected.IsOpen ? expected : expected.WithDuplicateCount(null)));
            StateOf(expected.Id).Should().Be(Mapping.IncidentStates.ToCodes(expected.Status));
        }
    }

    [Fact]
    public async Task ImportAsync_of_a_request_stored_without_its_history_writes_the_missing_rows()
    {
        var export = await ExportAsync(30);
        await Store.ImportAsync(export);
        var lost = Emulator.Rows("civic_requesthistory").Take(5).ToList();
        foreach (var row in lost)
        {
            using var delete = await Environment.Http.SendAsync(new System.Net.Http.HttpRequestMessage(
                System.Net.Http.HttpMethod.Delete, new System.Uri(Emulator.BaseAddress, $"civic_requesthistories({row["civic_requesthistoryid"]})"))
            {
                Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Emulator.AccessToken) },
            });
            delete.IsSuccessStatusCode.Should().BeTrue();
        }

        var rerun = await Store.ImportAsync(export);

        rerun.Imported.Should().Be(0);
        Emulator.Count("civic_requesthistory").Should().Be(export.Sum(r => r.History.Count));
    }

    [Fact]
    public async Task ImportAsync_counts_imported_duplicates_on_their_imported_original_and_forgets_the_count_of_one_stored_before()
    {
        var options = TestCatalog.Options();
        options.Notifications.Enabled = true;
        var center = new ServiceRequests(Store, options, Environment.Clock);
        var storedBefore = await center.SubmitAsync(Pothole()); // in Dataverse already, outside the import
        var memory = new InMemoryServiceRequestStore();
        var service = new ServiceRequests(memory, TestCatalog.Options(), Environment.Clock);
        await service.SubmitAsync(Pothole()); // not exported: it has the tracking number the request stored before has
        var original = await service.SubmitAsync(Pothole());
        var first = await service.MarkAsDuplicateAsync((await service.SubmitAsync(Pothole())).Id, original.Id);
        var second = await service.MarkAsDuplicateAsync((await service.SubmitAsync(Pothole())).Id, original.Id);
        var unknown = await service.SubmitAsync(Pothole());
        var ofUnknown = await service.MarkAsDuplicateAsync((await service.SubmitAsync(Pothole())).Id, unknown.Id);
        var outsider = LinkedTo(await service.SubmitAsync(Pothole(new ReporterContact { Email = "outsider@example.org" })), storedBefore.Id);
        List<ServiceRequest> export =
        [
            (await memory.GetAsync(original.Id))!.WithDuplicateCount(0), // an exporter's count too low: the import's own links count
            first,
            second,
            (await memory.GetAsync(unknown.Id))!.WithDuplicateCount(null),
            ofUnknown,
            outsider,
        ];

        await Store.ImportAsync(export);

        (await Store.GetAsync(original.Id))!.DuplicateCount.Should().Be(2);
        Incident(original.Id)["civic_duplicatecount"]!.GetValue<int>().Should().Be(2);
        (await Store.GetAsync(unknown.Id))!.DuplicateCount.Should().BeNull("unknown stays unknown");
        var before = (await Store.GetAsync(storedBefore.Id))!;
        before.DuplicateCount.Should().BeNull("a duplicate of it came in, so its count of 0 is no longer right");

        // Its resolution therefore looks the duplicates up, tells the imported duplicate's reporter, and learns the count.
        var resolved = await center.ResolveAsync(storedBefore.Id, new Resolution("FIXED"), new ChangeOptions { ExpectedVersion = before.Version });
        resolved.DuplicateCount.Should().Be(1);
        Emulator.Rows("civic_outboxmessage").Should().Contain(m => m["civic_requestid"]!.GetValue<string>() == storedBefore.Id.ToString()
            && m["civic_recipient"]!.GetValue<string>() == "outsider@example.org");
    }

    [Fact]
    public async Task ImportAsync_streams_its_input_and_an_original_in_another_chunk_than_its_duplicate_is_left_unknown()
    {
        var memory = new InMemoryServiceRequestStore();
        var service = new ServiceRequests(memory, TestCatalog.Options(), Environment.Clock);
        var original = await service.SubmitAsync(Pothole());
        var filler = new List<ServiceRequest>();
        for (var i = 0; i < DataverseServiceRequestStore.MaxRecordsPerCall; i++)
        {
            filler.Add(await service.SubmitAsync(Pothole()));
        }

        var duplicate = await service.MarkAsDuplicateAsync((await service.SubmitAsync(Pothole())).Id, original.Id);
        var exported = (await memory.GetAsync(original.Id))!;
        var taken = 0;

        // Read lazily: the second chunk's requests are produced only after the first chunk is written.
        IEnumerable<ServiceRequest> Export()
        {
            foreach (var request in new[] { exported.WithDuplicateCount(0) }.Concat(filler).Append(duplicate))
            {
                taken++;
                yield return request;
            }
        }

        var writtenBeforeSecondChunk = -1;
        var report = await Store.ImportAsync(Export().Select((r, i) =>
        {
            if (i == DataverseServiceRequestStore.MaxRecordsPerCall)
            {
                writtenBeforeSecondChunk = Emulator.Count("incidents");
            }

            return r;
        }));

        report.Imported.Should().Be(DataverseServiceRequestStore.MaxRecordsPerCall + 2);
        taken.Should().Be(DataverseServiceRequestStore.MaxRecordsPerCall + 2);
        writtenBeforeSecondChunk.Should().Be(DataverseServiceRequestStore.MaxRecordsPerCall, "the first chunk is written before the rest is read");
        (await Store.GetAsync(original.Id))!.DuplicateCount.Should().BeNull("its duplicate came in another chunk, after its exported count of 0 was written");
        (await Store.GetWithDuplicatesAsync(original.Id)).Duplicates.Select(d => d.Id).Should().Equal(duplicate.Id);
    }

    // A request as an exporter could hand it over: a duplicate of a request held elsewhere.
    private static ServiceRequest LinkedTo(ServiceRequest request, ServiceRequestId original)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(ServiceRequestDocument.ToJson(request))!.AsObject();
        document["status"] = nameof(ServiceRequestStatus.Duplicate);
        document["duplicateOf"] = original.ToString();
        return ServiceRequestDocument.FromJson(document.ToJsonString(), null);
    }
}
