using System.Linq;
using System.Threading.Tasks;
using Civic311.Catalog;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Storage.Specification;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Notifications.Tests;

public sealed class NotificationDataTests
{
    [Fact]
    public async Task Create_FromAStoredRequest_TakesItsFactsAndTheAgencysZone()
    {
        var options = TestCatalog.Options();
        var catalog = ServiceCatalog.Build(options.Catalog);
        var service = new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(TestCatalog.Start));
        var request = await service.SubmitAsync(new ServiceRequestSubmission
        {
            ServiceCode = "POTHOLE",
            Description = "Deep <pothole>",
            Address = "5th Ave & 42nd St",
            Reporter = new ReporterContact { Name = "Ana", PreferredLanguage = "es-US" },
        });
        request = await service.PutOnHoldAsync(request.Id, "A photo of the pothole");
        var at = TestCatalog.Start + Duration.FromHours(1);

        var data = request.ToNotificationData(catalog, at, request.Sla.First(s => s.Kpi == SlaTarget.Resolution));

        data.TrackingNumber.Should().Be(request.TrackingNumber);
        data.ServiceName.Should().Be("Pothole");
        data.Description.Should().Be("Deep <pothole>");
        data.Address.Should().Be("5th Ave & 42nd St");
        data.Status.Should().Be(ServiceRequestStatus.OnHold);
        data.HoldReason.Should().Be("A photo of the pothole");
        data.AgencyCode.Should().Be("DOT");
        data.AgencyName.Should().Be("Department of Transportation");
        data.TimeZone.Id.Should().Be("America/New_York");
        data.Queue.Should().Be("DOT-ROADWAY");
        data.ResidentName.Should().Be("Ana");
        data.ExpectedAt.Should().Be(request.ExpectedAt).And.NotBeNull();
        data.SlaKpi.Should().Be(SlaTarget.Resolution);
        data.SlaDueAt.Should().Be(request.ExpectedAt);
        data.OccurredAt.Should().Be(at);
        data.SlaTimeLeft.Should().Be(data.SlaDueAt!.Value - at);
        data.SlaOverdueBy.Should().Be(Duration.Zero);

        var text = Samples.Renderer.RenderPart(NotificationKind.OnHold, ChannelKind.Sms, TemplatePart.Text, data with { CenterName = "NYC 311" }, "es-US");
        text.Should().Be($"NYC 311: la solicitud {request.TrackingNumber} está en espera. Necesitamos: A photo of the pothole");
    }

    [Fact]
    public void ToString_WithPersonalData_PrintsOnlyCodes()
    {
        var text = Samples.Base.ToString();

        text.Should().Contain("311-26-0001234").And.Contain("POTHOLE");
        text.Should().NotContain("Ana").And.NotContain("Hueco").And.NotContain("Vía España");
    }

    [Fact]
    public void MessageToString_WithPersonalData_PrintsNoRecipientOrBody()
    {
        var message = Samples.Renderer.Render(NotificationKind.Closed, ChannelKind.Email, Samples.Base, "ana@example.pa", "es", "k");

        message.ToString().Should().Contain("Closed").And.Contain("311-26-0001234").And.NotContain("ana@").And.NotContain("Ana");
    }

    [Theory]
    [InlineData(NotificationKind.RequestReceived, NotificationAudience.Resident)]
    [InlineData(NotificationKind.DuplicateLinked, NotificationAudience.Resident)]
    [InlineData(NotificationKind.AssignedToQueue, NotificationAudience.Staff)]
    [InlineData(NotificationKind.SlaNearingBreach, NotificationAudience.Staff)]
    [InlineData(NotificationKind.SlaBreached, NotificationAudience.Staff)]
    public void Audience_EachKind_IsResidentOrStaff(NotificationKind kind, NotificationAudience audience)
    {
        kind.Audience().Should().Be(audience);
    }
}
