using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace Civic311.Notifications;

/// <summary>
/// The object one render hands to Handlebars: a read-only dictionary of the template variables over a
/// <see cref="NotificationData"/>, reading each value only when a template asks for it.
/// </summary>
internal sealed class TemplateScope : IReadOnlyDictionary<string, object?>
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

    public IEnumerable<string> Keys => TemplateVariables.Names;

    public IEnumerable<object?> Values => Keys.Select(k => this[k]);

    public int Count => TemplateVariables.ByName.Count;

    public object? this[string key] => TryGetValue(key, out var value) ? value : null;

    public TemplateInstant? Instant(Instant? instant) => instant is { } value ? new TemplateInstant(value, Data.TimeZone, Culture) : null;

    public TemplateDuration? Duration(Duration? duration) => duration is { } value ? new TemplateDuration(value, Words) : null;

    public bool ContainsKey(string key) => TemplateVariables.ByName.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        value = TemplateVariables.ByName.TryGetValue(key, out var variable) ? variable.Read(this) : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        Keys.Select(k => new KeyValuePair<string, object?>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
