using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Civic311.Sla;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Core.Tests.Sla;

/// <summary>
/// The SLA start and end rules on a real city's calendar (Mon-Fri 08:30-17:00 in New York, US federal holidays): the
/// examples of the issue that asked for them, and docs/sla-rules.md's table, which must say what the engine does.
/// </summary>
public sealed class SlaRulesTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly LocalDateTimePattern Iso = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");
    private static readonly LocalDateTimePattern Cell = LocalDateTimePattern.CreateWithInvariantCulture("ddd d MMM HH:mm");

    private static readonly BusinessCalendar City = BuildCity();

    [Theory]
    [InlineData("2026-11-14T10:05", "2026-11-17T08:30")] // Saturday: counts from Monday's opening
    [InlineData("2026-11-16T17:10", "2026-11-18T08:30")] // Monday after closing: from Tuesday's opening
    [InlineData("2026-11-16T07:45", "2026-11-17T08:30")] // Monday before opening: from Monday's opening
    [InlineData("2026-11-16T10:20", "2026-11-17T10:20")] // inside hours: the same time the next working day
    [InlineData("2026-11-16T16:50", "2026-11-17T16:50")]
    public void One_business_day_from_the_next_opening_ends_at_the_same_time_of_day(string arrival, string due)
    {
        var target = SlaTarget.BusinessDays(SlaTarget.Resolution, 1, BusinessDayEnd.SameTimeOfDay).StartingAt(SlaClockStart.AtNextOpening);

        SlaClock.DueFrom(target, City, Local(arrival)).Should().Be(Local(due));
    }

    [Theory]
    [InlineData("2026-11-16T09:59", "2026-11-17T09:59")] // before the first break: open
    [InlineData("2026-11-16T10:00", "2026-11-17T11:00")] // at the first break's start: from its end
    [InlineData("2026-11-16T10:30", "2026-11-17T11:00")]
    [InlineData("2026-11-16T11:00", "2026-11-17T11:00")]
    [InlineData("2026-11-16T11:30", "2026-11-17T11:30")] // between the breaks: open
    [InlineData("2026-11-16T12:00", "2026-11-17T13:00")] // in the second break: from its end
    [InlineData("2026-11-16T12:59", "2026-11-17T13:00")]
    [InlineData("2026-11-16T16:59", "2026-11-17T16:59")]
    [InlineData("2026-11-16T17:00", "2026-11-18T08:00")] // at the last closing: from the next date's opening
    public void From_the_next_opening_on_a_date_with_breaks_a_time_in_a_break_counts_from_its_end(string arrival, string due)
    {
        var definition = new BusinessCalendarDefinition { Id = "breaks", TimeZone = NewYork.Id }
            .AddWeeklyHours(WeeklyHoursDefinition.Weekdays("08:00-10:00", "11:00-12:00", "13:00-17:00"));
        var target = SlaTarget.BusinessDays(SlaTarget.Resolution, 1, BusinessDayEnd.SameTimeOfDay).StartingAt(SlaClockStart.AtNextOpening);

        SlaClock.DueFrom(target, BusinessCalendar.Build(definition), Local(arrival)).Should().Be(Local(due));
    }

    [Theory]
    [InlineData("2026-11-16T08:00", "2026-11-17T08:00")]
    [InlineData("2026-11-16T11:59", "2026-11-17T11:59")] // before the lunch break: open
    [InlineData("2026-11-16T12:00", "2026-11-17T13:00")] // in it: from its end
    [InlineData("2026-11-16T13:00", "2026-11-17T13:00")]
    [InlineData("2026-11-16T16:59", "2026-11-17T16:59")] // after the only break: open
    public void From_the_next_opening_on_a_date_with_a_lunch_break_a_time_in_it_counts_from_its_end(string arrival, string due)
    {
        var definition = new BusinessCalendarDefinition { Id = "lunch", TimeZone = NewYork.Id }
            .AddWeeklyHours(WeeklyHoursDefinition.Weekdays("08:00-12:00", "13:00-17:00"));
        var target = SlaTarget.BusinessDays(SlaTarget.Resolution, 1, BusinessDayEnd.SameTimeOfDay).StartingAt(SlaClockStart.AtNextOpening);

        SlaClock.DueFrom(target, BusinessCalendar.Build(definition), Local(arrival)).Should().Be(Local(due));
    }

    [Theory]
    [InlineData("2026-11-14T10:05", "2026-11-16T10:05")] // from arrival: the first working day after Saturday, at 10:05
    [InlineData("2026-11-16T17:10", "2026-11-17T17:10")] // after closing, ends after Tuesday's closing
    public void From_arrival_the_same_rule_keeps_the_arrival_time(string arrival, string due)
    {
        var target = SlaTarget.BusinessDays(SlaTarget.Resolution, 1, BusinessDayEnd.SameTimeOfDay);

        SlaClock.DueFrom(target, City, Local(arrival)).Should().Be(Local(due));
    }

    [Fact]
    public void Calendar_days_keep_the_local_time_across_a_daylight_saving_change_and_calendar_hours_do_not()
    {
        var submitted = Local("2026-01-10T09:00");

        SlaClock.DueFrom(SlaTarget.CalendarDays(SlaTarget.Resolution, 90), City, submitted).Should().Be(Local("2026-04-10T09:00"));
        SlaClock.DueFrom(SlaTarget.CalendarTime(SlaTarget.Resolution, Duration.FromHours(90 * 24)), City, submitted)
            .Should().Be(Local("2026-04-10T10:00"), "90 x 24 elapsed hours cross the spring-forward hour");
    }

    [Fact]
    public void A_calendar_day_that_lands_in_a_spring_forward_gap_moves_forward_by_the_gap()
    {
        // 02:30 on Sunday 8 March 2026 does not exist in New York (02:00 became 03:00).
        SlaClock.DueFrom(SlaTarget.CalendarDays(SlaTarget.Resolution, 1), City, Local("2026-03-07T02:30"))
            .Should().Be(Instant.FromUtc(2026, 3, 8, 7, 30), "03:30 EDT");
        SlaClock.DueFrom(SlaTarget.BusinessDays(SlaTarget.Resolution, 1, BusinessDayEnd.SameTimeOfDay), Always(), Local("2026-03-07T02:30"))
            .Should().Be(Instant.FromUtc(2026, 3, 8, 7, 30), "the business-days rule keeps the same time of day the same way");
    }

    [Fact]
    public void A_calendar_day_on_a_time_that_occurs_twice_is_the_first_of_the_two()
    {
        // 01:30 on Sunday 1 November 2026 occurs in EDT and again in EST.
        SlaClock.DueFrom(SlaTarget.CalendarDays(SlaTarget.Resolution, 1), City, Local("2026-10-31T01:30"))
            .Should().Be(Instant.FromUtc(2026, 11, 1, 5, 30), "01:30 EDT, the earlier");
    }

    [Fact]
    public void The_next_opening_start_moves_the_warning_too()
    {
        var target = SlaTarget.CalendarTime(SlaTarget.FirstResponse, Duration.FromHours(4)).StartingAt(SlaClockStart.AtNextOpening);
        var instance = SlaClock.Start(target, City, Local("2026-11-14T10:05"), warningPercent: 50);

        instance.StartedAt.Should().Be(Local("2026-11-14T10:05"), "the instance records the arrival");
        instance.DueAt.Should().Be(Local("2026-11-16T12:30"), "4 elapsed hours from Monday's 08:30");
        instance.WarningAt.Should().Be(Local("2026-11-16T10:30"));
        SlaClock.Elapsed(instance, City, Local("2026-11-16T09:30")).Should().Be(Duration.FromHours(1), "nothing counts before the opening");
    }

    [Fact]
    public void The_docs_rules_table_is_what_the_engine_computes()
    {
        var path = Path.Combine(Repository.Root, "docs", "sla-rules.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");

        text.Should().Contain(Table(), "docs/sla-rules.md's table is the engine's answer for each rule and arrival (regenerate it from this test's Table())");
    }

    /// <summary>The arrivals of the docs table: the situations where the rules differ.</summary>
    internal static readonly (string Label, string Arrival)[] Arrivals =
    [
        ("inside hours", "2026-11-16T10:20"),
        ("just before closing", "2026-11-16T16:50"),
        ("after closing", "2026-11-16T17:10"),
        ("before opening", "2026-11-16T07:45"),
        ("on a weekend", "2026-11-14T10:05"),
        ("on a holiday eve", "2026-11-25T16:00"),
        ("the day before clocks go forward", "2026-03-07T09:00"),
        ("the day before clocks go back", "2026-10-31T09:00"),
    ];

    /// <summary>The rules of the docs table, as configured in JSON.</summary>
    internal static readonly (string Json, SlaTarget Target)[] Rules =
    [
        ("businessTime 8h", SlaTarget.BusinessTime(SlaTarget.Resolution, Duration.FromHours(8))),
        ("calendarTime 24h", SlaTarget.CalendarTime(SlaTarget.Resolution, Duration.FromHours(24))),
        ("calendarTime 24h, atNextOpening", SlaTarget.CalendarTime(SlaTarget.Resolution, Duration.FromHours(24)).StartingAt(SlaClockStart.AtNextOpening)),
        ("calendarDays 1", SlaTarget.CalendarDays(SlaTarget.Resolution, 1)),
        ("businessDays 1, sameTimeOfDay", SlaTarget.BusinessDays(SlaTarget.Resolution, 1, BusinessDayEnd.SameTimeOfDay)),
        ("businessDays 1, sameTimeOfDay, atNextOpening", SlaTarget.BusinessDays(SlaTarget.Resolution, 1, BusinessDayEnd.SameTimeOfDay).StartingAt(SlaClockStart.AtNextOpening)),
        ("businessDays 1, closingOfDay", SlaTarget.BusinessDays(SlaTarget.Resolution, 1, BusinessDayEnd.ClosingOfDay)),
        ("businessDays 1, openingAfterDay", SlaTarget.BusinessDays(SlaTarget.Resolution, 1, BusinessDayEnd.OpeningAfterDay)),
    ];

    private static string Table()
    {
        var table = new StringBuilder();
        table.Append("| Rule (kind, amount or days, dayEnd, start) |");
        foreach (var (label, arrival) in Arrivals)
        {
            table.Append(CultureInfo.InvariantCulture, $" {label}: {Cell.Format(Iso.Parse(arrival).Value)} |");
        }

        table.Append("\n|---|").Append(string.Concat(Enumerable.Repeat("---|", Arrivals.Length))).Append('\n');
        foreach (var (json, target) in Rules)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {json} |");
            foreach (var (_, arrival) in Arrivals)
            {
                var due = SlaClock.DueFrom(target, City, Local(arrival)).InZone(NewYork);
                table.Append(CultureInfo.InvariantCulture, $" {Cell.Format(due.LocalDateTime)} |");
            }

            table.Append('\n');
        }

        return table.ToString();
    }

    private static BusinessCalendar BuildCity()
    {
        var definition = new BusinessCalendarDefinition { Id = "city", TimeZone = NewYork.Id }.AddWeeklyHours(WeeklyHoursDefinition.Weekdays("08:30-17:00"));
        definition.HolidaySets.Add("us-federal");
        return BusinessCalendar.Build(definition);
    }

    private static BusinessCalendar Always() =>
        BusinessCalendar.Build(new BusinessCalendarDefinition { Id = "always", TimeZone = NewYork.Id }.AddWeeklyHours(WeeklyHoursDefinition.AllDayEveryDay()));

    private static Instant Local(string text) =>
        Iso.Parse(text).Value.InZoneLeniently(NewYork).ToInstant();
}
