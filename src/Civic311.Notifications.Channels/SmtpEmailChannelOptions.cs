using System;
using System.Collections.Generic;
using System.Net.Mail;

namespace Civic311.Notifications.Channels;

/// <summary>Options of <see cref="SmtpEmailChannel"/>.</summary>
public sealed class SmtpEmailChannelOptions
{
    /// <summary>Gets or sets the SMTP server's host name or address. Required.</summary>
    public string? Host { get; set; }

    /// <summary>Gets or sets the SMTP server's port.</summary>
    /// <value>Defaults to 587 (submission).</value>
    public int Port { get; set; } = 587;

    /// <summary>Gets or sets a value indicating whether to use TLS (STARTTLS).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool UseTls { get; set; } = true;

    /// <summary>Gets or sets the user name to authenticate with; none when <see langword="null"/>.</summary>
    public string? UserName { get; set; }

    /// <summary>Gets or sets the password to authenticate with (with <see cref="UserName"/>).</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets the sender's address, for example <c>311@example.org</c>. Required.</summary>
    public string? FromAddress { get; set; }

    /// <summary>Gets or sets the sender's display name, for example <c>City 311</c>.</summary>
    public string? FromName { get; set; }

    /// <summary>Gets or sets how long one send may take before it counts as a transient failure.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the channel's name: outbox messages address channels by name.</summary>
    /// <value>Defaults to <c>email</c>, the name residents' e-mail is sent on (<c>NotificationOptions.EmailChannel</c>).</value>
    public string Name { get; set; } = "email";

    /// <summary>Checks the options and lists every problem.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add(new ValidationError("host", ValidationErrorCodes.Required, "The SMTP host is required."));
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add(new ValidationError("port", ValidationErrorCodes.OutOfRange, $"The port must be between 1 and 65535; it is {Port}."));
        }

        if (string.IsNullOrWhiteSpace(FromAddress))
        {
            errors.Add(new ValidationError("fromAddress", ValidationErrorCodes.Required, "The sender's address is required."));
        }
        else if (!MailAddress.TryCreate(FromAddress, out _))
        {
            errors.Add(new ValidationError("fromAddress", ValidationErrorCodes.InvalidFormat, $"'{FromAddress}' is not an e-mail address."));
        }

        if (UserName is not null && Password is null)
        {
            errors.Add(new ValidationError("password", ValidationErrorCodes.Required, "A user name is set without a password."));
        }

        if (Timeout <= TimeSpan.Zero || Timeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add(new ValidationError("timeout", ValidationErrorCodes.OutOfRange, $"The timeout must be positive and below 24 days; it is {Timeout}."));
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(new ValidationError("name", ValidationErrorCodes.Required, "The channel name is required."));
        }

        return errors;
    }
}
