using System;
using System.Globalization;
using System.Linq;
using Civic311.Internal;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Routing;

/// <summary><c>{"time": {"from": "22:00", "to": "06:00", "days": ["saturday", "sunday"]}}</c>: local time and day of week in the owning agency's zone.</summary>
internal sealed class TimeConditionKind() : RoutingConditionKind<TimeConditionDefinition>("time", d => d.Time)
{
    protected override CompiledCondition CompilePart(TimeConditionDefinition time, RoutingConditionContext context, string path, ref ErrorList problems)
    {
        var before = problems.Count;
        var from = ParseTime(time.From, path + ".from", allowEndOfDay: false, ref problems);
        var to = ParseTime(time.To, path + ".to", allowEndOfDay: true, ref problems);
        if ((time.From is null) != (time.To is null))
        {
            problems.Add(path, ValidationErrorCodes.Required, "Give both 'from' and 'to', or neither (days only).");
        }
        else if (from is not null && from == to && !string.Equals(time.To?.Trim(), "24:00", StringComparison.Ordinal))
        {
            problems.Add(path + ".to", ValidationErrorCodes.Inconsistent, "'from' and 'to' are equal, so the window is empty; use 00:00 to 24:00 for the whole day.");
        }

        var days = time.Days is null ? [] : NonEmptyDefined(time.Days, path + ".days", ref problems) ?? [];
        if (time.Days is not null && days.Contains(IsoDayOfWeek.None))
        {
            problems.Add(path + ".days", ValidationErrorCodes.NotInList, "'none' is not a day of the week.");
        }

        if (time.From is null && time.To is null && time.Days is null)
        {
            problems.Add(path, ValidationErrorCodes.Required, "The time condition sets neither hours ('from', 'to') nor 'days'.");
        }

        if (problems.Count != before)
        {
            return default;
        }

        // 00:00-24:00 is the whole day: no hour test.
        var wholeDay = from == LocalTime.Midnight && to == LocalTime.Midnight;
        return CompiledCondition.Leaf(new TimeCondition(wholeDay ? null : from, wholeDay ? null : to, days));
    }

    private static LocalTime? ParseTime(string? text, string path, bool allowEndOfDay, ref ErrorList problems)
    {
        if (text is null)
        {
            return null;
        }

        if (ControlCharacters.Refuse(text, path, ref problems))
        {
            return null;
        }

        text = text.Trim();
        if (allowEndOfDay && text == "24:00")
        {
            return LocalTime.Midnight;
        }

        var result = TimeCondition.Pattern.Parse(text);
        if (!result.Success)
        {
            problems.Add(path, ValidationErrorCodes.InvalidFormat, $"'{text}' is not a time of day as HH:mm{(allowEndOfDay ? " (or 24:00)" : string.Empty)}.");
            return null;
        }

        return result.Value;
    }
}

/// <summary>A window of local time (from inclusive, to exclusive, wrapping past midnight) and days, in the owning agency's zone.</summary>
internal sealed class TimeCondition(LocalTime? from, LocalTime? to, IsoDayOfWeek[] days) : Condition
{
    public static readonly LocalTimePattern Pattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private readonly int _dayMask = days.Length == 0 ? 0xFF : days.Aggregate(0, (m, d) => m | (1 << (int)d));

    public override bool Evaluate(ref RoutingState state)
    {
        if (!state.TryGetLocalTime(out var local) || (_dayMask & (1 << (int)local.DayOfWeek)) == 0)
        {
            return false;
        }

        if (from is not { } start || to is not { } end)
        {
            return true;
        }

        var time = local.TimeOfDay;
        return start < end ? time >= start && time < end : time >= start || time < end;
    }

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (!state.TryGetLocalTime(out var local))
        {
            return $"time: service type {state.Input.ServiceCode} is not in the catalog, so its agency's time zone is unknown";
        }

        var when = string.Create(CultureInfo.InvariantCulture, $"{local.DayOfWeek} {Pattern.Format(local.TimeOfDay)} ({state.Service!.Zone.Id})");
        return outcome ? $"local time is {when}" : $"time: {when} is not {Window()}";
    }

    public override string Describe() => "local time is " + Window();

    private string Window()
    {
        var hours = from is { } start && to is { } end ? $"{Pattern.Format(start)}-{(end == LocalTime.Midnight ? "24:00" : Pattern.Format(end))}" : "any time";
        return days.Length == 0 ? hours + " on any day" : hours + " on " + OneOf(days);
    }
}
