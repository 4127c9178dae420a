using System;
using System.Collections.Generic;
using System.Globalization;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Sla;

/// <summary>The validated SLA policies and calendars of a center: which targets a request gets, on which calendar.</summary>
internal sealed class SlaPolicies
{
    private readonly Dictionary<(string Service, Priority? Priority), SlaPolicy> _policies;
    private readonly Dictionary<string, BusinessCalendar> _calendars;
    private readonly Dictionary<string, BusinessCalendar> _agencyCalendars;
    private readonly Dictionary<string, SlaPolicy> _named;
    private readonly HashSet<string> _pinned;

    private SlaPolicies(
        Dictionary<(string, Priority?), SlaPolicy> policies,
        Dictionary<string, SlaPolicy> named,
        Dictionary<string, BusinessCalendar> calendars,
        Dictionary<string, BusinessCalendar> agencyCalendars,
        HashSet<string> pinned)
    {
        _pinned = pinned;
        _policies = policies;
        _named = named;
        _calendars = calendars;
        _agencyCalendars = agencyCalendars;
    }

    public IReadOnlyDictionary<string, BusinessCalendar> Calendars => _calendars;

    /// <summary>
    /// The policy for a request: the one routing named for it, else its priority's own, else the service type's general one,
    /// else none.
    /// </summary>
    public SlaPolicy? For(string serviceCode, Priority priority, string? policyName = null) =>
        policyName is not null && _named.TryGetValue(policyName, out var named) ? named
        : _policies.TryGetValue((serviceCode, priority), out var specific) ? specific
        : _policies.TryGetValue((serviceCode, null), out var general) ? general
        : null;

    public bool HasNamed(string name) => _named.ContainsKey(name);

    public BusinessCalendar CalendarOf(string agencyCode) => _agencyCalendars[agencyCode];

    /// <summary>The calendar a target runs on in a request the agency owns: the target's own, else the agency's.</summary>
    public BusinessCalendar CalendarFor(SlaTarget target, string agencyCode) =>
        target.CalendarId is { } id ? _calendars[id] : _agencyCalendars[agencyCode];

    /// <summary>Whether some SLA target runs on the calendar whatever the agency (so a calendar edit concerns every agency's requests).</summary>
    public bool IsPinned(string calendarId) => _pinned.Contains(calendarId);

    public BusinessCalendar? TryCalendarOf(string agencyCode) => _agencyCalendars.TryGetValue(agencyCode, out var calendar) ? calendar : null;

    public static SlaPolicies Compile(
        ServiceCatalog catalog,
        IList<BusinessCalendarDefinition> calendarDefinitions,
        IList<SlaPolicyDefinition> policyDefinitions,
        ref ErrorList problems)
    {
        var calendars = new Dictionary<string, BusinessCalendar>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < calendarDefinitions.Count; i++)
        {
            var definition = calendarDefinitions[i];
            if (definition is null)
            {
                problems.Add($"calendars[{i}]", ValidationErrorCodes.Required, "The calendar entry is null.");
                continue;
            }

            if (!BusinessCalendar.TryBuild(definition, out var calendar, out var errors))
            {
                foreach (var error in errors)
                {
                    problems.Add($"calendars[{i}].{error.Field}", error.Code, error.Message);
                }
            }
            else if (!calendars.TryAdd(calendar.Id, calendar))
            {
                problems.Add($"calendars[{i}].id", ValidationErrorCodes.Duplicate, $"The calendar id '{definition.Id}' is used twice.");
            }
        }

        // Agencies without a calendar are open around the clock in their own zone: business time is then wall time.
        var agencyCalendars = new Dictionary<string, BusinessCalendar>(StringComparer.OrdinalIgnoreCase);
        var aroundTheClock = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        for (var a = 0; a < catalog.Agencies.Count; a++)
        {
            var agency = catalog.Agencies[a];
            if (agency.CalendarId is null)
            {
                if (!aroundTheClock.TryGetValue(agency.TimeZone.Id, out var always))
                {
                    var definition = new BusinessCalendarDefinition { Id = "24x7", TimeZone = agency.TimeZone.Id }.AddWeeklyHours(WeeklyHoursDefinition.AllDayEveryDay());
                    always = BusinessCalendar.Build(definition);
                    aroundTheClock.Add(agency.TimeZone.Id, always);
                }

                agencyCalendars.Add(agency.Code, always);
            }
            else if (calendars.TryGetValue(agency.CalendarId, out var calendar))
            {
                agencyCalendars.Add(agency.Code, calendar);
            }
            else
            {
                problems.Add($"catalog.agencies[{a}].calendar", ValidationErrorCodes.Unknown, $"The agency '{agency.Code}' uses the calendar '{agency.CalendarId}', which is not among the calendars.");
            }
        }

        var policies = new Dictionary<(string, Priority?), SlaPolicy>();
        var pinned = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var named = new Dictionary<string, SlaPolicy>(StringComparer.OrdinalIgnoreCase);
        for (var p = 0; p < policyDefinitions.Count; p++)
        {
            var path = $"slaPolicies[{p}]";
            var definition = policyDefinitions[p];
            if (definition is null)
            {
                problems.Add(path, ValidationErrorCodes.Required, "The SLA policy entry is null.");
                continue;
            }

            var before = problems.Count;
            ServiceType? serviceType = null;
            if (string.IsNullOrWhiteSpace(definition.ServiceCode))
            {
                // A named policy may serve routing overrides only; an unnamed one would never apply.
                if (definition.Name is null)
                {
                    problems.Add(path + ".serviceCode", ValidationErrorCodes.Required, "The service code is required (or a name, for a policy routing rules give).");
                }
            }
            else if (!catalog.TryGetServiceType(definition.ServiceCode, out serviceType))
            {
                problems.Add(path + ".serviceCode", ValidationErrorCodes.Unknown, $"'{definition.ServiceCode}' is not a service code in the catalog.");
            }

            if (definition.Priority is { } priority && !Enum.IsDefined(priority))
            {
                problems.Add(path + ".priority", ValidationErrorCodes.NotInList, $"'{(int)priority}' is not a priority.");
            }

            if (definition.WarningPercent is < 1 or > 99)
            {
                problems.Add(path + ".warningPercent", ValidationErrorCodes.OutOfRange, $"The warning threshold must be from 1 to 99 percent; it is {definition.WarningPercent}.");
            }

            if (definition.Targets.Count == 0)
            {
                problems.Add(path + ".targets", ValidationErrorCodes.Required, "The policy has no target.");
            }

            var policyCalendar = CheckCalendar(definition.Calendar, path + ".calendar", calendars, ref problems);
            var targets = new List<SlaTarget>(definition.Targets.Count);
            var kpis = new HashSet<string>(StringComparer.Ordinal);
            for (var t = 0; t < definition.Targets.Count; t++)
            {
                if (ParseTarget(definition.Targets[t], $"{path}.targets[{t}]", calendars, ref problems) is { } parsed)
                {
                    // A target without a calendar of its own runs on the policy's, if it names one.
                    var target = parsed.CalendarId is null && policyCalendar is not null ? parsed.OnCalendar(policyCalendar) : parsed;
                    if (target.CalendarId is { } pinnedId)
                    {
                        pinned.Add(pinnedId);
                    }

                    if (!kpis.Add(target.Kpi))
                    {
                        problems.Add($"{path}.targets[{t}].kpi", ValidationErrorCodes.Duplicate, $"The KPI '{target.Kpi}' has two targets in this policy.");
                    }

                    targets.Add(target);
                }
            }

            HashSet<string>? pauseReasons = null;
            for (var r = 0; r < definition.PauseHoldReasons.Count; r++)
            {
                var reason = definition.PauseHoldReasons[r]?.Trim();
                if (string.IsNullOrEmpty(reason))
                {
                    problems.Add($"{path}.pauseHoldReasons[{r}]", ValidationErrorCodes.Required, "A hold reason is empty.");
                }
                else if (!(pauseReasons ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(reason))
                {
                    problems.Add($"{path}.pauseHoldReasons[{r}]", ValidationErrorCodes.Duplicate, $"The hold reason '{reason}' is listed twice.");
                }
            }

            if (!definition.PauseOnHold && definition.PauseHoldReasons.Count > 0)
            {
                problems.Add(path + ".pauseHoldReasons", ValidationErrorCodes.Inconsistent, "Hold reasons that pause the clocks are listed, but pauseOnHold is false.");
            }

            var policy = new SlaPolicy(targets.ToArray(), definition.WarningPercent, definition.PauseOnHold, pauseReasons);
            if (definition.Name is { } name)
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    problems.Add(path + ".name", ValidationErrorCodes.Required, "The policy name is empty; leave it out or give one.");
                }
                else if (problems.Count == before && !named.TryAdd(name.Trim(), policy))
                {
                    problems.Add(path + ".name", ValidationErrorCodes.Duplicate, $"Two SLA policies are named '{name.Trim()}'.");
                }
            }

            if (problems.Count == before && serviceType is not null && !policies.TryAdd((serviceType.Code, definition.Priority), policy))
            {
                problems.Add(path, ValidationErrorCodes.Duplicate, $"The service '{serviceType.Code}' has two policies for {(definition.Priority is { } pr ? "priority " + pr : "every priority")}.");
            }
        }

        return new SlaPolicies(policies, named, calendars, agencyCalendars, pinned);
    }

    // The calendar id a policy or target names, as the calendars spell it (ids compare case-insensitively); null when none is named.
    private static string? CheckCalendar(string? id, string path, Dictionary<string, BusinessCalendar> calendars, ref ErrorList problems)
    {
        if (id is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add(path, ValidationErrorCodes.Required, "The calendar id is empty; leave it out to use the agency's calendar.");
            return null;
        }

        if (!calendars.TryGetValue(id.Trim(), out var calendar))
        {
            problems.Add(path, ValidationErrorCodes.Unknown, $"The calendar '{id.Trim()}' is not among the calendars.");
            return null;
        }

        return calendar.Id;
    }

    private static SlaTarget? ParseTarget(SlaTargetDefinition? definition, string path, Dictionary<string, BusinessCalendar> calendars, ref ErrorList problems)
    {
        if (definition is null)
        {
            problems.Add(path, ValidationErrorCodes.Required, "The target entry is null.");
            return null;
        }

        var ok = true;
        if (string.IsNullOrWhiteSpace(definition.Kpi))
        {
            problems.Add(path + ".kpi", ValidationErrorCodes.Required, "The KPI is required (firstResponse, resolution or your own).");
            ok = false;
        }

        if (!Enum.IsDefined(definition.Kind))
        {
            problems.Add(path + ".kind", ValidationErrorCodes.NotInList, $"'{(int)definition.Kind}' is not a target kind; use businessTime, calendarTime, businessDays or calendarDays.");
            return null;
        }

        if (!Enum.IsDefined(definition.Start))
        {
            problems.Add(path + ".start", ValidationErrorCodes.NotInList, $"'{(int)definition.Start}' is not a start rule; use atArrival or atNextOpening.");
            ok = false;
        }

        var calendarId = CheckCalendar(definition.Calendar, path + ".calendar", calendars, ref problems);
        ok &= definition.Calendar is null || calendarId is not null;

        SlaTarget? target = null;
        if (definition.Kind is SlaTimeKind.BusinessDays or SlaTimeKind.CalendarDays)
        {
            var what = definition.Kind == SlaTimeKind.BusinessDays ? "business-days" : "calendar-days";
            if (definition.Days is < 1 or > SlaTarget.MaxDays)
            {
                problems.Add(path + ".days", ValidationErrorCodes.OutOfRange, $"A {what} target needs 1 to {SlaTarget.MaxDays} days; it has {definition.Days}.");
                ok = false;
            }

            if (!Enum.IsDefined(definition.DayEnd))
            {
                problems.Add(path + ".dayEnd", ValidationErrorCodes.NotInList, $"'{(int)definition.DayEnd}' is not a day end; use sameTimeOfDay, closingOfDay or openingAfterDay.");
                ok = false;
            }
            else if (definition.Kind == SlaTimeKind.CalendarDays && definition.DayEnd != BusinessDayEnd.SameTimeOfDay)
            {
                problems.Add(path + ".dayEnd", ValidationErrorCodes.Inconsistent, "A calendar-days target ends at the same time of day; the day end is for business-days targets.");
                ok = false;
            }

            if (definition.Amount is not null)
            {
                problems.Add(path + ".amount", ValidationErrorCodes.Inconsistent, $"A {what} target is measured in days; leave the amount out.");
                ok = false;
            }

            if (ok)
            {
                target = definition.Kind == SlaTimeKind.BusinessDays
                    ? SlaTarget.BusinessDays(definition.Kpi!, definition.Days, definition.DayEnd)
                    : SlaTarget.CalendarDays(definition.Kpi!, definition.Days);
            }
        }
        else
        {
            if (DescribeAmountProblem(definition.Amount, definition.Kind, out var amount) is { } problem)
            {
                problems.Add(path + ".amount", problem.Code, problem.Message);
                ok = false;
            }

            if (definition.Days != 0)
            {
                problems.Add(path + ".days", ValidationErrorCodes.Inconsistent, $"A {(definition.Kind == SlaTimeKind.BusinessTime ? "business-time" : "calendar-time")} target is measured by its amount; leave the days out, or use a days kind.");
                ok = false;
            }

            if (ok)
            {
                target = definition.Kind == SlaTimeKind.BusinessTime ? SlaTarget.BusinessTime(definition.Kpi!, amount) : SlaTarget.CalendarTime(definition.Kpi!, amount);
            }
        }

        return target?.StartingAt(definition.Start).OnCalendar(calendarId);
    }

    private const int MaxAmountMinutes = 10_000_000;

    private const string AcceptedAmounts = "a positive number and a unit, m (minutes) or h (hours), such as 30m, 4h or 1.5h, of at most 10,000,000 minutes (about 19 years)";

    // Why an amount is refused (null when it is accepted). "d" is refused on purpose: for business time it could be working
    // days or 24 h of open time, for calendar time local dates or 24 elapsed hours, and the two differ.
    private static (string Code, string Message)? DescribeAmountProblem(string? text, SlaTimeKind kind, out Duration amount)
    {
        amount = Duration.Zero;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (ValidationErrorCodes.Required, $"The amount is required: {AcceptedAmounts}.");
        }

        if (trimmed.Length >= 2 && char.ToLowerInvariant(trimmed[^1]) == 'd'
            && decimal.TryParse(trimmed[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var days) && days is > 0 and <= SlaTarget.MaxDays)
        {
            var hours = (days * 24).ToString("0.####", CultureInfo.InvariantCulture) + "h";
            var count = days.ToString("0.####", CultureInfo.InvariantCulture);
            var message = kind == SlaTimeKind.BusinessTime
                ? $"'{ControlCharacters.Printable(trimmed)}' is ambiguous: for {count} working days use kind businessDays with days {count}; for {count} x 24 hours of open time use the amount {hours}."
                : $"'{ControlCharacters.Printable(trimmed)}' is ambiguous: for {count} local dates later at the same time of day use kind calendarDays with days {count}; for {count} x 24 elapsed hours use the amount {hours}.";
            return (ValidationErrorCodes.Ambiguous, message);
        }

        return TryParseAmount(trimmed, out amount) ? null : (ValidationErrorCodes.InvalidFormat, $"'{ControlCharacters.Printable(trimmed)}' is not a length; write {AcceptedAmounts}, or use kind businessDays or calendarDays with days.");
    }

    private static bool TryParseAmount(string text, out Duration amount)
    {
        amount = Duration.Zero;
        if (text.Length < 2)
        {
            return false;
        }

        var unit = char.ToLowerInvariant(text[^1]);
        // Bounded before the unit multiplies it: 6e25 hours would overflow decimal, not merely be too long.
        if (!decimal.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number <= 0 || number > MaxAmountMinutes)
        {
            return false;
        }

        var minutes = unit switch
        {
            'm' => number,
            'h' => number * 60,
            _ => -1m,
        };
        if (minutes <= 0 || minutes > MaxAmountMinutes)
        {
            return false;
        }

        amount = Duration.FromTicks((long)(minutes * NodaConstants.TicksPerMinute));
        return amount > Duration.Zero;
    }
}

/// <summary>The targets a request gets, their warning threshold, and which holds stop the clocks.</summary>
internal sealed record SlaPolicy(IReadOnlyList<SlaTarget> Targets, int WarningPercent, bool PauseOnHold = true, IReadOnlySet<string>? PauseHoldReasons = null)
{
    /// <summary>Whether putting a request on hold with this reason pauses its clocks.</summary>
    public bool PausesOn(string? holdReason) =>
        PauseOnHold && (PauseHoldReasons is null || (holdReason is not null && PauseHoldReasons.Contains(holdReason)));
}
