using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using Civic311.Internal;

namespace Civic311.Notifications;

/// <summary>
/// The sources of the notification templates, one per <see cref="NotificationTemplateKey"/> (event, language, channel,
/// part), each in Scriban or Liquid syntax (<see cref="TemplateSyntax"/>). <see cref="BuiltIn"/> has English and Spanish
/// for every event on every channel, in Scriban; override any template with <see cref="With(NotificationTemplateKey, string)"/>
/// from code, or with <see cref="WithNamed"/> from a file named <c>{event}.{language}.{channel}.{part}.scriban</c> (Scriban)
/// or <c>….liquid</c> (Liquid), for example <c>on-hold.es-PA.sms.text.liquid</c> (the Civic311.Notifications.Channels
/// package reads a whole directory of them).
/// </summary>
/// <remarks>
/// <para>Events are <c>request-received</c>, <c>acknowledged</c>, <c>status-changed</c>, <c>on-hold</c>, <c>resolved</c>,
/// <c>closed</c>, <c>reopened</c>, <c>duplicate-linked</c>, <c>assigned-to-queue</c>, <c>sla-nearing-breach</c> and
/// <c>sla-breached</c>; channels and their parts are <c>email</c> (<c>subject</c>, <c>html</c>, <c>text</c>), <c>sms</c>
/// (<c>text</c>), <c>push</c> (<c>title</c>, <c>body</c>) and <c>webhook</c> (<c>title</c>, <c>body</c>; the push templates
/// serve where no webhook template exists).</para>
/// <para>The set is only sources: <see cref="NotificationRenderer.Create"/> checks and compiles them once at start-up.
/// A template holds at most <see cref="MaxTemplateLength"/> characters and nests blocks at most <see cref="MaxBlockDepth"/> deep.
/// Templates run in a sandbox: they see the notification's values and a few pure functions only (no file, no clock, no
/// .NET member), within <see cref="MaxLoopIterations"/>, <see cref="MaxRecursionDepth"/>, <see cref="MaxEvaluationSteps"/>,
/// <see cref="MaxOutputLength"/> and <see cref="MaxRenderTime"/>; the renderer renders each one with trial data at start,
/// so a template that breaks a limit is refused there, with its position, not when a message is sent.
/// A language's templates for one event and channel go together: define every part of the channel, or none.</para>
/// </remarks>
/// <threadsafety>Immutable and thread-safe; every <c>With</c> returns a new set.</threadsafety>
public sealed class NotificationTemplates
{
    private static readonly Lazy<NotificationTemplates> BuiltInSet = new(LoadBuiltIn);

    private readonly ImmutableDictionary<NotificationTemplateKey, string> _sources;
    private readonly ImmutableDictionary<NotificationTemplateKey, TemplateSyntax> _syntaxes;
    private readonly ImmutableList<TemplateProblem> _nameProblems;

    private NotificationTemplates(
        ImmutableDictionary<NotificationTemplateKey, string> sources, ImmutableDictionary<NotificationTemplateKey, TemplateSyntax> liquid, ImmutableList<TemplateProblem> nameProblems)
    {
        _sources = sources;
        _syntaxes = liquid;
        _nameProblems = nameProblems;
    }

    /// <summary>
    /// The longest template source, in characters (64 KiB): longer ones are reported as
    /// <see cref="TemplateProblemCodes.TooLong"/> before anything compiles them.
    /// </summary>
    public const int MaxTemplateLength = 64 * 1024;

    /// <summary>How deep blocks (<c>if</c>, <c>for</c>, <c>while</c>, <c>case</c>, <c>capture</c>, <c>func</c>) may nest; deeper is reported as <see cref="TemplateProblemCodes.TooDeep"/>.</summary>
    public const int MaxBlockDepth = 32;

    /// <summary>How many loop iterations one rendering may run in all (Scriban's <c>LoopLimit</c>); more is reported as <see cref="TemplateProblemCodes.LimitExceeded"/>.</summary>
    public const int MaxLoopIterations = 1000;

    /// <summary>How deep template functions may call each other (Scriban's <c>RecursiveLimit</c>); deeper is reported as <see cref="TemplateProblemCodes.LimitExceeded"/>.</summary>
    public const int MaxRecursionDepth = 32;

    /// <summary>How many expressions and statements one rendering may evaluate; more is reported as <see cref="TemplateProblemCodes.LimitExceeded"/>.</summary>
    public const int MaxEvaluationSteps = 200_000;

    /// <summary>The longest output of one template, and of any one string a template builds, in characters (256 KiB).</summary>
    public const int MaxOutputLength = 256 * 1024;

    /// <summary>How long one template may take to render with trial data at start-up; longer is reported as <see cref="TemplateProblemCodes.LimitExceeded"/>.</summary>
    public static readonly TimeSpan MaxRenderTime = TimeSpan.FromSeconds(2);

    /// <summary>Gets a set with no template.</summary>
    public static NotificationTemplates Empty { get; } = new(ImmutableDictionary<NotificationTemplateKey, string>.Empty, ImmutableDictionary<NotificationTemplateKey, TemplateSyntax>.Empty, ImmutableList<TemplateProblem>.Empty);

    /// <summary>Gets the built-in templates: English (<c>en</c>) and Spanish (<c>es</c>) for every event on e-mail, SMS and push (and so webhook).</summary>
    public static NotificationTemplates BuiltIn => BuiltInSet.Value;

    /// <summary>Gets the keys of the templates in the set.</summary>
    public IEnumerable<NotificationTemplateKey> Keys => _sources.Keys;

    /// <summary>Gets how many templates the set has.</summary>
    public int Count => _sources.Count;

    internal IReadOnlyList<TemplateProblem> NameProblems => _nameProblems;

    /// <summary>Finds a template's source.</summary>
    /// <param name="key">The template's key.</param>
    /// <param name="source">The source, when found.</param>
    /// <returns><see langword="true"/> when the set has the template.</returns>
    public bool TryGetSource(NotificationTemplateKey key, [NotNullWhen(true)] out string? source)
    {
        Guard.NotNull(key);
        return _sources.TryGetValue(key, out source);
    }

    /// <summary>Finds a template's source and the syntax it is written in.</summary>
    /// <param name="key">The template's key.</param>
    /// <param name="source">The source, when found.</param>
    /// <param name="syntax">The syntax of the source, when found.</param>
    /// <returns><see langword="true"/> when the set has the template.</returns>
    public bool TryGetSource(NotificationTemplateKey key, [NotNullWhen(true)] out string? source, out TemplateSyntax syntax)
    {
        syntax = TryGetSource(key, out source) ? _syntaxes.GetValueOrDefault(key, TemplateSyntax.Scriban) : TemplateSyntax.Scriban;
        return source is not null;
    }

    /// <summary>Adds or replaces a template written in Scriban syntax.</summary>
    /// <param name="key">The template's key.</param>
    /// <param name="source">The Scriban source.</param>
    /// <returns>A new set with the template.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public NotificationTemplates With(NotificationTemplateKey key, string source) => With(key, source, TemplateSyntax.Scriban);

    /// <summary>Adds or replaces a template.</summary>
    /// <param name="key">The template's key.</param>
    /// <param name="source">The source.</param>
    /// <param name="syntax">The syntax the source is written in.</param>
    /// <returns>A new set with the template.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The syntax is not defined.</exception>
    public NotificationTemplates With(NotificationTemplateKey key, string source, TemplateSyntax syntax)
    {
        Guard.NotNull(key);
        Guard.NotNull(source);
        Guard.Defined(syntax);
        return new NotificationTemplates(
            _sources.SetItem(key, source), syntax == TemplateSyntax.Liquid ? _syntaxes.SetItem(key, syntax) : _syntaxes.Remove(key), _nameProblems);
    }

    /// <summary>Adds or replaces a template written in Scriban syntax.</summary>
    /// <param name="kind">The event.</param>
    /// <param name="language">The language tag, for example <c>es-PA</c>.</param>
    /// <param name="channel">The channel kind.</param>
    /// <param name="part">The part of the channel's message.</param>
    /// <param name="source">The Scriban source.</param>
    /// <returns>A new set with the template.</returns>
    /// <exception cref="ArgumentException">The language is not a language tag, or the part does not belong to the channel.</exception>
    public NotificationTemplates With(NotificationKind kind, string language, ChannelKind channel, TemplatePart part, string source) =>
        With(new NotificationTemplateKey(kind, language, channel, part), source, TemplateSyntax.Scriban);

    /// <summary>Adds or replaces a template.</summary>
    /// <param name="kind">The event.</param>
    /// <param name="language">The language tag, for example <c>es-PA</c>.</param>
    /// <param name="channel">The channel kind.</param>
    /// <param name="part">The part of the channel's message.</param>
    /// <param name="source">The source.</param>
    /// <param name="syntax">The syntax the source is written in.</param>
    /// <returns>A new set with the template.</returns>
    /// <exception cref="ArgumentException">The language is not a language tag, or the part does not belong to the channel.</exception>
    public NotificationTemplates With(NotificationKind kind, string language, ChannelKind channel, TemplatePart part, string source, TemplateSyntax syntax) =>
        With(new NotificationTemplateKey(kind, language, channel, part), source, syntax);

    /// <summary>
    /// Adds or replaces a template by name, as read from a file: <c>{event}.{language}.{channel}.{part}</c> and an extension
    /// that says its syntax, <c>.scriban</c> or <c>.liquid</c> (no extension: Scriban). A name that is not a template name
    /// (a Handlebars <c>.hbs</c> file too) is not thrown on: it is reported with every other problem when the renderer is created.
    /// </summary>
    /// <param name="name">The name, for example <c>resolved.es.email.html.scriban</c> or <c>resolved.es.email.html.liquid</c>.</param>
    /// <param name="source">The source.</param>
    /// <returns>A new set with the template, or with the problem recorded.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public NotificationTemplates WithNamed(string name, string source)
    {
        Guard.NotNull(name);
        Guard.NotNull(source);
        var (bare, syntax) = SyntaxOf(name);
        if (name.EndsWith(".hbs", StringComparison.OrdinalIgnoreCase))
        {
            return WithProblem(new TemplateProblem(name, null, 0, 0, TemplateProblemCodes.InvalidName,
                $"'{name}' is a Handlebars template, which Civic311 no longer reads: write it in Scriban ({{{{ if note }}}}…{{{{ end }}}}) as "
                + $"{name[..^4]}.scriban, or in Liquid ({{% if note %}}…{{% endif %}}) as {name[..^4]}.liquid."));
        }

        if (NotificationTemplateKey.TryParse(bare, out var key))
        {
            return With(key, source, syntax);
        }

        return WithProblem(new TemplateProblem(name, null, 0, 0, TemplateProblemCodes.InvalidName,
            $"'{name}' is not a template name: use {{event}}.{{language}}.{{channel}}.{{part}}.scriban (or .liquid), for example request-received.es.email.subject.scriban "
            + "(events: request-received … sla-breached; channels and parts: email subject/html/text, sms text, push title/body, webhook title/body)."));
    }

    /// <summary>The name without its syntax extension, and the syntax the extension names (Scriban when there is none).</summary>
    internal static (string Bare, TemplateSyntax Syntax) SyntaxOf(string name) =>
        name.EndsWith(".scriban", StringComparison.OrdinalIgnoreCase) ? (name[..^8], TemplateSyntax.Scriban)
        : name.EndsWith(".liquid", StringComparison.OrdinalIgnoreCase) ? (name[..^7], TemplateSyntax.Liquid)
        : (name, TemplateSyntax.Scriban);

    private NotificationTemplates WithProblem(TemplateProblem problem) => new(_sources, _syntaxes, _nameProblems.Add(problem));

    private static NotificationTemplates LoadBuiltIn()
    {
        var set = Empty;
        foreach (var language in (string[])["en", "es"])
        {
            using var stream = typeof(NotificationTemplates).Assembly.GetManifestResourceStream($"Civic311.Notifications.Templates.{language}.scriban")
                ?? throw new InvalidOperationException($"The built-in '{language}' templates are missing from the assembly.");
            using var reader = new StreamReader(stream);
            set = AddBundle(set, language, reader.ReadToEnd());
        }

        return set;
    }

    /// <summary>Whether a source is the very string <see cref="BuiltIn"/> holds for the key (without loading the built-in set).</summary>
    internal static bool IsBuiltIn(NotificationTemplateKey key, string source) =>
        BuiltInSet.IsValueCreated && BuiltInSet.Value._sources.TryGetValue(key, out var builtIn) && ReferenceEquals(builtIn, source);

    /// <summary>Reads a bundle: sections each starting at a line <c>#### {event} {channel} {part}</c>; text before the first is a comment.</summary>
    internal static NotificationTemplates AddBundle(NotificationTemplates set, string language, string bundle)
    {
        var lines = bundle.ReplaceLineEndings("\n").Split('\n');
        string? name = null;
        var body = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("#### ", StringComparison.Ordinal))
            {
                set = Flush(set, name, body);
                var words = line[5..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                name = words.Length == 3 ? $"{words[0]}.{language}.{words[1]}.{words[2]}" : line;
                body.Clear();
            }
            else if (name is not null)
            {
                body.Add(line);
            }
        }

        return Flush(set, name, body);

        static NotificationTemplates Flush(NotificationTemplates set, string? name, List<string> body) =>
            name is null ? set : set.WithNamed(name, string.Join('\n', body).TrimEnd('\n', ' '));
    }
}
