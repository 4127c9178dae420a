using System.Linq;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.InMemory;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Civic311.Application;
using NodaTime;

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
        again.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.CalendarTime, Amount = "72h" });
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

    [Theory]
    [InlineData(SlaTimeKind.CalendarTime, "calendarDays with days 3", "72h")]
    [InlineData(SlaTimeKind.BusinessTime, "businessDays with days 3", "72h")]
    public void Options_ADayAmount_IsRefusedAsAmbiguousNamingBothMeanings(SlaTimeKind kind, string days, string hours)
    {
        var options = TestCatalog.Options();
        options.SlaPolicies[0].Targets[1] = new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = kind, Amount = "3d" };

        var error = Rejected(options).Errors.Should().ContainSingle().Which;

        error.Field.Should().Be("slaPolicies[0].targets[1].amount");
        error.Code.Should().Be(ValidationErrorCodes.Ambiguous);
        error.Message.Should().Contain(days).And.Contain(hours);
    }

    [Fact]
    public void Options_AnAmountThatDoesNotParse_ListsTheAcceptedForms()
    {
        var options = TestCatalog.Options();
        options.SlaPolicies[0].Targets[1] = new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.BusinessTime, Amount = "1bd" };

        var error = Rejected(options).Errors.Should().ContainSingle().Which;

        error.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        error.Message.Should().Contain("'1bd'").And.Contain("30m, 4h or 1.5h").And.Contain("businessDays or calendarDays");
    }

    [Fact]
    public void Options_TheTypedFactories_GiveTheTargetsTheyName()
    {
        var options = TestCatalog.Options();
        var policy = options.SlaPolicies[0];
        policy.Targets.Clear();
        policy.Targets.Add(SlaTargetDefinition.BusinessHours(SlaTarget.FirstResponse, 1.5));
        policy.Targets.Add(SlaTargetDefinition.BusinessDays(SlaTarget.Resolution, 3, BusinessDayEnd.OpeningAfterDay, SlaClockStart.AtNextOpening));
        policy.Targets.Add(SlaTargetDefinition.CalendarDays("inspection", 30));
        policy.Targets.Add(SlaTargetDefinition.CalendarHours("callback", 24));
        var service = new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(TestCatalog.Start));

        service.Should().NotBeNull();
        policy.Targets.Select(t => (t.Kind, t.Amount, t.Days)).Should().Equal(
            (SlaTimeKind.BusinessTime, "1.5h", 0), (SlaTimeKind.BusinessDays, null, 3), (SlaTimeKind.CalendarDays, null, 30), (SlaTimeKind.CalendarTime, "24h", 0));
        var hours = () => SlaTargetDefinition.BusinessHours(SlaTarget.FirstResponse, double.NaN);
        hours.Should().Throw<System.ArgumentOutOfRangeException>().Which.ParamName.Should().Be("hours");
    }

    [Fact]
    public void Options_UnknownPolicyOrTargetCalendars_AreRejectedWithTheirPaths()
    {
        var options = TestCatalog.Options();
        options.SlaPolicies[0].Calendar = "nowhere";
        options.SlaPolicies[0].Targets[0].Calendar = " ";
        options.SlaPolicies[0].Targets[1].Calendar = "elsewhere";

        Rejected(options).Errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("slaPolicies[0].calendar", ValidationErrorCodes.Unknown),
            ("slaPolicies[0].targets[0].calendar", ValidationErrorCodes.Required),
            ("slaPolicies[0].targets[1].calendar", ValidationErrorCodes.Unknown),
        });
    }

    [Fact]
    public async System.Threading.Tasks.Task Calendars_PerPolicyAndPerTarget_RunWhateverAgencyOrQueueOwnsTheRequest()
    {
        // DOT's field crews work 07:00-15:00; its emergency line answers around the clock; inspections run 08:30-17:00.
        var options = TestCatalog.Options();
        options.Calendars.Add(new BusinessCalendarDefinition { Id = "always", TimeZone = "America/New_York" }.AddWeeklyHours(WeeklyHoursDefinition.AllDayEveryDay()));
        options.Calendars.Add(new BusinessCalendarDefinition { Id = "office", TimeZone = "America/New_York" }.AddWeeklyHours(WeeklyHoursDefinition.Weekdays("08:30-17:00")));
        var policy = options.SlaPolicies[0];
        policy.Calendar = "always";
        policy.Targets.Clear();
        policy.Targets.Add(SlaTargetDefinition.BusinessHours(SlaTarget.FirstResponse, 2));
        policy.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.BusinessTime, Amount = "4h", Calendar = "office" });
        var friday = Instant.FromUtc(2026, 3, 6, 23, 0); // Friday 18:00 in New York: every office is closed
        var service = new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(friday));

        var request = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });

        request.CurrentSla(SlaTarget.FirstResponse)!.DueAt.Should().Be(friday + NodaTime.Duration.FromHours(2), "the policy's 24x7 calendar, not DOT's");
        var resolution = Instant.FromUtc(2026, 3, 9, 16, 30); // Monday 12:30 EDT (clocks went forward on Sunday): 4 office hours from 08:30
        request.CurrentSla(SlaTarget.Resolution)!.DueAt.Should().Be(resolution, "the target's own calendar beats the policy's");

        var moved = await service.ReassignAsync(request.Id, new Assignment { Queue = "DOT-STREETS" });
        var transferred = await service.ReassignAsync(request.Id, new Assignment { Agency = "DSNY", Queue = "DSNY-COLLECTION" });

        moved.Sla.Select(s => s.DueAt).Should().Equal(request.Sla.Select(s => s.DueAt), "another queue of the agency keeps every clock on its calendar");
        transferred.Sla.Select(s => (s.DueAt, s.CalendarVersion)).Should().Equal(request.Sla.Select(s => (s.DueAt, s.CalendarVersion)), "clocks with calendars of their own do not follow the agency");
    }

    [Fact]
    public async System.Threading.Tasks.Task Calendars_OfTheAgency_FollowTheRequestToAnotherAgency()
    {
        var options = TestCatalog.Options();
        var service = new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(TestCatalog.Start));
        var request = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });

        var transferred = await service.ReassignAsync(request.Id, new Assignment { Agency = "DSNY", Queue = "DSNY-COLLECTION" });

        transferred.CurrentSla(SlaTarget.FirstResponse)!.CalendarVersion.Should().NotBe(request.CurrentSla(SlaTarget.FirstResponse)!.CalendarVersion, "DSNY has no calendar: its clocks run 24x7");
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
                  { "kpi": "resolution", "kind": "businessDays", "days": 5, "dayEnd": "closingOfDay" } ] },
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
        urgent.Sla.Should().ContainSingle().Which.Target.Should().Be(SlaTarget.CalendarTime(SlaTarget.Resolution, NodaTime.Duration.FromMinutes(90)));
    }

    [Fact]
    public void ListFromJson_BadKind_NamesItsPath()
    {
        var read = () => SlaPolicyDefinition.ListFromJson("""[ { "serviceCode": "POTHOLE", "targets": [ { "kpi": "resolution", "kind": "fortnights" } ] } ]""");

        read.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle(e => e.Field == "$[0].targets[0].kind");
    }
}
