using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Civic311.Sla;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary>One weekly-hours entry: an optional first date and, per ISO weekday (Monday first), interval texts.</summary>
internal sealed record HoursSpec(string? EffectiveFrom, string[][] Days);

/// <summary>A closure as its definition texts.</summary>
internal sealed record ClosureSpec(string Start, string End);

/// <summary>
/// A random calendar, kept as plain data so that it can be shrunk and printed. <see cref="Anchor"/> is the local date the
/// holidays, closures, effective dates and probe instants cluster around, so that they interact.
/// </summary>
internal sealed record CalendarSpec(string Zone, LocalDate Anchor, HoursSpec[] Hours, string[] HolidayDates, bool UsFederal, ClosureSpec[] Closures)
{
    public DateTimeZone TimeZone => DateTimeZoneProviders.Tzdb[Zone];

    public BusinessCalendarDefinition ToDefinition()
    {
        var definition = new BusinessCalendarDefinition { Id = "random", TimeZone = Zone };
        foreach (var spec in Hours)
        {
            var hours = new WeeklyHoursDefinition { EffectiveFrom = spec.EffectiveFrom };
            var days = new[] { hours.Monday, hours.Tuesday, hours.Wednesday, hours.Thursday, hours.Friday, hours.Saturday, hours.Sunday };
            for (var d = 0; d < 7; d++)
            {
                foreach (var interval in spec.Days[d])
                {
                    days[d].Add(interval);
                }
            }

            definition.AddWeeklyHours(hours);
        }

        if (UsFederal)
        {
            definition.HolidaySets.Add("us-federal");
        }

        if (HolidayDates.Length > 0)
        {
            definition.HolidayRules.Add(CalendarKit.Holiday("Random days", HolidayDates));
        }

        foreach (var closure in Closures)
        {
            definition.AddClosure(closure.Start, closure.End, "Random closure");
        }

        return definition;
    }

    /// <summary>Builds the calendar for one year only, so that every probe also exercises lazy extension.</summary>
    public BusinessCalendar Build() => BusinessCalendar.Build(ToDefinition(), Anchor.Year, 1);

    public override string ToString() =>
        $"anchor {LocalDatePattern.Iso.Format(Anchor)}: " + JsonSerializer.Serialize(ToDefinition(), CalendarJson.Options);
}

/// <summary>Probe values for one check: up to three instants and two durations (each property uses what it needs).</summary>
internal sealed record Probe(Instant A, Instant B, Instant C, Duration D, Duration E)
{
    public override string ToString() =>
        FormattableString.Invariant($"(A={Format(A)}, B={Format(B)}, C={Format(C)}, D={D.BclCompatibleTicks} ticks ({D}), E={E.BclCompatibleTicks} ticks ({E}))");

    private static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}

/// <summary>A random calendar with a batch of probes: one compilation serves many checks.</summary>
internal sealed record CalendarCase(CalendarSpec Calendar, Probe[] Probes)
{
    public override string ToString() =>
        "calendar " + Calendar + Environment.NewLine + "probes " + string.Join(Environment.NewLine + "       ", Probes.Select(p => p.ToString()));
}

/// <summary>FsCheck generators and shrinkers for random calendars and probes.</summary>
internal static class CalendarGenerators
{
    /// <summary>Zones with DST at midnight, 30-minute DST, no DST, a southern-hemisphere switch and a dropped DST.</summary>
    public static readonly string[] Zones =
    [
        "America/New_York", "Europe/London", "America/Panama", "Australia/Lord_Howe", "Pacific/Apia", "America/Sao_Paulo",
    ];

    public static readonly LocalDate FirstDate = new(2019, 1, 1);
    public static readonly LocalDate LastDate = new(2045, 12, 31);

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");
    /// <summary>The instants each zone's offset changes in 2019-2045 (none for Panama).</summary>
    private static readonly Dictionary<string, Instant[]> Transitions = Zones.ToDictionary(
        zone => zone,
        zone => DateTimeZoneProviders.Tzdb[zone]
            .GetZoneIntervals(Instant.FromUtc(2019, 1, 1, 0, 0), Instant.FromUtc(2046, 1, 1, 0, 0))
            .Where(i => i.HasStart && i.Start > Instant.FromUtc(2019, 1, 1, 0, 0))
            .Select(i => i.Start)
            .ToArray());

    /// <summary>Cases for the algebra: probes anywhere from the anchor to years away, business times up to about two business years.</summary>
    public static Arbitrary<CalendarCase> AlgebraCases(int probes) => Cases(probes, wide: true);

    /// <summary>Cases for the reference model: probes within about 40 days of the anchor, business times up to a few days.</summary>
    public static Arbitrary<CalendarCase> LocalCases(int probes) => Cases(probes, wide: false);

    private static Arbitrary<CalendarCase> Cases(int probes, bool wide)
    {
        var gen =
            from calendar in Calendars()
            from list in Probe(calendar, wide).ArrayOf(probes)
            select new CalendarCase(calendar, list);
        return Arb.From(gen, Shrink);
    }

    public static Gen<CalendarSpec> Calendars() =>
        from zone in Gen.Elements(Zones)
        from anchor in Anchor(zone)
        from first in Hours(anchor, first: true)
        from versions in Gen.Frequency((3, Gen.Constant(1)), (2, Gen.Constant(2)))
        from second in Hours(anchor, first: false)
        from holidayCount in Gen.Frequency((2, Gen.Constant(0)), (2, Gen.Choose(1, 4)))
        from holidays in DateNear(anchor, 40).Select(d => DatePattern.Format(d)).ArrayOf(holidayCount)
        from usFederal in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from closureCount in Gen.Frequency((3, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
        from closures in Closure(zone, anchor).ArrayOf(closureCount)
        select new CalendarSpec(
            zone,
            anchor,
            versions == 1 || second.EffectiveFrom == first.EffectiveFrom ? [first] : [first, second],
            holidays.Distinct().ToArray(),
            usFederal,
            closures);

    private static Gen<LocalDate> Anchor(string zone)
    {
        var uniform = Gen.Choose(0, Period.Between(FirstDate, LastDate, PeriodUnits.Days).Days).Select(d => FirstDate.PlusDays(d));

        // Calendars are compiled from 1 January of the anchor's year: the turn of the year is where extension happens.
        var newYear = from year in Gen.Choose(FirstDate.Year + 1, LastDate.Year) from offset in Gen.Choose(-10, 10) select new LocalDate(year, 1, 1).PlusDays(offset);
        var transitions = Transitions[zone];
        if (transitions.Length == 0)
        {
            return Gen.Frequency((2, uniform), (1, newYear));
        }

        var nearTransition = from t in Gen.Elements(transitions) from offset in Gen.Choose(-3, 3) select Clamp(t.InZone(DateTimeZoneProviders.Tzdb[zone]).Date.PlusDays(offset));
        return Gen.Frequency((2, uniform), (1, newYear), (2, nearTransition));
    }

    private static LocalDate Clamp(LocalDate date) => date < FirstDate ? FirstDate : date > LastDate ? LastDate : date;

    private static Gen<LocalDate> DateNear(LocalDate anchor, int days) => Gen.Choose(-days, days).Select(d => anchor.PlusDays(d));

    /// <summary>A minute of the day, 0 to 1440, often on the half hour (DST switches happen on the hour).</summary>
    private static Gen<int> Minute() => Gen.Frequency((2, Gen.Choose(0, 1440)), (3, Gen.Choose(0, 48).Select(h => h * 30)));

    /// <summary>0 to 3 intervals of a day as (start, end) minutes, sorted, not overlapping (touching allowed).</summary>
    private static Gen<(int Start, int End)[]> Day() =>
        from count in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Constant(1)), (3, Gen.Constant(2)), (2, Gen.Constant(3)))
        from points in Minute().ArrayOf(count * 2)
        select Pairs(points);

    private static (int Start, int End)[] Pairs(int[] points)
    {
        Array.Sort(points);
        var pairs = new List<(int, int)>();
        for (var i = 0; i + 1 < points.Length; i += 2)
        {
            if (points[i] < points[i + 1])
            {
                pairs.Add((points[i], points[i + 1]));
            }
        }

        return pairs.ToArray();
    }

    private static Gen<HoursSpec> Hours(LocalDate anchor, bool first) =>
        from days in Day().ArrayOf(7)
        from overnight in Gen.Frequency((7, Gen.Constant(false)), (3, Gen.Constant(true))).ArrayOf(7)
        from ends in Gen.Choose(0, 1439).ArrayOf(7)
        from effective in first
            ? Gen.Frequency((3, Gen.Constant<LocalDate?>(null)), (1, DateNear(anchor, 60).Select(d => (LocalDate?)d)))
            : DateNear(anchor, 30).Select(d => (LocalDate?)d)
        select ToHours(days, overnight, ends, effective);

    private static HoursSpec ToHours((int Start, int End)[][] days, bool[] overnight, int[] ends, LocalDate? effective)
    {
        var texts = new string[7][];
        for (var d = 0; d < 7; d++)
        {
            var spans = days[d];
            var next = days[(d + 1) % 7];
            var nextFirstStart = next.Length == 0 ? 1440 : next[0].Start;
            var list = new List<string>();
            for (var i = 0; i < spans.Length; i++)
            {
                var (start, end) = spans[i];
                if (i == spans.Length - 1 && overnight[d] && start >= 1)
                {
                    // The last interval runs past midnight to a time that does not reach into the next day's first
                    // interval (an end of 00:00 is the same as 24:00).
                    var after = ends[d] % (Math.Min(start - 1, nextFirstStart) + 1);
                    list.Add(Text(start) + "-" + Text(after));
                }
                else
                {
                    list.Add(Text(start) + "-" + (end == 1440 ? "24:00" : Text(end)));
                }
            }

            texts[d] = list.ToArray();
        }

        if (texts.All(t => t.Length == 0))
        {
            texts[0] = ["09:00-17:00"];
        }

        return new HoursSpec(effective is { } e ? DatePattern.Format(e) : null, texts);
    }

    private static string Text(int minute) => string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");

    private static Gen<ClosureSpec> Closure(string zone, LocalDate anchor)
    {
        var start =
            from date in DateNear(anchor, 40)
            from minute in Gen.Frequency((1, Gen.Constant(0)), (2, Minute().Select(m => Math.Min(m, 1439))))
            select date.AtMidnight().PlusMinutes(minute);
        var nearby = NearbyTransitions(zone, anchor);
        if (nearby.Length > 0)
        {
            // Closures that start or end in a skipped or repeated hour.
            var nearTransition =
                from t in Gen.Elements(nearby)
                from minutes in Gen.Choose(-150, 150)
                select t.InZone(DateTimeZoneProviders.Tzdb[zone]).LocalDateTime.PlusMinutes(minutes);
            start = Gen.Frequency((2, start), (1, nearTransition));
        }

        return
            from local in start
            from length in Gen.Frequency((3, Gen.Choose(1, 600)), (2, Gen.Choose(1, 10 * 1440)))
            select new ClosureSpec(Format(local), Format(local.PlusMinutes(length)));
    }

    private static Instant[] NearbyTransitions(string zone, LocalDate anchor)
    {
        var around = DateTimeZoneProviders.Tzdb[zone].AtStartOfDay(anchor).ToInstant();
        return Transitions[zone].Where(t => Math.Abs((t - around).TotalDays) <= 40).ToArray();
    }

    private static string Format(LocalDateTime local) =>
        local.TimeOfDay == LocalTime.Midnight ? DatePattern.Format(local.Date) : DateTimePattern.Format(local);

    private static Gen<Probe> Probe(CalendarSpec calendar, bool wide) =>
        from a in Instants(calendar, wide)
        from b in Gen.Frequency((2, Instants(calendar, wide)), (1, Near(a)))
        from c in Instants(calendar, wide)
        from d in BusinessTime(wide)
        from e in BusinessTime(wide)
        select new Probe(a, b, c, d, e);

    /// <summary>An instant at tick precision near the anchor, on a local minute (exact openings and closings), or (wide) anywhere in 2019-2045.</summary>
    private static Gen<Instant> Instants(CalendarSpec calendar, bool wide)
    {
        var zone = calendar.TimeZone;
        var origin = zone.AtStartOfDay(calendar.Anchor).ToInstant();
        var ticks =
            from days in Gen.Choose(-40, 40)
            from millisecond in Gen.Choose(0, 86_399_999)
            from tick in Gen.Choose(0, 9_999)
            select origin.PlusTicks((days * NodaConstants.TicksPerDay) + (millisecond * (long)NodaConstants.TicksPerMillisecond) + tick);
        var onMinute =
            from date in DateNear(calendar.Anchor, 40)
            from minute in Minute()
            select date.AtMidnight().PlusMinutes(minute).InZoneLeniently(zone).ToInstant();
        var nearby = NearbyTransitions(calendar.Zone, calendar.Anchor);
        if (nearby.Length > 0)
        {
            // Instants in and around a skipped or repeated hour.
            var nearTransition =
                from t in Gen.Elements(nearby)
                from seconds in Gen.Choose(-4 * 3600, 4 * 3600)
                from tick in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Choose(0, 9_999_999)))
                select t.PlusTicks((seconds * NodaConstants.TicksPerSecond) + tick);
            onMinute = Gen.Frequency((3, onMinute), (1, nearTransition));
        }

        if (!wide)
        {
            return Gen.Frequency((3, ticks), (2, onMinute));
        }

        var anywhere =
            from day in Gen.Choose(0, Period.Between(FirstDate, LastDate, PeriodUnits.Days).Days)
            from millisecond in Gen.Choose(0, 86_399_999)
            from tick in Gen.Choose(0, 9_999)
            select zone.AtStartOfDay(FirstDate.PlusDays(day)).ToInstant().PlusTicks((millisecond * (long)NodaConstants.TicksPerMillisecond) + tick);
        return Gen.Frequency((3, ticks), (2, onMinute), (1, anywhere));
    }

    private static Gen<Instant> Near(Instant instant) =>
        Gen.Frequency(
            (2, Gen.Choose(-1_000, 1_000).Select(t => instant.PlusTicks(t))),
            (1, Gen.Choose(-3 * 86_400, 3 * 86_400).Select(s => instant.PlusTicks(s * NodaConstants.TicksPerSecond))));

    /// <summary>A business time: zero, ticks, minutes to hours, exact quarter hours (to land on boundaries), days, or (wide) up to 4,000 h.</summary>
    private static Gen<Duration> BusinessTime(bool wide)
    {
        var gens = new List<(int, Gen<Duration>)>
        {
            (1, Gen.Constant(Duration.Zero)),
            (1, Gen.Choose(1, 10_000).Select(t => Duration.FromTicks(t))),
            (3, SecondsAndTicks(10 * 3600)),
            (2, Gen.Choose(1, 4 * 48).Select(q => Duration.FromMinutes(15 * q))),
            (2, SecondsAndTicks(4 * 86_400)),
        };
        if (wide)
        {
            gens.Add((2, SecondsAndTicks(4_000 * 3600)));
        }

        return Gen.Frequency(gens);
    }

    private static Gen<Duration> SecondsAndTicks(int maxSeconds) =>
        from seconds in Gen.Choose(0, maxSeconds)
        from tick in Gen.Choose(0, 9_999_999)
        select Duration.FromTicks((seconds * NodaConstants.TicksPerSecond) + tick);

    /// <summary>Smaller cases: fewer probes, then a simpler calendar (fewer closures, holidays, versions and intervals; no DST).</summary>
    private static IEnumerable<CalendarCase> Shrink(CalendarCase value)
    {
        if (value.Probes.Length > 1)
        {
            yield return value with { Probes = value.Probes[..(value.Probes.Length / 2)] };
            yield return value with { Probes = value.Probes[(value.Probes.Length / 2)..] };
            for (var i = 0; i < value.Probes.Length; i++)
            {
                yield return value with { Probes = value.Probes.Where((_, j) => j != i).ToArray() };
            }
        }

        var calendar = value.Calendar;
        for (var i = 0; i < calendar.Closures.Length; i++)
        {
            yield return value with { Calendar = calendar with { Closures = calendar.Closures.Where((_, j) => j != i).ToArray() } };
        }

        if (calendar.UsFederal)
        {
            yield return value with { Calendar = calendar with { UsFederal = false } };
        }

        for (var i = 0; i < calendar.HolidayDates.Length; i++)
        {
            yield return value with { Calendar = calendar with { HolidayDates = calendar.HolidayDates.Where((_, j) => j != i).ToArray() } };
        }

        if (calendar.Hours.Length > 1)
        {
            yield return value with { Calendar = calendar with { Hours = [calendar.Hours[0]] } };
            yield return value with { Calendar = calendar with { Hours = [calendar.Hours[1] with { EffectiveFrom = null }] } };
        }

        if (calendar.Zone != "America/Panama")
        {
            yield return value with { Calendar = calendar with { Zone = "America/Panama" } };
        }

        for (var v = 0; v < calendar.Hours.Length; v++)
        {
            for (var d = 0; d < 7; d++)
            {
                for (var i = 0; i < calendar.Hours[v].Days[d].Length; i++)
                {
                    var days = calendar.Hours[v].Days.Select(x => x.ToArray()).ToArray();
                    days[d] = days[d].Where((_, j) => j != i).ToArray();
                    if (days.Any(x => x.Length > 0))
                    {
                        var hours = calendar.Hours.ToArray();
                        hours[v] = hours[v] with { Days = days };
                        yield return value with { Calendar = calendar with { Hours = hours } };
                    }
                }
            }
        }
    }
}
