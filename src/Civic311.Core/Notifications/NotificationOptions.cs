using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Civic311.Notifications;

/// <summary>
/// Who hears about what: residents on their e-mail and phone, staff on their queue's channels, supervisors on SLA events.
/// Notifications are rendered when the change that causes them happens and written to the outbox in the same store write;
/// a dispatcher (<c>Civic311.Notifications.Channels</c>) sends them.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>Gets or sets a value indicating whether changes produce notifications.</summary>
    /// <value>Defaults to <see langword="false"/>: turn it on once channels and a dispatcher are registered.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the templates (the built-in English and Spanish ones, or yours on top of them).</summary>
    [JsonIgnore]
    public NotificationTemplates Templates { get; set; } = NotificationTemplates.BuiltIn;

    /// <summary>Gets or sets the language used when a resident's preferred language has no templates.</summary>
    /// <value>Defaults to <c>en</c>.</value>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>Gets or sets the center's name as residents know it.</summary>
    /// <value>Defaults to <c>311</c>.</value>
    public string CenterName { get; set; } = "311";

    /// <summary>Gets or sets the center's phone number, shown in messages; optional.</summary>
    public string? CenterPhone { get; set; }

    /// <summary>Gets or sets the satisfaction-survey link sent on resolution; <c>{trackingNumber}</c> is replaced.</summary>
    public string? SurveyUrl { get; set; }

    /// <summary>Gets or sets the link where residents follow their request; <c>{trackingNumber}</c> is replaced.</summary>
    public string? StatusUrl { get; set; }

    /// <summary>Gets or sets the name of the e-mail channel residents are written to.</summary>
    /// <value>Defaults to <c>email</c>.</value>
    public string EmailChannel { get; set; } = "email";

    /// <summary>Gets or sets the name of the SMS channel residents are texted on; <see langword="null"/> to send no SMS.</summary>
    /// <value>Defaults to <c>sms</c>.</value>
    public string? SmsChannel { get; set; } = "sms";

    /// <summary>
    /// Gets or sets the start of residents' quiet hours (<c>HH:mm</c>, local to the request's agency): no SMS is sent between
    /// the start and the end; they wait until the end (deferred, never dropped). <see langword="null"/> for none.
    /// </summary>
    /// <value>Defaults to <c>21:00</c>.</value>
    public string? QuietHoursStart { get; set; } = "21:00";

    /// <summary>Gets or sets the end of residents' quiet hours (<c>HH:mm</c>).</summary>
    /// <value>Defaults to <c>08:00</c>.</value>
    public string? QuietHoursEnd { get; set; } = "08:00";

    /// <summary>Gets the staff recipients: who is told of requests arriving in a queue and of SLA warnings and breaches.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<StaffRecipientDefinition> Staff { get; } = new List<StaffRecipientDefinition>();
}

/// <summary>What a staff recipient is told.</summary>
public enum StaffRole
{
    /// <summary>Requests arriving in the agency's queue (or one queue), and SLA warnings on them.</summary>
    Queue = 0,

    /// <summary>SLA breaches in the agency (the escalation), and warnings too.</summary>
    Supervisor = 1,
}

/// <summary>A staff recipient: an agency (and optionally one of its queues), a channel and an address.</summary>
public sealed class StaffRecipientDefinition
{
    /// <summary>Gets or sets the agency code.</summary>
    public string? Agency { get; set; }

    /// <summary>Gets or sets the queue; <see langword="null"/> for every queue of the agency.</summary>
    public string? Queue { get; set; }

    /// <summary>Gets or sets the role.</summary>
    public StaffRole Role { get; set; }

    /// <summary>Gets or sets the name of the channel that reaches the recipient (for example <c>email</c> or <c>teams-webhook</c>).</summary>
    public string? Channel { get; set; }

    /// <summary>Gets or sets the kind of that channel, which decides how the message is rendered.</summary>
    public ChannelKind ChannelKind { get; set; }

    /// <summary>Gets or sets the address, number, URL or device the channel delivers to.</summary>
    public string? Recipient { get; set; }

    /// <summary>Gets or sets the recipient's language.</summary>
    /// <value>Defaults to <c>en</c>.</value>
    public string Language { get; set; } = "en";
}
