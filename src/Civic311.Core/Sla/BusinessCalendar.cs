using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using Civic311.Internal;
using Civic311.Sla.Holidays;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace Civic311.Sla;

/// <summary>
/// An agency's business hours, compiled: answers "add N hours of business time", "business time between two instants",
/// "is it open" and "when does it next open" in constant time without allocating.
/// </summary>
/// <remarks>
/// <para>
/// Boundary rule: <see cref="Add"/> lands on a closing time rather than on the next opening (Mon 13:00 + 4 h with 09-17
/// hours is Mon 17:00, not Tue 09:00); <see cref="Subtract"/> lands on an opening time. Adding zero returns the instant
/// itself, even when the calendar is closed then. Precision is 100 ns (one tick).
/// </para>
/// <para>
/// The calendar is compiled for <see cref="CompiledFrom"/> to <see cref="CompiledTo"/> (20 years by default) and extends
/// itself, thread-safely, when an operation needs dates outside that range, up to the years 1900 and 2299.
/// </para>
/// </remarks>
/// <threadsafety>Immutable (its compiled range grows on demand) and thread-safe.</threadsafety>
public sealed class BusinessCalendar
{
    private const int ExtensionYears = 10;
    private readonly CalendarRules _rules;
    private readonly object _extendLock = new();
    private Timeline _timeline;
    private int _compilations;

    private BusinessCalendar(CalendarRules rules, string versionId, int firstYear, int years)
    {
        _rules = rules;
        VersionId = versionId;
        _timeline = Compile(new LocalDate(firstYear, 1, 1), new LocalDate(firstYear + years, 1, 1));
    }

    /// <summary>Gets the calendar id.</summary>
    public string Id => _rules.Id;

    /// <summary>Gets the calendar's time zone.</summary>
    public DateTimeZone TimeZone => _rules.Zone;

    /// <summary>
    /// Gets an id of this exact calendar: the time zone database version and a hash of the definition. SLA instances record
    /// it, so a deadline can always be traced to the hours it was computed with.
    /// </summary>
    public string VersionId { get; }

    /// <summary>Gets the first local date compiled so far.</summary>
    public LocalDate CompiledFrom => Volatile.Read(ref _timeline).First;

    /// <summary>Gets the local date after the last one compiled so far.</summary>
    public LocalDate CompiledTo => Volatile.Read(ref _timeline).End;

    /// <summary>Validates a definition and compiles the calendar for 20 years from 2020.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The calendar.</returns>
    /// <exception cref="Civic311ValidationException">The definition is invalid; every problem is listed.</exception>
    public static BusinessCalendar Build(BusinessCalendarDefinition definition) => Build(definition, 2020, 20);

    /// <summary>Validates a definition and compiles the calendar for the given years.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="firstYear">The first year to compile.</param>
    /// <param name="years">How many years to compile (1 to 200); later operations extend the range as needed.</param>
    /// <returns>The calendar.</returns>
    /// <exception cref="Civic311ValidationException">The definition is invalid; every problem is listed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The years are outside 1900 to 2299.</exception>
    public static BusinessCalendar Build(BusinessCalendarDefinition definition, int firstYear, int years)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstYear, HolidayRules.MinYear + 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(years, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstYear + years, HolidayRules.MaxYear);
        return TryBuild(definition, firstYear, years, out var calendar, out var errors)
            ? calendar
            : throw new Civic311ValidationException("business calendar", errors);
    }

    /// <summary>Validates and compiles in one pass (the default 20 years from 2020), reporting problems instead of throwing.</summary>
    internal static bool TryBuild(BusinessCalendarDefinition definition, [NotNullWhen(true)] out BusinessCalendar? calendar, out IReadOnlyList<ValidationError> errors) =>
        TryBuild(definition, 2020, 20, out calendar, out errors);

    private static bool TryBuild(
        BusinessCalendarDefinition definition, int firstYear, int years, [NotNullWhen(true)] out BusinessCalendar? calendar, out IReadOnlyList<ValidationError> errors)
    {
        if (!TryCompileRules(definition, out var rules, out errors))
        {
            calendar = null;
            return false;
        }

        calendar = new BusinessCalendar(rules, ComputeVersionId(definition, rules), firstYear, years);
        return true;
    }

    /// <summary>Validates a definition without compiling it.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>Every problem found; empty when the definition is valid.</returns>
    public static IReadOnlyList<ValidationError> Validate(BusinessCalendarDefinition definition) =>
        TryCompileRules(definition, out _, out var errors) ? [] : errors;

    /// <summary>Adds business time: the instant by which <paramref name="businessTime"/> of open time has passed after <paramref name="start"/>.</summary>
    /// <param name="start">Where to start.</param>
    /// <param name="businessTime">How much open time; negative subtracts.</param>
    /// <returns>The instant (a closing time when the result lands exactly at one).</returns>
    /// <exception cref="NoBusinessTimeException">The calendar has no open time far enough ahead.</exception>
    public Instant Add(Instant start, Duration businessTime)
    {
        if (businessTime < Duration.Zero)
        {
            return Subtract(start, Negate(businessTime));
        }

        if (businessTime == Duration.Zero)
        {
            return start;
        }

        var t = start.ToUnixTimeTicks();
        var d = Ticks(businessTime);
        while (true)
        {
            var timeline = Cover(t);
            var open = timeline.OpenBefore(t);
            if (d <= timeline.OpenBeforeValidTo - open) // not open + d, which overflows for very long business times
            {
                return Instant.FromUnixTimeTicks(timeline.InstantAfterOpen(open + d));
            }

            ExtendForward(timeline, start, "after");
        }
    }

    /// <summary>Subtracts business time: the latest instant from which <paramref name="businessTime"/> of open time leads to <paramref name="end"/>.</summary>
    /// <param name="end">Where to end.</param>
    /// <param name="businessTime">How much open time; negative adds.</param>
    /// <returns>The instant (an opening time when the result lands exactly at one).</returns>
    /// <exception cref="NoBusinessTimeException">The calendar has no open time far enough back.</exception>
    public Instant Subtract(Instant end, Duration businessTime)
    {
        if (businessTime < Duration.Zero)
        {
            return Add(end, Negate(businessTime));
        }

        if (businessTime == Duration.Zero)
        {
            return end;
        }

        var t = end.ToUnixTimeTicks();
        var d = Ticks(businessTime);
        while (true)
        {
            var timeline = Cover(t);
            var target = timeline.OpenBefore(t) - d;
            if (target >= timeline.OpenBeforeValidFrom)
            {
                return Instant.FromUnixTimeTicks(timeline.LatestInstantAtOpen(target));
            }

            ExtendBackward(timeline, end);
        }
    }

    /// <summary>The open time between two instants; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    /// <param name="from">The start.</param>
    /// <param name="to">The end.</param>
    /// <returns>The business time.</returns>
    public Duration Between(Instant from, Instant to)
    {
        var a = from.ToUnixTimeTicks();
        var b = to.ToUnixTimeTicks();
        var timeline = Cover(Math.Min(a, b), Math.Max(a, b));
        return Duration.FromTicks(timeline.OpenBefore(b) - timeline.OpenBefore(a));
    }

    /// <summary>Tells whether the calendar is open at an instant (opening instants are open, closing instants are not).</summary>
    /// <param name="instant">The instant.</param>
    /// <returns><see langword="true"/> when open.</returns>
    public bool IsOpenAt(Instant instant)
    {
        var t = instant.ToUnixTimeTicks();

        // Cover the tick after t too: at the end of the compiled range the intervals that open there are not compiled yet.
        return Cover(t, t + 1).IsOpen(t);
    }

    /// <summary>The first open instant at or after <paramref name="instant"/>.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns><paramref name="instant"/> itself when open, else the next opening time.</returns>
    /// <exception cref="NoBusinessTimeException">The calendar never opens again.</exception>
    public Instant NextOpen(Instant instant)
    {
        var t = instant.ToUnixTimeTicks();
        while (true)
        {
            var timeline = Cover(t);
            if (timeline.NextOpen(t) is { } next && next < timeline.ValidTo)
            {
                return Instant.FromUnixTimeTicks(next);
            }

            ExtendForward(timeline, instant, "at or after");
        }
    }

    /// <summary>
    /// The end of an "N days" target from <paramref name="start"/> (or from the next opening at or after it): on the <paramref name="days"/>th working day (a local
    /// date with open time), or local date, after the local date of <paramref name="start"/>, at the end
    /// <paramref name="end"/> names. O(1) for any number of days and allocation-free, from the counts and midnights
    /// computed when the calendar compiled; only a date with an offset change inside asks the zone.
    /// </summary>
    /// <exception cref="NoBusinessTimeException">The calendar has too few working days before the year 2299.</exception>
    internal Instant DaysAfter(Instant start, int days, bool workingDays, BusinessDayEnd end, bool fromNextOpening)
    {
        // The two rules real cities use most, answered from the record at hand; every other case takes the general path.
        if (workingDays && days > 0 && (fromNextOpening ? end == BusinessDayEnd.SameTimeOfDay : end == BusinessDayEnd.ClosingOfDay))
        {
            var t = start.ToUnixTimeTicks();
            var timeline = Cover(t);
            var date = timeline.DateIndexAt(t);
            var due = fromNextOpening ? timeline.WorkingDaysFromNextOpening(date, t, days) : timeline.LastClosingOfNthWorkingDateAfter(date, days);
            if (due != Timeline.NoQuickAnswer)
            {
                return Instant.FromUnixTimeTicks(due);
            }
        }

        while (true)
        {
            var t = start.ToUnixTimeTicks();
            var timeline = Cover(t);
            var from = timeline.DateIndexAt(t);
            if (fromNextOpening)
            {
                from = timeline.NextOpeningOn(from, t, out t);
                if (from < 0)
                {
                    ExtendForward(timeline, start, "at or after");
                    continue;
                }
            }

            var day = workingDays ? timeline.NthWorkingDateAfter(from, days) : from + days;
            if (day >= 0 && day < timeline.DateCount)
            {
                switch (end)
                {
                    case BusinessDayEnd.SameTimeOfDay when timeline.IsSteady(from) && timeline.IsSteady(day):
                        return Instant.FromUnixTimeTicks(timeline.MidnightOf(day) + (t - timeline.MidnightOf(from)));
                    case BusinessDayEnd.SameTimeOfDay:
                        return SameTimeOfDay(timeline, t, from, day);
                    case BusinessDayEnd.ClosingOfDay:
                        return Instant.FromUnixTimeTicks(timeline.LastClosingOf(day));
                    default:
                        if (timeline.OpeningAfter(day) is var opening && opening != long.MaxValue)
                        {
                            return Instant.FromUnixTimeTicks(opening);
                        }

                        break;
                }
            }

            ExtendForward(timeline, start, "after");
        }
    }

    // The local time of day of t on the date at index 'day', with an offset change on one of the two dates: a time the
    // change skips moves forward by the gap, a time it repeats is the earlier. The zone's intervals are walked by hand
    // because NodaTime's local mapping allocates.
    private Instant SameTimeOfDay(Timeline timeline, long t, int from, int day)
    {
        var zone = _rules.Zone;
        var timeOfDay = t + zone.GetUtcOffset(Instant.FromUnixTimeTicks(t)).Ticks - ((timeline.FirstEpochDay + from) * NodaConstants.TicksPerDay);
        var local = ((timeline.FirstEpochDay + day) * NodaConstants.TicksPerDay) + timeOfDay;
        var interval = zone.GetZoneInterval(Instant.FromUnixTimeTicks(timeline.MidnightOf(day)));
        while (true)
        {
            var candidate = local - interval.WallOffset.Ticks;
            if (interval.HasStart && candidate < interval.Start.ToUnixTimeTicks())
            {
                // In the gap before this interval: shifted forward by it, with the offset in force before it.
                return Instant.FromUnixTimeTicks(local - zone.GetUtcOffset(interval.Start - Duration.Epsilon).Ticks);
            }

            if (!interval.HasEnd || candidate < interval.End.ToUnixTimeTicks())
            {
                return Instant.FromUnixTimeTicks(candidate);
            }

            interval = zone.GetZoneInterval(interval.End);
        }
    }

    /// <summary>
    /// The instant a local date starts in the calendar's zone. A date the zone skips entirely (Pacific/Apia's 2011-12-30)
    /// starts, and ends, when the next date starts: a day of no length, so never a working day.
    /// </summary>
    internal Instant StartOfDay(LocalDate date)
    {
        try
        {
            return _rules.Zone.AtStartOfDay(date).ToInstant();
        }
        catch (SkippedTimeException)
        {
            return _rules.Zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({TimeZone.Id}, {VersionId})";

    // A calendar spans at most 1901-2298, far less than long.MaxValue ticks (about 29,000 years): clamping a longer
    // business time changes no answer (it cannot be reached either way) and avoids an OverflowException.
    private static long Ticks(Duration businessTime) =>
        businessTime >= Duration.FromTicks(long.MaxValue) ? long.MaxValue : businessTime.BclCompatibleTicks;

    // -Duration.MinValue is out of Duration's range; Duration.MaxValue is as unreachable.
    private static Duration Negate(Duration businessTime) => businessTime == Duration.MinValue ? Duration.MaxValue : -businessTime;

    // The hot path of every query: the compiled range almost always covers the instant, so that check is inlined and only
    // an instant outside it pays the call that extends the range.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private Timeline Cover(long ticks)
    {
        var timeline = Volatile.Read(ref _timeline);
        return ticks >= timeline.ValidFrom && ticks <= timeline.ValidTo ? timeline : Cover(ticks, ticks);
    }

    private Timeline Cover(long from, long to)
    {
        var timeline = Volatile.Read(ref _timeline);
        if (timeline.Covers(from) && timeline.Covers(to))
        {
            return timeline;
        }

        lock (_extendLock)
        {
            timeline = _timeline;
            var first = timeline.First;
            var end = timeline.End;
            // Grow only the side that falls short: an instant past the end must not extend the start (nor the reverse).
            while (from < timeline.ValidFrom || to > timeline.ValidTo)
            {
                // Grow by at least the years compiled so far, so that reaching a far year costs a few compilations, not
                // one per decade (each compilation expands the whole range).
                var growth = Math.Max(ExtensionYears, end.Year - first.Year);
                if (from < timeline.ValidFrom)
                {
                    if (first.Year <= HolidayRules.MinYear + 1)
                    {
                        throw new ArgumentOutOfRangeException(nameof(from), Instant.FromUnixTimeTicks(from), $"Business calendars work from the year {HolidayRules.MinYear + 1}.");
                    }

                    first = new LocalDate(Math.Max(HolidayRules.MinYear + 1, Math.Min(first.Year - growth, Year(from) - 1)), 1, 1);
                }

                if (to > timeline.ValidTo)
                {
                    if (end.Year >= HolidayRules.MaxYear)
                    {
                        throw new ArgumentOutOfRangeException(nameof(to), Instant.FromUnixTimeTicks(to), $"Business calendars work up to the year {HolidayRules.MaxYear - 1}.");
                    }

                    end = new LocalDate(Math.Min(HolidayRules.MaxYear, Math.Max(end.Year + growth, Year(to) + 2)), 1, 1);
                }

                timeline = Compile(first, end);
            }

            Volatile.Write(ref _timeline, timeline);
            return timeline;
        }
    }

    private void ExtendForward(Timeline timeline, Instant from, string direction)
    {
        if (timeline.End.Year >= HolidayRules.MaxYear)
        {
            throw new NoBusinessTimeException(Id, from, direction, HolidayRules.MaxYear);
        }

        // Cover an instant past the current range: Cover() grows it by at least ten years.
        Cover(timeline.ValidTo + NodaConstants.TicksPerDay * 2);
    }

    private void ExtendBackward(Timeline timeline, Instant from)
    {
        if (timeline.First.Year <= HolidayRules.MinYear + 1)
        {
            throw new NoBusinessTimeException(Id, from, "before", HolidayRules.MinYear + 1);
        }

        Cover(timeline.ValidFrom - NodaConstants.TicksPerDay * 2);
    }

    private int Year(long ticks) => Instant.FromUnixTimeTicks(ticks).InZone(_rules.Zone).Year;

    /// <summary>How many times this calendar compiled a timeline (the first build included); tests check growth is geometric.</summary>
    internal int Compilations => Volatile.Read(ref _compilations);

    private Timeline Compile(LocalDate first, LocalDate end)
    {
        Interlocked.Increment(ref _compilations);
        var (starts, ends) = _rules.Expand(first, end);

        // Intervals of the day before 'first' may run into it (overnight shifts) and are not expanded, so the timeline is
        // exact only from the end of its first day; likewise it is exact up to the start of 'end'.
        var midnights = new long[Period.DaysBetween(first, end) + 1];
        for (var d = 0; d < midnights.Length; d++)
        {
            midnights[d] = StartOfDay(first.PlusDays(d)).ToUnixTimeTicks();
        }

        // A steady date starts at local midnight and keeps its offset for 24 h: its local time of day is the time since
        // its start, which lets "same time of day N days later" skip the zone.
        var steady = new bool[midnights.Length - 1];
        ZoneInterval? interval = null;
        for (var d = 0; d < steady.Length; d++)
        {
            var dayStart = Instant.FromUnixTimeTicks(midnights[d]);
            if (interval is null || !interval.Contains(dayStart))
            {
                interval = _rules.Zone.GetZoneInterval(dayStart);
            }

            steady[d] = midnights[d + 1] - midnights[d] == NodaConstants.TicksPerDay
                && (!interval.HasEnd || interval.End.ToUnixTimeTicks() >= midnights[d + 1]);
        }

        return new Timeline(first, end, validFrom: midnights[1], validTo: midnights[^1], starts, ends, midnights, steady);
    }

    // The hash covers the resolved holiday rules too, so an updated shipped set (a new national day) gives a new version.
    private static string ComputeVersionId(BusinessCalendarDefinition definition, CalendarRules rules)
    {
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData(JsonSerializer.SerializeToUtf8Bytes(definition, CalendarJson.Options));
        hasher.AppendData(JsonSerializer.SerializeToUtf8Bytes(rules.HolidayRules, CalendarJson.Options));
        var hash = Convert.ToHexString(hasher.GetHashAndReset(), 0, 6).ToLowerInvariant();
        return $"{TzdbDateTimeZoneSource.Default.VersionId}-{hash}";
    }

    private static bool TryCompileRules(BusinessCalendarDefinition definition, [NotNullWhen(true)] out CalendarRules? rules, out IReadOnlyList<ValidationError> errors)
    {
        Guard.NotNull(definition);
        var problems = default(ErrorList);
        if (!Codes.IsValid(definition.Id))
        {
            problems.Add("id", string.IsNullOrEmpty(definition.Id) ? ValidationErrorCodes.Required : ValidationErrorCodes.InvalidFormat, "The calendar id " + Codes.Describe(definition.Id) + ".");
        }

        DateTimeZone? zone = null;
        if (string.IsNullOrWhiteSpace(definition.TimeZone))
        {
            problems.Add("timeZone", ValidationErrorCodes.Required, "The time zone is required (an IANA id such as 'America/New_York').");
        }
        else if ((zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(definition.TimeZone)) is null)
        {
            problems.Add("timeZone", ValidationErrorCodes.Unknown, $"'{definition.TimeZone}' is not an IANA time zone id known to the time zone database.");
        }

        var weekly = CalendarParsing.WeeklyVersions(definition.WeeklyHours, ref problems);

        var holidayRules = new List<HolidayRuleDefinition>();
        for (var i = 0; i < definition.HolidaySets.Count; i++)
        {
            var name = definition.HolidaySets[i];
            if (name is not null && HolidaySets.TryGet(name, out var set))
            {
                holidayRules.AddRange(set);
            }
            else
            {
                problems.Add($"holidaySets[{i}]", ValidationErrorCodes.Unknown, $"'{name}' is not a holiday set; use {string.Join(", ", HolidaySets.Names)}.");
            }
        }

        HolidayRules.Validate(definition.HolidayRules, "holidayRules", ref problems);
        foreach (var rule in definition.HolidayRules)
        {
            // Copies: the calendar expands its rules again whenever it extends its range, long after Build, and later
            // edits to the definition must not reach it (null rules are reported above).
            if (rule is not null)
            {
                holidayRules.Add(rule.Copy());
            }
        }

        // Without a valid zone the closures are still checked (against UTC) so that every problem is reported at once.
        var closures = CalendarParsing.Closures(definition.Closures, zone ?? DateTimeZone.Utc, ref problems);

        if (problems.HasErrors)
        {
            rules = null;
            errors = problems.ToList();
            return false;
        }

        rules = new CalendarRules(definition.Id!, zone!, weekly, holidayRules, closures);
        errors = [];
        return true;
    }
}
