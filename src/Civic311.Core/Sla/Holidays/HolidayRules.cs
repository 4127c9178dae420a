using System;
using System.Collections.Generic;
using Civic311.Internal;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Sla.Holidays;

/// <summary>Validates holiday rules and expands them into the holidays of a range of years.</summary>
public static class HolidayRules
{
    /// <summary>The first year rules are expanded for.</summary>
    public const int MinYear = SupportedYears.Min;

    /// <summary>The last year rules are expanded for.</summary>
    public const int MaxYear = SupportedYears.Max;

    /// <summary>Checks rules; every problem is reported, with the rule's index as the field (<c>[2].month</c>).</summary>
    /// <param name="rules">The rules.</param>
    /// <returns>Every problem found; empty when all rules are valid.</returns>
    public static IReadOnlyList<ValidationError> Validate(IEnumerable<HolidayRuleDefinition> rules)
    {
        var errors = default(ErrorList);
        Validate(rules, string.Empty, ref errors);
        return errors.ToList();
    }

    /// <summary>The holidays the rules put in <paramref name="fromYear"/> to <paramref name="toYear"/> (inclusive), sorted by date.</summary>
    /// <remarks>
    /// A holiday belongs to the year of its observed date: New Year's Day 2022 (a Saturday) observed on Friday 31 December
    /// 2021 is a holiday of 2021. Two rules on one date both appear.
    /// </remarks>
    /// <param name="rules">Valid rules (see <see cref="Validate(IEnumerable{HolidayRuleDefinition})"/>).</param>
    /// <param name="fromYear">The first year.</param>
    /// <param name="toYear">The last year.</param>
    /// <returns>The holidays.</returns>
    /// <exception cref="Civic311ValidationException">A rule is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The years are outside <see cref="MinYear"/> to <see cref="MaxYear"/> or reversed.</exception>
    public static IReadOnlyList<Holiday> Expand(IEnumerable<HolidayRuleDefinition> rules, int fromYear, int toYear)
    {
        Guard.NotNull(rules);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromYear, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(toYear, MaxYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fromYear, toYear);
        var errors = default(ErrorList);
        var list = new List<HolidayRuleDefinition>(rules);
        Validate(list, string.Empty, ref errors);
        errors.ThrowIfAny("holiday rules");

        var holidays = new List<Holiday>();
        foreach (var rule in list)
        {
            // Observance moves a date by at most a few days, so look one year either side.
            for (var year = Math.Max(MinYear, fromYear - 1); year <= Math.Min(MaxYear, toYear + 1); year++)
            {
                if ((rule.FromYear is { } from && year < from) || (rule.ToYear is { } to && year > to))
                {
                    continue;
                }

                foreach (var date in DatesIn(rule, year))
                {
                    var observed = Observe(date, rule.Observance);
                    if (observed.Year >= fromYear && observed.Year <= toYear)
                    {
                        holidays.Add(new Holiday(observed, rule.Name!.Trim()));
                    }
                }
            }
        }

        holidays.Sort(static (a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : string.CompareOrdinal(a.Name, b.Name));
        return holidays.ToArray();
    }

    /// <summary>Western Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm).</summary>
    /// <param name="year">The year.</param>
    /// <returns>Easter Sunday.</returns>
    public static LocalDate EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }

    internal static void Validate(IEnumerable<HolidayRuleDefinition> rules, string prefix, ref ErrorList errors)
    {
        Guard.NotNull(rules);
        var index = 0;
        foreach (var rule in rules)
        {
            var path = $"{prefix}[{index++}]";
            if (rule is null)
            {
                errors.Add(path, ValidationErrorCodes.Required, "The holiday rule is null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add(path + ".name", ValidationErrorCodes.Required, "The holiday name is required.");
            }

            if (!Enum.IsDefined(rule.Kind))
            {
                errors.Add(path + ".kind", ValidationErrorCodes.NotInList, $"'{rule.Kind}' is not a rule kind; use fixedDate, nthWeekday, lastWeekday, easterOffset or explicitDates.");
            }

            if (!Enum.IsDefined(rule.Observance))
            {
                errors.Add(path + ".observance", ValidationErrorCodes.NotInList, $"'{rule.Observance}' is not an observance; use none, nearestWeekday, sundayToMonday or weekendToMonday.");
            }

            if (rule.Kind is HolidayRuleKind.FixedDate or HolidayRuleKind.NthWeekday or HolidayRuleKind.LastWeekday && rule.Month is < 1 or > 12)
            {
                errors.Add(path + ".month", ValidationErrorCodes.OutOfRange, $"The month must be from 1 to 12; it is {rule.Month}.");
            }

            if (rule.Kind == HolidayRuleKind.FixedDate && rule.Month is >= 1 and <= 12
                && (rule.Day < 1 || rule.Day > (rule.Month == 2 ? 29 : CalendarSystem.Iso.GetDaysInMonth(2001, rule.Month))))
            {
                errors.Add(path + ".day", ValidationErrorCodes.OutOfRange, $"Day {rule.Day} does not exist in month {rule.Month}.");
            }

            if (rule.Kind is HolidayRuleKind.NthWeekday or HolidayRuleKind.LastWeekday && rule.Weekday is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
            {
                errors.Add(path + ".weekday", ValidationErrorCodes.Required, "The weekday is required (monday to sunday).");
            }

            if (rule.Kind == HolidayRuleKind.NthWeekday && rule.Occurrence is < 1 or > 5)
            {
                errors.Add(path + ".occurrence", ValidationErrorCodes.OutOfRange, $"The occurrence must be from 1 to 5; it is {rule.Occurrence}.");
            }

            if (rule.Kind == HolidayRuleKind.EasterOffset && rule.OffsetDays is < -180 or > 180)
            {
                errors.Add(path + ".offsetDays", ValidationErrorCodes.OutOfRange, $"The offset from Easter must be within 180 days; it is {rule.OffsetDays}.");
            }

            if (rule.Kind == HolidayRuleKind.ExplicitDates)
            {
                if (rule.Dates.Count == 0)
                {
                    errors.Add(path + ".dates", ValidationErrorCodes.Required, "An explicit-dates rule needs at least one date.");
                }

                for (var d = 0; d < rule.Dates.Count; d++)
                {
                    var text = rule.Dates[d] ?? string.Empty;
                    if (!ControlCharacters.Refuse(text, $"{path}.dates[{d}]", ref errors)
                        && LocalDatePattern.Iso.Parse(text) is var parsed && (!parsed.Success || parsed.Value.Year is < MinYear or > MaxYear))
                    {
                        errors.Add($"{path}.dates[{d}]", ValidationErrorCodes.InvalidFormat, $"'{rule.Dates[d]}' is not a date yyyy-MM-dd from {MinYear} to {MaxYear}.");
                    }
                }
            }
            else if (rule.Dates.Count > 0)
            {
                errors.Add(path + ".dates", ValidationErrorCodes.Inconsistent, $"Only explicit-dates rules take dates; this rule is {rule.Kind}.");
            }

            if (rule.FromYear is { } fromYear && rule.ToYear is { } toYear && toYear < fromYear)
            {
                errors.Add(path + ".toYear", ValidationErrorCodes.OutOfRange, $"The last year {toYear} is before the first year {fromYear}.");
            }
        }
    }

    private static IEnumerable<LocalDate> DatesIn(HolidayRuleDefinition rule, int year)
    {
        switch (rule.Kind)
        {
            case HolidayRuleKind.FixedDate:
                if (rule.Month == 2 && rule.Day == 29 && !CalendarSystem.Iso.IsLeapYear(year))
                {
                    yield break; // a 29 February holiday exists in leap years only
                }

                yield return new LocalDate(year, rule.Month, rule.Day);
                break;
            case HolidayRuleKind.NthWeekday:
            {
                var first = new LocalDate(year, rule.Month, 1);
                var date = first.With(DateAdjusters.NextOrSame(rule.Weekday)).PlusWeeks(rule.Occurrence - 1);
                if (date.Month == rule.Month)
                {
                    yield return date; // a fifth weekday does not exist in every month
                }

                break;
            }

            case HolidayRuleKind.LastWeekday:
                yield return new LocalDate(year, rule.Month, 1).With(DateAdjusters.EndOfMonth).With(DateAdjusters.PreviousOrSame(rule.Weekday));
                break;
            case HolidayRuleKind.EasterOffset:
                yield return EasterSunday(year).PlusDays(rule.OffsetDays);
                break;
            default:
                foreach (var text in rule.Dates)
                {
                    var date = LocalDatePattern.Iso.Parse(text).Value;
                    if (date.Year == year)
                    {
                        yield return date;
                    }
                }

                break;
        }
    }

    private static LocalDate Observe(LocalDate date, HolidayObservance observance) => (observance, date.DayOfWeek) switch
    {
        (HolidayObservance.NearestWeekday, IsoDayOfWeek.Saturday) => date.PlusDays(-1),
        (HolidayObservance.NearestWeekday, IsoDayOfWeek.Sunday) => date.PlusDays(1),
        (HolidayObservance.SundayToMonday, IsoDayOfWeek.Sunday) => date.PlusDays(1),
        (HolidayObservance.WeekendToMonday, IsoDayOfWeek.Saturday) => date.PlusDays(2),
        (HolidayObservance.WeekendToMonday, IsoDayOfWeek.Sunday) => date.PlusDays(1),
        _ => date,
    };
}
