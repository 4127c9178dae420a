using System;
using System.IO;

namespace Civic311.Notifications.Channels;

/// <summary>Reads notification template overrides from files.</summary>
public static class NotificationTemplatesFileExtensions
{
    /// <summary>
    /// Adds or replaces a template for every <c>*.hbs</c> file in <paramref name="directory"/> (not its subdirectories),
    /// each named <c>{event}.{language}.{channel}.{part}.hbs</c>, for example <c>request-received.es.email.subject.hbs</c>
    /// or <c>on-hold.es-PA.sms.text.hbs</c>. Files are read as UTF-8. A badly named file is reported, with every other
    /// template problem, when the renderer is created.
    /// </summary>
    /// <param name="templates">The templates to override, usually <see cref="NotificationTemplates.BuiltIn"/>.</param>
    /// <param name="directory">The directory.</param>
    /// <returns>A new set with the files' templates.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static NotificationTemplates WithDirectory(this NotificationTemplates templates, string directory)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var files = Directory.GetFiles(directory, "*.hbs", SearchOption.TopDirectoryOnly);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            templates = templates.WithNamed(Path.GetFileName(file), File.ReadAllText(file));
        }

        return templates;
    }
}
