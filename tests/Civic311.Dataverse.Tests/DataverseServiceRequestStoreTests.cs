using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Civic311.Dataverse.Emulator;
using Civic311.Dataverse.Mapping;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;
using Civic311.Application;

namespace Civic311.Dataverse.Tests;

/// <summary>What the Dataverse store does beyond the specification: how it writes incidents, their state and their rows.</summary>
public sealed class DataverseServiceRequestStoreTests : DataverseStoreTestBase
{
    private static OutboxMessage Message(ServiceRequest request, Instant at) =>
        new(Guid.NewGuid(), request.Id, "email", "RequestReceived", "ana@example.org", "{}", at);

    [Fact]
    public async Task UpdateAsync_with_a_stale_etag_is_refused_by_If_Match_and_throws_a_conflict()
    {
        var added = await Service.SubmitAsync(Pothole());
        var acknowledged = await Service.AcknowledgeAsync(added.Id);
        Emulator.ClearRequests();

        var stale = () => Store.UpdateAsync(new ServiceRequestChange(acknowledged, added.Version, [acknowledged.History[^1]])).AsTask();

        var conflict = (await stale.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
        conflict.ExpectedVersion.Should().Be(added.Version).And.StartWith("W/\"");
        conflict.ActualVersion.Should().Be(acknowledged.Version);
        Emulator.Requests.Should().Contain(r => r.Path == "$batch" && r.Status == 412);
        Emulator.Count("civic_requesthistory").Should().Be(2);
    }

    [Fact]
    public async Task AddAsync_writes_the_columns_Dynamics_users_see_including_attributes_and_SLA_due_instants()
    {
        var added = await Service.SubmitAsync(Pothole() with
        {
            Attributes = new System.Collections.Generic.Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["SIZE"] = "14" },
        });

        var row = Incident(added.Id);
        row["civic_servicecode"]!.GetValue<string>().Should().Be("POTHOLE");
        row["civic_agency"]!.GetValue<string>().Should().Be("DOT");
        row["civic_queue"]!.GetValue<string>().Should().Be("DOT-ROADWAY");
        row["civic_attributes"]!.GetValue<string>().Should().Be("{\"SIZE\":[\"14\"]}");
        var firstResponse = added.Sla.Single(s => s.Kpi == Civic311.Sla.SlaTarget.FirstResponse).DueAt;
        row["civic_firstresponseby"]!.GetValue<string>().Should().Be(IncidentMapping.FormatDate(firstResponse));
        row["civic_expectedon"]!.GetValue<string>().Should().Be(IncidentMapping.FormatDate(added.ExpectedAt!.Value));
        row["caseorigincode"]!.GetValue<int>().Should().Be(3, "a mobile-app report is a web-origin case");
    }

    [Fact]
    public async Task SubmitAsync_under_the_id_of_a_case_entered_in_Dynamics_takes_that_row_in()
    {
        var customer = Emulator.Seed("contact", new JsonObject { ["firstname"] = "Walk-in", ["lastname"] = "Resident" });
        var caseId = Emulator.Seed("incident", new JsonObject
        {
            ["title"] = "Pothole on Main St (entered by an agent)",
            ["customerid_contact@odata.bind"] = $"/contacts({customer})",
        });

        var taken = await Service.SubmitAsync(Pothole() with { Id = new ServiceRequestId(caseId) });

        taken.Id.Value.Should().Be(caseId);
        Emulator.Count("incident").Should().Be(1, "the case row is taken in, not duplicated");
        var row = Incident(taken.Id);
        row["civic_trackingnumber"]!.GetValue<string>().Should().Be(taken.TrackingNumber);
        row["_customerid_value"]!.GetValue<string>().Should().Be(customer.ToString("D"), "the agent's customer stays");
        (await Store.GetAsync(taken.Id))!.Version.Should().Be(taken.Version);
        Emulator.Count("civic_requesthistory").Should().Be(1);
    }

    [Fact]
    public async Task ResolveAsync_goes_through_CloseIncident_which_records_a_resolution()
    {
        var added = await Service.SubmitAsync(Pothole());

        var resolved = await Service.ResolveAsync(added.Id, new Resolution("FIXED", "Filled the pothole"));

        StateOf(added.Id).Should().Be((1, 5));
        var resolution = Emulator.Rows("incidentresolution").Should().ContainSingle().Subject;
        resolution["_incidentid_value"]!.GetValue<string>().Should().Be(added.Id.Value.ToString("D"));
        resolution["description"]!.GetValue<string>().Should().Be("Filled the pothole");
        resolved.Version.Should().Be(Incident(added.Id)["versionnumber"] is { } v ? $"W/\"{v}\"" : null);
        (await Store.GetAsync(added.Id))!.Status.Should().Be(ServiceRequestStatus.Resolved);
    }

    [Fact]
    public async Task Close_and_reopen_of_a_resolved_case_reactivate_it_in_the_same_change_set()
    {
        var added = await Service.SubmitAsync(Pothole());
        await Service.ResolveAsync(added.Id, new Resolution("FIXED"));
        Emulator.ClearRequests();

        var closed = await Service.CloseAsync(added.Id);

        StateOf(added.Id).Should().Be((1, 5), "a closed request stays a resolved case");
        closed.Status.Should().Be(ServiceRequestStatus.Closed);
        Emulator.Requests.Count(r => r.Path == "$batch").Should().Be(1);
        Emulator.Count("incidentresolution").Should().Be(2);

        Emulator.ClearRequests();
        var reopened = await Service.ReopenAsync(added.Id, "Still there");

        StateOf(added.Id).Should().Be((0, 1));
        reopened.Status.Should().Be(ServiceRequestStatus.Reopened);
        Emulator.Requests.Count(r => r.Path == "$batch").Should().Be(1);
        (await Store.GetAsync(added.Id))!.Version.Should().Be(reopened.Version);
    }

    [Fact]
    public async Task Cancel_and_duplicate_set_the_cancelled_state_with_their_status_reasons()
    {
        var original = await Service.SubmitAsync(Pothole());
        var cancelled = await Service.SubmitAsync(Pothole());
        var duplicate = await Service.SubmitAsync(Pothole());

        await Service.CancelAsync(cancelled.Id, "Reported by mistake");
        await Service.MarkAsDuplicateAsync(duplicate.Id, original.Id);

        StateOf(cancelled.Id).Should().Be((2, 6));
        StateOf(duplicate.Id).Should().Be((2, 2000));
        Incident(duplicate.Id)["civic_duplicateof"]!.GetValue<string>().Should().Be(original.Id.ToString());
        StateOf(original.Id).Should().Be((0, 1));
    }

    [Fact]
    public async Task On_hold_is_the_active_state_with_the_on_hold_reason()
    {
        var added = await Service.SubmitAsync(Pothole());

        await Service.PutOnHoldAsync(added.Id, "Waiting for the resident");

        StateOf(added.Id).Should().Be((0, 2));
    }

    [Fact]
    public async Task A_resolved_case_written_as_a_duplicate_is_reactivated_then_cancelled_in_one_change_set()
    {
        var original = await Service.SubmitAsync(Pothole());
        var added = await Service.SubmitAsync(Pothole());
        var resolved = await Service.ResolveAsync(added.Id, new Resolution("FIXED"));
        var duplicate = Next(resolved, LifecycleAction.MarkAsDuplicate, ServiceRequestStatus.Duplicate, d => d["duplicateOf"] = original.Id.ToString());
        Emulator.ClearRequests();

        var stored = await Store.UpdateAsync(ChangeTo(resolved, duplicate));

        Sent().Should().Equal("POST $batch");
        StateOf(added.Id).Should().Be((2, 2000));
        (await Store.GetAsync(added.Id))!.Version.Should().Be(stored.Version);
    }

    [Fact]
    public async Task Submit_costs_one_round_trip_once_the_sequence_block_is_reserved_for_anonymous_and_known_reporters()
    {
        var reporter = new ReporterContact { Name = "Ana Pérez", Email = "ana@example.org" };
        await Service.SubmitAsync(Pothole(reporter)); // reserves the block and finds (creates) the contact

        Emulator.ClearRequests();
        await Service.SubmitAsync(Pothole());
        Sent().Should().Equal("POST $batch");

        Emulator.ClearRequests();
        await Service.SubmitAsync(Pothole(reporter));
        Sent().Should().Equal("POST $batch");

        Emulator.ClearRequests();
        await Service.SubmitAsync(Pothole(new ReporterContact { Phone = "+1 212 555 0199" }));
        Sent().Should().Equal("GET contacts", "POST $batch");
    }

    [Fact]
    public async Task A_lifecycle_change_is_one_round_trip_to_the_store()
    {
        var added = await Service.SubmitAsync(Pothole());
        var acknowledged = Next(added, LifecycleAction.Acknowledge, ServiceRequestStatus.Acknowledged);
        Emulator.ClearRequests();

        await Store.UpdateAsync(ChangeTo(added, acknowledged, Message(acknowledged, Environment.Clock.Now)));

        Sent().Should().Equal("POST $batch");
        Emulator.Requests[0].Operations.Should().Be(4, "the incident PATCH, its history row, its outbox row, and the read of the new ETag");

        Emulator.ClearRequests();
        await Service.StartWorkAsync(added.Id);
        Sent().Should().Equal($"GET incidents({added.Id})", "POST $batch"); // the service reads the current state, then writes once
    }

    [Fact]
    public async Task A_reporter_is_found_by_email_or_created_with_the_case()
    {
        var known = Emulator.Seed("contact", new JsonObject { ["firstname"] = "Ana", ["lastname"] = "Pérez", ["emailaddress1"] = "ana@example.org" });
        var contacts = Emulator.Count("contact");

        var byKnown = await Service.SubmitAsync(Pothole(new ReporterContact { Email = "ana@example.org" }));
        var byNew = await Service.SubmitAsync(Pothole(new ReporterContact { Name = "Bo Chen", Email = "bo@example.org" }));
        var again = await Service.SubmitAsync(Pothole(new ReporterContact { Email = "bo@example.org" }));
        var anonymous = await Service.SubmitAsync(Pothole());

        Incident(byKnown.Id)["_customerid_value"]!.GetValue<string>().Should().Be(known.ToString("D"));
        Emulator.Count("contact").Should().Be(contacts + 1);
        var created = Emulator.Rows("contact").Single(c => c["emailaddress1"]?.GetValue<string>() == "bo@example.org");
        created["lastname"]!.GetValue<string>().Should().Be("Chen");
        Incident(byNew.Id)["_customerid_value"]!.GetValue<string>().Should().Be(created["contactid"]!.GetValue<string>());
        Incident(again.Id)["_customerid_value"]!.GetValue<string>().Should().Be(created["contactid"]!.GetValue<string>());
        Incident(anonymous.Id)["_customerid_value"]!.GetValue<string>().Should().Be(Environment.Provisioning.AnonymousContactId!.Value.ToString("D"));
    }

    [Fact]
    public async Task History_and_outbox_rows_are_written_with_the_incident_and_rolled_back_with_it()
    {
        var added = await Service.SubmitAsync(Pothole());
        var acknowledged = Next(added, LifecycleAction.Acknowledge, ServiceRequestStatus.Acknowledged);
        var message = Message(acknowledged, Environment.Clock.Now);
        var current = await Store.UpdateAsync(ChangeTo(added, acknowledged, message));

        Emulator.Rows("civic_requesthistory").Select(r => r["civic_sequence"]!.GetValue<int>()).Should().BeEquivalentTo([1, 2]);
        Emulator.Find("civic_outboxmessage", message.Id)!["civic_requestid"]!.GetValue<string>().Should().Be(added.Id.ToString());

        // A row that takes the id of the next history entry makes a later part of the change set fail: nothing is written.
        Emulator.Seed("civic_requesthistory", new JsonObject
        {
            ["civic_requesthistoryid"] = IncidentMapping.HistoryRowId(added.Id, 3).ToString("D"),
            ["civic_name"] = "squatter",
            ["civic_IncidentId@odata.bind"] = $"/incidents({added.Id})",
        });
        var started = Next(current, LifecycleAction.StartWork, ServiceRequestStatus.InProgress);
        var late = Message(started, Environment.Clock.Now);
        var incidentBefore = Incident(added.Id).ToJsonString();

        var write = () => Store.UpdateAsync(ChangeTo(current, started, late)).AsTask();

        await write.Should().ThrowAsync<ConcurrencyConflictException>();
        Incident(added.Id).ToJsonString().Should().Be(incidentBefore);
        Emulator.Find("civic_outboxmessage", late.Id).Should().BeNull();
        Emulator.Count("civic_requesthistory").Should().Be(3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_write_whose_answer_is_lost_after_it_landed_is_neither_lost_nor_applied_twice(bool dropConnection)
    {
        Emulator.Faults.AppliesTo = (method, path) => path == "$batch";
        Emulator.Faults.ApplyThenFailNext(1, dropConnection);
        var added = await Service.SubmitAsync(Pothole(new ReporterContact { Email = "new@example.org" }));

        Emulator.Faults.ApplyThenFailNext(1, dropConnection);
        var acknowledged = await Service.AcknowledgeAsync(added.Id);

        Emulator.Requests.Count(r => r.Fault is InjectedFault.AppliedThenFailed or InjectedFault.AppliedThenDropped).Should().Be(2);
        Emulator.Count("incident").Should().Be(1);
        Emulator.Count("civic_requesthistory").Should().Be(2);
        Emulator.Rows("contact").Count(c => c["emailaddress1"]?.GetValue<string>() == "new@example.org").Should().Be(1);
        var read = (await Store.GetAsync(added.Id))!;
        read.Version.Should().Be(acknowledged.Version);
        read.History.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_permanent_error_surfaces_as_a_DataverseException_with_what_Dataverse_said()
    {
        using var store = Environment.CreateStore(o => o.AnonymousContactId = Guid.NewGuid()); // a contact that does not exist
        var service = new ServiceRequests(store, Storage.Specification.TestCatalog.Options(), Environment.Clock);

        var submit = () => service.SubmitAsync(Pothole()).AsTask();

        var error = (await submit.Should().ThrowAsync<DataverseException>()).Which;
        error.StatusCode.Should().Be(400);
        error.ErrorCode.Should().Be("0x80040217");
        error.DataverseMessage.Should().Contain("Does Not Exist");
        error.Operation.Should().Be("create incident");
        error.Record.Should().MatchRegex(@"^311-26-\d{7}$");
        error.Message.Should().Contain("create incident").And.Contain("HTTP 400").And.Contain("0x80040217");
        Emulator.Count("incident").Should().Be(0);
    }

    [Fact]
    public async Task Query_pages_follow_the_next_link_with_odata_maxpagesize_and_never_skip()
    {
        for (var i = 0; i < 12; i++)
        {
            await Service.SubmitAsync(Pothole());
            Environment.Clock.Advance(Duration.FromMinutes(1));
        }

        Emulator.ClearRequests();
        var query = new AllRequests();
        var seen = 0;
        string? token = null;
        do
        {
            var page = await Store.QueryAsync(query, token, 5);
            seen += page.Items.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);

        seen.Should().Be(12);
        var paths = Emulator.Requests.Select(r => r.Path).ToList();
        paths.Should().HaveCount(3);
        paths.Skip(1).Should().AllSatisfy(p => p.Should().Contain("$skiptoken="));
        paths.Should().NotContain(p => p.Contains("$skip=", StringComparison.Ordinal) || p.Contains("$top=", StringComparison.Ordinal));
    }
}
