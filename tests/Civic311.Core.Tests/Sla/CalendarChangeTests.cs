using System.Linq;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Storage.Specification;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.Sla;

/// <summary>
/// A calendar edit reaches running clocks: time used stays used, the rest counts on the new calendar. DOT works Mon-Fri
/// 07:00-15:00; 2 March 2026 is a Monday; the edit closes Tuesday 3 March (a storm).
/// </summary>
public sealed class CalendarChangeTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly FakeClock _clock = new(At(2, 9));
    private readonly InMemoryServiceRequestStore _store = new();

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 3, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    private static Civic311Options EditedOptions()
    {
        var options = TestCatalog.Options();
        options.Calendars.Single(c => c.Id == "dot-field").AddClosure("2026-03-03T00:00", "2026-03-04T00:00", "Snow emergency");
        return options;
    }

    private static BusinessCalendar Previous() => BusinessCalendar.Build(TestCatalog.Options().Calendars.Single(c => c.Id == "dot-field"));

    [Fact]
    public async Task ApplyCalendarChange_RunningClocks_KeepTimeUsedAndCountTheRestOnTheNewCalendar()
    {
        var before = new ServiceRequests(_store, TestCatalog.Options(), _clock);
        var pothole = await before.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });
        var heat = await before.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "HEAT", Address = "2 Main St" });
        pothole.Sla.Single(s => s.Kpi == SlaTarget.Resolution).DueAt.Should().Be(At(4, 15), "end of Wednesday on the old calendar");
        _clock.AdvanceTo(At(2, 10));

        var after = new ServiceRequests(_store, EditedOptions(), _clock);
        var moved = await after.ApplyCalendarChangeAsync(Previous());

        moved.Should().Be(1, "only the DOT request runs on the edited calendar");
        var stored = (await after.GetAsync(pothole.Id))!;
        var firstResponse = stored.Sla.Single(s => s.Kpi == SlaTarget.FirstResponse);
        firstResponse.DueAt.Should().Be(At(2, 11), "one hour used, one left, still on Monday");
        var resolution = stored.Sla.Single(s => s.Kpi == SlaTarget.Resolution);
        resolution.DueAt.Should().Be(At(5, 15), "21 open hours were left (Mon 10-15, Tue, Wed); Tuesday is closed now, so they end Thursday");
        resolution.StartedAt.Should().Be(At(2, 9));
        resolution.CalendarVersion.Should().Be(BusinessCalendar.Build(EditedOptions().Calendars.Single(c => c.Id == "dot-field")).VersionId);
        stored.ExpectedAt.Should().Be(At(5, 15));
        stored.History[^1].Action.Should().Be(LifecycleAction.RecalculateSla);
        stored.History[^1].Changes.Should().ContainSingle().Which.Should().Be(
            new FieldChange("calendarVersion", Previous().VersionId, resolution.CalendarVersion));
        stored.Status.Should().Be(ServiceRequestStatus.Submitted, "a recalculation is not a status change");
        (await after.GetAsync(heat.Id))!.Version.Should().Be(heat.Version, "HPD's calendar did not change");
    }

    [Fact]
    public async Task ApplyCalendarChange_RunTwice_ChangesNothingTheSecondTime()
    {
        var before = new ServiceRequests(_store, TestCatalog.Options(), _clock);
        var pothole = await before.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });
        var after = new ServiceRequests(_store, EditedOptions(), _clock);
        await after.ApplyCalendarChangeAsync(Previous());
        var once = (await after.GetAsync(pothole.Id))!;

        var again = await after.ApplyCalendarChangeAsync(Previous());

        again.Should().Be(0);
        (await after.GetAsync(pothole.Id))!.Version.Should().Be(once.Version);
    }

    [Fact]
    public async Task ApplyCalendarChange_BreachedAndEndedClocks_StayAsTheyWere()
    {
        var before = new ServiceRequests(_store, TestCatalog.Options(), _clock);
        var pothole = await before.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });
        _clock.AdvanceTo(At(2, 12));
        await new SlaMonitor(_store, _clock).RunOnceAsync(); // first response breached at 11:00
        var breached = (await before.GetAsync(pothole.Id))!.Sla.Single(s => s.Kpi == SlaTarget.FirstResponse);
        breached.Status.Should().Be(SlaStatus.Breached);

        var after = new ServiceRequests(_store, EditedOptions(), _clock);
        await after.ApplyCalendarChangeAsync(Previous());

        var stored = (await after.GetAsync(pothole.Id))!;
        var firstResponse = stored.Sla.Single(s => s.Kpi == SlaTarget.FirstResponse);
        firstResponse.Status.Should().Be(SlaStatus.Breached, "a recorded breach stands");
        firstResponse.DueAt.Should().Be(breached.DueAt);
        stored.Sla.Single(s => s.Kpi == SlaTarget.Resolution).DueAt.Should().Be(At(5, 15), "3 open hours used of 24; 21 left from 12:00 end on Thursday at 15:00");
    }

    [Fact]
    public async Task ApplyCalendarChange_UnchangedCalendar_DoesNothing()
    {
        var service = new ServiceRequests(_store, TestCatalog.Options(), _clock);
        var pothole = await service.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });

        (await service.ApplyCalendarChangeAsync(Previous())).Should().Be(0);
        (await service.GetAsync(pothole.Id))!.Version.Should().Be(pothole.Version);
    }

    [Fact]
    public async Task ApplyCalendarChange_CalendarNoAgencyUses_IsAValidationError()
    {
        var service = new ServiceRequests(_store, TestCatalog.Options(), _clock);
        var other = BusinessCalendar.Build(new BusinessCalendarDefinition { Id = "parks", TimeZone = "America/New_York" }
            .AddWeeklyHours(WeeklyHoursDefinition.Weekdays("09:00-17:00")));

        var apply = () => service.ApplyCalendarChangeAsync(other).AsTask();

        (await apply.Should().ThrowAsync<Civic311ValidationException>()).Which.Errors.Should().ContainSingle()
            .Which.Message.Should().Contain("'parks'");
    }
}
