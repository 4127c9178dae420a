using System;
using Civic311.Sla;
using FsCheck.Fluent;
using NodaTime;
using Xunit.Sdk;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>
/// The algebra of <see cref="BusinessCalendar"/> over random calendars (weekly hours with split and overnight shifts,
/// effective dates, holidays, closures, zones with and without DST) and random instants at tick precision, plus an exact
/// comparison with <see cref="ReferenceCalendar"/>. See <see cref="PropertyRunner"/> for seeds and replays.
/// </summary>
public sealed class BusinessCalendarPropertyTests
{
    private const int Cases = 100;
    private const int ProbesPerCase = 12;
    private static readonly Duration Tick = Duration.FromTicks(1);

    [Fact]
    public void Between_FromStartToAddOfD_IsD()
    {
        Run(nameof(Between_FromStartToAddOfD_IsD), CalendarGenerators.AlgebraCases(ProbesPerCase), (calendar, p) =>
        {
            var end = calendar.Add(p.A, p.D);

            end.Should().BeGreaterThanOrEqualTo(p.A, "Add never goes back");
            calendar.Between(p.A, end).Should().Be(p.D);
            if (p.D > Duration.Zero)
            {
                calendar.IsOpenAt(end - Tick).Should().BeTrue("Add lands where open time runs out, at the latest on a closing time");
                calendar.Subtract(end, p.D).Should().Be(calendar.NextOpen(p.A), "Subtract inverts Add up to the closed time before the start");
            }

            // The open time up to C, often a closing time or in the closed time after one: Add lands on or before C.
            var (from, to) = p.A <= p.C ? (p.A, p.C) : (p.C, p.A);
            var upTo = calendar.Between(from, to);
            var landing = calendar.Add(from, upTo);
            landing.Should().BeLessThanOrEqualTo(to, "Add lands on a closing time, not on the next opening");
            calendar.Between(landing, to).Should().Be(Duration.Zero);
            if (upTo > Duration.Zero)
            {
                calendar.IsOpenAt(landing - Tick).Should().BeTrue();
            }
        });
    }

    [Fact]
    public void Add_IsMonotoneInStartAndInBusinessTime()
    {
        Run(nameof(Add_IsMonotoneInStartAndInBusinessTime), CalendarGenerators.AlgebraCases(ProbesPerCase), (calendar, p) =>
        {
            var (early, late) = p.A <= p.B ? (p.A, p.B) : (p.B, p.A);
            var (less, more) = p.D <= p.E ? (p.D, p.E) : (p.E, p.D);

            calendar.Add(early, p.D).Should().BeLessThanOrEqualTo(calendar.Add(late, p.D));
            calendar.Add(p.A, less).Should().BeLessThanOrEqualTo(calendar.Add(p.A, more));
            calendar.Subtract(early, p.D).Should().BeLessThanOrEqualTo(calendar.Subtract(late, p.D));
            calendar.Subtract(p.A, more).Should().BeLessThanOrEqualTo(calendar.Subtract(p.A, less));
        });
    }

    [Fact]
    public void Between_IsAdditiveAndAntisymmetric()
    {
        Run(nameof(Between_IsAdditiveAndAntisymmetric), CalendarGenerators.AlgebraCases(ProbesPerCase), (calendar, p) =>
        {
            var ab = calendar.Between(p.A, p.B);

            (ab + calendar.Between(p.B, p.C)).Should().Be(calendar.Between(p.A, p.C));
            calendar.Between(p.B, p.A).Should().Be(-ab);
            if (p.A <= p.B)
            {
                ab.Should().BeGreaterThanOrEqualTo(Duration.Zero).And.BeLessThanOrEqualTo(p.B - p.A, "open time never exceeds elapsed time");
            }
        });
    }

    [Fact]
    public void Between_FromSubtractOfDToEnd_IsD()
    {
        Run(nameof(Between_FromSubtractOfDToEnd_IsD), CalendarGenerators.AlgebraCases(ProbesPerCase), (calendar, p) =>
        {
            var start = calendar.Subtract(p.A, p.D);

            start.Should().BeLessThanOrEqualTo(p.A, "Subtract never goes forward");
            calendar.Between(start, p.A).Should().Be(p.D);
            if (p.D > Duration.Zero)
            {
                calendar.IsOpenAt(start).Should().BeTrue("Subtract lands where open time starts, at the earliest on an opening time");
                var back = calendar.Add(start, p.D);
                back.Should().BeLessThanOrEqualTo(p.A);
                calendar.Between(back, p.A).Should().Be(Duration.Zero, "Add inverts Subtract up to the closed time before the end");
            }

            // The open time from C, often an opening time or in the closed time before one: Subtract lands on or after C.
            var (from, to) = p.A <= p.C ? (p.A, p.C) : (p.C, p.A);
            var since = calendar.Between(from, to);
            var landing = calendar.Subtract(to, since);
            landing.Should().BeGreaterThanOrEqualTo(from, "Subtract lands on an opening time, not on the previous closing");
            calendar.Between(from, landing).Should().Be(Duration.Zero);
            if (since > Duration.Zero)
            {
                calendar.IsOpenAt(landing).Should().BeTrue();
            }
        });
    }

    [Fact]
    public void IsOpenAt_AgreesWithBetweenOverOneTick_AndNextOpen()
    {
        Run(nameof(IsOpenAt_AgreesWithBetweenOverOneTick_AndNextOpen), CalendarGenerators.AlgebraCases(ProbesPerCase), (calendar, p) =>
        {
            foreach (var t in new[] { p.A, p.B, p.C })
            {
                calendar.IsOpenAt(t).Should().Be(calendar.Between(t, t + Tick) == Tick, $"open at {t} means the next tick is open time");
                var next = calendar.NextOpen(t);
                next.Should().BeGreaterThanOrEqualTo(t);
                calendar.IsOpenAt(next).Should().BeTrue();
                calendar.Between(t, next).Should().Be(Duration.Zero);
                (next == t).Should().Be(calendar.IsOpenAt(t));
            }
        });
    }

    [Fact]
    public void Between_Add_Subtract_IsOpenAt_NextOpen_MatchTheDayByDayReferenceModel()
    {
        Run(nameof(Between_Add_Subtract_IsOpenAt_NextOpen_MatchTheDayByDayReferenceModel), CalendarGenerators.LocalCases(ProbesPerCase), (calendar, p, spec) =>
        {
            var zone = spec.TimeZone;
            var first = (p.A < p.B ? p.A : p.B).InZone(zone).Date.PlusDays(-2);
            var end = (p.A > p.B ? p.A : p.B).InZone(zone).Date.PlusDays(60);
            var reference = new ReferenceCalendar(spec, first, end);

            calendar.Between(p.A, p.B).Should().Be(reference.Between(p.A, p.B), "Between");
            calendar.IsOpenAt(p.A).Should().Be(reference.IsOpenAt(p.A), "IsOpenAt(A)");
            calendar.IsOpenAt(p.B).Should().Be(reference.IsOpenAt(p.B), "IsOpenAt(B)");

            var added = calendar.Add(p.A, p.D);
            if (reference.Add(p.A, p.D) is { } expectedAdd)
            {
                added.Should().Be(expectedAdd, "Add");
            }
            else
            {
                added.Should().BeGreaterThan(reference.To, "the reference has less open time than that up to its end");
            }

            var subtracted = calendar.Subtract(p.B, p.E);
            if (reference.Subtract(p.B, p.E) is { } expectedSubtract)
            {
                subtracted.Should().Be(expectedSubtract, "Subtract");
            }
            else
            {
                subtracted.Should().BeLessThan(reference.From, "the reference has less open time than that from its start");
            }

            // Business times that end exactly on a closing or start exactly on an opening.
            var (from, to) = p.A <= p.B ? (p.A, p.B) : (p.B, p.A);
            var exact = reference.Between(from, to);
            calendar.Add(from, exact).Should().Be(reference.Add(from, exact)!.Value, "Add of the open time up to the later probe");
            calendar.Subtract(to, exact).Should().Be(reference.Subtract(to, exact)!.Value, "Subtract of the open time since the earlier probe");

            if (reference.NextOpen(p.A) is { } expectedNext)
            {
                calendar.NextOpen(p.A).Should().Be(expectedNext, "NextOpen");
            }
            else
            {
                calendar.NextOpen(p.A).Should().BeGreaterThanOrEqualTo(reference.To);
            }
        });
    }

    [Fact]
    public void IsOpenAt_EveryOpeningAndClosingOfTheReferenceModel_IsExact()
    {
        Run(nameof(IsOpenAt_EveryOpeningAndClosingOfTheReferenceModel_IsExact), CalendarGenerators.LocalCases(1), (calendar, p, spec) =>
        {
            var reference = new ReferenceCalendar(spec, spec.Anchor.PlusDays(-45), spec.Anchor.PlusDays(45));
            foreach (var (start, end) in reference.Open)
            {
                if (start > reference.From)
                {
                    calendar.IsOpenAt(start).Should().BeTrue($"{start} opens");
                    calendar.IsOpenAt(start - Tick).Should().BeFalse($"{start} opens after a closed tick");
                }

                if (end < reference.To)
                {
                    calendar.IsOpenAt(end - Tick).Should().BeTrue($"{end} closes");
                    calendar.IsOpenAt(end).Should().BeFalse($"{end} closes");
                }
            }

            calendar.Between(reference.From, reference.To).Should().Be(reference.Between(reference.From, reference.To));
        });
    }

    [Fact]
    public void DaysTargets_EveryStartAndEndRule_MatchTheDayByDayReferenceModel()
    {
        Run(nameof(DaysTargets_EveryStartAndEndRule_MatchTheDayByDayReferenceModel), CalendarGenerators.LocalCases(ProbesPerCase), (calendar, p, spec) =>
        {
            var zone = spec.TimeZone;
            var days = 1 + (int)(Math.Abs(p.D.BclCompatibleTicks) % 20);
            var reference = new ReferenceCalendar(spec, p.A.InZone(zone).Date.PlusDays(-2), p.A.InZone(zone).Date.PlusDays(120));
            foreach (var start in new[] { SlaClockStart.AtArrival, SlaClockStart.AtNextOpening })
            {
                // The start rule, from the reference's own intervals: the first open instant at or after arrival.
                if ((start == SlaClockStart.AtArrival ? p.A : reference.NextOpen(p.A)) is not { } from)
                {
                    continue;
                }

                var local = from.InZone(zone).LocalDateTime;
                var calendarDays = SlaTarget.CalendarDays(SlaTarget.Resolution, days).StartingAt(start);
                SlaClock.DueFrom(calendarDays, calendar, p.A).Should().Be((local.Date.PlusDays(days) + local.TimeOfDay).InZoneLeniently(zone).ToInstant(), $"{calendarDays} from {p.A}");

                // The Nth local date with open time after the start's date, counted one date at a time.
                var date = local.Date;
                var counted = 0;
                while (counted < days && date < reference.To.InZone(zone).Date.PlusDays(-2))
                {
                    date = date.PlusDays(1);
                    counted += reference.Between(DayStart(zone, date), DayStart(zone, date.PlusDays(1))) > Duration.Zero ? 1 : 0;
                }

                if (counted < days)
                {
                    continue;
                }

                var dayStart = DayStart(zone, date);
                var nextDay = DayStart(zone, date.PlusDays(1));
                var closing = dayStart;
                foreach (var (open, close) in reference.Open)
                {
                    if (open < nextDay && close > dayStart)
                    {
                        closing = close < nextDay ? close : nextDay;
                    }
                }

                var expected = new (BusinessDayEnd End, Instant? Due)[]
                {
                    (BusinessDayEnd.SameTimeOfDay, (date + local.TimeOfDay).InZoneLeniently(zone).ToInstant()),
                    (BusinessDayEnd.ClosingOfDay, closing),
                    (BusinessDayEnd.OpeningAfterDay, reference.NextOpen(nextDay)),
                };
                foreach (var (end, due) in expected)
                {
                    var target = SlaTarget.BusinessDays(SlaTarget.Resolution, days, end).StartingAt(start);
                    if (due is { } instant)
                    {
                        SlaClock.DueFrom(target, calendar, p.A).Should().Be(instant, $"{target} from {p.A} (the clock counts from {from})");
                    }
                }
            }
        });

        // Midnight as the zone has it; a date it skips whole (Pacific/Apia, 2011-12-30) starts when the next one does.
        static Instant DayStart(DateTimeZone zone, LocalDate date)
        {
            try
            {
                return zone.AtStartOfDay(date).ToInstant();
            }
            catch (SkippedTimeException)
            {
                return zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
            }
        }
    }

    [Fact]
    public void Add_SameDefinitionCompiledForOtherYears_GivesTheSameAnswers()
    {
        Run(nameof(Add_SameDefinitionCompiledForOtherYears_GivesTheSameAnswers), CalendarGenerators.AlgebraCases(ProbesPerCase), 25, (calendar, p, spec) =>
        {
            var wide = BusinessCalendar.Build(spec.ToDefinition(), 2015, 40);

            calendar.Add(p.A, p.D).Should().Be(wide.Add(p.A, p.D));
            calendar.Subtract(p.A, p.D).Should().Be(wide.Subtract(p.A, p.D));
            calendar.Between(p.A, p.C).Should().Be(wide.Between(p.A, p.C));
        });
    }

    private static void Run(string name, FsCheck.Arbitrary<CalendarCase> cases, Action<BusinessCalendar, Probe> check) =>
        Run(name, cases, Cases, (calendar, probe, _) => check(calendar, probe));

    private static void Run(string name, FsCheck.Arbitrary<CalendarCase> cases, Action<BusinessCalendar, Probe, CalendarSpec> check) =>
        Run(name, cases, Cases, check);

    private static void Run(string name, FsCheck.Arbitrary<CalendarCase> cases, int count, Action<BusinessCalendar, Probe, CalendarSpec> check)
    {
        var property = Prop.ForAll(cases, (CalendarCase c) =>
        {
            var definition = c.Calendar.ToDefinition();
            var errors = BusinessCalendar.Validate(definition);
            if (errors.Count > 0)
            {
                throw new XunitException("The generated calendar is invalid: " + string.Join("; ", errors));
            }

            var calendar = c.Calendar.Build();
            foreach (var probe in c.Probes)
            {
                try
                {
                    check(calendar, probe, c.Calendar);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw new XunitException($"Probe {probe} failed: {ex.Message}", ex);
                }
            }
        });
        PropertyRunner.Check(name, property, count);
    }
}
