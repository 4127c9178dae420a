using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Civic311.Notifications.Tests;

/// <summary>
/// What validates renders safely: one hostile corpus, and seeded mutations of it and of the built-in templates, drive
/// both the checker (<see cref="NotificationRenderer.TryCreate"/>) and the renderer.
/// </summary>
public sealed class HostileTemplateTests
{
    private const NotificationKind Kind = NotificationKind.StatusChanged;

    private static readonly string[] Languages = ["en", "es", "es-PA", "fr"];

    private static readonly ChannelKind[] OverriddenChannels = [ChannelKind.Email, ChannelKind.Sms, ChannelKind.Push, ChannelKind.Webhook];

    [Theory]
    [InlineData("{%{{{ description }}}%}", "{{ description }}")]
    [InlineData("{{ \"{{\" }} description }}", "{{ description }}")]
    [InlineData("\\{{ description }}", "\\&lt;b&gt;")]
    [InlineData("{{ \"<i>\" }}{{ description }}", "&lt;i&gt;&lt;b&gt;")]
    [InlineData("{{ raw \"<i>\" }}{{ description }}", "<i>&lt;b&gt;")]
    [InlineData("{{ \"<i>\" + description }}", "&lt;i&gt;&lt;b&gt;")]
    [InlineData("{{ description | string.upcase }}", "&lt;B&gt;")]
    [InlineData("{{ escape description }}", "&lt;b&gt;")]
    public void Render_EscapesAndLiterals_AreWrittenAsTheSandboxMeansThem(string source, string expectedStart)
    {
        var renderer = NotificationRenderer.Create(Html(source));

        renderer.RenderPart(Kind, ChannelKind.Email, TemplatePart.Html, Samples.Base with { Description = "<b>" }, "en").Should().StartWith(expectedStart);
    }

    [Theory]
    [InlineData("{{ raw description }}", 1, 4, TemplateProblemCodes.RawOutput)]
    [InlineData("{{ x = description }}{{ raw x }}", 1, 25, TemplateProblemCodes.RawOutput)]
    [InlineData("{{ func f; ret description; end }}{{ raw (f) }}", 1, 38, TemplateProblemCodes.RawOutput)]
    [InlineData("{{ escape description | raw }}", 1, 25, TemplateProblemCodes.RawOutput)]
    [InlineData("{{ raw \"a\" + description }}", 1, 4, TemplateProblemCodes.RawOutput)]
    [InlineData("{{ capture x }}{{ description }}{{ end }}{{ x }}", 1, 4, TemplateProblemCodes.Syntax)]
    public void TryCreate_WaysToMarkResidentTextRaw_AreRefusedInHtml(string source, int line, int column, string code)
    {
        var problem = SingleProblem(Html(source));

        (problem.Name, problem.Line, problem.Column, problem.Code).Should().Be(("status-changed.en.email.html", line, column, code), problem.ToString());
    }

    [Theory]
    [InlineData("{{ if note }}a{{ else }}b{{ else }}c{{ end }}", 1, 29)]
    [InlineData("x\n  {{ descr\u200Biption }}", 2, 11)]
    [InlineData("ok\u0000{{ description }}", 1, 3)]
    [InlineData("{{ date.now }}", 1, 4)]
    [InlineData("{{ object.eval description }}", 1, 4)]
    [InlineData("{{ include \"/etc/passwd\" }}", 1, 4)]
    [InlineData("{{ expectedAt.Local.Year }}", 1, 4)]
    [InlineData("{{ $0 }}", 1, 4)]
    [InlineData("{{ with note }}x{{ end }}", 1, 9)]
    [InlineData("{{ while true }}x{{ end }}", 1, 4)]
    public void TryCreate_FormsTheSandboxRefuses_AreRefusedWhereTheyAre(string source, int line, int column)
    {
        var problem = SingleProblem(Text(source));

        (problem.Name, problem.Line, problem.Column).Should().Be(("status-changed.en.sms.text", line, column), problem.ToString());
    }

    [Fact]
    public void TryCreate_TemplatePastTheSizeLimit_IsRefusedWhereTheLimitIs()
    {
        var atLimit = "{{trackingNumber}}\n" + new string('x', NotificationTemplates.MaxTemplateLength - 19);

        NotificationRenderer.TryCreate(Text(atLimit), null, out _, out var none).Should().BeTrue(string.Join("; ", none));
        var problem = SingleProblem(Text(atLimit + "x"));
        (problem.Line, problem.Column, problem.Code).Should().Be((2, NotificationTemplates.MaxTemplateLength - 18, TemplateProblemCodes.TooLong));
        problem.Message.Should().Contain("65536 characters");
        SingleProblem(Text(new string('x', 1024 * 1024))).Code.Should().Be(TemplateProblemCodes.TooLong);
    }

    [Fact]
    public void TryCreate_BlocksPastTheNestingLimit_AreRefusedAtTheFirstTooDeep()
    {
        static string Nest(int depth) =>
            string.Concat(Enumerable.Repeat("{{ if note }}\n", depth)) + "{{ note }}" + string.Concat(Enumerable.Repeat("{{ end }}", depth));

        NotificationRenderer.TryCreate(Text(Nest(NotificationTemplates.MaxBlockDepth)), null, out _, out var none).Should().BeTrue(string.Join("; ", none));
        var problem = SingleProblem(Text(Nest(NotificationTemplates.MaxBlockDepth + 1)));
        (problem.Line, problem.Column, problem.Code).Should().Be((NotificationTemplates.MaxBlockDepth + 1, 4, TemplateProblemCodes.TooDeep), problem.ToString());
        problem.Message.Should().Contain("32");
        SingleProblem(Text(string.Concat(Enumerable.Repeat("{{ if note }}", 5_000)))).Code.Should().Be(TemplateProblemCodes.TooDeep);
    }

    [Fact]
    public void TryCreate_ManyProblems_ReportsTheFirstHundred()
    {
        NotificationRenderer.TryCreate(Text(string.Concat(Enumerable.Repeat("{{nope}}", 1_000))), null, out _, out var problems).Should().BeFalse();

        problems.Should().HaveCount(100).And.OnlyContain(p => p.Code == TemplateProblemCodes.UnknownVariable);
    }

    [Theory]
    [InlineData(TemplateSyntax.Scriban)]
    [InlineData(TemplateSyntax.Liquid)]
    public void Corpus_EveryEntry_IsRefusedWithItsPositionOrRendersSafelyEverywhere(TemplateSyntax syntax)
    {
        var failures = new List<string>();
        var accepted = 0;
        foreach (var (label, source) in HostileTemplates.Corpus())
        {
            var templates = NotificationTemplates.BuiltIn;
            foreach (var language in (string[])["en", "es"])
            {
                foreach (var channel in OverriddenChannels)
                {
                    foreach (var part in NotificationTemplateKey.PartsOf(channel))
                    {
                        templates = templates.With(Kind, language, channel, part, source, syntax);
                    }
                }
            }

            if (Outcome(templates, out var wasAccepted) is { } failure)
            {
                failures.Add($"{label}: {failure}");
            }

            accepted += wasAccepted ? 1 : 0;
        }

        failures.Should().BeEmpty();
        accepted.Should().BeGreaterThan(10, "the corpus has valid entries too, rendered with hostile data");
    }

    [Fact]
    public void Fuzz_MutatedTemplates_AreRefusedWithTheirPositionOrRenderSafelyEverywhere()
    {
        var seed = Civic311.Tests.Shared.FuzzSettings.Seeds(311_019)[0];
        var random = new Random(seed);
        var bases = HostileTemplates.Corpus().Select(e => e.Source).Where(s => s.Length < 4096)
            .Concat(NotificationTemplates.BuiltIn.Keys.Where(k => k.Kind == Kind).Select(k => NotificationTemplates.BuiltIn.TryGetSource(k, out var s) ? s : ""))
            .ToArray();
        // One part of a channel at a time, so that the rest of the set stays complete: webhook reuses the push templates.
        var keys = ((ChannelKind[])[ChannelKind.Email, ChannelKind.Sms, ChannelKind.Push]).SelectMany(c => NotificationTemplateKey.PartsOf(c).Select(p => new NotificationTemplateKey(Kind, random.Next(2) == 0 ? "en" : "es", c, p))).ToArray();
        var accepted = 0;
        var count = Civic311.Tests.Shared.FuzzSettings.Count(2_000);
        for (var i = 0; i < count; i++)
        {
            var source = Mutate(bases[random.Next(bases.Length)], random);
            var key = keys[i % keys.Length];
            if (Outcome(NotificationTemplates.BuiltIn.With(key, source), out var wasAccepted) is { } failure)
            {
                Assert.Fail($"Seed {seed} (CIVIC311_FUZZ_SEED={seed} reproduces it), iteration {i}, template {key.Name}: {failure}\nSource: {Visible(source)}");
            }

            accepted += wasAccepted ? 1 : 0;
        }

        accepted.Should().BeGreaterThan(100, $"mutations keep many templates valid (seed {seed})");
    }

    private static string? Outcome(NotificationTemplates templates, out bool accepted)
    {
        accepted = NotificationRenderer.TryCreate(templates, null, out var renderer, out var problems);
        if (!accepted)
        {
            var unplaced = problems.FirstOrDefault(p => p.Key is not { Kind: Kind } || p.Line < 1 || p.Column < 1);
            return problems.Count == 0 ? "refused without a problem" : unplaced is null ? null : $"a problem without its template and position: {unplaced}";
        }

        foreach (var channel in Samples.Channels)
        {
            foreach (var language in Languages)
            {
                foreach (var data in (NotificationData[])[HostileTemplates.HostileData, HostileTemplates.EmptyData])
                {
                    try
                    {
                        var message = renderer!.Render(Kind, channel, data, Samples.RecipientFor(channel, Kind), language, "k");
                        if (message.HtmlBody is { } html && HostileTemplates.ShowsMarkup(html))
                        {
                            return $"accepted, and the {language} HTML body shows markup unescaped: {html}";
                        }
                    }
#pragma warning disable CA1031 // Any exception is the failure being looked for.
                    catch (Exception exception)
#pragma warning restore CA1031
                    {
                        return $"accepted, and rendering {channel} in {language} threw {exception.GetType().Name}: {exception.Message}";
                    }
                }
            }
        }

        return null;
    }

    private static readonly string[] Fragments =
    [
        "{{", "}}", "{{{", "}}}", "{{{{", "\\", "\\\\", "~", "!", "!--", "--", "-", "\"", "'", "#if note", "/if", "else", "^", ">", "&", "*",
        "[", "]", "(", ")", "=", "|", "{", "}", " ", "\n", "\0", "\u202E", "\u200B", "description", "{{description}}", "{{/if}}",
        "{{#if note}}", "{{else}}", "{{^}}", "{{!", "{{!--", "--}}", "{{> x}}", "{{date expectedAt \"D\"}}", "as |x|", "@root.", "../", "this",
        "{{ if note }}", "{{ end }}", "{{ else }}", " | raw", "raw ", " | string.upcase", "{{ raw description }}", "{{ description }}", "{%{", "}%}",
        "{{~", "~}}", "{{-", "-}}", "{% if note %}", "{% endif %}", "{{ for i in 1..5 }}", "{{ func f }}", "ret ", ";", "$", "[0]", ".size",
        "include ", "capture x", "{{ x }}", "x = description", "escape ", "date ", "duration ", "1..100000", "##", "#",
    ];

    private static string Mutate(string source, Random random)
    {
        var text = new StringBuilder(source);
        var count = 1 + random.Next(4);
        for (var m = 0; m < count; m++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(4))
            {
                case 0:
                    text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 1 when text.Length > 0:
                    text.Remove(Math.Min(at, text.Length - 1), Math.Min(1 + random.Next(8), text.Length - Math.Min(at, text.Length - 1)));
                    break;
                case 2 when at < text.Length:
                    var length = Math.Min(1 + random.Next(16), text.Length - at);
                    text.Insert(random.Next(text.Length + 1), text.ToString(at, length));
                    break;
                default:
                    text.Insert(at, (char)random.Next(0, 128));
                    break;
            }
        }

        return text.ToString();
    }

    private static string Visible(string source)
    {
        var text = new StringBuilder(source.Length);
        foreach (var c in source)
        {
            text.Append(char.IsControl(c) && c != '\n' || c > '~' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return text.ToString();
    }

    private static NotificationTemplates Html(string source) =>
        NotificationTemplates.BuiltIn.With(Kind, "en", ChannelKind.Email, TemplatePart.Html, source);

    private static NotificationTemplates Text(string source) =>
        NotificationTemplates.BuiltIn.With(Kind, "en", ChannelKind.Sms, TemplatePart.Text, source);

    private static TemplateProblem SingleProblem(NotificationTemplates templates)
    {
        NotificationRenderer.TryCreate(templates, null, out var renderer, out var problems).Should().BeFalse();
        renderer.Should().BeNull();
        return problems.Should().ContainSingle().Subject;
    }
}
