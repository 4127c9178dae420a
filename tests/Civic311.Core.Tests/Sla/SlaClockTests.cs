using System;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Core.Tests.Sla;

public sealed class SlaClockTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    // Monday-Friday 09:00-17:00 in New York; 2026-03-02 is a Monday.
    private static readonly BusinessCalendar Calendar = BusinessCalendar.Build(
        new BusinessCalendarDefinition { Id = "nine-to-five", TimeZone = "America/New_York" }.AddWeeklyHours(WeeklyHoursDefinition.Weekdays("09:00-17:00")));

    private static readonly BusinessCalendar EarlyOpening = BusinessCalendar.Build(
        new BusinessCalendarDefinition { Id = "early", TimeZone = "America/New_York" }.AddWeeklyHours(WeeklyHoursDefinition.Weekdays("08:30-16:30")));

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 3, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    [Fact]
    public void Start_BusinessTimeTarget_IsDueAfterThatMuchOpenTimeAndWarnsAt75Percent()
    {
        var sla = SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(16)), Calendar, At(2, 13));

        sla.DueAt.Should().Be(At(4, 13));
        sla.WarningAt.Should().Be(At(3, 17)); // 12 business hours after Monday 13:00
        sla.Status.Should().Be(SlaStatus.InProgress);
        sla.CalendarVersion.Should().Be(Calendar.VersionId);
        sla.Cycle.Should().Be(1);
    }

    [Fact]
    public void Start_CalendarTimeTarget_IgnoresTheCalendar()
    {
        var sla = SlaClock.Start(SlaTarget.CalendarTime(SlaTarget.Resolution, Duration.FromHours(24)), Calendar, At(6, 18));

        sla.DueAt.Should().Be(At(7, 18));
        sla.WarningAt.Should().Be(At(7, 12));
    }

    [Theory]
    [InlineData(BusinessDayEnd.SameTimeOfDay, 5, 14, 0)]   // Friday 14:00 + 3 working days = Wednesday 14:00
    [InlineData(BusinessDayEnd.ClosingOfDay, 11, 16, 30)]      // the end of Wednesday
    [InlineData(BusinessDayEnd.OpeningAfterDay, 12, 8, 30)] // the opening of Thursday, 08:30 as in NYC's data
    public void Start_BusinessDaysTarget_EndsAsTheRuleSays(BusinessDayEnd rule, int day, int hour, int minute)
    {
        // Friday 2026-03-06 14:00; the working days after it are Monday 9, Tuesday 10, Wednesday 11.
        var start = new LocalDateTime(2026, 3, 6, 14, 0).InZoneStrictly(NewYork).ToInstant();
        var sla = SlaClock.Start(SlaTarget.BusinessDays(SlaTarget.Resolution, 3, rule), EarlyOpening, start);

        var expected = new LocalDateTime(2026, 3, rule == BusinessDayEnd.SameTimeOfDay ? 11 : day, hour, minute).InZoneStrictly(NewYork).ToInstant();
        sla.DueAt.Should().Be(expected);
        sla.WarningAt.Should().BeLessThan(sla.DueAt);
    }

    [Fact]
    public void PauseAndResume_EntirelyOutsideOpenHours_DoNotMoveTheDeadline()
    {
        var sla = SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(8)), Calendar, At(2, 13));

        var resumed = SlaClock.Resume(SlaClock.Pause(sla, At(2, 18)), Calendar, At(2, 22));

        resumed.DueAt.Should().Be(sla.DueAt);
        resumed.WarningAt.Should().Be(sla.WarningAt);
        resumed.PausedTime.Should().Be(Duration.Zero);
    }

    [Fact]
    public void PauseAndResume_InHoursUntilTheNextDay_MovesTheDeadlineByTheOpenTimeOnly()
    {
        var sla = SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(8)), Calendar, At(2, 13)); // due Tue 13:00

        var paused = SlaClock.Pause(sla, At(2, 15));
        paused.Status.Should().Be(SlaStatus.Paused);
        paused.StatusAt(At(10, 9)).Should().Be(SlaStatus.Paused, "a deadline that passes while paused is not a breach");
        var resumed = SlaClock.Resume(paused, Calendar, At(3, 10)); // paused Mon 15:00-17:00 and Tue 09:00-10:00 = 3 h

        resumed.PausedTime.Should().Be(Duration.FromHours(3));
        resumed.DueAt.Should().Be(At(3, 16));
        resumed.Status.Should().Be(SlaStatus.InProgress);
        SlaClock.Elapsed(resumed, Calendar, At(3, 11)).Should().Be(Duration.FromHours(3)); // Mon 13-15 and Tue 10-11
    }

    [Fact]
    public void Resume_WhenTheDeadlinePassedWhilePaused_ExtendsItAndDoesNotBreach()
    {
        var sla = SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(2)), Calendar, At(2, 9)); // due Mon 11:00

        var resumed = SlaClock.Resume(SlaClock.Pause(sla, At(2, 10)), Calendar, At(3, 9)); // 7 open hours paused

        resumed.DueAt.Should().Be(At(3, 10));
        resumed.StatusAt(At(3, 9, 30)).Should().Be(SlaStatus.NearingBreach);
        SlaClock.Complete(resumed, Calendar, At(3, 10)).Status.Should().Be(SlaStatus.Met, "completing exactly at the due instant meets the target");
    }

    [Fact]
    public void Pause_AfterTheDeadline_RecordsTheBreachWhichStands()
    {
        var sla = SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(2)), Calendar, At(2, 9));

        var paused = SlaClock.Pause(sla, At(2, 12));

        paused.Status.Should().Be(SlaStatus.Breached);
        SlaClock.Complete(paused, Calendar, At(2, 13)).Status.Should().Be(SlaStatus.Breached);
        FluentActions.Invoking(() => SlaClock.Resume(paused, Calendar, At(2, 13))).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Pause_AfterTheWarning_KeepsTheWarningInstant()
    {
        var sla = SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(8)), Calendar, At(2, 9)); // warn 15:00, due 17:00

        var resumed = SlaClock.Resume(SlaClock.Pause(sla, At(2, 16)), Calendar, At(3, 10));

        resumed.WarningAt.Should().Be(sla.WarningAt);
        resumed.DueAt.Should().Be(At(3, 11));
    }

    [Fact]
    public void Complete_LateOrWhilePaused_IsJudgedAgainstTheExtendedDeadline()
    {
        var sla = SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.FirstResponse, Duration.FromHours(1)), Calendar, At(2, 9));

        SlaClock.Complete(sla, Calendar, At(2, 10, 1)).Should().Match<SlaInstance>(s => s.Status == SlaStatus.Breached && s.CompletedAt == At(2, 10, 1));
        var completedWhilePaused = SlaClock.Complete(SlaClock.Pause(sla, At(2, 9, 30)), Calendar, At(2, 11));
        completedWhilePaused.Status.Should().Be(SlaStatus.Met);
        completedWhilePaused.PausedTime.Should().Be(Duration.FromMinutes(90));
        FluentActions.Invoking(() => SlaClock.Complete(completedWhilePaused, Calendar, At(2, 12))).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Cancel_EndsTheClock()
    {
        var cancelled = SlaClock.Cancel(SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(8)), Calendar, At(2, 9)), At(2, 10));

        cancelled.Status.Should().Be(SlaStatus.Cancelled);
        cancelled.StatusAt(At(20, 9)).Should().Be(SlaStatus.Cancelled);
        cancelled.IsActive.Should().BeFalse();
    }

    [Fact]
    public void Retarget_CountsFromTheOriginalStartAndKeepsPausedTime()
    {
        var sla = SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(16)), Calendar, At(2, 9));
        var resumed = SlaClock.Resume(SlaClock.Pause(sla, At(2, 10)), Calendar, At(2, 12)); // 2 h paused

        var urgent = SlaClock.Retarget(resumed, SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(4)), Calendar);

        urgent.DueAt.Should().Be(At(2, 15)); // 09:00 + 4 h + 2 h paused
        urgent.StartedAt.Should().Be(At(2, 9));
        urgent.PausedTime.Should().Be(Duration.FromHours(2));
        urgent.StatusAt(At(2, 16)).Should().Be(SlaStatus.Breached, "a retroactive target can already be breached");
        FluentActions.Invoking(() => SlaClock.Retarget(urgent, SlaTarget.BusinessTime(SlaTarget.FirstResponse, Duration.FromHours(1)), Calendar))
            .Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Recalculate_AfterACalendarEdit_KeepsTimeUsedAndCountsTheRestOnTheNewHours()
    {
        var sla = SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(16)), Calendar, At(2, 9)); // due Tue 17:00
        var extended = BusinessCalendar.Build(
            new BusinessCalendarDefinition { Id = "nine-to-five", TimeZone = "America/New_York" }.AddWeeklyHours(WeeklyHoursDefinition.Weekdays("09:00-21:00")));

        var moved = SlaClock.Recalculate(sla, Calendar, extended, At(2, 17)); // 8 h used, 8 h left: Mon 17-21 and Tue 09-13

        moved.DueAt.Should().Be(At(3, 13));
        moved.CalendarVersion.Should().Be(extended.VersionId).And.NotBe(Calendar.VersionId);

        var later = SlaClock.Recalculate(sla, Calendar, extended, At(3, 9)); // still 8 h left, now 12 open hours a day
        later.DueAt.Should().Be(At(3, 17));
        var lateEdit = SlaClock.Recalculate(sla, Calendar, extended, At(3, 13)); // 12 h used, 4 h left
        lateEdit.DueAt.Should().Be(At(3, 17));
        var fromMonday = SlaClock.Recalculate(sla, Calendar, extended, At(2, 9)); // nothing used: 16 h on 12 h days
        fromMonday.DueAt.Should().Be(At(3, 13));
    }

    [Fact]
    public void StatusAt_IsLive_ForARunningClock()
    {
        var sla = SlaClock.Start(SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(8)), Calendar, At(2, 9));

        sla.StatusAt(At(2, 14, 59)).Should().Be(SlaStatus.InProgress);
        sla.StatusAt(At(2, 15)).Should().Be(SlaStatus.NearingBreach);
        sla.StatusAt(At(2, 17)).Should().Be(SlaStatus.Breached);
    }
}
