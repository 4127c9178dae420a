using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Civic311.Core.Tests.Requests;
using Civic311.Requests;
using Civic311.Storage;
using Microsoft.Extensions.Primitives;

namespace Civic311.Core.Tests.Storage;

public sealed class ServiceRequestDocumentTests
{
    public static TheoryData<ServiceRequestStatus> AllStatuses() => new(ExpectedLifecycle.Statuses);

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public async Task RoundTrip_EveryStatus_RebuildsTheRequestExactly(ServiceRequestStatus status)
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(status);

        var json = ServiceRequestDocument.ToJson(request);
        var restored = ServiceRequestDocument.FromJson(json, request.Version);

        restored.Should().BeEquivalentTo(request, o => o.ComparingByMembers<ServiceRequest>());
        restored.Version.Should().Be(request.Version);
        ServiceRequestDocument.ToJson(restored).Should().Be(json, "writing the rebuilt request gives the same document");
    }

    [Fact]
    public async Task RoundTrip_FullRequest_KeepsEveryFieldAndTheTransitionsStillWork()
    {
        var harness = new LifecycleHarness();
        var request = await harness.Service.SubmitAsync(LifecycleHarness.Pothole() with
        {
            Reporter = new ReporterContact { Name = "Ana Pérez", Email = "ana@example.org", Phone = "+15551234567", PreferredLanguage = "es-PA", Kind = "liaison" },
            Attributes = new Dictionary<string, StringValues> { ["SIZE"] = "14", ["LANES"] = new StringValues(["LEFT", "RIGHT"]) },
            ExternalReference = "APP-77",
            ZipCode = "10007",
        });
        request = await harness.StepAsync(request.Id, LifecycleAction.PutOnHold);

        var restored = ServiceRequestDocument.FromUtf8Json(ServiceRequestDocument.ToUtf8Json(request), "v9");

        restored.Should().BeEquivalentTo(request, o => o.ComparingByMembers<ServiceRequest>().Excluding(r => r.Version));
        restored.Reporter!.Name.Should().Be("Ana Pérez");
        restored.Reporter.Kind.Should().Be("liaison");
        restored.Attributes["lanes"].ToArray().Should().Equal("LEFT", "RIGHT");
        restored.Sla.Should().Contain(s => s.PausedAt != null);
        harness.Service.GetAllowedActions(restored).Should().Equal(harness.Service.GetAllowedActions(request));
    }

    [Theory]
    [InlineData("schema", "99", "$.schema", "out_of_range")]
    [InlineData("trackingNumber", null, "$.trackingNumber", "required")]
    [InlineData("status", "\"Open\"", "$.status", "invalid_format")]
    [InlineData("status", "\"3\"", "$.status", "invalid_format")]
    [InlineData("requestedAt", "\"yesterday\"", "$.requestedAt", "invalid_format")]
    [InlineData("id", "\"not-a-guid\"", "$.id", "invalid_format")]
    [InlineData("history", "[]", "$.history", "required")]
    public async Task FromJson_MalformedField_NamesTheField(string field, string? value, string path, string code)
    {
        var request = await new LifecycleHarness().SubmitAsync();
        var document = JsonNode.Parse(ServiceRequestDocument.ToJson(request))!.AsObject();
        if (value is null)
        {
            document.Remove(field);
        }
        else
        {
            document[field] = JsonNode.Parse(value);
        }

        var read = () => ServiceRequestDocument.FromJson(document.ToJsonString(), "1");

        read.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle()
            .Which.Should().Match<ValidationError>(e => e.Field == path && e.Code == code);
    }

    [Fact]
    public async Task FromJson_HistoryOutOfSequence_IsRefused()
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(ServiceRequestStatus.InProgress);
        var document = JsonNode.Parse(ServiceRequestDocument.ToJson(request))!.AsObject();
        document["history"]![1]!["sequence"] = 7;

        var read = () => ServiceRequestDocument.FromJson(document.ToJsonString(), "1");

        read.Should().Throw<Civic311ValidationException>().Which.Errors.Single().Field.Should().Be("$.history[1].sequence");
    }

    [Fact]
    public void FromJson_NotJson_SaysSo()
    {
        var read = () => ServiceRequestDocument.FromJson("{not json", "1");

        read.Should().Throw<Civic311ValidationException>().Which.Errors.Single().Message.Should().StartWith("The document is not valid JSON");
    }
}
