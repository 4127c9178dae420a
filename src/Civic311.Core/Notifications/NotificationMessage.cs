using System;

namespace Civic311.Notifications;

/// <summary>
/// A rendered notification, ready for a channel: which event, for whom, in which language, and the channel's content.
/// Which content properties are set depends on <see cref="Channel"/>:
/// e-mail has <see cref="Subject"/>, <see cref="HtmlBody"/> and <see cref="TextBody"/>; SMS has <see cref="TextBody"/> and
/// <see cref="Sms"/>; push has <see cref="Subject"/> (the title) and <see cref="TextBody"/> (the body); webhook has
/// <see cref="Subject"/>, <see cref="TextBody"/> and <see cref="Json"/>.
/// </summary>
/// <remarks>The recipient and the bodies are personal data: <see cref="ToString"/> prints neither.</remarks>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record NotificationMessage
{
    /// <summary>Gets the message's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the key a provider uses to drop a repeated delivery of the same message (unique per event, recipient and channel).</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Gets the event notified.</summary>
    public required NotificationKind Kind { get; init; }

    /// <summary>Gets the channel kind the message was rendered for.</summary>
    public required ChannelKind Channel { get; init; }

    /// <summary>Gets the recipient: an e-mail address, a phone number, a device token, a URL or a queue, as the channel expects.</summary>
    public required string Recipient { get; init; }

    /// <summary>Gets the language of the templates actually used (after the fallback chain), for example <c>es</c>.</summary>
    public required string Language { get; init; }

    /// <summary>Gets the tracking number of the request, for correlation.</summary>
    public required string TrackingNumber { get; init; }

    /// <summary>Gets the e-mail subject, or the push or webhook title.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the complete HTML document of an e-mail.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>Gets the plain-text e-mail body, the SMS text, or the push or webhook body.</summary>
    public string? TextBody { get; init; }

    /// <summary>Gets the SMS encoding, length and segment count; <see langword="null"/> for other channels.</summary>
    public SmsSegments? Sms { get; init; }

    /// <summary>Gets the webhook's JSON document; <see langword="null"/> for other channels.</summary>
    public string? Json { get; init; }

    /// <summary>Describes the message without personal data.</summary>
    /// <returns>A string safe to log.</returns>
    public override string ToString() => $"{Kind} {Channel} [{Language}] {TrackingNumber} ({Id})";
}
