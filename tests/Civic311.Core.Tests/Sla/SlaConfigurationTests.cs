using System.Linq;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.InMemory;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Civic311.Application;

namespace Civic311.Core.Tests.Sla;

public sealed class SlaConfigurationTests
{
    private static Civic311ValidationException Rejected(Civic311Options options) =>
        FluentActions.Invoking(() => new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(TestCatalog.Start)))
            .Should().Throw<Civic311ValidationException>().Which;

    [Fact]
    public void Options_WithEveryKindOfSlaMistake_ReportAllOfThemWithTheirFields()
    {
        var options = TestCatalog.Options();
        options.Catalog.Agencies[0].Calendar = "nowhere";
        options.Calendars.Add(new BusinessCalendarDefinition { Id = "broken", TimeZone = "Mars/Olympus" });
        options.Calendars.Add(new BusinessCalendarDefinition { Id = "dot-field", TimeZone = "America/New_York" }.AddWeeklyHours(WeeklyHoursDefinition.Weekdays("08:00-16:00")));
        var policy = new SlaPolicyDefinition { ServiceCode = "GRAFFITI", WarningPercent = 100 };
        policy.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.BusinessTime, Amount = "four hours" });
        policy.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.BusinessDays, Days = 0 });
        options.SlaPolicies.Add(policy);
        options.SlaPolicies.Add(new SlaPolicyDefinition { ServiceCode = "POTHOLE" });

        var fields = Rejected(options).Errors.Select(e => (e.Field, e.Code)).ToList();

        fields.Should().Contain(new[]
        {
            ("calendars[1].timeZone", ValidationErrorCodes.Unknown),
            ("calendars[1].weeklyHours", ValidationErrorCodes.Required),
            ("calendars[2].id", ValidationErrorCodes.Duplicate),
            ("catalog.agencies[0].calendar", ValidationErrorCodes.Unknown),
            ("slaPolicies[1].serviceCode", ValidationErrorCodes.Unknown),
            ("slaPolicies[1].warningPercent", ValidationErrorCodes.OutOfRange),
            ("slaPolicies[1].targets[0].amount", ValidationErrorCodes.InvalidFormat),
            ("slaPolicies[1].targets[1].days", ValidationErrorCodes.OutOfRange),
            ("slaPolicies[2].targets", ValidationErrorCodes.Required),
        });
    }

    [Fact]
    public void Options_WithTwoPoliciesForOneServiceAndPriority_AreRejected()
    {
        var options = TestCatalog.Options();
        var again = new SlaPolicyDefinition { ServiceCode = "pothole" };
        again.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.CalendarTime, Amount = "3d" });
        options.SlaPolicies.Add(again);

        Rejected(options).Errors.Should().ContainSingle(e => e.Field == "slaPolicies[1]" && e.Code == ValidationErrorCodes.Duplicate);
    }

    [Fact]
    public async System.Threading.Tasks.Task Options_APriorityPolicy_WinsOverTheGeneralOne()
    {
        var options = TestCatalog.Options();
        var urgent = new SlaPolicyDefinition { ServiceCode = "POTHOLE", Priority = Priority.Urgent };
        urgent.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.CalendarTime, Amount = "1.5h" });
        options.SlaPolicies.Add(urgent);
        var service = new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(TestCatalog.Start));

        var request = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St", Priority = Priority.Urgent });

        request.Sla.Should().ContainSingle().Which.DueAt.Should().Be(TestCatalog.Start + NodaTime.Duration.FromMinutes(90));
    }
}

public sealed class SlaPolicyJsonTests
{
    [Fact]
    public async System.Threading.Tasks.Task ListFromJson_PoliciesRead_AreAppliedOnSubmit()
    {
        var policies = SlaPolicyDefinition.ListFromJson("""
            [
              // pothole: answer in 2 business hours, fix by the end of the 5th working day
              { "serviceCode": "POTHOLE", "warningPercent": 50, "targets": [
                  { "kpi": "firstResponse", "kind": "businessTime", "amount": "2h" },
                  { "kpi": "resolution", "kind": "businessDays", "days": 5, "dayRule": "endOfDay" } ] },
              { "serviceCode": "POTHOLE", "priority": "urgent", "targets": [ { "kpi": "resolution", "kind": "calendarTime", "amount": "90m" } ] },
            ]
            """);
        var options = Civic311.Storage.Specification.TestCatalog.Options();
        options.SlaPolicies.Clear();
        foreach (var policy in policies)
        {
            options.SlaPolicies.Add(policy);
        }

        var service = new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(Civic311.Storage.Specification.TestCatalog.Start));
        var normal = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });
        var urgent = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St", Priority = Priority.Urgent });

        policies.Should().HaveCount(2);
        normal.Sla.Select(s => s.Kpi).Should().Equal(SlaTarget.FirstResponse, SlaTarget.Resolution);
        normal.Sla[0].WarningPercent.Should().Be(50);
        urgent.Sla.Should().ContainSingle().Which.Target.Should().Be(SlaTarget.Calendar(SlaTarget.Resolution, NodaTime.Duration.FromMinutes(90)));
    }

    [Fact]
    public void ListFromJson_BadKind_NamesItsPath()
    {
        var read = () => SlaPolicyDefinition.ListFromJson("""[ { "serviceCode": "POTHOLE", "targets": [ { "kpi": "resolution", "kind": "fortnights" } ] } ]""");

        read.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle(e => e.Field == "$[0].targets[0].kind");
    }
}
