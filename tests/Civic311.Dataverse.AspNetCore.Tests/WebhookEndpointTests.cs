using System.Net;
using System.Text.Json.Nodes;
using Civic311.Dataverse.Webhooks;
using Civic311.Requests;
using Civic311.Storage;
using NodaTime;

namespace Civic311.Dataverse.AspNetCore.Tests;

public sealed class WebhookEndpointTests : IAsyncLifetime
{
    private WebhookHost _host = null!;

    private WebhookHost Host => _host;

    public async Task InitializeAsync()
    {
        _host = await WebhookHost.StartAsync();
        Host.Reader.Put("contact", Payloads.Reporter, FakeRecordReader.Contact("Rosa Reporter", "rosa@example.org", "+1 718 555 0100"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<ServiceRequest> CreatePotholeAsync(Guid id)
    {
        var response = await Host.PostAsync(Payloads.PotholeCreate(id));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await Host.Requests.GetAsync(new ServiceRequestId(id)))!;
    }

    [Fact]
    public async Task Create_FromDynamicsUi_IsSubmittedUnderTheIncidentId()
    {
        var id = Guid.NewGuid();

        var response = await Host.PostAsync(Payloads.PotholeCreate(id));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await WebhookHost.JsonAsync(response);
        body.GetProperty("outcome").GetString().Should().Be("processed");
        var request = await Host.Requests.GetAsync(new ServiceRequestId(id));
        request.Should().NotBeNull();
        body.GetProperty("trackingNumber").GetString().Should().Be(request!.TrackingNumber);
        request.ServiceCode.Should().Be("POTHOLE");
        request.Agency.Should().Be("DOT");
        request.Queue.Should().Be("DOT-ROADWAY");
        request.Status.Should().Be(ServiceRequestStatus.Submitted);
        request.Channel.Should().Be(Channel.Web);
        request.Priority.Should().Be(Priority.High);
        request.Description.Should().Be("A deep pothole in the right lane.");
        request.Location!.Address.Should().Be("Atlantic Ave & Flatbush Ave, Brooklyn");
        request.Location.Point!.Value.Latitude.Should().Be(40.6862);
        request.ExternalReference.Should().Be("CAS-01234-X1Y2Z3");
        request.Reporter!.Email.Should().Be("rosa@example.org");
        request.Reporter.Name.Should().Be("Rosa Reporter");
        request.Reporter.Phone.Should().Be("+1 718 555 0100");
        // Submitted Monday 09:00 New York; streets work 07:00-15:00 on weekdays; resolution within 2 working days, end of day.
        request.ExpectedAt.Should().Be(Instant.FromUtc(2026, 3, 4, 20, 0));
        request.History.Should().ContainSingle().Which.Should().Match<HistoryEntry>(h => h.Action == LifecycleAction.Submit && h.Actor == Payloads.Agent.ToString("D"));
        Host.Reader.Reads.Should().ContainSingle().Which.Should().Be(("contact", Payloads.Reporter));
    }

    [Fact]
    public async Task Create_InvalidCase_Is422WithEveryProblemAndNothingStored()
    {
        var id = Guid.NewGuid();
        var body = Payloads.Event("Create", id, ("title", "Something"), ("civic_servicecode", "NO-SUCH-SERVICE"));

        var response = await Host.PostAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await WebhookHost.JsonAsync(response);
        problem.GetProperty("status").GetInt32().Should().Be(422);
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Should().Contain("serviceCode");
        Host.Store.Writes.Should().Be(0);
    }

    [Fact]
    public async Task Create_ForACaseCivic311Holds_IsANoOp()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);

        // The same Create, delivered again as a new operation (another instance, or its memory lost).
        var response = await Host.PostAsync(Payloads.PotholeCreate(id));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await WebhookHost.JsonAsync(response)).GetProperty("outcome").GetString().Should().Be("ignored");
        Host.Store.Adds.Should().Be(1);
    }

    [Fact]
    public async Task RepeatedDelivery_OfTheSameOperation_IsIgnored()
    {
        var id = Guid.NewGuid();
        var create = Payloads.PotholeCreate(id);
        await Host.PostAsync(create);

        var again = await Host.PostAsync(create);

        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await WebhookHost.JsonAsync(again)).GetProperty("outcome").GetString().Should().Be("duplicate");
        Host.Store.Adds.Should().Be(1);
        Host.Reader.Reads.Should().HaveCount(1, "the repeat is answered before any work");
    }

    [Fact]
    public async Task RepeatedDelivery_WithoutOperationId_IsRecognisedByCorrelationAndRequest()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);
        var update = Payloads.Event("Update", id, ("prioritycode", Payloads.Option(3)));
        update["OperationId"] = null;
        update["RequestId"] = Guid.NewGuid().ToString();

        (await Host.PostAsync(update)).StatusCode.Should().Be(HttpStatusCode.OK);
        var again = await Host.PostAsync(update);

        (await WebhookHost.JsonAsync(again)).GetProperty("outcome").GetString().Should().Be("duplicate");
        Host.Store.Updates.Should().Be(1);
    }

    [Fact]
    public async Task OwnWriteBack_CarryingTheLastChangeId_IsIgnored()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);
        var writeBack = Payloads.Event("Update", id, ("prioritycode", Payloads.Option(3)), ("statecode", Payloads.Option(1)), ("civic_lastchangeid", Guid.NewGuid().ToString()));

        var response = await Host.PostAsync(writeBack);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await WebhookHost.JsonAsync(response)).GetProperty("detail").GetString().Should().Contain("write-back");
        Host.Store.Updates.Should().Be(0);
        (await Host.Requests.GetAsync(new ServiceRequestId(id)))!.Priority.Should().Be(Priority.High);
    }

    [Fact]
    public async Task ChangeByTheApplicationUser_IsIgnored()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);
        var update = Payloads.Event("Update", id, ("prioritycode", Payloads.Option(3)));
        update["InitiatingUserId"] = Payloads.AppUser.ToString();

        var response = await Host.PostAsync(update);

        (await WebhookHost.JsonAsync(response)).GetProperty("outcome").GetString().Should().Be("ignored");
        Host.Store.Updates.Should().Be(0);
    }

    [Fact]
    public async Task DeeperThanOne_IsIgnored()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);
        var update = Payloads.Event("Update", id, ("prioritycode", Payloads.Option(3)));
        update["Depth"] = 2;

        var response = await Host.PostAsync(update);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await WebhookHost.JsonAsync(response)).GetProperty("detail").GetString().Should().Contain("Depth 2");
        Host.Store.Updates.Should().Be(0);
    }

    [Fact]
    public async Task OtherTablesAndMessages_AreIgnored()
    {
        var contact = Payloads.Event("Update", Guid.NewGuid(), ("firstname", "James"));
        contact["PrimaryEntityName"] = "contact";
        var delete = Payloads.Event("Delete", Guid.NewGuid());

        (await WebhookHost.JsonAsync(await Host.PostAsync(contact))).GetProperty("outcome").GetString().Should().Be("ignored");
        (await WebhookHost.JsonAsync(await Host.PostAsync(delete))).GetProperty("outcome").GetString().Should().Be("ignored");
        Host.Store.Writes.Should().Be(0);
    }

    [Fact]
    public async Task Update_Priority_ChangesThePriority()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);

        var response = await Host.PostAsync(Payloads.Event("Update", id, ("prioritycode", Payloads.Option(3)), ("modifiedon", Payloads.Date(TestClockNow()))));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var request = (await Host.Requests.GetAsync(new ServiceRequestId(id)))!;
        request.Priority.Should().Be(Priority.Low);
        request.History[^1].Action.Should().Be(LifecycleAction.ChangePriority);
        request.History[^1].Actor.Should().Be(Payloads.Agent.ToString("D"));
    }

    [Fact]
    public async Task Update_ResolvedInDynamics_ResolvesTheRequest()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);

        await Host.PostAsync(Payloads.Event("Update", id, ("statecode", Payloads.Option(1)), ("statuscode", Payloads.Option(5))));

        var request = (await Host.Requests.GetAsync(new ServiceRequestId(id)))!;
        request.Status.Should().Be(ServiceRequestStatus.Resolved);
        request.Resolution!.Code.Should().Be("problem-solved");
    }

    [Fact]
    public async Task Update_MergedIntoAnotherCase_LinksItAsADuplicateOfThatCase()
    {
        var master = Guid.NewGuid();
        var merged = Guid.NewGuid();
        await CreatePotholeAsync(master);
        await CreatePotholeAsync(merged);

        var response = await Host.PostAsync(Payloads.Event(
            "Update", merged, ("statecode", Payloads.Option(2)), ("statuscode", Payloads.Option(2000)), ("masterid", Payloads.Reference("incident", master, "Pothole"))));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var request = (await Host.Requests.GetAsync(new ServiceRequestId(merged)))!;
        request.Status.Should().Be(ServiceRequestStatus.Duplicate, "a merge in Dynamics is a duplicate link, so the reporter hears when the master is resolved");
        request.DuplicateOf.Should().Be(new ServiceRequestId(master));
    }

    [Fact]
    public async Task Update_MergedIntoACaseCivic311DoesNotHold_IsACancellation()
    {
        var merged = Guid.NewGuid();
        await CreatePotholeAsync(merged);

        await Host.PostAsync(Payloads.Event(
            "Update", merged, ("statecode", Payloads.Option(2)), ("statuscode", Payloads.Option(2000)), ("masterid", Payloads.Reference("incident", Guid.NewGuid(), "Elsewhere"))));

        (await Host.Requests.GetAsync(new ServiceRequestId(merged)))!.Status.Should().Be(ServiceRequestStatus.Cancelled);
    }

    [Fact]
    public async Task Update_CancelledThenReactivated_CancelsThenRefusesToReopenWith409()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);

        await Host.PostAsync(Payloads.Event("Update", id, ("statecode", Payloads.Option(2)), ("statuscode", Payloads.Option(6))));
        (await Host.Requests.GetAsync(new ServiceRequestId(id)))!.Status.Should().Be(ServiceRequestStatus.Cancelled);

        var reactivate = await Host.PostAsync(Payloads.Event("Update", id, ("statecode", Payloads.Option(0)), ("statuscode", Payloads.Option(1))));

        reactivate.StatusCode.Should().Be(HttpStatusCode.Conflict, "a cancelled request cannot be reopened in Civic311");
        (await WebhookHost.JsonAsync(reactivate)).GetProperty("outcome").GetString().Should().Be("invalid-transition");
    }

    [Fact]
    public async Task Update_ResolvedThenReactivated_Reopens()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);
        await Host.PostAsync(Payloads.Event("Update", id, ("statecode", Payloads.Option(1)), ("statuscode", Payloads.Option(5))));

        await Host.PostAsync(Payloads.Event("Update", id, ("statecode", Payloads.Option(0)), ("statuscode", Payloads.Option(1))));

        var request = (await Host.Requests.GetAsync(new ServiceRequestId(id)))!;
        request.Status.Should().Be(ServiceRequestStatus.Reopened);
        request.History.Select(h => h.Action).Should().Equal(LifecycleAction.Submit, LifecycleAction.Resolve, LifecycleAction.Reopen);
    }

    [Fact]
    public async Task Update_ServiceCode_ChangesTheServiceType()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);

        await Host.PostAsync(Payloads.Event("Update", id, ("civic_servicecode", "STREET-CONDITION")));

        var request = (await Host.Requests.GetAsync(new ServiceRequestId(id)))!;
        request.ServiceCode.Should().Be("STREET-CONDITION");
        request.Queue.Should().Be("DOT-STREETS");
    }

    [Fact]
    public async Task Update_Owner_AssignsThenReassigns()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);

        await Host.PostAsync(Payloads.Event("Update", id, ("ownerid", Payloads.Reference("systemuser", Payloads.Owner, "Dana Field"))));
        var other = Guid.NewGuid();
        await Host.PostAsync(Payloads.Event("Update", id, ("ownerid", Payloads.Reference("team", other, "Roadway crew"))));

        var request = (await Host.Requests.GetAsync(new ServiceRequestId(id)))!;
        request.Assignee.Should().Be(other.ToString("D"));
        request.History.Select(h => h.Action).Should().Equal(LifecycleAction.Submit, LifecycleAction.Assign, LifecycleAction.Reassign);
    }

    [Fact]
    public async Task Update_NothingTrackedChanged_IsIgnored()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);

        var response = await Host.PostAsync(Payloads.Event("Update", id, ("title", "Renamed"), ("modifiedon", Payloads.Date(TestClockNow()))));

        (await WebhookHost.JsonAsync(response)).GetProperty("outcome").GetString().Should().Be("ignored");
        Host.Store.Updates.Should().Be(0);
    }

    [Fact]
    public async Task Update_SameValueAgain_ChangesNothing()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);

        var response = await Host.PostAsync(Payloads.Event("Update", id, ("prioritycode", Payloads.Option(1))));

        (await WebhookHost.JsonAsync(response)).GetProperty("outcome").GetString().Should().Be("ignored");
        Host.Store.Updates.Should().Be(0);
    }

    [Fact]
    public async Task StrippedCreate_IsReReadByIdAndTakenIn()
    {
        var id = Guid.NewGuid();
        Host.Reader.Put("incident", id, new JsonObject
        {
            ["incidentid"] = id.ToString(),
            ["title"] = "Dead raccoon",
            ["description"] = "On the sidewalk by the school.",
            ["civic_servicecode"] = "DEAD-ANIMAL",
            ["civic_address"] = "12 School St",
            ["civic_animal"] = "OTHER",
            ["prioritycode"] = 2,
            ["caseorigincode"] = 2,
            ["_customerid_value"] = Payloads.Reporter.ToString(),
            ["_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = "contact",
        });
        var create = Payloads.Event("Create", id, ("title", "ignored: the body is stripped"));

        var response = await Host.PostAsync(create, sizeExceeded: true);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Host.Reader.Reads.Should().Contain(("incident", id));
        var request = (await Host.Requests.GetAsync(new ServiceRequestId(id)))!;
        request.ServiceCode.Should().Be("DEAD-ANIMAL");
        request.Agency.Should().Be("ACC");
        request.Channel.Should().Be(Channel.Email);
        request.Reporter!.Email.Should().Be("rosa@example.org");
    }

    [Fact]
    public async Task StrippedUpdate_IsReReadAndComparedWithTheRequest()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);
        Host.Reader.Put("incident", id, new JsonObject
        {
            ["incidentid"] = id.ToString(),
            ["civic_servicecode"] = "POTHOLE",
            ["prioritycode"] = 3,
            ["statecode"] = 0,
            ["statuscode"] = 1,
            ["_ownerid_value"] = Payloads.Owner.ToString(),
            ["_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = "systemuser",
        });

        var response = await Host.PostAsync(Payloads.Stripped(Payloads.Event("Update", id)), sizeExceeded: true);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var request = (await Host.Requests.GetAsync(new ServiceRequestId(id)))!;
        request.Priority.Should().Be(Priority.Low);
        request.Assignee.Should().BeNull("a re-read owner is not a change someone made");
        request.History.Select(h => h.Action).Should().Equal(LifecycleAction.Submit, LifecycleAction.ChangePriority);
    }

    [Fact]
    public async Task Update_ForACaseNotTakenIn_TakesItInFromTheRow()
    {
        var id = Guid.NewGuid();
        Host.Reader.Put("incident", id, new JsonObject
        {
            ["incidentid"] = id.ToString(),
            ["title"] = "No heat",
            ["civic_servicecode"] = "HEAT",
            ["civic_address"] = "1 Main St",
            ["statecode"] = 0,
            ["statuscode"] = 2,
        });

        var response = await Host.PostAsync(Payloads.Event("Update", id, ("civic_servicecode", "HEAT")));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var request = (await Host.Requests.GetAsync(new ServiceRequestId(id)))!;
        request.Agency.Should().Be("HPD");
        request.Status.Should().Be(ServiceRequestStatus.OnHold);
        request.History.Select(h => h.Action).Should().Equal(LifecycleAction.Submit, LifecycleAction.PutOnHold);
    }

    [Fact]
    public async Task ConcurrencyConflicts_ThatPersist_Are503()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);
        Host.Store.FailUpdate = change => new ConcurrencyConflictException(change.Request.Id, change.ExpectedVersion, "someone-else");

        var response = await Host.PostAsync(Payloads.Event("Update", id, ("prioritycode", Payloads.Option(3))));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        (await WebhookHost.JsonAsync(response)).GetProperty("outcome").GetString().Should().Be("conflict");
    }

    [Fact]
    public async Task FailedDelivery_IsHandledAgainWhenDataverseRetries()
    {
        var id = Guid.NewGuid();
        await CreatePotholeAsync(id);
        var update = Payloads.Event("Update", id, ("prioritycode", Payloads.Option(3)));
        Host.Store.FailUpdate = change => new ConcurrencyConflictException(change.Request.Id, change.ExpectedVersion, "someone-else");
        (await Host.PostAsync(update)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        Host.Store.FailUpdate = null;

        var retry = await Host.PostAsync(update);

        retry.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Host.Requests.GetAsync(new ServiceRequestId(id)))!.Priority.Should().Be(Priority.Low);
    }

    [Fact]
    public async Task MalformedJson_Is400WithThePath()
    {
        var response = await Host.PostRawAsync("{\"MessageName\":\"Create\",\"PrimaryEntityName\":\"incident\",\"PrimaryEntityId\":42}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await WebhookHost.JsonAsync(response);
        problem.GetProperty("path").GetString().Should().Be("$.PrimaryEntityId");
        problem.GetProperty("title").GetString().Should().Be("Malformed webhook payload");
        Host.Store.Writes.Should().Be(0);
    }

    [Fact]
    public async Task NotJson_Is400()
    {
        var response = await Host.PostRawAsync("<xml/>");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await WebhookHost.JsonAsync(response)).GetProperty("detail").GetString().Should().Contain("not valid JSON");
    }

    [Fact]
    public async Task EmptyBody_Is400()
    {
        (await Host.PostRawAsync(string.Empty)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_IsNotAllowed()
    {
        var response = await Host.Client.GetAsync("/dataverse/webhook");

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    private Instant TestClockNow() => Host.Clock.Now;
}
