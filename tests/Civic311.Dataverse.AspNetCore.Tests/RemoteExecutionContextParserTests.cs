using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Civic311.Dataverse.Webhooks;
using Civic311.Dataverse.Webhooks.Internal;
using NodaTime;

namespace Civic311.Dataverse.AspNetCore.Tests;

public sealed class RemoteExecutionContextParserTests
{
    private static readonly Guid IncidentId = new("3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4");

    private static DataverseWebhookEvent Parse(string json, bool sizeExceeded = false) =>
        RemoteExecutionContextParser.Parse(Encoding.UTF8.GetBytes(json), sizeExceeded);

    private static WebhookPayloadException Refused(string json) =>
        FluentActions.Invoking(() => Parse(json)).Should().Throw<WebhookPayloadException>().Which;

    [Fact]
    public void Parse_DocumentedSample_ReadsTheContext()
    {
        var webhook = Parse(Payloads.ReadFile("update-incident.json"));

        webhook.MessageName.Should().Be("Update");
        webhook.PrimaryEntityName.Should().Be("incident");
        webhook.PrimaryEntityId.Should().Be(IncidentId);
        webhook.OperationId.Should().Be(new Guid("c4d5e6f7-0819-4a2b-8c3d-4e5f6a7b8c9d"));
        webhook.CorrelationId.Should().Be(new Guid("9f1c3a52-7d41-4e1b-9a3c-5b2d8e6f7a10"));
        webhook.RequestId.Should().BeNull();
        webhook.Depth.Should().Be(1);
        webhook.Stage.Should().Be(40);
        webhook.Mode.Should().Be(1);
        webhook.InitiatingUserId.Should().Be(Payloads.Agent);
        webhook.UserId.Should().Be(Payloads.Agent);
        webhook.OrganizationName.Should().Be("Civic311Test");
        webhook.OperationCreatedOn.Should().Be(Instant.FromUnixTimeMilliseconds(1772460001000));
        webhook.IsStripped.Should().BeFalse();
    }

    [Fact]
    public void Parse_DocumentedSample_TypesEveryAttributeShape()
    {
        var target = Parse(Payloads.ReadFile("update-incident.json")).Target!;

        target.LogicalName.Should().Be("incident");
        target.Id.Should().Be(IncidentId);
        var a = target.Attributes;
        a["prioritycode"].Should().Be(new DataverseOptionSetValue(1));
        a["incidentid"].Should().Be(IncidentId, "a uniqueidentifier arrives as a plain string");
        a["title"].Should().Be("Deep pothole on Atlantic Ave");
        a["civic_latitude"].Should().Be(40.6862m);
        a["onholdtime"].Should().Be(0);
        a["isescalated"].Should().Be(false);
        a["civic_estimatedcost"].Should().Be(new DataverseMoney(125.50m));
        a["modifiedon"].Should().Be(Instant.FromUnixTimeMilliseconds(1772460000000));
        a["lastonholdtime"].Should().Be(Instant.FromUnixTimeMilliseconds(1772456400000), "the offset only names the sender's zone");
        a["ownerid"].Should().Be(new DataverseEntityReference(Payloads.Owner, "systemuser", "Dana Field"));
        target.Contains("modifiedonbehalfby").Should().BeTrue();
        a["modifiedonbehalfby"].Should().BeNull();
        target.FormattedValues["prioritycode"].Should().Be("High");
    }

    [Fact]
    public void Parse_AsynchronousPostImageWithoutType_IsReadAsAnEntity()
    {
        var webhook = Parse(Payloads.ReadFile("update-incident.json"));

        var image = webhook.PostEntityImages["AsynchronousStepPrimaryName"];
        image.LogicalName.Should().Be("incident");
        image.Attributes["title"].Should().Be("Deep pothole on Atlantic Ave");
        webhook.PreEntityImages.Should().BeEmpty();
    }

    [Fact]
    public void Parse_DataContractTypeForm_IsReadLikeTheContractsForm()
    {
        var body = Payloads.Event("Update", IncidentId,
            ("prioritycode", new JsonObject { ["__type"] = "OptionSetValue:#Microsoft.Xrm.Sdk", ["Value"] = 3 }),
            ("civic_cost", new JsonObject { ["__type"] = "Money:#Microsoft.Xrm.Sdk", ["Value"] = 10 }),
            ("ownerid", new JsonObject { ["__type"] = "EntityReference:#Microsoft.Xrm.Sdk", ["Id"] = Payloads.Owner.ToString(), ["LogicalName"] = "team", ["Name"] = null }));
        Payloads.Target(body)["__type"] = "Entity:#Microsoft.Xrm.Sdk";

        var a = Parse(body.ToJsonString()).Target!.Attributes;

        a["prioritycode"].Should().Be(new DataverseOptionSetValue(3));
        a["civic_cost"].Should().Be(new DataverseMoney(10m));
        a["ownerid"].Should().Be(new DataverseEntityReference(Payloads.Owner, "team", null));
    }

    [Fact]
    public void Parse_ValuesWithoutType_AreRecognisedByShape()
    {
        var body = Payloads.Event("Update", IncidentId,
            ("statecode", new JsonObject { ["Value"] = 1 }),
            ("customerid", new JsonObject { ["Id"] = Payloads.Reporter.ToString(), ["LogicalName"] = "contact", ["Name"] = "Rosa Reporter" }),
            ("bignumber", 12345678901L),
            ("ratio", 0.25),
            ("dates", new JsonArray("/Date(0)/", "/Date(-86400000)/")));

        var a = Parse(body.ToJsonString()).Target!.Attributes;

        a["statecode"].Should().Be(new DataverseOptionSetValue(1));
        a["customerid"].Should().Be(new DataverseEntityReference(Payloads.Reporter, "contact", "Rosa Reporter"));
        a["bignumber"].Should().Be(12345678901L);
        a["ratio"].Should().Be(0.25m);
        a["dates"].Should().BeEquivalentTo(new object[] { Instant.FromUnixTimeMilliseconds(0), Instant.FromUnixTimeMilliseconds(-86_400_000) });
    }

    [Fact]
    public void Parse_UnknownTypedValue_IsKeptRaw()
    {
        var body = Payloads.Event("Update", IncidentId, ("odd", new JsonObject { ["__type"] = "BooleanManagedProperty:#Microsoft.Xrm.Sdk", ["Value"] = true }));

        var value = Parse(body.ToJsonString()).Target!.Attributes["odd"];

        value.Should().BeOfType<JsonElement>().Which.GetProperty("Value").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData("/Date(1506384247000)/", 1506384247000)]
    [InlineData("/Date(1506409448000-0700)/", 1506409448000)]
    [InlineData("/Date(1506409448000+0100)/", 1506409448000)]
    [InlineData("/Date(-1000)/", -1000)]
    public void ParseDate_DocumentedForms_GiveTheUtcInstant(string text, long milliseconds) =>
        RemoteExecutionContextParser.ParseDate(text, "$").Should().Be(Instant.FromUnixTimeMilliseconds(milliseconds));

    [Theory]
    [InlineData("/Date(abc)/")]
    [InlineData("/Date(12+01)/")]
    [InlineData("/Date()/")]
    [InlineData("/Date(99999999999999999999)/")]
    public void Parse_BadDate_NamesTheAttributePath(string text)
    {
        var body = Payloads.Event("Update", IncidentId, ("title", "x"), ("modifiedon", text));

        var error = Refused(body.ToJsonString());

        error.Path.Should().Be("$.InputParameters[0].value.Attributes[1].value");
        error.Problem.Should().Contain("/Date(");
    }

    [Fact]
    public void Parse_StrippedPayload_IsMarkedStrippedWithoutTarget()
    {
        var body = Payloads.Stripped(Payloads.PotholeCreate(IncidentId));

        var webhook = Parse(body.ToJsonString());

        webhook.IsStripped.Should().BeTrue("InputParameters are missing");
        webhook.Target.Should().BeNull();
        webhook.PrimaryEntityId.Should().Be(IncidentId);
    }

    [Fact]
    public void Parse_SizeExceededHeader_MarksStripped()
    {
        var webhook = Parse(Payloads.PotholeCreate(IncidentId).ToJsonString(), sizeExceeded: true);

        webhook.IsStripped.Should().BeTrue();
    }

    [Theory]
    [InlineData("{\"MessageName\":\"Update\"", "$")]
    [InlineData("[1,2]", "$")]
    [InlineData("{\"PrimaryEntityName\":\"incident\",\"PrimaryEntityId\":\"3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4\"}", "$.MessageName")]
    [InlineData("{\"MessageName\":\"Update\",\"PrimaryEntityName\":\"incident\"}", "$.PrimaryEntityId")]
    [InlineData("{\"MessageName\":\"Update\",\"PrimaryEntityName\":\"incident\",\"PrimaryEntityId\":\"nope\"}", "$.PrimaryEntityId")]
    [InlineData("{\"MessageName\":\"Update\",\"PrimaryEntityName\":\"incident\",\"PrimaryEntityId\":\"3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4\",\"Depth\":\"one\"}", "$.Depth")]
    [InlineData("{\"MessageName\":\"Update\",\"PrimaryEntityName\":\"incident\",\"PrimaryEntityId\":\"3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4\",\"InputParameters\":{}}", "$.InputParameters")]
    [InlineData("{\"MessageName\":\"Update\",\"PrimaryEntityName\":\"incident\",\"PrimaryEntityId\":\"3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4\",\"InputParameters\":[{\"value\":1}]}", "$.InputParameters[0].key")]
    [InlineData("{\"MessageName\":\"Update\",\"PrimaryEntityName\":\"incident\",\"PrimaryEntityId\":\"3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4\",\"InputParameters\":[{\"key\":\"Target\",\"value\":{\"__type\":\"Entity:#Microsoft.Xrm.Sdk\",\"Attributes\":[]}}]}", "$.InputParameters[0].value.LogicalName")]
    [InlineData("{\"MessageName\":\"Update\",\"PrimaryEntityName\":\"incident\",\"PrimaryEntityId\":\"3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4\",\"PostEntityImages\":[{\"key\":\"post\",\"value\":\"x\"}]}", "$.PostEntityImages[0].value")]
    public void Parse_Malformed_NamesThePath(string json, string path) =>
        Refused(json).Path.Should().Be(path);

    [Fact]
    public void Parse_OptionSetWithoutNumber_NamesTheValuePath()
    {
        var body = Payloads.Event("Update", IncidentId, ("prioritycode", new JsonObject { ["__type"] = $"OptionSetValue:{Payloads.Contracts}", ["Value"] = "high" }));

        Refused(body.ToJsonString()).Path.Should().Be("$.InputParameters[0].value.Attributes[0].value.Value");
    }
}
