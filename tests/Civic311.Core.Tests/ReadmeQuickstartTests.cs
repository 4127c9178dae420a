using System.Collections.Generic;
using System.Threading.Tasks;
using Civic311.Catalog;
using Civic311.Requests;
using Civic311.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests;

/// <summary>The README's code quickstart, kept compiling and true (with a fake clock so the year is fixed).</summary>
public sealed class ReadmeQuickstartTests
{
    [Fact]
    public async Task Readme_quickstart_runs_as_documented()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Instant.FromUtc(2026, 11, 24, 15, 0)));
        services.AddCivic311(options =>
        {
            options.TimeZone = "America/New_York";
            options.TrackingNumbers.Format = "311-{yy}-{seq:7}";
            options.Catalog.AddAgency("DSNY", "Department of Sanitation", "America/New_York");

            var missed = new ServiceTypeDefinition { Code = "MISSED-PICKUP", Name = "Missed collection", Agency = "DSNY" };
            var bin = new ServiceAttributeDefinition { Code = "BIN", Order = 1, Required = true, Datatype = AttributeDatatype.SingleValueList };
            bin.Values.Add(new AttributeValueDefinition { Key = "TRASH", Name = "Trash" });
            bin.Values.Add(new AttributeValueDefinition { Key = "RECYCLING", Name = "Recycling" });
            missed.Attributes.Add(bin);
            options.Catalog.AddServiceType(missed);
        }).AddInMemoryStore();

        await using var provider = services.BuildServiceProvider();
        var requests = provider.GetRequiredService<ServiceRequests>();

        var request = await requests.SubmitAsync(new ServiceRequestSubmission
        {
            ServiceCode = "MISSED-PICKUP",
            Address = "350 5th Ave, New York, NY",
            Channel = Channel.Web,
            Attributes = new Dictionary<string, StringValues> { ["BIN"] = "RECYCLING" },
            Reporter = new ReporterContact { Email = "resident@example.org", PreferredLanguage = "es" },
        });
        request.TrackingNumber.Should().Be("311-26-0000001");

        await requests.AcknowledgeAsync(request.Id, new ChangeOptions { Actor = "dsny-dispatch" });
        await requests.AssignAsync(request.Id, new Assignment { Assignee = "crew-12" });
        var resolved = await requests.ResolveAsync(request.Id, new Resolution("COLLECTED", "Your recycling was collected today."));

        resolved.Status.Should().Be(ServiceRequestStatus.Resolved);
        resolved.History.Should().HaveCount(4);

        var invalid = () => requests.SubmitAsync(new ServiceRequestSubmission
        {
            ServiceCode = "MISSED-PICKUP",
            Address = "350 5th Ave",
            Attributes = new Dictionary<string, StringValues> { ["BIN"] = "PAPER" },
        }).AsTask();
        (await invalid.Should().ThrowAsync<Civic311ValidationException>()).Which.Errors.Should().ContainSingle()
            .Which.ToString().Should().StartWith("attributes[BIN]: 'PAPER' is not one of the values of 'BIN': TRASH, RECYCLING");
    }
}
