namespace Civic311.Notifications;

/// <summary>The kinds of channel a notification is rendered for; each has its own template parts.</summary>
public enum ChannelKind
{
    /// <summary>E-mail: <see cref="TemplatePart.Subject"/>, <see cref="TemplatePart.Html"/> and <see cref="TemplatePart.Text"/>.</summary>
    Email = 0,

    /// <summary>SMS: <see cref="TemplatePart.Text"/>, counted in segments (<see cref="SmsSegments"/>).</summary>
    Sms = 1,

    /// <summary>Mobile push: <see cref="TemplatePart.Title"/> and <see cref="TemplatePart.Body"/>.</summary>
    Push = 2,

    /// <summary>
    /// Webhook: a JSON document built from the data model, with a <see cref="TemplatePart.Title"/> and a
    /// <see cref="TemplatePart.Body"/> rendered from the webhook templates or, where none is defined, from the push templates.
    /// </summary>
    Webhook = 3,
}

/// <summary>A part of a channel's message that has its own template.</summary>
public enum TemplatePart
{
    /// <summary>The e-mail subject (one line).</summary>
    Subject = 0,

    /// <summary>The e-mail HTML body (a fragment placed inside the <c>&lt;body&gt;</c> element); every value is HTML-escaped.</summary>
    Html = 1,

    /// <summary>The plain-text e-mail body, or the SMS text; values are not escaped.</summary>
    Text = 2,

    /// <summary>The push or webhook title (one line).</summary>
    Title = 3,

    /// <summary>The push or webhook body.</summary>
    Body = 4,
}
