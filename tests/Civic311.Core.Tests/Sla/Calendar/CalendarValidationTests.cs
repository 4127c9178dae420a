using System.Linq;
using Civic311.Sla;
using Civic311.Sla.Holidays;
using static Civic311.Core.Tests.Sla.Calendar.CalendarKit;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>Every error of <see cref="BusinessCalendar.Validate"/>, with its field path and code.</summary>
public sealed class CalendarValidationTests
{
    private static WeeklyHoursDefinition Monday(params string[] intervals)
    {
        var hours = new WeeklyHoursDefinition();
        foreach (var interval in intervals)
        {
            hours.Monday.Add(interval);
        }

        return hours;
    }

    [Fact]
    public void Validate_ValidDefinition_HasNoErrors()
    {
        var definition = NineToFiveDefinition("us-federal", "panama").AddClosure("2026-12-24T12:00", "2026-12-25", "Early close");
        definition.HolidayRules.Add(Holiday("Municipal day", "2026-03-10"));

        BusinessCalendar.Validate(definition).Should().BeEmpty();
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("has space", "invalid_format")]
    [InlineData("slash/id", "invalid_format")]
    [InlineData("an-id-that-is-far-too-long-to-be-a-calendar-id-in-a-crm-column-at-all", "invalid_format")]
    public void Validate_BadId_ReportsIdWithItsCode(string? id, string code)
    {
        var definition = NineToFiveDefinition();
        definition.Id = id;

        Problems(definition).Should().Equal($"id {code}");
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("  ", "required")]
    [InlineData("Mars/Olympus_Mons", "unknown")]
    [InlineData("EST5EDT-ish", "unknown")]
    public void Validate_MissingOrUnknownZone_ReportsTimeZone(string? zone, string code)
    {
        var definition = NineToFiveDefinition();
        definition.TimeZone = zone;

        Problems(definition).Should().Equal($"timeZone {code}");
    }

    [Fact]
    public void Validate_NoWeeklyHours_ReportsWeeklyHoursRequired()
    {
        var definition = new BusinessCalendarDefinition { Id = "x", TimeZone = "America/New_York" };

        Problems(definition).Should().Equal("weeklyHours required");
        BusinessCalendar.Validate(definition).Single().Message.Should().Contain("00:00-24:00");
    }

    [Fact]
    public void Validate_NullWeeklyHoursEntry_ReportsTheEntry()
    {
        var definition = NineToFiveDefinition();
        definition.WeeklyHours.Add(null!);

        Problems(definition).Should().Equal("weeklyHours[1] required");
    }

    [Theory]
    [InlineData("9-5")]
    [InlineData("09:00")]
    [InlineData("09:00-")]
    [InlineData("-17:00")]
    [InlineData("25:00-26:00")]
    [InlineData("09:00-24:30")]
    [InlineData("09:00-17:00:00")]
    [InlineData("9am-5pm")]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_BadIntervalText_ReportsTheIntervalAsInvalidFormat(string? interval)
    {
        var hours = WeeklyHoursDefinition.Weekdays("09:00-17:00");
        hours.Saturday.Add(interval!);

        var errors = BusinessCalendar.Validate(Definition(hours));

        errors.Select(e => $"{e.Field} {e.Code}").Should().Equal("weeklyHours[0].saturday[0] invalid_format");
        errors[0].Message.Should().Contain("HH:mm");
    }

    [Theory]
    [InlineData("09:00-09:00")]
    [InlineData("00:00-00:00")]
    public void Validate_EmptyInterval_ReportsItAsInvalidFormat(string interval)
    {
        var errors = BusinessCalendar.Validate(Definition(Monday(interval, "12:00-13:00")));

        errors.Select(e => $"{e.Field} {e.Code}").Should().Equal("weeklyHours[0].monday[0] invalid_format");
        errors[0].Message.Should().Contain("empty");
    }

    [Fact]
    public void Validate_OverlappingIntervals_ReportsTheLaterOne()
    {
        Problems(Definition(Monday("09:00-12:00", "11:00-13:00"))).Should().Equal("weeklyHours[0].monday[1] inconsistent");
        Problems(Definition(Monday("11:00-13:00", "09:00-12:00"))).Should().Equal("weeklyHours[0].monday[0] inconsistent");
        Problems(Definition(Monday("09:00-12:00", "09:00-10:00"))).Should().ContainSingle().Which.Should().EndWith("inconsistent");
        Problems(Definition(Monday("20:00-02:00", "23:00-23:30"))).Should().Equal("weeklyHours[0].monday[1] inconsistent");
    }

    [Fact]
    public void Validate_IntervalOverlappingALongEarlierOneButNotItsNeighbour_IsReported()
    {
        // 11:00-12:00 does not overlap 09:00-10:00 (its neighbour by start time) but lies inside 08:00-18:00.
        Problems(Definition(Monday("08:00-18:00", "09:00-10:00", "11:00-12:00")))
            .Should().Equal("weeklyHours[0].monday[1] inconsistent", "weeklyHours[0].monday[2] inconsistent");
    }

    [Fact]
    public void Validate_TouchingIntervals_AreNotAnOverlap()
    {
        Problems(Definition(Monday("09:00-12:00", "12:00-17:00"))).Should().BeEmpty();
    }

    [Fact]
    public void Validate_OvernightIntervalSpillingIntoTheNextDaysInterval_ReportsTheStartDay()
    {
        var hours = Monday("22:00-06:00");
        hours.Tuesday.Add("05:00-09:00");

        var errors = BusinessCalendar.Validate(Definition(hours));

        errors.Select(e => $"{e.Field} {e.Code}").Should().Equal("weeklyHours[0].monday inconsistent");
        errors[0].Message.Should().Contain("06:00").And.Contain("05:00");
    }

    [Fact]
    public void Validate_SundayOvernightSpillingIntoMonday_IsReported()
    {
        var hours = Monday("05:00-09:00");
        hours.Sunday.Add("22:00-06:00");

        Problems(Definition(hours)).Should().Equal("weeklyHours[0].sunday inconsistent");
    }

    [Fact]
    public void Validate_OvernightIntervalEndingWhereTheNextDayStarts_IsValid()
    {
        var hours = Monday("22:00-06:00");
        hours.Tuesday.Add("06:00-09:00");
        hours.Wednesday.Add("18:00-24:00");
        hours.Thursday.Add("00:00-06:00");

        Problems(Definition(hours)).Should().BeEmpty();
    }

    [Fact]
    public void Validate_DuplicateEffectiveFrom_ReportsDuplicate()
    {
        var first = WeeklyHoursDefinition.Weekdays("09:00-17:00");
        first.EffectiveFrom = "2026-01-01";
        var second = WeeklyHoursDefinition.Weekdays("10:00-16:00");
        second.EffectiveFrom = "2026-01-01";
        var definition = new BusinessCalendarDefinition { Id = "x", TimeZone = "America/New_York" }.AddWeeklyHours(first).AddWeeklyHours(second);

        Problems(definition).Should().Equal("weeklyHours[1].effectiveFrom duplicate");
    }

    [Fact]
    public void Validate_TwoEntriesWithoutEffectiveFrom_ReportsDuplicate()
    {
        var definition = NineToFiveDefinition().AddWeeklyHours(WeeklyHoursDefinition.Weekdays("10:00-16:00"));

        var errors = BusinessCalendar.Validate(definition);

        errors.Select(e => $"{e.Field} {e.Code}").Should().Equal("weeklyHours[1].effectiveFrom duplicate");
        errors[0].Message.Should().Contain("no effective date");
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("01/03/2026")]
    [InlineData("2026-03-01T00:00")]
    [InlineData("")]
    public void Validate_BadEffectiveFrom_ReportsOnlyInvalidFormat(string effectiveFrom)
    {
        // The unparsable date must not also count as "a second entry without a date".
        var later = WeeklyHoursDefinition.Weekdays("10:00-16:00");
        later.EffectiveFrom = effectiveFrom;
        var definition = NineToFiveDefinition().AddWeeklyHours(later);

        Problems(definition).Should().Equal("weeklyHours[1].effectiveFrom invalid_format");
    }

    [Fact]
    public void Validate_OnlyUnparsableIntervals_ReportsTheIntervalsNotAlsoNoOpenTime()
    {
        // The hours were given; they are misspelt, which the interval errors already say.
        Problems(Definition(WeeklyHoursDefinition.Weekdays("9-5")))
            .Should().Equal(
                "weeklyHours[0].monday[0] invalid_format",
                "weeklyHours[0].tuesday[0] invalid_format",
                "weeklyHours[0].wednesday[0] invalid_format",
                "weeklyHours[0].thursday[0] invalid_format",
                "weeklyHours[0].friday[0] invalid_format");
    }

    [Fact]
    public void Validate_LaterWeeklyHoursWithNoOpenTime_IsRejected()
    {
        var closedForever = new WeeklyHoursDefinition { EffectiveFrom = "2030-01-01" };

        Problems(NineToFiveDefinition().AddWeeklyHours(closedForever)).Should().Equal("weeklyHours[1] required");
    }

    [Fact]
    public void Validate_UnknownHolidaySet_ReportsItsIndex()
    {
        var definition = NineToFiveDefinition("us-federal", "atlantis", "PANAMA");
        definition.HolidaySets.Add(null!);

        var errors = BusinessCalendar.Validate(definition);

        errors.Select(e => $"{e.Field} {e.Code}").Should().Equal("holidaySets[1] unknown", "holidaySets[3] unknown");
        errors[0].Message.Should().Contain("us-federal").And.Contain("panama");
    }

    [Fact]
    public void Validate_BadHolidayRule_ReportsItUnderHolidayRules()
    {
        var definition = NineToFiveDefinition();
        definition.HolidayRules.Add(new HolidayRuleDefinition { Kind = HolidayRuleKind.FixedDate, Month = 2, Day = 30 });

        Problems(definition).Should().Equal("holidayRules[0].name required", "holidayRules[0].day out_of_range");
    }

    [Theory]
    [InlineData(null, "2026-01-02", "Name", "closures[0].start required")]
    [InlineData("2026-01-01T25:00", "2026-01-02", "Name", "closures[0].start invalid_format")]
    [InlineData("2026-01-01", "tomorrow", "Name", "closures[0].end invalid_format")]
    [InlineData("2026-01-01", " ", "Name", "closures[0].end required")]
    [InlineData("2026-01-02", "2026-01-01", "Name", "closures[0].end inconsistent")]
    [InlineData("2026-01-01T12:00", "2026-01-01T12:00", "Name", "closures[0].end inconsistent")]
    [InlineData("2026-01-01", "2026-01-02", null, "closures[0].name required")]
    [InlineData("2026-01-01", "2026-01-02", "  ", "closures[0].name required")]
    public void Validate_BadClosure_ReportsTheField(string? start, string? end, string? name, string expected)
    {
        var definition = NineToFiveDefinition();
        definition.Closures.Add(new ClosureDefinition { Start = start, End = end, Name = name });

        Problems(definition).Should().Equal(expected);
    }

    [Fact]
    public void Validate_NullClosure_ReportsTheEntry()
    {
        var definition = NineToFiveDefinition();
        definition.Closures.Add(null!);

        Problems(definition).Should().Equal("closures[0] required");
    }

    [Fact]
    public void Validate_ClosureAsDatesOrDateTimes_IsValid()
    {
        var definition = NineToFiveDefinition()
            .AddClosure("2026-01-01", "2026-01-02", "Dates")
            .AddClosure(" 2026-02-01T08:30 ", "2026-02-01T10:00", "Date-times, padded");

        Problems(definition).Should().BeEmpty();
    }

    [Fact]
    public void Validate_ClosureErrorsWithAnUnknownZone_AreStillReported()
    {
        // "All at once": a wrong zone must not hide the closure's own problems.
        var definition = NineToFiveDefinition().AddClosure("2026-01-02", "2026-01-01", string.Empty);
        definition.TimeZone = "Nowhere/Atlantis";

        Problems(definition).Should().Equal("timeZone unknown", "closures[0].name required", "closures[0].end inconsistent");
    }

    [Fact]
    public void Validate_EveryKindOfProblem_IsReportedAtOnce()
    {
        var definition = new BusinessCalendarDefinition { Id = "bad id", TimeZone = null };
        var first = new WeeklyHoursDefinition { EffectiveFrom = "not-a-date" };
        first.Monday.Add("9-5");
        first.Tuesday.Add("09:00-09:00");
        first.Wednesday.Add("09:00-12:00");
        first.Wednesday.Add("11:00-13:00");
        first.Thursday.Add("22:00-06:00");
        first.Friday.Add("05:00-07:00");
        var second = new WeeklyHoursDefinition { EffectiveFrom = "2026-01-01" };
        second.Monday.Add("09:00-17:00");
        var third = new WeeklyHoursDefinition { EffectiveFrom = "2026-01-01" };
        third.Monday.Add("10:00-16:00");
        definition.AddWeeklyHours(first).AddWeeklyHours(second).AddWeeklyHours(third);
        definition.HolidaySets.Add("atlantis");
        definition.HolidayRules.Add(new HolidayRuleDefinition { Name = "No month", Kind = HolidayRuleKind.NthWeekday, Weekday = NodaTime.IsoDayOfWeek.Monday, Occurrence = 1 });
        definition.AddClosure("yesterday", "2026-01-01", "Bad start");
        definition.AddClosure("2026-01-02", "2026-01-01", null!);

        var errors = BusinessCalendar.Validate(definition);
        var build = () => BusinessCalendar.Build(definition);

        errors.Select(e => $"{e.Field} {e.Code}").Should().BeEquivalentTo(
            "id invalid_format",
            "timeZone required",
            "weeklyHours[0].effectiveFrom invalid_format",
            "weeklyHours[0].monday[0] invalid_format",
            "weeklyHours[0].tuesday[0] invalid_format",
            "weeklyHours[0].wednesday[1] inconsistent",
            "weeklyHours[0].thursday inconsistent",
            "weeklyHours[2].effectiveFrom duplicate",
            "holidaySets[0] unknown",
            "holidayRules[0].month out_of_range",
            "closures[0].start invalid_format",
            "closures[1].name required",
            "closures[1].end inconsistent");
        build.Should().Throw<Civic311ValidationException>().Which.Errors.Should().HaveCount(errors.Count);
    }
}
