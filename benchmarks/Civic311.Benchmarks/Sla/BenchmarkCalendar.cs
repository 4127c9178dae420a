using System;
using System.Collections.Generic;
using Civic311.Sla;
using Civic311.Sla.Holidays;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Benchmarks.Sla;

/// <summary>
/// The calendar every calendar benchmark uses, built twice from the same data: as the SDK's compiled
/// <see cref="BusinessCalendar"/> and as the <see cref="DaySteppingCalendar"/> baseline; plus the random inputs and the
/// self-check that proves both answer alike.
/// </summary>
/// <remarks>
/// A typical municipal office: America/New_York (so the inputs cross DST changes), Monday to Friday 08:00-12:00 and
/// 13:00-17:00 (8 open hours a day in two intervals, with a lunch break), the U.S. federal holidays, and a few closures:
/// every Christmas Eve afternoon, a three-day emergency closure, a closure across the lunch break, and one over a DST
/// weekend. Compiled for 2020-2039 (20 years; the compiled range ends on 2040-01-01), which is the SDK's default.
/// </remarks>
public static class BenchmarkCalendar
{
    public const int FirstYear = 2020;
    public const int Years = 20;

    /// <summary>8 open hours a day.</summary>
    public static readonly Duration BusinessDay = Duration.FromHours(8);

    /// <summary>The longest target measured: 90 business days (720 h of open time, about 4 months of calendar time).</summary>
    public static readonly Duration NinetyBusinessDays = BusinessDay * 90;

    /// <summary>
    /// The longest span Between is measured over: 126 calendar days (18 weeks), which hold at most 90 business days (less
    /// the holidays and closures in them).
    /// </summary>
    public static readonly Duration BetweenSpan = Duration.FromDays(126);

    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>The first instant inputs start from: the compiled timeline is exact from the end of its first day.</summary>
    public static readonly Instant InputsFrom = new LocalDate(FirstYear, 1, 2).AtStartOfDayInZone(Zone).ToInstant();

    /// <summary>
    /// Inputs start before this instant, so that 90 business days (and 126 calendar days) later is still inside the
    /// compiled range: the benchmarks never make the calendar extend itself.
    /// </summary>
    public static readonly Instant InputsTo = new LocalDate(FirstYear + Years - 1, 6, 1).AtStartOfDayInZone(Zone).ToInstant();

    private static readonly LocalTime Eight = new(8, 0);
    private static readonly LocalTime Noon = new(12, 0);
    private static readonly LocalTime One = new(13, 0);
    private static readonly LocalTime Five = new(17, 0);

    /// <summary>The closures, as local date-times (end exclusive).</summary>
    public static IReadOnlyList<(LocalDateTime Start, LocalDateTime End, string Name)> Closures()
    {
        var closures = new List<(LocalDateTime, LocalDateTime, string)>
        {
            (new LocalDateTime(2024, 10, 28, 0, 0), new LocalDateTime(2024, 10, 31, 0, 0), "Hurricane emergency closure"),
            (new LocalDateTime(2031, 3, 12, 10, 30), new LocalDateTime(2031, 3, 12, 14, 30), "All-staff training"),
            (new LocalDateTime(2033, 3, 11, 15, 0), new LocalDateTime(2033, 3, 14, 9, 30), "System migration over the DST weekend"),
        };
        for (var year = FirstYear; year < FirstYear + Years; year++)
        {
            closures.Add((new LocalDateTime(year, 12, 24, 12, 0), new LocalDateTime(year, 12, 24, 17, 0), "Christmas Eve early close"));
        }

        return closures;
    }

    /// <summary>The SDK definition of the calendar.</summary>
    public static BusinessCalendarDefinition Definition()
    {
        var definition = new BusinessCalendarDefinition { Id = "benchmark-office", TimeZone = Zone.Id }
            .AddWeeklyHours(WeeklyHoursDefinition.Weekdays("08:00-12:00", "13:00-17:00"));
        definition.HolidaySets.Add(HolidaySets.UnitedStatesFederalName);
        var pattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");
        foreach (var (start, end, name) in Closures())
        {
            definition.AddClosure(pattern.Format(start), pattern.Format(end), name);
        }

        return definition;
    }

    /// <summary>The SDK's compiled calendar, for <see cref="FirstYear"/> and the following <see cref="Years"/> - 1 years.</summary>
    public static BusinessCalendar Compiled() => BusinessCalendar.Build(Definition(), FirstYear, Years);

    /// <summary>The same calendar as the day-stepping baseline.</summary>
    public static DaySteppingCalendar DayStepping()
    {
        (LocalTime, LocalTime)[] workday = [(Eight, Noon), (One, Five)];
        var week = new (LocalTime Open, LocalTime Close)[7][];
        for (var day = 0; day < 7; day++)
        {
            week[day] = day < 5 ? workday : [];
        }

        var closures = new List<(LocalDateTime, LocalDateTime)>();
        foreach (var (start, end, _) in Closures())
        {
            closures.Add((start, end));
        }

        // The compiled calendar expands the holidays of every year it compiles, up to and including the year it ends in.
        return new DaySteppingCalendar(Zone, week, HolidaySets.UnitedStatesFederal(), closures, FirstYear, FirstYear + Years);
    }

    /// <summary>A random instant (any tick) in [<see cref="InputsFrom"/>, <see cref="InputsTo"/>): open or closed, any weekday.</summary>
    public static Instant RandomInstant(Random random) =>
        Instant.FromUnixTimeTicks(random.NextInt64(InputsFrom.ToUnixTimeTicks(), InputsTo.ToUnixTimeTicks()));

    /// <summary><paramref name="count"/> random instants, see <see cref="RandomInstant"/>.</summary>
    public static Instant[] RandomInstants(Random random, int count)
    {
        var instants = new Instant[count];
        for (var i = 0; i < instants.Length; i++)
        {
            instants[i] = RandomInstant(random);
        }

        return instants;
    }

    /// <summary>
    /// Compares the compiled calendar with the day-stepping one over a few thousand random inputs: Add with random, whole-hour
    /// and whole-minute targets up to 90 business days (whole minutes from whole-minute starts often land exactly on opening
    /// and closing times), and Between both ways over up to <see cref="BetweenSpan"/>. Throws on the first difference, so a
    /// benchmark can never compare two methods that disagree.
    /// </summary>
    public static void SelfCheck(BusinessCalendar calendar, DaySteppingCalendar dayStepping, int count = 4_000)
    {
        var random = new Random(20_311);
        var maxTicks = NinetyBusinessDays.BclCompatibleTicks;
        for (var i = 0; i < count; i++)
        {
            var start = RandomInstant(random);
            var wholeMinutes = i % 2 == 0;
            if (wholeMinutes)
            {
                start = Instant.FromUnixTimeTicks(start.ToUnixTimeTicks() / NodaConstants.TicksPerMinute * NodaConstants.TicksPerMinute);
            }

            var target = (i % 4) switch
            {
                0 => Duration.FromMinutes(random.Next(0, (int)NinetyBusinessDays.TotalMinutes + 1)),
                1 => Duration.FromTicks(random.NextInt64(1, maxTicks + 1)),
                2 => Duration.FromHours(random.Next(1, (int)NinetyBusinessDays.TotalHours + 1)),
                _ => Duration.FromMinutes(random.Next(1, 8 * 60 + 1)),
            };
            CheckAdd(calendar, dayStepping, start, target);

            var later = start + Duration.FromTicks(random.NextInt64(0, BetweenSpan.BclCompatibleTicks + 1));
            if (wholeMinutes)
            {
                later = Instant.FromUnixTimeTicks(later.ToUnixTimeTicks() / NodaConstants.TicksPerMinute * NodaConstants.TicksPerMinute);
            }

            // Both directions: Between is negative when its arguments are reversed.
            if (i % 3 == 0)
            {
                CheckBetween(calendar, dayStepping, later, start);
            }
            else
            {
                CheckBetween(calendar, dayStepping, start, later);
            }
        }

        CheckRange(calendar);
    }

    /// <summary>Throws unless both calendars give the same <c>Add(start, target)</c>.</summary>
    public static void CheckAdd(BusinessCalendar calendar, DaySteppingCalendar dayStepping, Instant start, Duration target)
    {
        var expected = dayStepping.Add(start, target);
        var actual = calendar.Add(start, target);
        if (actual != expected)
        {
            throw new InvalidOperationException($"Add({start}, {target}): BusinessCalendar gives {actual}, day-stepping {expected}.");
        }
    }

    /// <summary>Throws unless both calendars give the same <c>Between(from, to)</c>.</summary>
    public static void CheckBetween(BusinessCalendar calendar, DaySteppingCalendar dayStepping, Instant from, Instant to)
    {
        var expected = dayStepping.Between(from, to);
        var actual = calendar.Between(from, to);
        if (actual != expected)
        {
            throw new InvalidOperationException($"Between({from}, {to}): BusinessCalendar gives {actual}, day-stepping {expected}.");
        }
    }

    /// <summary>Throws when the calendar has extended itself beyond the 20 compiled years (the inputs must not make it).</summary>
    public static void CheckRange(BusinessCalendar calendar)
    {
        if (calendar.CompiledFrom != new LocalDate(FirstYear, 1, 1) || calendar.CompiledTo != new LocalDate(FirstYear + Years, 1, 1))
        {
            throw new InvalidOperationException($"The calendar extended itself to {calendar.CompiledFrom}..{calendar.CompiledTo}.");
        }
    }
}
