using System;
using System.Diagnostics.CodeAnalysis;
using Civic311.Internal;

namespace Civic311.Notifications;

/// <summary>
/// Identifies one template: an event, a language, a channel and a part. Its <see cref="Name"/> is also the template's file
/// name without its <c>.scriban</c> or <c>.liquid</c> extension: <c>{kind}.{language}.{channel}.{part}</c>, all lower case but the language's
/// region, for example <c>request-received.es.email.subject</c> or <c>on-hold.es-PA.sms.text</c>.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record NotificationTemplateKey
{
    /// <summary>Creates a key.</summary>
    /// <param name="kind">The event.</param>
    /// <param name="language">A BCP 47 language tag, for example <c>en</c>, <c>es</c> or <c>es-PA</c>; normalized (<c>ES-pa</c> becomes <c>es-PA</c>).</param>
    /// <param name="channel">The channel kind.</param>
    /// <param name="part">The part; it must belong to the channel (see <see cref="PartsOf"/>).</param>
    /// <exception cref="ArgumentException">The language is not a language tag, or the part does not belong to the channel.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An enum value is not defined.</exception>
    public NotificationTemplateKey(NotificationKind kind, string language, ChannelKind channel, TemplatePart part)
    {
        Kind = Guard.Defined(kind);
        Channel = Guard.Defined(channel);
        Part = Guard.Defined(part);
        Language = LanguageTags.Normalize(language) ?? throw new ArgumentException($"'{language}' is not a BCP 47 language tag such as 'en', 'es' or 'es-PA'.", nameof(language));
        if (Array.IndexOf(PartsOf(channel), part) < 0)
        {
            throw new ArgumentException($"A {channel} template has no {part} part; it has {string.Join(", ", PartsOf(channel))}.", nameof(part));
        }
    }

    /// <summary>Gets the event.</summary>
    public NotificationKind Kind { get; }

    /// <summary>Gets the normalized language tag.</summary>
    public string Language { get; }

    /// <summary>Gets the channel kind.</summary>
    public ChannelKind Channel { get; }

    /// <summary>Gets the part.</summary>
    public TemplatePart Part { get; }

    /// <summary>Gets the template's name, for example <c>request-received.es.email.subject</c>.</summary>
    public string Name => $"{Kind.TemplateName()}.{Language}.{ChannelName(Channel)}.{PartName(Part)}";

    /// <summary>Gets the parts a channel's templates have, in order.</summary>
    /// <param name="channel">The channel kind.</param>
    /// <returns>E-mail: subject, html, text; SMS: text; push and webhook: title, body.</returns>
    public static TemplatePart[] PartsOf(ChannelKind channel) => channel switch
    {
        ChannelKind.Email => [TemplatePart.Subject, TemplatePart.Html, TemplatePart.Text],
        ChannelKind.Sms => [TemplatePart.Text],
        ChannelKind.Push or ChannelKind.Webhook => [TemplatePart.Title, TemplatePart.Body],
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, $"'{channel}' is not a defined ChannelKind value."),
    };

    /// <summary>Parses a template name (a file name without its <c>.scriban</c> or <c>.liquid</c> extension), for example <c>resolved.es.sms.text</c>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="key">The key, when the name is valid.</param>
    /// <returns><see langword="true"/> when the name is valid.</returns>
    public static bool TryParse(string? name, [NotNullWhen(true)] out NotificationTemplateKey? key)
    {
        key = null;
        var parts = name?.Split('.');
        if (parts is not { Length: 4 }
            || !TryParseKind(parts[0], out var kind)
            || LanguageTags.Normalize(parts[1]) is not { } language
            || !TryParseName(parts[2], out ChannelKind channel)
            || !TryParseName(parts[3], out TemplatePart part)
            || Array.IndexOf(PartsOf(channel), part) < 0)
        {
            return false;
        }

        key = new NotificationTemplateKey(kind, language, channel, part);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    internal static string ChannelName(ChannelKind channel) => channel.ToString().ToLowerInvariant();

    internal static string PartName(TemplatePart part) => part.ToString().ToLowerInvariant();

    private static bool TryParseKind(string text, out NotificationKind kind)
    {
        foreach (var candidate in Enum.GetValues<NotificationKind>())
        {
            if (string.Equals(candidate.TemplateName(), text, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    private static bool TryParseName<T>(string text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
