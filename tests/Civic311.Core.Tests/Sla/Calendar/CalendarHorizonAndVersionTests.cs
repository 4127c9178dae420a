using System;
using Civic311.Sla;
using NodaTime;
using static Civic311.Core.Tests.Sla.Calendar.CalendarKit;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>sla.md section 6, items 19 and 22: lazy extension past the compiled horizon, calendars without open time,
/// effective-dated hours, version ids, IsOpenAt and NextOpen.</summary>
public sealed class CalendarHorizonAndVersionTests
{
    [Fact]
    public void Add_TenThousandHoursPastAOneYearHorizon_ExtendsAndAgreesWithAWideCalendar()
    {
        var narrow = BusinessCalendar.Build(NineToFiveDefinition("us-federal"), 2020, 1);
        var wide = BusinessCalendar.Build(NineToFiveDefinition("us-federal"), 2019, 40);
        var start = At(2020, 3, 2, 10);
        narrow.CompiledTo.Should().Be(new LocalDate(2021, 1, 1));
        narrow.CompiledFrom.Should().Be(new LocalDate(2020, 1, 1));

        var deadline = narrow.Add(start, Duration.FromHours(10_000));

        deadline.Should().Be(wide.Add(start, Duration.FromHours(10_000)));
        narrow.CompiledTo.Should().BeGreaterThan(new LocalDate(2021, 1, 1));
        narrow.CompiledFrom.Should().Be(new LocalDate(2020, 1, 1), "extending forwards compiles no earlier years");
        narrow.Between(start, deadline).Should().Be(Duration.FromHours(10_000));
        narrow.Subtract(deadline, Duration.FromHours(10_000)).Should().Be(start);
        deadline.InZone(NewYork).Year.Should().Be(2025, "10,000 h is 1,250 business days, about five years");
    }

    [Fact]
    public void Add_YearsPastAOneYearHorizon_StaysConsistentWithBetween()
    {
        var calendar = BusinessCalendar.Build(NineToFiveDefinition("us-federal"), 2020, 1);
        var start = At(2020, 6, 1, 9);

        var previous = start;
        for (var years = 1; years <= 60; years += 7)
        {
            var businessTime = Duration.FromHours(8 * 250 * years);
            var deadline = calendar.Add(start, businessTime);

            deadline.Should().BeGreaterThan(previous);
            calendar.Between(start, deadline).Should().Be(businessTime);
            calendar.IsOpenAt(deadline.PlusTicks(-1)).Should().BeTrue();
            previous = deadline;
        }

        calendar.CompiledTo.Year.Should().BeGreaterThan(2070);
    }

    [Fact]
    public void Subtract_BeforeTheCompiledRange_ExtendsBackwards()
    {
        var calendar = BusinessCalendar.Build(NineToFiveDefinition(), 2030, 1);
        var end = At(2030, 3, 4, 12);

        var start = calendar.Subtract(end, Duration.FromHours(8 * 260 * 12));

        calendar.CompiledFrom.Year.Should().BeLessThan(2030);
        calendar.CompiledTo.Should().Be(new LocalDate(2031, 1, 1), "extending backwards compiles no later years");
        start.InZone(NewYork).Year.Should().BeInRange(2017, 2018);
        calendar.Between(start, end).Should().Be(Duration.FromHours(8 * 260 * 12));
        calendar.IsOpenAt(start).Should().BeTrue();
    }

    [Fact]
    public void Between_RangeOutsideTheCompiledYears_ExtendsBothWays()
    {
        var calendar = BusinessCalendar.Build(NineToFiveDefinition(), 2030, 1);

        calendar.Between(At(2010, 3, 1, 0), At(2050, 3, 1, 0)).Should().Be(calendar.Between(At(2010, 3, 1, 0), At(2030, 6, 3, 0)) + calendar.Between(At(2030, 6, 3, 0), At(2050, 3, 1, 0)));
        calendar.CompiledFrom.Year.Should().BeLessThanOrEqualTo(2009);
        calendar.CompiledTo.Year.Should().BeGreaterThanOrEqualTo(2051);
    }

    [Fact]
    public void Add_ClosureCoveringEverythingAfterADate_ThrowsNoBusinessTimePromptly()
    {
        // The later weekly hours are valid, but a closure removes every hour from 2030 on.
        var definition = NineToFiveDefinition();
        var later = WeeklyHoursDefinition.Weekdays("08:00-12:00");
        later.EffectiveFrom = "2030-01-01";
        definition.AddWeeklyHours(later).AddClosure("2030-01-01", "9999-12-31T00:00", "Office closed for good");
        var calendar = BusinessCalendar.Build(definition);

        var add = () => calendar.Add(At(2029, 12, 31, 16), Duration.FromHours(2));
        var next = () => calendar.NextOpen(At(2030, 6, 1, 12));

        add.Should().Throw<NoBusinessTimeException>().Which.CalendarId.Should().Be("test-calendar");
        next.Should().Throw<NoBusinessTimeException>();
        calendar.Add(At(2029, 12, 31, 16), Duration.FromHours(1)).Should().Be(At(2029, 12, 31, 17), "the time that exists is still usable");
    }

    [Fact]
    public void Add_ClosureCoveringEverythingAfterADate_GrowsTheRangeGeometricallyNotOneDecadeAtATime()
    {
        // Proving that there is no open time up to the year 2299 means compiling up to 2299. Growing the compiled range by
        // a fixed ten years at a time would recompile it 27 times; growing it by at least its own length takes a handful.
        // Counted, not timed: unit tests never assert timings.
        var definition = NineToFiveDefinition("us-federal").AddClosure("2030-01-01", "9999-12-31T00:00", "Office closed for good");
        var calendar = BusinessCalendar.Build(definition);
        calendar.Compilations.Should().Be(1);

        var add = () => calendar.Add(At(2029, 12, 31, 16), Duration.FromHours(2));

        add.Should().Throw<NoBusinessTimeException>();
        calendar.CompiledTo.Year.Should().Be(2299);
        calendar.Compilations.Should().BeLessThanOrEqualTo(6);
    }

    [Fact]
    public void Subtract_ClosureCoveringEverythingBeforeADate_ThrowsNoBusinessTime()
    {
        // Thursday 2 January 2020 is the first open day: 09:00-10:00 is all the open time before 10:00.
        var definition = NineToFiveDefinition().AddClosure("1900-01-01", "2020-01-02", "Not yet open");
        var calendar = BusinessCalendar.Build(definition);

        var subtract = () => calendar.Subtract(At(2020, 1, 2, 10), Duration.FromHours(2));

        subtract.Should().Throw<NoBusinessTimeException>();
        calendar.Subtract(At(2020, 1, 2, 10), Duration.FromHours(1)).Should().Be(At(2020, 1, 2, 9));
    }

    [Fact]
    public void Add_BusinessTimeLongerThanTheCalendarCanHold_ThrowsNoBusinessTime()
    {
        var calendar = NineToFive();

        var huge = () => calendar.Add(At(2026, 3, 2, 10), Duration.FromTicks(long.MaxValue));
        var max = () => calendar.Add(At(2026, 3, 2, 10), Duration.MaxValue);
        var back = () => calendar.Subtract(At(2026, 3, 2, 10), Duration.MaxValue);
        var min = () => calendar.Add(At(2026, 3, 2, 10), Duration.MinValue);
        var minBack = () => calendar.Subtract(At(2026, 3, 2, 10), Duration.MinValue);

        huge.Should().Throw<NoBusinessTimeException>();
        max.Should().Throw<NoBusinessTimeException>();
        back.Should().Throw<NoBusinessTimeException>();
        min.Should().Throw<NoBusinessTimeException>();
        minBack.Should().Throw<NoBusinessTimeException>();
    }

    [Fact]
    public void Validate_NoOpenTimeOnAnyDay_IsRejectedWithAClearError()
    {
        var definition = Definition(new WeeklyHoursDefinition());

        var errors = BusinessCalendar.Validate(definition);
        var build = () => BusinessCalendar.Build(definition);

        errors.Should().ContainSingle().Which.Should().Match<ValidationError>(e =>
            e.Field == "weeklyHours[0]" && e.Code == ValidationErrorCodes.Required && e.Message.Contains("no open time", StringComparison.Ordinal));
        build.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle(e => e.Field == "weeklyHours[0]");
    }

    [Fact]
    public void Add_EffectiveDatedWeeklyHours_SwitchOnTheirDate()
    {
        // 09:00-17:00 until Sunday 2026-03-08, then 07:00-19:00.
        var later = WeeklyHoursDefinition.Weekdays("07:00-19:00");
        later.EffectiveFrom = "2026-03-09";
        var calendar = BusinessCalendar.Build(NineToFiveDefinition().AddWeeklyHours(later));

        calendar.IsOpenAt(At(2026, 3, 6, 8)).Should().BeFalse();
        calendar.IsOpenAt(At(2026, 3, 9, 8)).Should().BeTrue();
        calendar.Add(At(2026, 3, 6, 16), Duration.FromHours(2)).Should().Be(At(2026, 3, 9, 8));
        calendar.Between(At(2026, 3, 2, 0), At(2026, 3, 16, 0)).Should().Be(Duration.FromHours((5 * 8) + (5 * 12)));
    }

    [Fact]
    public void Add_EffectiveDatedWeeklyHoursListedOutOfOrder_AreSortedByDate()
    {
        var early = WeeklyHoursDefinition.Weekdays("10:00-12:00");
        early.EffectiveFrom = "2026-01-01";
        var later = WeeklyHoursDefinition.Weekdays("14:00-16:00");
        later.EffectiveFrom = "2026-03-09";
        var definition = new BusinessCalendarDefinition { Id = "out-of-order", TimeZone = "America/New_York" }.AddWeeklyHours(later).AddWeeklyHours(early);
        var calendar = BusinessCalendar.Build(definition);

        calendar.IsOpenAt(At(2025, 6, 2, 11)).Should().BeTrue("the earliest hours also apply before their date");
        calendar.IsOpenAt(At(2026, 3, 6, 11)).Should().BeTrue();
        calendar.IsOpenAt(At(2026, 3, 9, 11)).Should().BeFalse();
        calendar.IsOpenAt(At(2026, 3, 9, 15)).Should().BeTrue();
    }

    [Fact]
    public void Between_OvernightShiftOnTheLastDayOfOldHours_RunsIntoTheFirstDayOfNewHours()
    {
        // Old hours: Sunday night shift. New hours from Monday 2026-03-09: none on Sunday.
        var old = new WeeklyHoursDefinition();
        old.Sunday.Add("22:00-06:00");
        var later = WeeklyHoursDefinition.Weekdays("09:00-17:00");
        later.EffectiveFrom = "2026-03-09";
        var calendar = BusinessCalendar.Build(Definition(old).AddWeeklyHours(later));

        calendar.IsOpenAt(At(2026, 3, 9, 5)).Should().BeTrue("Sunday's shift belongs to the old hours");
        calendar.Between(At(2026, 3, 8, 12), At(2026, 3, 10, 0)).Should().Be(Duration.FromHours(16));
    }

    [Fact]
    public void VersionId_EqualDefinitions_AreEqual()
    {
        var a = NineToFive("us-federal");
        var b = NineToFive("us-federal");

        a.VersionId.Should().Be(b.VersionId);
        a.VersionId.Should().StartWith(NodaTime.TimeZones.TzdbDateTimeZoneSource.Default.VersionId + "-");
        BusinessCalendar.Build(NineToFiveDefinition("us-federal"), 2000, 5).VersionId.Should().Be(a.VersionId, "the compiled range is not part of the calendar");
    }

    [Fact]
    public void VersionId_AnyChange_ChangesIt()
    {
        var baseline = NineToFive().VersionId;

        var variants = new Func<BusinessCalendarDefinition, BusinessCalendarDefinition>[]
        {
            d => { d.Id = "other-id"; return d; },
            d => { d.TimeZone = "America/Chicago"; return d; },
            d => { d.WeeklyHours[0].Monday[0] = "09:00-17:30"; return d; },
            d => { d.WeeklyHours[0].Saturday.Add("10:00-12:00"); return d; },
            d => { d.WeeklyHours[0].EffectiveFrom = "2020-01-01"; return d; },
            d => { d.HolidaySets.Add("us-federal"); return d; },
            d => { d.HolidayRules.Add(Holiday("Municipal day", "2026-03-10")); return d; },
            d => d.AddClosure("2026-12-24T12:00", "2026-12-25", "Early close"),
        };

        var seen = new System.Collections.Generic.HashSet<string> { baseline };
        foreach (var change in variants)
        {
            var version = BusinessCalendar.Build(change(NineToFiveDefinition())).VersionId;
            seen.Add(version).Should().BeTrue($"every change gives a new version id ({version})");
        }

        var renamed = NineToFiveDefinition().AddClosure("2026-12-24T12:00", "2026-12-25", "Early close");
        var renamedAgain = NineToFiveDefinition().AddClosure("2026-12-24T12:00", "2026-12-25", "Christmas Eve");
        BusinessCalendar.Build(renamed).VersionId.Should().NotBe(BusinessCalendar.Build(renamedAgain).VersionId);
    }

    [Fact]
    public void ToString_NamesIdZoneAndVersion()
    {
        var calendar = NineToFive();

        calendar.ToString().Should().Be($"test-calendar (America/New_York, {calendar.VersionId})");
        calendar.Id.Should().Be("test-calendar");
        calendar.TimeZone.Should().Be(NewYork);
    }

    [Fact]
    public void IsOpenAt_OpeningInstantIsOpen_ClosingInstantIsClosed()
    {
        var calendar = NineToFive();

        calendar.IsOpenAt(At(2026, 3, 2, 9)).Should().BeTrue();
        calendar.IsOpenAt(At(2026, 3, 2, 9).PlusTicks(-1)).Should().BeFalse();
        calendar.IsOpenAt(At(2026, 3, 2, 17).PlusTicks(-1)).Should().BeTrue();
        calendar.IsOpenAt(At(2026, 3, 2, 17)).Should().BeFalse();
    }

    [Fact]
    public void NextOpen_WhenOpen_ReturnsTheInstantItself_ElseTheNextOpening()
    {
        var calendar = NineToFive("us-federal");

        calendar.NextOpen(At(2026, 3, 2, 10)).Should().Be(At(2026, 3, 2, 10));
        calendar.NextOpen(At(2026, 3, 2, 9)).Should().Be(At(2026, 3, 2, 9));
        calendar.NextOpen(At(2026, 3, 2, 17)).Should().Be(At(2026, 3, 3, 9));
        calendar.NextOpen(At(2026, 3, 6, 17)).Should().Be(At(2026, 3, 9, 9));
        calendar.NextOpen(At(2026, 11, 25, 18)).Should().Be(At(2026, 11, 27, 9), "Thanksgiving is skipped");
    }

    [Fact]
    public void IsOpenAt_FirstInstantAfterTheCompiledRange_SeesTheOpeningThere()
    {
        // Compiled for 2022 only; Sunday 1 January 2023 opens at midnight, exactly where the compiled range ends.
        var hours = new WeeklyHoursDefinition();
        hours.Sunday.Add("00:00-01:00");
        var calendar = BusinessCalendar.Build(Definition(hours), 2022, 1);
        var midnight = StartOfDay(NewYork, 2023, 1, 1);
        calendar.CompiledTo.Should().Be(new LocalDate(2023, 1, 1));

        calendar.IsOpenAt(midnight).Should().BeTrue();
        calendar.IsOpenAt(midnight - Duration.FromTicks(1)).Should().BeFalse();
    }

    [Fact]
    public void NextOpen_AtTheEndOfTheCompiledRange_ExtendsIt()
    {
        var calendar = BusinessCalendar.Build(NineToFiveDefinition(), 2020, 1);

        calendar.NextOpen(StartOfDay(NewYork, 2021, 1, 1)).Should().Be(At(2021, 1, 1, 9));
        calendar.NextOpen(At(2020, 12, 31, 17)).Should().Be(At(2021, 1, 1, 9));
    }
}
