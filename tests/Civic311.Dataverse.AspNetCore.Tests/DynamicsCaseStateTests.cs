using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Civic311.Dataverse.Emulator;
using Civic311.Dataverse.Mapping;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;

namespace Civic311.Dataverse.AspNetCore.Tests;

/// <summary>
/// An agent changes a case in Dynamics (the emulator is Dynamics: the row is changed as the UI does it, through the Web
/// API), then the Update webhook the platform sends arrives at the receiver, which runs on the Dataverse store. Each test
/// starts from one state Dynamics can put a case in; Civic311 must end in the matching status, with the case left as the
/// agent left it, its history and notifications written, and the webhook answered 200.
/// </summary>
public sealed class DynamicsCaseStateTests : IAsyncLifetime
{
    private DataverseEmulator _emulator = null!;
    private HttpClient _http = null!;
    private HttpClient _agent = null!;
    private DataverseServiceRequestStore _store = null!;
    private WebhookHost _host = null!;

    public async Task InitializeAsync()
    {
        _emulator = await DataverseEmulator.StartAsync();
        _http = new HttpClient();
        _agent = _emulator.CreateClient();
        using (var provisioning = new DataverseProvisioning(_http, Options(), new FakeClock(TestCatalog.Start)))
        {
            await provisioning.ProvisionSchemaAsync();
        }

        _store = new DataverseServiceRequestStore(_http, Options(), new FakeClock(TestCatalog.Start));
        _host = await WebhookHost.StartAsync(
            withReader: false,
            store: _store,
            civic: options =>
            {
                options.Notifications.Enabled = true;
                options.Notifications.SmsChannel = null;
            });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
        _agent.Dispose();
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private DataverseOptions Options() => new()
    {
        EnvironmentUrl = _emulator.OrganizationUri,
        TokenProvider = new Token(_emulator.AccessToken),
        BaseRetryDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
    };

    [Theory]
    [InlineData(IncidentStates.ProblemSolved, "problem-solved")]
    [InlineData(IncidentStates.InformationProvided, "information-provided")]
    public async Task Resolved_in_Dynamics_is_taken_in_without_touching_the_case(int reason, string code)
    {
        var request = await SubmitAsync();
        await AgentAsync(HttpMethod.Post, "CloseIncident", Resolution(request.Id, reason));
        var agentsVersion = Row(request.Id)["versionnumber"]!.GetValue<long>();
        var outboxBefore = _emulator.Count("civic_outboxmessage");

        await DeliverAsync(request.Id, IncidentStates.ResolvedState, reason);

        var stored = await StoredAsync(request.Id, ServiceRequestStatus.Resolved);
        stored.Resolution!.Code.Should().Be(code);
        stored.NextSlaCheckAt.Should().BeNull("the SLA clocks stop when the case is resolved");
        stored.Sla.Should().NotBeEmpty().And.NotContain(s => s.Status == Civic311.Sla.SlaStatus.InProgress || s.Status == Civic311.Sla.SlaStatus.NearingBreach);
        Row(request.Id)["versionnumber"]!.GetValue<long>().Should().Be(agentsVersion, "the resolved case is read-only: Civic311 writes only its own rows");
        _emulator.Count("incidentresolutions").Should().Be(1, "the agent's resolution is the only one");
        _emulator.Count("civic_outboxmessage").Should().BeGreaterThan(outboxBefore, "the resident is told");
        _emulator.Rows("civic_requesthistory").Should().Contain(h => h["civic_action"]!.GetValue<string>() == "Resolve");

        // The SLA sweep no longer finds it, although the case's own columns still show what Civic311 last wrote there.
        Row(request.Id)["civic_nextslacheckticks"].Should().NotBeNull("the case still carries the check Civic311 wrote before the agent resolved it");
        var due = await _store.QueryAsync(new SlaCheckDue(TestCatalog.Start.Plus(NodaTime.Duration.FromDays(365))), null);
        due.Items.Should().NotContain(r => r.Id == request.Id);

        // Nor does a query for open requests, although the case's civic_status column still says what Civic311 last wrote.
        Row(request.Id)["civic_status"]!.GetValue<string>().Should().NotBe("Resolved");
        var open = await _store.QueryAsync(new OpenRequestsOfAgency(stored.Agency), null);
        open.Items.Should().NotContain(r => r.Id == request.Id);
    }

    [Fact]
    public async Task Cancelled_in_Dynamics_is_taken_in_without_touching_the_case()
    {
        var request = await SubmitAsync();
        await AgentAsync(HttpMethod.Patch, $"incidents({request.Id})", new JsonObject { ["statecode"] = 2, ["statuscode"] = 6 });
        var agentsVersion = Row(request.Id)["versionnumber"]!.GetValue<long>();

        await DeliverAsync(request.Id, IncidentStates.CancelledState, IncidentStates.Cancelled);

        var stored = await StoredAsync(request.Id, ServiceRequestStatus.Cancelled);
        stored.NextSlaCheckAt.Should().BeNull();
        Row(request.Id)["versionnumber"]!.GetValue<long>().Should().Be(agentsVersion);
    }

    [Fact]
    public async Task Merged_in_Dynamics_into_a_case_Civic311_holds_is_a_duplicate_link()
    {
        var master = await SubmitAsync();
        var merged = await SubmitAsync();
        await MergeAsync(master.Id, merged.Id);
        var agentsVersion = Row(merged.Id)["versionnumber"]!.GetValue<long>();

        await DeliverMergeAsync(merged.Id);

        var stored = await StoredAsync(merged.Id, ServiceRequestStatus.Duplicate);
        stored.DuplicateOf.Should().Be(master.Id, "the request taken in from the merged case names the surviving one");
        Row(merged.Id)["versionnumber"]!.GetValue<long>().Should().Be(agentsVersion, "the merged case is read-only: Civic311 writes only its own rows");
        Row(merged.Id)["civic_duplicateof"].Should().BeNull("the case itself was not written; its masterid is the link");
        (await StoredAsync(master.Id, ServiceRequestStatus.Submitted)).DuplicateCount.Should().Be(1, "the link raises the surviving case's count in the same change set");
        Row(master.Id)["civic_duplicatecount"]!.GetValue<int>().Should().Be(1);

        // Both ways the store finds duplicates see the merged case, although its civic_duplicateof column is empty.
        using var other = new DataverseServiceRequestStore(_http, Options(), new FakeClock(TestCatalog.Start));
        var (original, duplicates) = await other.GetWithDuplicatesAsync(master.Id);
        original!.Id.Should().Be(master.Id);
        duplicates.Select(d => d.Id).Should().Equal(merged.Id);
        (await other.QueryAsync(new DuplicatesOfRequest(master.Id), null)).Items.Select(d => d.Id).Should().Equal(merged.Id);
    }

    [Fact]
    public async Task A_merge_whose_webhook_was_stripped_is_re_read_with_its_master_and_is_a_duplicate_link()
    {
        _emulator.AddColumn("incident", "civic_animal", DataverseColumnType.String, 100); // the receiver's attribute column, re-read too
        var master = await SubmitAsync();
        var merged = await SubmitAsync();
        await MergeAsync(master.Id, merged.Id);

        // Too large for the queue: the platform sends the event without its images, so the receiver reads the case back.
        using var response = await _host.PostAsync(Payloads.Stripped(Payloads.Event("Update", merged.Id.Value)), sizeExceeded: true);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await StoredAsync(merged.Id, ServiceRequestStatus.Duplicate)).DuplicateOf.Should().Be(master.Id, "the re-read row carries masterid");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_the_surviving_case_is_resolved_the_merged_cases_reporter_is_told(bool inDynamics)
    {
        var first = await SubmitAsync(new ReporterContact { Name = "Ana Pérez", Email = "ana@example.org" });
        var second = await SubmitAsync(new ReporterContact { Name = "Bo Chen", Email = "bo@example.org" });
        await MergeAsync(first.Id, second.Id);
        await DeliverMergeAsync(second.Id);

        if (inDynamics)
        {
            await AgentAsync(HttpMethod.Post, "CloseIncident", Resolution(first.Id, IncidentStates.ProblemSolved));
            await DeliverAsync(first.Id, IncidentStates.ResolvedState, IncidentStates.ProblemSolved);
        }
        else
        {
            await _host.Requests.ResolveAsync(first.Id, new Resolution("problem-solved"));
        }

        await StoredAsync(first.Id, ServiceRequestStatus.Resolved);
        ResolvedRecipients(first.Id).Should().BeEquivalentTo(["ana@example.org", "bo@example.org"], "everyone who reported the problem hears it was fixed");
        ResolvedMessages(first.Id).Single(m => m["civic_recipient"]!.GetValue<string>() == "bo@example.org")["civic_payload"]!.GetValue<string>()
            .Should().Contain(second.TrackingNumber, "the merged case's reporter is told about their own number");
    }

    [Fact]
    public async Task Merged_into_a_case_the_agent_resolved_before_its_webhook_arrived_leaves_that_case_alone()
    {
        var master = await SubmitAsync();
        var merged = await SubmitAsync(new ReporterContact { Name = "Bo Chen", Email = "bo@example.org" });
        await MergeAsync(master.Id, merged.Id); // its webhook comes later (say, retried after a 503)
        await AgentAsync(HttpMethod.Post, "CloseIncident", Resolution(master.Id, IncidentStates.ProblemSolved)); // and so does this one's
        var mastersVersion = Row(master.Id)["versionnumber"]!.GetValue<long>();

        // Civic311 still holds the master as open, but its case is read-only: the link writes the duplicate's rows only.
        await DeliverMergeAsync(merged.Id);

        (await StoredAsync(merged.Id, ServiceRequestStatus.Duplicate)).DuplicateOf.Should().Be(master.Id);
        Row(master.Id)["versionnumber"]!.GetValue<long>().Should().Be(mastersVersion, "a resolved case refuses writes (0x800404cf), so its count is left alone");
        using (var other = new DataverseServiceRequestStore(_http, Options(), new FakeClock(TestCatalog.Start)))
        {
            (await other.GetAsync(master.Id))!.DuplicateCount.Should().BeNull("the count of a case that is not active is unknown, never a stale 0");
        }

        // The master's resolution is taken in next, still without writing to its case.
        await DeliverAsync(master.Id, IncidentStates.ResolvedState, IncidentStates.ProblemSolved);

        await StoredAsync(master.Id, ServiceRequestStatus.Resolved);
        Row(master.Id)["versionnumber"]!.GetValue<long>().Should().Be(mastersVersion);
        ResolvedRecipients(master.Id).Should().Contain("bo@example.org", "the count was unknown, so the resolution queried the duplicates and found the merged case");
    }

    [Fact]
    public async Task On_hold_in_Dynamics_puts_the_request_on_hold()
    {
        var request = await SubmitAsync();
        await AgentAsync(HttpMethod.Patch, $"incidents({request.Id})", new JsonObject { ["statuscode"] = 2 });

        await DeliverAsync(request.Id, IncidentStates.ActiveState, IncidentStates.OnHold);

        await StoredAsync(request.Id, ServiceRequestStatus.OnHold);
    }

    [Theory]
    [InlineData(IncidentStates.InProgress)]
    [InlineData(IncidentStates.WaitingForDetails)]
    [InlineData(IncidentStates.Researching)]
    public async Task Back_to_an_active_reason_in_Dynamics_resumes_and_keeps_the_agents_reason(int reason)
    {
        var request = await SubmitAsync();
        await AgentAsync(HttpMethod.Patch, $"incidents({request.Id})", new JsonObject { ["statuscode"] = 2 });
        await DeliverAsync(request.Id, IncidentStates.ActiveState, IncidentStates.OnHold);
        await AgentAsync(HttpMethod.Patch, $"incidents({request.Id})", new JsonObject { ["statuscode"] = reason });

        await DeliverAsync(request.Id, IncidentStates.ActiveState, reason);

        var stored = await StoredAsync(request.Id, request.Status);
        stored.History[^1].Action.Should().Be(LifecycleAction.Resume, "resuming returns to the status before the hold");
        Row(request.Id)["statuscode"]!.GetValue<int>().Should().Be(reason, "Civic311's write does not overwrite the agent's status reason");
    }

    [Fact]
    public async Task Resolved_in_Dynamics_then_closed_by_Civic311_reactivates_and_closes_again_once()
    {
        var request = await SubmitAsync();
        await AgentAsync(HttpMethod.Post, "CloseIncident", Resolution(request.Id, IncidentStates.ProblemSolved));
        await DeliverAsync(request.Id, IncidentStates.ResolvedState, IncidentStates.ProblemSolved);

        var closed = await _host.Requests.CloseAsync(request.Id);

        closed.Status.Should().Be(ServiceRequestStatus.Closed);
        await StoredAsync(request.Id, ServiceRequestStatus.Closed);
        _emulator.Count("incidentresolutions").Should().Be(2, "Civic311's own change to the closed case reactivates it and closes it again, once");
        Row(request.Id)["civic_status"]!.GetValue<string>().Should().Be("Closed", "the document on the case is current again");
    }

    [Fact]
    public async Task Resolved_in_Dynamics_then_reactivated_there_reopens_the_request()
    {
        var request = await SubmitAsync();
        await AgentAsync(HttpMethod.Post, "CloseIncident", Resolution(request.Id, IncidentStates.ProblemSolved));
        await DeliverAsync(request.Id, IncidentStates.ResolvedState, IncidentStates.ProblemSolved);
        await AgentAsync(HttpMethod.Patch, $"incidents({request.Id})", new JsonObject { ["statecode"] = 0, ["statuscode"] = 1 });

        await DeliverAsync(request.Id, IncidentStates.ActiveState, IncidentStates.InProgress);

        var stored = await StoredAsync(request.Id, ServiceRequestStatus.Reopened);
        stored.History.Select(h => h.Action).Should().Equal(LifecycleAction.Submit, LifecycleAction.Resolve, LifecycleAction.Reopen);
        _emulator.Count("incidentresolutions").Should().Be(1);
    }

    [Fact]
    public async Task A_change_Civic311_makes_before_the_webhook_arrives_is_planned_against_the_closed_case()
    {
        var request = await SubmitAsync();
        await AgentAsync(HttpMethod.Post, "CloseIncident", Resolution(request.Id, IncidentStates.ProblemSolved));

        // The resident cancels through Civic311 while the agent's resolution is still on its way as a webhook.
        var cancelled = await _host.Requests.CancelAsync(request.Id, "Reported twice");
        await DeliverAsync(request.Id, IncidentStates.ResolvedState, IncidentStates.ProblemSolved);

        cancelled.Status.Should().Be(ServiceRequestStatus.Cancelled);
        await StoredAsync(request.Id, ServiceRequestStatus.Cancelled);
        (Row(request.Id)["statecode"]!.GetValue<int>(), Row(request.Id)["statuscode"]!.GetValue<int>()).Should().Be((2, 6), "the case was reactivated and cancelled in one change set");
    }

    [Fact]
    public async Task A_repeated_delivery_of_the_resolution_changes_nothing()
    {
        var request = await SubmitAsync();
        await AgentAsync(HttpMethod.Post, "CloseIncident", Resolution(request.Id, IncidentStates.ProblemSolved));
        await DeliverAsync(request.Id, IncidentStates.ResolvedState, IncidentStates.ProblemSolved);
        var history = _emulator.Count("civic_requesthistory");
        var outbox = _emulator.Count("civic_outboxmessage");

        using var again = await _host.PostAsync(Payloads.Event("Update", request.Id.Value, ("statecode", Payloads.Option(1)), ("statuscode", Payloads.Option(5))));

        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await WebhookHost.JsonAsync(again)).GetProperty("outcome").GetString().Should().Be("ignored");
        _emulator.Count("civic_requesthistory").Should().Be(history);
        _emulator.Count("civic_outboxmessage").Should().Be(outbox);
    }

    private async Task<ServiceRequest> SubmitAsync(ReporterContact? reporter = null)
    {
        var submission = new ServiceRequestSubmission
        {
            ServiceCode = "POTHOLE",
            Description = "Deep pothole in the right lane",
            Latitude = 40.7128,
            Longitude = -74.0060,
            Reporter = reporter ?? new ReporterContact { Name = "Ana Pérez", Email = "ana@example.org" },
        };
        return await _host.Requests.SubmitAsync(submission);
    }

    private static JsonObject Resolution(ServiceRequestId id, int reason) => new()
    {
        ["IncidentResolution"] = new JsonObject { ["subject"] = "Fixed by the crew", ["incidentid@odata.bind"] = $"/incidents({id})" },
        ["Status"] = reason,
    };

    // What the Dynamics UI sends for the agent: CloseIncident, or a PATCH of the state.
    private async Task AgentAsync(HttpMethod method, string path, JsonObject body)
    {
        using var message = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        message.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await _agent.SendAsync(message);
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    // What the Dynamics UI sends when the agent merges a case into another: the unbound Merge action.
    private Task MergeAsync(ServiceRequestId target, ServiceRequestId subordinate) => AgentAsync(HttpMethod.Post, "Merge", new JsonObject
    {
        ["Target"] = new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.incident", ["incidentid"] = target.ToString() },
        ["Subordinate"] = new JsonObject { ["@odata.type"] = "Microsoft.Dynamics.CRM.incident", ["incidentid"] = subordinate.ToString() },
        ["PerformParentingChecks"] = false,
    });

    // The Update webhook after a merge: the merged case's new state and its masterid, as the platform left them.
    private Task DeliverMergeAsync(ServiceRequestId merged)
    {
        var row = Row(merged);
        var master = Guid.Parse(row["_masterid_value"]!.GetValue<string>());
        return DeliverAsync(merged, row["statecode"]!.GetValue<int>(), row["statuscode"]!.GetValue<int>(), ("masterid", Payloads.Reference("incident", master, "Pothole")));
    }

    // The Update webhook the platform sends after the agent's change: the changed state columns (and any extra), by the agent.
    private async Task DeliverAsync(ServiceRequestId id, int state, int reason, params (string Key, JsonNode? Value)[] extra)
    {
        (string, JsonNode?)[] attributes = [("statecode", Payloads.Option(state)), ("statuscode", Payloads.Option(reason)), .. extra];
        using var response = await _host.PostAsync(Payloads.Event("Update", id.Value, attributes));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    // The request as stored, whose status must be the case's in Dynamics, read fresh through another store instance.
    private async Task<ServiceRequest> StoredAsync(ServiceRequestId id, ServiceRequestStatus expected)
    {
        using var other = new DataverseServiceRequestStore(_http, Options(), new FakeClock(TestCatalog.Start));
        var request = (await other.GetAsync(id))!;
        request.Status.Should().Be(expected);
        var row = Row(id);
        var (state, reason) = (row["statecode"]!.GetValue<int>(), row["statuscode"]!.GetValue<int>());
        var dynamics = IncidentStates.ToStatus(state, reason, known: request.Status);

        // Several Civic311 statuses (submitted, assigned, in progress…) are an active case that is not on hold.
        var open = state == IncidentStates.ActiveState && reason != IncidentStates.OnHold
            && IncidentStates.ToCodes(request.Status) == (IncidentStates.ActiveState, IncidentStates.InProgress);
        (dynamics == request.Status || open).Should().BeTrue($"Civic311's {request.Status} matches the case's {state}/{reason} in Dynamics");
        return request;
    }

    private JsonObject Row(ServiceRequestId id) => _emulator.Find("incident", id.Value)!;

    // The Resolved notifications the resolution of this request queued, one per resident told.
    private List<JsonObject> ResolvedMessages(ServiceRequestId id) => _emulator.Rows("civic_outboxmessage")
        .Where(m => m["civic_requestid"]!.GetValue<string>() == id.ToString() && m["civic_kind"]!.GetValue<string>() == nameof(Civic311.Notifications.NotificationKind.Resolved))
        .ToList();

    private List<string> ResolvedRecipients(ServiceRequestId id) => ResolvedMessages(id).Select(m => m["civic_recipient"]!.GetValue<string>()).ToList();

    private sealed class Token(string token) : IDataverseTokenProvider
    {
        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(token);
    }
}
