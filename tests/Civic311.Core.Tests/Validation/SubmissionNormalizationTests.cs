using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Civic311.Requests;
using Microsoft.Extensions.Primitives;
using Civic311.Application;

namespace Civic311.Core.Tests.Validation;

public sealed class SubmissionNormalizationTests
{
    private readonly ServiceRequests _service = Submissions.Service();

    [Theory]
    [InlineData("12", "12")]
    [InlineData(" 12.5 ", "12.5")]
    [InlineData("+7", "7")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("1e3", "1000")]
    [InlineData("1.5E-2", "0.015")]
    [InlineData("007", "7")]
    public async Task SubmitAsync_Number_IsStoredInInvariantForm(string given, string stored)
    {
        var request = await _service.SubmitAsync(Submissions.Pothole().WithAttribute("SIZE", given));

        request.Attributes["SIZE"].ToString().Should().Be(stored);
    }

    [Fact]
    public async Task SubmitAsync_NumberUnderACommaDecimalCulture_IsStillReadAndWrittenWithADot()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var request = await _service.SubmitAsync(Submissions.Pothole().WithAttribute("SIZE", "1234.5"));

            request.Attributes["SIZE"].ToString().Should().Be("1234.5");
            _service.Validate(Submissions.Pothole().WithAttribute("SIZE", "1234,5")).Should().ContainSingle()
                .Which.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("2026-11-24T08:30:00-05:00", "2026-11-24T13:30:00Z")]
    [InlineData("2026-11-24T13:30:00Z", "2026-11-24T13:30:00Z")]
    [InlineData("2026-11-25T01:00:00+05:30", "2026-11-24T19:30:00Z")]
    [InlineData(" 2026-11-24T08:30:00.25-05:00 ", "2026-11-24T13:30:00.25Z")]
    [InlineData("2026-11-24T08:30-05:00", "2026-11-24T13:30:00Z")] // W3C-DTF hours and minutes, as Open311 allows (regression)
    [InlineData("2026-11-24T13:30Z", "2026-11-24T13:30:00Z")]
    public async Task SubmitAsync_DatetimeWithAnOffset_IsStoredAsUtcZ(string given, string stored)
    {
        var request = await _service.SubmitAsync(Submissions.MissedPickup().WithAttribute("MISSED-DATE", given));

        request.Attributes["MISSED-DATE"].ToString().Should().Be(stored);
    }

    [Fact]
    public async Task SubmitAsync_AttributeKeysInOtherCasing_AreStoredUnderTheCatalogCodeAndFoundCaseInsensitively()
    {
        var submission = Submissions.MissedPickup() with
        {
            Attributes = new Dictionary<string, StringValues> { ["bin-type"] = " TRASH ", ["missed-Date"] = "2026-11-24T13:30:00Z" },
        };

        var request = await _service.SubmitAsync(submission);

        request.Attributes.Keys.Should().BeEquivalentTo("BIN-TYPE", "MISSED-DATE");
        request.Attributes["BIN-TYPE"].ToString().Should().Be("TRASH");
        request.Attributes["bin-type"].ToString().Should().Be("TRASH");
    }

    [Fact]
    public async Task SubmitAsync_MultiValueList_KeepsTrimmedKeysInOrderAndDropsEmptyValues()
    {
        var request = await _service.SubmitAsync(Submissions.Pothole().WithAttribute("LANES", new[] { " RIGHT", "", "LEFT ", "  " }));

        request.Attributes["LANES"].ToArray().Should().Equal("RIGHT", "LEFT");
    }

    [Fact]
    public async Task SubmitAsync_EmptyOptionalAttributes_AreNotStored()
    {
        var request = await _service.SubmitAsync(Submissions.Pothole().WithAttribute("SIZE", " ").WithAttribute("LANES", new[] { "", "" }).WithAttribute("SAFETY-INFO", ""));

        request.Attributes.Should().BeEmpty();
    }

    [Fact]
    public async Task SubmitAsync_Text_IsTrimmed()
    {
        var submission = Submissions.DeadAnimal().WithAttribute("DETAILS", "  Large dog.\nNear the bench.  ").WithAttribute("LANDMARK", "\tFountain ") with
        {
            Description = "  Dead cat on the sidewalk \n",
            Address = "  Central Park West & W 81st St ",
            ZipCode = " 10024 ",
            District = " MANHATTAN 07 ",
            ExternalReference = " legacy-42 ",
            Actor = " agent-7 ",
            Note = "  Caller will call back ",
        };

        var request = await _service.SubmitAsync(submission);

        request.Description.Should().Be("Dead cat on the sidewalk");
        request.Location.Should().Be(new ServiceLocation { Address = "Central Park West & W 81st St", ZipCode = "10024", District = "MANHATTAN 07" });
        request.ExternalReference.Should().Be("legacy-42");
        request.Attributes["DETAILS"].ToString().Should().Be("Large dog.\nNear the bench.");
        request.Attributes["LANDMARK"].ToString().Should().Be("Fountain");
        request.History[0].Actor.Should().Be("agent-7");
        request.History[0].Note.Should().Be("Caller will call back");
    }

    [Fact]
    public async Task SubmitAsync_BlankOptionalText_BecomesNull()
    {
        var submission = new ServiceRequestSubmission { ServiceCode = "INFO", Description = "   ", Address = "", ZipCode = " ", District = "\t", ExternalReference = " ", Note = " " };

        var request = await _service.SubmitAsync(submission);

        request.Description.Should().BeNull();
        request.Location.Should().BeNull();
        request.ExternalReference.Should().BeNull();
        request.History[0].Note.Should().BeNull();
    }

    [Fact]
    public async Task SubmitAsync_ReporterContact_IsTrimmed()
    {
        var submission = Submissions.Pothole() with
        {
            Reporter = new ReporterContact { Name = " Ana Pérez ", Email = " ana@example.org ", Phone = " +507 6123-4567 ", PreferredLanguage = " es-PA " },
        };

        var request = await _service.SubmitAsync(submission);

        request.Reporter.Should().Be(new ReporterContact { Name = "Ana Pérez", Email = "ana@example.org", Phone = "+507 6123-4567", PreferredLanguage = "es-PA" });
    }

    [Fact]
    public async Task SubmitAsync_ReporterWithOnlyBlankFields_IsDropped()
    {
        var request = await _service.SubmitAsync(Submissions.Pothole() with { Reporter = new ReporterContact { Name = " ", Email = "" } });

        request.Reporter.Should().BeNull();
    }

    [Fact]
    public async Task SubmitAsync_ServiceCodeInOtherCasing_IsStoredUnderTheCatalogCode()
    {
        var request = await _service.SubmitAsync(Submissions.Pothole() with { ServiceCode = "pothole" });

        request.ServiceCode.Should().Be("POTHOLE");
        request.Agency.Should().Be("DOT");
        request.Queue.Should().Be("DOT-ROADWAY");
    }

    [Fact]
    public async Task SubmitAsync_Point_IsStoredAsAGeoPoint()
    {
        var request = await _service.SubmitAsync(Submissions.Pothole() with { Latitude = 8.9824, Longitude = -79.5199 });

        request.Location!.Point.Should().Be(new GeoPoint(8.9824, -79.5199));
        request.Location.Address.Should().BeNull();
    }
}
