using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Civic311.Notifications.Channels;

/// <summary>Reads notification template overrides from files.</summary>
public static class NotificationTemplatesFileExtensions
{
    /// <summary>
    /// The most a template file may hold, in bytes: four per character of <see cref="NotificationTemplates.MaxTemplateLength"/>,
    /// more than any template that long can take in UTF-8, so a longer file is refused without being read to its end.
    /// </summary>
    public const int MaxFileBytes = 4 * NotificationTemplates.MaxTemplateLength;

    /// <summary>
    /// Adds or replaces a template for every <c>*.scriban</c> (Scriban syntax) and <c>*.liquid</c> (Liquid syntax) file in
    /// <paramref name="directory"/> (not its subdirectories), each named <c>{event}.{language}.{channel}.{part}.scriban</c>,
    /// for example <c>request-received.es.email.subject.scriban</c> or <c>on-hold.es-PA.sms.text.liquid</c>. Files are read
    /// as UTF-8. A badly named file, and a Handlebars <c>*.hbs</c> file left from an older version, are reported, with every
    /// other template problem, when the renderer is created.
    /// </summary>
    /// <param name="templates">The templates to override, usually <see cref="NotificationTemplates.BuiltIn"/>.</param>
    /// <param name="directory">The directory.</param>
    /// <returns>A new set with the files' templates.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="Civic311ValidationException">A file is longer than <see cref="MaxFileBytes"/> (or never ends, like a link to <c>/dev/zero</c>), or two files (a <c>.scriban</c> and a <c>.liquid</c>) define the same template; the error's field is the file's name.</exception>
    public static NotificationTemplates WithDirectory(this NotificationTemplates templates, string directory)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var files = Array.FindAll(Directory.GetFiles(directory, "*", SearchOption.TopDirectoryOnly), static f =>
            f.EndsWith(".scriban", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".liquid", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".hbs", StringComparison.OrdinalIgnoreCase));
        Array.Sort(files, StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var template = Path.GetFileNameWithoutExtension(name);
            if (!name.EndsWith(".hbs", StringComparison.OrdinalIgnoreCase) && !seen.TryAdd(template, name))
            {
                throw new Civic311ValidationException("notification templates",
                    [new ValidationError(name, ValidationErrorCodes.Duplicate, $"The template files '{seen[template]}' and '{name}' define the same template; keep one of them.")]);
            }

            templates = templates.WithNamed(name, ReadBounded(file));
        }

        return templates;
    }

    // File.ReadAllText would read a file that never ends until memory runs out; stop one chunk past the limit instead.
    private static string ReadBounded(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                var name = Path.GetFileName(file);
                throw new Civic311ValidationException("notification templates",
                    [new ValidationError(name, ValidationErrorCodes.TooLong, $"The template file '{name}' is longer than {MaxFileBytes / 1024} KiB; it was not read further (a template holds at most {NotificationTemplates.MaxTemplateLength} characters).")]);
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
