using System;
using System.Collections.Generic;

namespace Civic311.Notifications.Channels;

/// <summary>Options of <see cref="WebhookChannel"/>.</summary>
public sealed class WebhookChannelOptions
{
    /// <summary>Gets or sets the absolute http(s) URL the JSON is posted to. Required.</summary>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets the secret shared with the receiver, which signs every request (at least 16 characters). Required.</summary>
    public string? Secret { get; set; }

    /// <summary>Gets or sets which rendered messages the channel sends: <see cref="ChannelKind.Webhook"/>, or <see cref="ChannelKind.Sms"/> or <see cref="ChannelKind.Push"/> to put an SMS or push provider behind the webhook.</summary>
    /// <value>Defaults to <see cref="ChannelKind.Webhook"/>.</value>
    public ChannelKind Kind { get; set; } = ChannelKind.Webhook;

    /// <summary>Gets or sets how long one request may take before it counts as a transient failure.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the channel's name in logs and configuration.</summary>
    /// <value>Defaults to <c>webhook</c>.</value>
    public string Name { get; set; } = "webhook";

    /// <summary>Checks the options and lists every problem.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (Url is null)
        {
            errors.Add(new ValidationError("url", ValidationErrorCodes.Required, "The webhook URL is required."));
        }
        else if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttps && Url.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add(new ValidationError("url", ValidationErrorCodes.InvalidFormat, $"'{Url}' is not an absolute http or https URL."));
        }

        if (string.IsNullOrEmpty(Secret))
        {
            errors.Add(new ValidationError("secret", ValidationErrorCodes.Required, "The signing secret is required."));
        }
        else if (Secret.Length < 16)
        {
            errors.Add(new ValidationError("secret", ValidationErrorCodes.TooLong, "The signing secret must be at least 16 characters long."));
        }

        if (!Enum.IsDefined(Kind) || Kind == ChannelKind.Email)
        {
            errors.Add(new ValidationError("kind", ValidationErrorCodes.NotInList, $"A webhook sends Webhook, Sms or Push messages, not {Kind}."));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add(new ValidationError("timeout", ValidationErrorCodes.OutOfRange, $"The timeout must be positive; it is {Timeout}."));
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(new ValidationError("name", ValidationErrorCodes.Required, "The channel name is required."));
        }

        return errors;
    }
}
