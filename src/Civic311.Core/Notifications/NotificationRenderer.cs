using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Civic311.Internal;
using Scriban;
using Scriban.Syntax;

namespace Civic311.Notifications;

/// <summary>
/// Renders notifications from compiled templates: picks the language by the fallback chain (<c>es-PA</c>, then <c>es</c>,
/// then <see cref="NotificationRendererOptions.DefaultLanguage"/>), formats instants in the agency's time zone and the
/// recipient's culture, HTML-escapes every value in HTML bodies only, counts SMS segments and builds webhook JSON.
/// </summary>
/// <remarks>
/// <see cref="Create"/> parses (with Scriban, in each template's <see cref="TemplateSyntax"/>) and checks every template
/// once, at start-up, and fails listing every problem with the template's name, language, channel, line and column: syntax
/// errors, unknown variables and functions (inside blocks too), <c>raw</c> of anything but literal text, <c>include</c>,
/// and missing templates; templates longer than <see cref="NotificationTemplates.MaxTemplateLength"/> or nesting blocks
/// deeper than <see cref="NotificationTemplates.MaxBlockDepth"/> are refused too. Each template that passes is then rendered
/// in its sandbox once with markup in every value and once with no optional value: a template that fails, breaks a
/// sandbox limit, or (in an HTML body) outputs the markup unescaped, is refused with its position. Rendering never parses.
/// </remarks>
/// <threadsafety>Thread-safe: build one at start-up and share it.</threadsafety>
public sealed class NotificationRenderer
{
    private const int MaxCachedLanguages = 1024;

    // The built-in templates are parsed, checked, planned and probed once per process, and a set made from
    // NotificationTemplates.BuiltIn with overrides does that for the overrides only.
    private static readonly Lazy<Dictionary<NotificationTemplateKey, CompiledTemplate>> BuiltInCompiled = new(CompileBuiltIn);

    private readonly Dictionary<(NotificationKind, ChannelKind, string), CompiledSet> _sets;
    private readonly ConcurrentDictionary<(NotificationKind, ChannelKind, string), Selection> _selections = new();

    private NotificationRenderer(string defaultLanguage, Dictionary<(NotificationKind, ChannelKind, string), CompiledSet> sets)
    {
        DefaultLanguage = defaultLanguage;
        _sets = sets;
    }

    /// <summary>Gets the language every fallback chain ends with.</summary>
    public string DefaultLanguage { get; }

    /// <summary>Checks and compiles every template.</summary>
    /// <param name="templates">The templates, for example <see cref="NotificationTemplates.BuiltIn"/> with overrides.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <returns>The renderer.</returns>
    /// <exception cref="Civic311ValidationException">A template is invalid or missing; every problem is listed (see <see cref="TryCreate"/> for them as <see cref="TemplateProblem"/>s).</exception>
    public static NotificationRenderer Create(NotificationTemplates templates, NotificationRendererOptions? options = null)
    {
        if (TryCreate(templates, options, out var renderer, out var problems))
        {
            return renderer;
        }

        throw new Civic311ValidationException("notification templates", problems.Select(p => p.ToValidationError()).ToArray());
    }

    /// <summary>Checks and compiles every template, reporting problems instead of throwing.</summary>
    /// <param name="templates">The templates.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="renderer">The renderer, when every template is valid.</param>
    /// <param name="problems">Every problem found, ordered by template name, line and column; empty on success.</param>
    /// <returns><see langword="true"/> when every template is valid.</returns>
    public static bool TryCreate(
        NotificationTemplates templates,
        NotificationRendererOptions? options,
        [NotNullWhen(true)] out NotificationRenderer? renderer,
        out IReadOnlyList<TemplateProblem> problems)
    {
        Guard.NotNull(templates);
        options ??= new NotificationRendererOptions();
        var found = new List<TemplateProblem>(templates.NameProblems);
        var defaultLanguage = LanguageTags.Normalize(options.DefaultLanguage);
        if (defaultLanguage is null)
        {
            found.Add(new TemplateProblem("options.defaultLanguage", null, 0, 0, ValidationErrorCodes.InvalidFormat, $"'{options.DefaultLanguage}' is not a BCP 47 language tag such as 'en'."));
        }

        var compiled = CompileAll(templates, found, useBuiltIns: true);

        var sets = GroupIntoSets(templates, compiled, found);
        if (defaultLanguage is not null)
        {
            CheckDefaultLanguage(templates, defaultLanguage, found);
        }

        found.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column);
        });
        problems = found;
        renderer = found.Count == 0 ? new NotificationRenderer(defaultLanguage!, sets) : null;
        return renderer is not null;
    }

    /// <summary>Renders one notification for one channel.</summary>
    /// <param name="kind">The event.</param>
    /// <param name="channel">The channel kind.</param>
    /// <param name="data">The data the templates render.</param>
    /// <param name="recipient">The e-mail address, phone number, device token, URL or queue the channel delivers to.</param>
    /// <param name="language">The recipient's preferred language tag (for example <c>es-PA</c>); <see langword="null"/> for the default.</param>
    /// <param name="idempotencyKey">The key that identifies this message across retries (unique per event, recipient and channel).</param>
    /// <returns>The message, with <see cref="NotificationMessage.Language"/> set to the language of the templates used.</returns>
    /// <exception cref="ArgumentException">An argument is null, empty or not defined.</exception>
    public NotificationMessage Render(NotificationKind kind, ChannelKind channel, NotificationData data, string recipient, string? language, string idempotencyKey)
    {
        Guard.Defined(kind);
        Guard.Defined(channel);
        Guard.NotNull(data);
        Guard.NotNullOrWhiteSpace(recipient);
        Guard.NotNullOrWhiteSpace(idempotencyKey);
        var selection = Select(kind, channel, language);
        var scope = new TemplateScope(data, selection.Culture, selection.Words);
        var set = selection.Set;
        var message = new NotificationMessage
        {
            Id = FastGuid.NewVersion4(),
            IdempotencyKey = idempotencyKey,
            Kind = kind,
            Channel = channel,
            Recipient = recipient,
            Language = set.Language,
            TrackingNumber = data.TrackingNumber,
        };
        switch (channel)
        {
            case ChannelKind.Email:
                var subject = OneLine(set.Render(TemplatePart.Subject, scope));
                return message with
                {
                    Subject = subject,
                    HtmlBody = HtmlDocument(set.Language, subject, set.Render(TemplatePart.Html, scope)),
                    TextBody = set.Render(TemplatePart.Text, scope),
                };
            case ChannelKind.Sms:
                var sms = GsmFriendlySpaces(set.Render(TemplatePart.Text, scope));
                return message with { TextBody = sms, Sms = SmsSegments.Count(sms) };
            case ChannelKind.Push:
                return message with { Subject = OneLine(set.Render(TemplatePart.Title, scope)), TextBody = set.Render(TemplatePart.Body, scope) };
            default:
                var title = OneLine(set.Render(TemplatePart.Title, scope));
                var body = set.Render(TemplatePart.Body, scope);
                message = message with { Subject = title, TextBody = body };
                return message with { Json = WebhookJson.Write(message, data) };
        }
    }

    /// <summary>Renders one part of one channel's message alone, for example to preview a template or an HTML body fragment.</summary>
    /// <param name="kind">The event.</param>
    /// <param name="channel">The channel kind.</param>
    /// <param name="part">The part; it must belong to the channel.</param>
    /// <param name="data">The data the template renders.</param>
    /// <param name="language">The preferred language tag; <see langword="null"/> for the default.</param>
    /// <returns>The rendered text (for <see cref="TemplatePart.Html"/>, the fragment without the surrounding document).</returns>
    /// <exception cref="ArgumentException">The part does not belong to the channel, or an argument is null or not defined.</exception>
    public string RenderPart(NotificationKind kind, ChannelKind channel, TemplatePart part, NotificationData data, string? language)
    {
        Guard.Defined(kind);
        Guard.NotNull(data);
        if (Array.IndexOf(NotificationTemplateKey.PartsOf(channel), part) < 0)
        {
            throw new ArgumentException($"A {channel} message has no {part} part.", nameof(part));
        }

        var selection = Select(kind, channel, language);
        return selection.Set.Render(part, new TemplateScope(data, selection.Culture, selection.Words));
    }

    /// <summary>Gets the language whose templates render an event on a channel for a preferred language (after the fallback chain).</summary>
    /// <param name="kind">The event.</param>
    /// <param name="channel">The channel kind.</param>
    /// <param name="language">The preferred language tag; <see langword="null"/> for the default.</param>
    /// <returns>The language tag, for example <c>es</c> for <c>es-PA</c>, or the default language for <c>fr</c> without French templates.</returns>
    public string ResolveLanguage(NotificationKind kind, ChannelKind channel, string? language)
    {
        Guard.Defined(kind);
        Guard.Defined(channel);
        return Select(kind, channel, language).Set.Language;
    }

    private Selection Select(NotificationKind kind, ChannelKind channel, string? language)
    {
        var cacheKey = (kind, channel, language ?? string.Empty);
        if (_selections.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var requested = LanguageTags.Normalize(language);
        CompiledSet? set = null;
        foreach (var candidate in LanguageTags.Chain(requested, DefaultLanguage))
        {
            if (_sets.TryGetValue((kind, channel, candidate), out set)
                || (channel == ChannelKind.Webhook && _sets.TryGetValue((kind, ChannelKind.Push, candidate), out set)))
            {
                break;
            }
        }

        // Create checked that the default language has every event on every channel.
        set ??= _sets[(kind, channel == ChannelKind.Webhook && !_sets.ContainsKey((kind, channel, DefaultLanguage)) ? ChannelKind.Push : channel, DefaultLanguage)];
        var cultureName = requested is not null && (requested == set.Language || requested.StartsWith(set.Language + "-", StringComparison.Ordinal)) ? requested : set.Language;
        var selection = new Selection(set, TemplateCultures.For(cultureName, set.Language), TemplateWords.For(set.Language));
        if (_selections.Count < MaxCachedLanguages)
        {
            _selections.TryAdd(cacheKey, selection);
        }

        return selection;
    }

    private static Dictionary<NotificationTemplateKey, CompiledTemplate> CompileBuiltIn() =>
        // A built-in template with a problem is left out, so that compiling it again reports the problem.
        CompileAll(NotificationTemplates.BuiltIn, [], useBuiltIns: false);

    /// <summary>Checks, parses and probes every template of a set (reusing the built-ins parsed once, when asked).</summary>
    private static Dictionary<NotificationTemplateKey, CompiledTemplate> CompileAll(NotificationTemplates templates, List<TemplateProblem> problems, bool useBuiltIns)
    {
        var compiled = new Dictionary<NotificationTemplateKey, CompiledTemplate>();
        foreach (var key in templates.Keys)
        {
            templates.TryGetSource(key, out var source, out var syntax);
            if (useBuiltIns && NotificationTemplates.IsBuiltIn(key, source!) && BuiltInCompiled.Value.TryGetValue(key, out var builtIn))
            {
                compiled.Add(key, builtIn);
                continue;
            }

            var issues = new List<TemplateIssue>();
            var html = key.Part == TemplatePart.Html;
            if (TemplateChecker.Check(source!, syntax, html, issues) is { } parsed)
            {
                var template = new CompiledTemplate(parsed, TemplatePlan.TryCompile(parsed.Page!, html, source!.Length), html, syntax);
                if (Probe(key, template, issues))
                {
                    compiled.Add(key, template);
                }
            }

            foreach (var issue in issues)
            {
                problems.Add(new TemplateProblem(key.Name, key, issue.Line, issue.Column, issue.Code, issue.Message));
            }
        }

        return compiled;
    }

    /// <summary>
    /// Renders a parsed template once with markup in every text value and once with no optional value, under every
    /// sandbox limit and <see cref="NotificationTemplates.MaxRenderTime"/>, so that a template that fails or breaks a limit
    /// is refused here, at start-up, with its position, instead of at every submission.
    /// </summary>
    private static bool Probe(NotificationTemplateKey key, CompiledTemplate template, List<TemplateIssue> issues)
    {
        var culture = TemplateCultures.For(key.Language, "en");
        var words = TemplateWords.For(key.Language);
        foreach (var data in (NotificationData[])[TrialData.Hostile, TrialData.Empty])
        {
            string output;
            using var deadline = new CancellationTokenSource(NotificationTemplates.MaxRenderTime);
            var scope = new TemplateScope(data, culture, words);
            try
            {
                output = template.RenderInSandbox(scope, deadline.Token);
                template.CheckPlan(scope, output);
            }
            catch (ScriptRuntimeException exception)
            {
                var limit = exception is ScriptAbortException || IsLimit(exception.OriginalMessage);
                issues.Add(new TemplateIssue(TemplateChecker.Line(exception.Span), TemplateChecker.Column(exception.Span),
                    limit ? TemplateProblemCodes.LimitExceeded : TemplateProblemCodes.RenderFailed,
                    limit
                        ? $"The template broke a sandbox limit when rendered with trial data: {(exception is ScriptAbortException ? $"it took longer than {NotificationTemplates.MaxRenderTime.TotalSeconds:0.#} s" : FirstLine(exception.OriginalMessage))}."
                        : $"The template passed every check but failed when rendered with trial data: {FirstLine(exception.OriginalMessage)}"));
                return false;
            }
#pragma warning disable CA1031 // Whatever the engine throws is reported as a problem of this template, never thrown.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                issues.Add(new TemplateIssue(1, 1, TemplateProblemCodes.RenderFailed,
                    $"The template passed every check but failed when rendered with trial data: {exception.GetType().Name}: {FirstLine(exception.Message)}"));
                return false;
            }

            if (key.Part == TemplatePart.Html && TrialData.ShowsMarkup(output))
            {
                issues.Add(new TemplateIssue(1, 1, TemplateProblemCodes.UnescapedOutput,
                    "The HTML template output markup from a value unescaped when rendered with trial data; every value must be escaped."));
                return false;
            }
        }

        return true;

        static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');

        static bool IsLimit(string message) =>
            message.Contains("limit", StringComparison.OrdinalIgnoreCase) || message.Contains("evaluation steps", StringComparison.Ordinal);
    }

    private static Dictionary<(NotificationKind, ChannelKind, string), CompiledSet> GroupIntoSets(
        NotificationTemplates templates, Dictionary<NotificationTemplateKey, CompiledTemplate> compiled, List<TemplateProblem> problems)
    {
        var sets = new Dictionary<(NotificationKind, ChannelKind, string), CompiledSet>();
        foreach (var group in templates.Keys.GroupBy(k => (k.Kind, k.Channel, k.Language)))
        {
            var parts = new CompiledTemplate?[Enum.GetValues<TemplatePart>().Length];
            var complete = true;
            foreach (var part in NotificationTemplateKey.PartsOf(group.Key.Channel))
            {
                var key = new NotificationTemplateKey(group.Key.Kind, group.Key.Language, group.Key.Channel, part);
                if (!templates.TryGetSource(key, out _))
                {
                    complete = false;
                    problems.Add(new TemplateProblem(key.Name, key, 0, 0, TemplateProblemCodes.Missing,
                        $"The {group.Key.Language} {NotificationTemplateKey.ChannelName(group.Key.Channel)} templates of {group.Key.Kind.TemplateName()} have no {NotificationTemplateKey.PartName(part)} part; define every part of the channel or none."));
                }
                else if (compiled.TryGetValue(key, out var template))
                {
                    parts[(int)part] = template;
                }
                else
                {
                    complete = false;
                }
            }

            if (complete)
            {
                sets.Add(group.Key, new CompiledSet(group.Key.Language, parts));
            }
        }

        return sets;
    }

    private static void CheckDefaultLanguage(NotificationTemplates templates, string defaultLanguage, List<TemplateProblem> problems)
    {
        foreach (var kind in Enum.GetValues<NotificationKind>())
        {
            // Webhook messages fall back to the push templates, so a missing push set is the one problem to report.
            foreach (var channel in (ChannelKind[])[ChannelKind.Email, ChannelKind.Sms, ChannelKind.Push])
            {
                if (!HasAny(kind, channel))
                {
                    var key = new NotificationTemplateKey(kind, defaultLanguage, channel, NotificationTemplateKey.PartsOf(channel)[0]);
                    problems.Add(new TemplateProblem(key.Name, key, 0, 0, TemplateProblemCodes.Missing,
                        $"{kind.TemplateName()} has no {NotificationTemplateKey.ChannelName(channel)} templates in the default language '{defaultLanguage}', which ends every fallback chain."));
                }
            }
        }

        bool HasAny(NotificationKind kind, ChannelKind channel) =>
            templates.TryGetSource(new NotificationTemplateKey(kind, defaultLanguage, channel, NotificationTemplateKey.PartsOf(channel)[0]), out _);
    }

    // Cultures put no-break and narrow no-break spaces in dates ("5:00\u202FPM"); one would force a whole SMS into UCS-2.
    private static string GsmFriendlySpaces(string text) =>
        text.AsSpan().IndexOfAny('\u00A0', '\u202F', '\u2009') < 0 ? text : text.Replace('\u00A0', ' ').Replace('\u202F', ' ').Replace('\u2009', ' ');

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string HtmlDocument(string language, string subject, string body)
    {
        var html = new StringBuilder(body.Length + subject.Length + 160);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        HtmlText.Append(html, subject);
        html.Append("</title>\n</head>\n<body>\n").Append(body).Append("\n</body>\n</html>\n");
        return html.ToString();
    }

    private sealed class CompiledSet(string language, CompiledTemplate?[] parts)
    {
        public string Language { get; } = language;

        public string Render(TemplatePart part, TemplateScope scope) => parts[(int)part]!.Render(scope);
    }

    private sealed record Selection(CompiledSet Set, CultureInfo Culture, TemplateWords Words);

    /// <summary>A parsed, checked template and how it renders: by its direct plan when it has one, else in its syntax's sandbox.</summary>
    private sealed class CompiledTemplate(Template template, TemplatePlan? plan, bool html, TemplateSyntax syntax)
    {
        public bool HasPlan => plan is not null;

        public string Render(TemplateScope scope) => plan?.Render(scope) ?? RenderInSandbox(scope, default);

        public string RenderInSandbox(TemplateScope scope, CancellationToken cancellationToken) =>
            TemplateSandbox.For(html, syntax).Render(template, scope, cancellationToken);

        /// <summary>Keeps the plan only while it writes what the sandbox wrote for the same values (TemplatePlanTests shows it does).</summary>
        public void CheckPlan(TemplateScope scope, string sandboxOutput)
        {
            if (plan is not null && plan.Render(scope) != sandboxOutput)
            {
                plan = null;
            }
        }
    }
}
