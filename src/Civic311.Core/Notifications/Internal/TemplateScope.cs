using System.Globalization;
using NodaTime;

namespace Civic311.Notifications;

/// <summary>
/// One render's values: the <see cref="NotificationData"/>, the recipient's culture and the template language's words;
/// <see cref="TemplateVariables"/> reads each variable from it only when a template asks for it.
/// </summary>
internal sealed class TemplateScope
{
    public TemplateScope(NotificationData data, CultureInfo culture, TemplateWords words)
    {
        Data = data;
        Culture = culture;
        Words = words;
    }

    public NotificationData Data { get; }

    public CultureInfo Culture { get; }

    public TemplateWords Words { get; }

    public TemplateInstant? Instant(Instant? instant) => instant is { } value ? new TemplateInstant(value, Data.TimeZone, Culture) : null;

    public TemplateDuration? Duration(Duration? duration) => duration is { } value ? new TemplateDuration(value, Words) : null;
}
