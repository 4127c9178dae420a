using System;
using Civic311.Requests;
using Civic311.Sla;
using NodaTime;

namespace Civic311.Notifications;

/// <summary>The words templates print for statuses, SLA KPIs and durations, in English and Spanish (English for any other language).</summary>
internal sealed class TemplateWords
{
    public static readonly TemplateWords English = new(
        ["received", "acknowledged", "assigned", "in progress", "on hold", "resolved", "closed", "cancelled", "duplicate", "reopened"],
        ["normal", "low", "high", "urgent"],
        "first response",
        "resolution",
        ("day", "days"),
        ("hour", "hours"),
        ("minute", "minutes"));

    public static readonly TemplateWords Spanish = new(
        ["recibida", "aceptada", "asignada", "en curso", "en espera", "resuelta", "cerrada", "cancelada", "duplicada", "reabierta"],
        ["normal", "baja", "alta", "urgente"],
        "primera respuesta",
        "resolución",
        ("día", "días"),
        ("hora", "horas"),
        ("minuto", "minutos"));

    private readonly string[] _statuses;
    private readonly string[] _priorities;
    private readonly string _firstResponse;
    private readonly string _resolution;
    private readonly (string One, string Many) _day;
    private readonly (string One, string Many) _hour;
    private readonly (string One, string Many) _minute;

    private TemplateWords(string[] statuses, string[] priorities, string firstResponse, string resolution, (string, string) day, (string, string) hour, (string, string) minute)
    {
        _statuses = statuses;
        _priorities = priorities;
        _firstResponse = firstResponse;
        _resolution = resolution;
        _day = day;
        _hour = hour;
        _minute = minute;
    }

    public static TemplateWords For(string language) =>
        language.StartsWith("es", StringComparison.Ordinal) && (language.Length == 2 || language[2] == '-') ? Spanish : English;

    public string Status(ServiceRequestStatus status) => (int)status < _statuses.Length && status >= 0 ? _statuses[(int)status] : status.ToString();

    public string Priority(Priority priority) => (int)priority < _priorities.Length && priority >= 0 ? _priorities[(int)priority] : priority.ToString();

    public string Kpi(string kpi) => kpi switch
    {
        SlaTarget.FirstResponse => _firstResponse,
        SlaTarget.Resolution => _resolution,
        _ => kpi,
    };

    /// <summary>The two largest non-zero units, for example <c>2 days 3 hours</c>; <c>0 minutes</c> for less than a minute.</summary>
    public string Duration(Duration duration)
    {
        var minutes = (long)Math.Floor(Math.Abs(duration.TotalMinutes));
        var days = minutes / (24 * 60);
        var hours = minutes / 60 % 24;
        var rest = minutes % 60;
        if (days > 0)
        {
            return hours > 0 ? $"{Unit(days, _day)} {Unit(hours, _hour)}" : Unit(days, _day);
        }

        if (hours > 0)
        {
            return rest > 0 ? $"{Unit(hours, _hour)} {Unit(rest, _minute)}" : Unit(hours, _hour);
        }

        return Unit(rest, _minute);

        static string Unit(long value, (string One, string Many) unit) =>
            value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + (value == 1 ? unit.One : unit.Many);
    }
}
