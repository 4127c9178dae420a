using System;
using System.IO;
using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Notifications.Channels;

/// <summary>
/// Sends e-mail notifications through an SMTP server with System.Net.Mail: multipart/alternative with the text body first
/// and the HTML body second, and the message's idempotency key in an <c>X-Civic311-Idempotency-Key</c> header (and its
/// id in <c>X-Civic311-Message-Id</c>) so a receiving system can drop repeats.
/// </summary>
/// <remarks>
/// An SMTP 4xx reply, a timeout or a connection failure is a <see cref="DeliveryOutcome.TransientFailure"/>; a 5xx reply
/// (an unknown mailbox, a rejected message) is a <see cref="DeliveryOutcome.PermanentFailure"/>, as is a recipient that
/// is not an e-mail address by <see cref="PersonalData.IsEmailAddress"/>. Failure reasons are redacted with
/// <see cref="PersonalData.Redact(string?)"/>: a server's reply may echo the recipient.
/// </remarks>
/// <threadsafety>Thread-safe: each send uses its own connection.</threadsafety>
public sealed class SmtpEmailChannel : INotificationChannel
{
    /// <summary>The header carrying <see cref="NotificationMessage.IdempotencyKey"/>.</summary>
    public const string IdempotencyKeyHeader = "X-Civic311-Idempotency-Key";

    /// <summary>The header carrying <see cref="NotificationMessage.Id"/>.</summary>
    public const string MessageIdHeader = "X-Civic311-Message-Id";

    private readonly SmtpEmailChannelOptions _options;
    private readonly MailAddress _from;

    /// <summary>Creates the channel.</summary>
    /// <param name="options">The options; validated now.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="Civic311ValidationException">The options are invalid; every problem is listed.</exception>
    public SmtpEmailChannel(SmtpEmailChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("SMTP e-mail channel options", errors);
        }

        _options = options;
        _from = new MailAddress(options.FromAddress!, options.FromName, Encoding.UTF8);
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    public ChannelKind Kind => ChannelKind.Email;

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ChannelChecks.ForKind(message, ChannelKind.Email);
        cancellationToken.ThrowIfCancellationRequested();
        // The rule submission validation uses, so that what was accepted at submit is sent; MailAddress alone would also
        // take a display name or a quoted local part. Never echo the recipient.
        if (!PersonalData.IsEmailAddress(message.Recipient) || !MailAddress.TryCreate(message.Recipient, out var to))
        {
            return DeliveryResult.Permanent("The recipient is not an e-mail address.");
        }

        using var mail = Build(message, to);
        using var client = new SmtpClient(_options.Host!, _options.Port)
        {
            EnableSsl = _options.UseTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)_options.Timeout.TotalMilliseconds,
            UseDefaultCredentials = false,
        };
        if (_options.UserName is not null)
        {
            client.Credentials = new NetworkCredential(_options.UserName, _options.Password);
        }

        try
        {
            await client.SendMailAsync(mail, cancellationToken).ConfigureAwait(false);
            return DeliveryResult.Delivered();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (SmtpException exception)
        {
            return Classify(exception);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
        {
            return DeliveryResult.Transient("The SMTP server could not be reached: " + PersonalData.Redact(exception.Message));
        }
    }

    private MailMessage Build(NotificationMessage message, MailAddress to)
    {
        var mail = new MailMessage
        {
            From = _from,
            Subject = message.Subject ?? string.Empty,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        mail.To.Add(to);
        mail.Headers.Add(IdempotencyKeyHeader, message.IdempotencyKey);
        mail.Headers.Add(MessageIdHeader, message.Id.ToString("D"));
        mail.AlternateViews.Add(View(message.TextBody ?? string.Empty, MediaTypeNames.Text.Plain));
        if (message.HtmlBody is not null)
        {
            mail.AlternateViews.Add(View(message.HtmlBody, MediaTypeNames.Text.Html));
        }

        return mail;

        static AlternateView View(string content, string mediaType)
        {
            var view = AlternateView.CreateAlternateViewFromString(content, Encoding.UTF8, mediaType);
            view.TransferEncoding = TransferEncoding.Base64;
            return view;
        }
    }

    private static DeliveryResult Classify(SmtpException exception)
    {
        // SmtpFailedRecipientException carries the reply of RCPT TO; SmtpException the reply of another command, or
        // GeneralFailure when no reply came (connection refused or dropped, timeout).
        var status = (int)exception.StatusCode;
        // A server's reply often echoes the recipient ("5.1.1 <ana@example.org>: Recipient address rejected").
        var reason = $"SMTP {status}: {PersonalData.Redact(exception.Message)}";
        return status switch
        {
            >= 400 and < 500 => DeliveryResult.Transient(reason),
            >= 500 and < 600 => DeliveryResult.Permanent(reason),
            _ => DeliveryResult.Transient(reason),
        };
    }
}
