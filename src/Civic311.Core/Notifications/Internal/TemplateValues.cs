using System.Globalization;
using NodaTime;

namespace Civic311.Notifications;

/// <summary>An instant as templates see it: in the agency's zone and the recipient's culture; prints as a long date.</summary>
internal sealed class TemplateInstant
{
    public TemplateInstant(Instant instant, DateTimeZone zone, CultureInfo culture)
    {
        Local = instant.InZone(zone).LocalDateTime;
        Culture = culture;
    }

    public LocalDateTime Local { get; }

    public CultureInfo Culture { get; }

    /// <summary>Formats with a .NET date and time format string (standard like <c>D</c>, <c>f</c>, <c>t</c>, or custom).</summary>
    public string Format(string format) => Local.ToDateTimeUnspecified().ToString(format, Culture);

    public override string ToString() => Format("D");
}

/// <summary>A duration as templates see it: prints in words of the template's language.</summary>
internal sealed class TemplateDuration
{
    public TemplateDuration(Duration value, TemplateWords words)
    {
        Value = value;
        Words = words;
    }

    public Duration Value { get; }

    public TemplateWords Words { get; }

    public override string ToString() => Words.Duration(Value);
}
