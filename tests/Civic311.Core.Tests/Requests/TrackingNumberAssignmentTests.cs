using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage.Specification;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.Requests;

/// <summary>SubmitAsync gives tracking numbers: the year in the center's time zone, one sequence per year.</summary>
public sealed class TrackingNumberAssignmentTests
{
    // 2026-12-31T23:30 in New York (EST, UTC-5) is already 2027-01-01T04:30 in UTC.
    private static readonly Instant NewYearsEveInNewYork = Instant.FromUtc(2027, 1, 1, 4, 30);

    [Fact]
    public async Task SubmitAsync_DefaultFormat_NumbersRequestsInOrder()
    {
        var harness = new LifecycleHarness();

        var first = await harness.SubmitAsync();
        var second = await harness.SubmitAsync();

        first.TrackingNumber.Should().Be("311-26-0000001");
        second.TrackingNumber.Should().Be("311-26-0000002");
    }

    [Fact]
    public async Task SubmitAsync_LateOnDecember31InTheCentersZone_UsesTheLocalYear()
    {
        var harness = new LifecycleHarness(o => o.TimeZone = "America/New_York", start: NewYearsEveInNewYork);

        var request = await harness.SubmitAsync();

        request.TrackingNumber.Should().Be("311-26-0000001");
        request.RequestedAt.Should().Be(NewYearsEveInNewYork);
    }

    [Fact]
    public async Task SubmitAsync_SameInstantWithAUtcCenter_UsesTheUtcYear()
    {
        var harness = new LifecycleHarness(o => o.TimeZone = "UTC", start: NewYearsEveInNewYork);

        var request = await harness.SubmitAsync();

        request.TrackingNumber.Should().Be("311-27-0000001");
    }

    [Fact]
    public async Task SubmitAsync_FirstRequestOfANewLocalYear_RestartsTheSequence()
    {
        var harness = new LifecycleHarness(o => o.TimeZone = "America/New_York", start: NewYearsEveInNewYork);
        var lastOf2026 = await harness.SubmitAsync();
        var alsoIn2026 = await harness.SubmitAsync();
        harness.Clock.Advance(Duration.FromMinutes(30)); // midnight in New York

        var firstOf2027 = await harness.SubmitAsync();
        var secondOf2027 = await harness.SubmitAsync();

        lastOf2026.TrackingNumber.Should().Be("311-26-0000001");
        alsoIn2026.TrackingNumber.Should().Be("311-26-0000002");
        firstOf2027.TrackingNumber.Should().Be("311-27-0000001");
        secondOf2027.TrackingNumber.Should().Be("311-27-0000002");
    }

    [Fact]
    public async Task SubmitAsync_FormatWithoutAYear_KeepsOneSequenceAcrossYears()
    {
        var harness = new LifecycleHarness(o => o.TrackingNumbers.Format = "SR-{seq:5}", start: NewYearsEveInNewYork);
        var before = await harness.SubmitAsync();
        harness.Clock.Advance(Duration.FromDays(1));

        var after = await harness.SubmitAsync();

        before.TrackingNumber.Should().Be("SR-00001");
        after.TrackingNumber.Should().Be("SR-00002");
    }

    [Fact]
    public async Task SubmitAsync_FourDigitYearFormat_WritesTheFullLocalYear()
    {
        var harness = new LifecycleHarness(o => o.TrackingNumbers.Format = "NYC-{yyyy}-{seq:4}", start: NewYearsEveInNewYork);

        var request = await harness.SubmitAsync();

        request.TrackingNumber.Should().Be("NYC-2026-0001");
        (await harness.Service.FindByTrackingNumberAsync(" nyc-2026-0001 "))!.Id.Should().Be(request.Id);
    }

    [Fact]
    public void Constructor_InvalidFormat_ThrowsValidationNamingTheFormatField()
    {
        var options = TestCatalog.Options();
        options.TrackingNumbers.Format = "311-{yy}";

        var act = () => new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(NewYearsEveInNewYork));

        var error = act.Should().ThrowExactly<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Which;
        error.Field.Should().Be("trackingNumbers.format");
        error.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        error.Message.Should().Be("The tracking-number format '311-{yy}' must contain exactly one {seq} or {seq:N} token; it has 0.");
    }
}
