using System.Linq;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Civic311.Application;

namespace Civic311.Core.Tests.Configuration;

public sealed class Civic311OptionsTests
{
    [Fact]
    public async Task Constructor_ReusedOptionsChangedAfterwards_ReadsTheCurrentValues()
    {
        var options = TestCatalog.Options();
        var clock = new FakeClock(TestCatalog.Start);
        var first = new ServiceRequests(new InMemoryServiceRequestStore(), options, clock);

        options.TrackingNumbers.Format = "SR-{seq}";
        var second = new ServiceRequests(new InMemoryServiceRequestStore(), options, clock);

        (await first.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "INFO" })).TrackingNumber.Should().Be("311-26-0000001");
        (await second.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "INFO" })).TrackingNumber.Should().Be("SR-1");
    }

    [Fact]
    public void Constructor_ReusedOptionsMadeInvalidAfterwards_IsRejected()
    {
        var options = TestCatalog.Options();
        var clock = new FakeClock(TestCatalog.Start);
        _ = new ServiceRequests(new InMemoryServiceRequestStore(), options, clock);

        options.TimeZone = "Nowhere/City";
        var build = () => new ServiceRequests(new InMemoryServiceRequestStore(), options, clock);

        build.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle(e => e.Field == "timeZone");
    }

    [Fact]
    public void Validate_ValidOptions_ListsNothing()
    {
        TestCatalog.Options().Validate().Should().BeEmpty();
    }

    [Fact]
    public void Validate_ProblemsInSeveralFeatures_ListsEveryOneWithItsPathWithoutAHost()
    {
        var options = TestCatalog.Options();
        options.TimeZone = "Nowhere/City";
        options.Calendars[0].TimeZone = "Mars/Olympus";
        options.SlaPolicies[0].ServiceCode = "NO-SUCH-SERVICE";
        options.TrackingNumbers.Format = "{seq";

        var errors = options.Validate();

        errors.Select(e => e.Field).Should().Contain(["timeZone", "calendars[0].timeZone", "slaPolicies[0].serviceCode"])
            .And.Contain(f => f.StartsWith("trackingNumbers", System.StringComparison.Ordinal));
        var build = () => new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(TestCatalog.Start));
        build.Should().Throw<Civic311ValidationException>().Which.Errors.Should().BeEquivalentTo(errors, "Validate reports what the center would refuse to start with");
    }
}
