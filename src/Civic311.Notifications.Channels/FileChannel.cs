using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Notifications.Channels;

/// <summary>
/// Writes notifications as readable text, for samples and local development: to a <see cref="TextWriter"/> (the console),
/// or one <c>{timestamp?}{id}.txt</c> file per message in a directory. Never use it in production: it writes personal data.
/// </summary>
/// <threadsafety>Thread-safe: writes to one writer are serialized.</threadsafety>
public sealed class FileChannel : INotificationChannel
{
    private readonly TextWriter? _writer;
    private readonly string? _directory;
    private readonly object _gate = new();

    private FileChannel(ChannelKind kind, string name, TextWriter? writer, string? directory)
    {
        Kind = kind;
        Name = name;
        _writer = writer;
        _directory = directory;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ChannelKind Kind { get; }

    /// <summary>A channel writing each message to <paramref name="writer"/>, for example <see cref="Console.Out"/>.</summary>
    /// <param name="writer">The writer; the channel does not dispose it.</param>
    /// <param name="kind">The kind of message it takes.</param>
    /// <param name="name">The channel name messages are addressed to; defaults to <c>console-{kind}</c>, e.g. <c>console-email</c>.</param>
    /// <returns>The channel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public static FileChannel ToWriter(TextWriter writer, ChannelKind kind, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new FileChannel(kind, name ?? "console-" + kind.ToString().ToLowerInvariant(), writer, null);
    }

    /// <summary>A channel writing each message to its own file, <c>{id}.txt</c>, in <paramref name="directory"/> (created if missing).</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="kind">The kind of message it takes.</param>
    /// <returns>The channel.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    public static FileChannel ToDirectory(string directory, ChannelKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new FileChannel(kind, "file-" + kind.ToString().ToLowerInvariant(), null, Path.GetFullPath(directory));
    }

    /// <summary>Formats a message as the channel writes it.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The text: a header line, the subject, then every body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static string Format(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"=== {message.Kind.TemplateName()} via {message.Channel.ToString().ToLowerInvariant()} to {message.Recipient} [{message.Language}] {message.TrackingNumber} ===\n");
        text.Append(CultureInfo.InvariantCulture, $"Id: {message.Id}\nIdempotency-Key: {message.IdempotencyKey}\n");
        Section(text, "Subject", message.Subject);
        Section(text, "Text", message.TextBody);
        if (message.Sms is { } sms)
        {
            text.Append("SMS: ").Append(sms.ToString()).Append('\n');
        }

        Section(text, "HTML", message.HtmlBody);
        Section(text, "JSON", message.Json);
        return text.Append('\n').ToString();

        static void Section(StringBuilder text, string title, string? value)
        {
            if (value is not null)
            {
                text.Append(title).Append(value.Contains('\n', StringComparison.Ordinal) ? ":\n" : ": ").Append(value).Append('\n');
            }
        }
    }

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ChannelChecks.ForKind(message, Kind);
        var text = Format(message);
        try
        {
            if (_directory is not null)
            {
                Directory.CreateDirectory(_directory);
                var path = Path.Combine(_directory, message.Id.ToString("N") + ".txt");
                await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
                return DeliveryResult.Delivered(path);
            }

            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                _writer!.Write(text);
                _writer.Flush();
            }

            return DeliveryResult.Delivered();
        }
        catch (IOException exception)
        {
            return DeliveryResult.Transient("Could not write the message: " + exception.Message);
        }
        catch (UnauthorizedAccessException exception)
        {
            return DeliveryResult.Permanent("Could not write the message: " + exception.Message);
        }
    }
}
