using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace Civic311.Notifications.Tests;

/// <summary>
/// Template sources a hostile or careless author could write, and hostile data to render them with. Nothing here is
/// specific to one template engine: each entry is only a source, and the tests assert what any engine must do with it.
/// </summary>
internal static class HostileTemplates
{
    /// <summary>Markup, a mustache, quotes and bidi controls in every text value.</summary>
    public const string Markup = "<script>x</script><img src=x onerror=\"q1\"> 'q2' & {{description}} \\{{{description}}} {{> x}}\u202E\u2066";

    /// <summary>Every text field carries <see cref="Markup"/> (found by reflection, so a new field is covered too); every optional value is set.</summary>
    public static NotificationData HostileData
    {
        get
        {
            var data = Samples.Base with
            {
                Status = ServiceRequestStatus.OnHold,
                PreviousStatus = ServiceRequestStatus.Assigned,
                OccurredAt = Instant.FromUtc(2026, 11, 20, 1, 0),
                SlaDueAt = Instant.FromUtc(2026, 11, 18, 22, 0),
                SlaWarningAt = Instant.FromUtc(2026, 11, 18, 12, 0),
            };

            // A fresh copy that nothing else has seen: setting its init-only text properties is safe.
            foreach (var property in typeof(NotificationData).GetProperties().Where(p => p.PropertyType == typeof(string) && p.CanWrite))
            {
                property.SetValue(data, Markup);
            }

            return data;
        }
    }

    /// <summary>Only the tracking number: every optional value is missing.</summary>
    public static NotificationData EmptyData => new("311-26-0000001");

    /// <summary>Whether rendered HTML shows a value's markup or quotes unescaped.</summary>
    public static bool ShowsMarkup(string html) =>
        html.Contains("<script>x", StringComparison.OrdinalIgnoreCase)
        || html.Contains("<img src=x", StringComparison.OrdinalIgnoreCase)
        || html.Contains("\"q1\"", StringComparison.Ordinal)
        || html.Contains("'q2'", StringComparison.Ordinal);

    /// <summary>The corpus: a label (for failure messages) and a source.</summary>
    public static IEnumerable<(string Label, string Source)> Corpus()
    {
        string[] escapes =
        [
            "<p>\\{{{description}}}</p>", "<p>\\\\{{{description}}}</p>", "<p>\\\\\\{{{description}}}</p>", "<p>\\\\\\\\{{{description}}}</p>",
            "\\{{description}}", "\\\\{{description}}", "\\\\\\{{description}}", "\\\\\\\\{{description}}", "\\\\\\\\\\{{description}}",
            "\\{{{{description}}", "\\{{{{{description}}}}", "{\\{{description}}", "\\{\\{description}}", "\\\\{description}}",
            "\\\\{{> x}}", "\\{{> x}}", "\\\\\\{{> x}}", "\\\\{{&description}}", "\\\\{{~{description}~}}", "\\{{~{description}~}}",
            "\\\\{{#if note}}{{note}}", "\\{{#if note}}{{/if}}", "{{#if note}}\\{{/if}}{{/if}}", "\\\\{{/if}}", "\\\\{{else}}",
            "\\", "\\\\", "\\{", "\\{{", "\\\\{{", "{{description}}\\", "a\\b{{description}}c\\\\d",
        ];
        string[] forms =
        [
            "{{{description}}}", "{{{~description~}}}", "{{~{description}~}}", "{{& description}}", "{{~&description}}", "{{ &description }}",
            "{{{{raw}}}}{{description}}{{{{/raw}}}}", "{{{{raw}}}}<b>{{{{/raw}}}}", "{{{{description}}}}",
            "{{> x}}", "{{>x}}", "{{ > x }}", "{{#> x}}{{description}}{{/x}}", "{{#>x}}y{{/x}}", "{{> (description)}}",
            "{{* deco}}", "{{*deco}}", "{{#* inline \"x\"}}{{description}}{{/inline}}{{> x}}",
            "{{!< layout}}{{description}}", "{{!<layout}}", "{{! a } description}}", "{{! a }description}}", "{{!}}", "{{! }}",
            "{{!-- }} --}}{{description}}", "{{!-- a -- b --}}{{description}}", "{{!-- a ---}}{{description}}", "{{!-- a --~}}{{description}}",
            "{{~!-- a --}}{{description}}", "{{!-- a --}description}}", "{{!--}}", "{{!---}}", "{{!-- --}} }}", "{{~!-- a --}}}{description}}", "{{! a }}}", "{{! a }}}}",
            "{{^}}", "{{#if note}}a{{^}}b{{/if}}", "{{#if note}}a{{else}}b{{else}}c{{/if}}", "{{#if note}}a{{else}}b{{else if note}}c{{/if}}",
            "{{#if note}}a{{else if holdReason}}b{{else unless note}}c{{else}}d{{/if}}", "{{^note}}a{{else}}b{{/note}}", "{{^note}}a{{/note}}",
            "{{#if note}}{{~else~}}{{/if}}", "{{#if note}}{{ else }}{{/if}}", "{{else}}", "{{/if}}", "{{#if note}}", "{{#unless note}}{{/if}}",
            "{{#each note}}{{this}}{{/each}}", "{{#with note}}{{this}}{{/with}}", "{{#if note as |x|}}{{x}}{{/if}}", "{{#if (note)}}{{/if}}",
            "{{lookup this \"description\"}}", "{{log description}}", "{{description.length}}", "{{[description]}}", "{{description/x}}",
            "{{this}}", "{{.}}", "{{@root}}", "{{@root.description}}", "{{../description}}", "{{@index}}", "{{description x=1}}",
            "{{date expectedAt \"a}}b\"}}", "{{date expectedAt 'a}}b'}}", "{{date expectedAt \"D\"x}}", "{{date expectedAt x\"D\"}}",
            "{{date expectedAt \"D}}", "{{date expectedAt \"\\\"D\"}}", "{{date expectedAt \"{{description}}\"}}", "{{date expectedAt \"%\"}}",
            "{{date expectedAt \"dddd d 'de' MMMM\"}}", "{{date description}}", "{{duration expectedAt}}", "{{duration slaTimeLeft}}",
            "{{description}}}", "{{description}", "{{description", "{{", "}}", "{{}}", "{{ }}", "{{~}}", "{{~~description~~}}",
            "{{description ~ }}", "{{ ~description}}", "{{de~scription}}", "{{\\description}}", "{{descr\u200Biption}}", "{{déscription}}",
            "{{description\n}}", "{{\ndescription}}", "<a href=\"{{statusUrl}}\">{{description}}</a>", "<a href='{{statusUrl}}'>x</a>",
            "{{#if note}}{{#if note}}{{/if}}", "{{#if note}}{{/unless}}", "{{#if}}{{/if}}", "{{#}}", "{{/}}", "{{#if note note}}{{/if}}",
        ];
        string[] scriban =
        [
            "{{ description }}", "{{description}}", "{{ raw description }}", "{{ description | raw }}", "{{ x = description }}{{ raw x }}",
            "{{ raw \"<b>\" }}{{ description }}", "{{ raw \"<b>\" + description }}", "{{ escape description | raw }}", "{{ escape description }}",
            "{{ capture x }}{{ description }}{{ end }}{{ x }}", "{{ capture x }}{{ description }}{{ end }}{{ raw x }}",
            "{{ func f; ret description; end }}{{ f }}", "{{ func f; ret description; end }}{{ raw (f) }}", "{{ func f }}{{ f }}{{ end }}{{ f }}",
            "{{ func g(n) }}{{ if n > 0 }}{{ g(n - 1) }}{{ g(n - 1) }}{{ end }}{{ end }}{{ g 30 }}", "{{ for i in 1..100000 }}x{{ end }}",
            "{{ while true }}{{ end }}", "{{ for i in 1..999 }}{{ string.pad_left description 1000 }}{{ end }}", "{{ string.pad_left \"x\" 100000000 }}",
            "{{ include \"x\" }}", "{{ include description }}", "{{ import string }}", "{{ object.eval description }}", "{{ object.eval_template description }}",
            "{{ date.now }}", "{{ regex.replace description \"(a+)+$\" \"\" }}", "{{ expectedAt.Local }}", "{{ expectedAt.Culture.Name }}",
            "{{ this }}", "{{ $0 }}", "{{ description[0] }}", "{{ with note }}{{ end }}", "{{ wrap f }}{{ end }}", "{{ {a: description}.a }}",
            "{{ [description] | array.join \",\" }}", "{{ description | string.replace \"<\" \"<\" }}", "{{ \"<\" + \"script>\" }}",
            "<a href=\"{{ statusUrl }}\" title='{{ description }}'>{{ description }}</a>", "{%{ {{ description }} }%}", "{{## {{ raw description }} ##}}",
            "{{ if note }}{{ note }}{{ else if holdReason }}{{ holdReason }}{{ else }}{{ description }}{{ end }}", "{{ trackingNumber = description }}",
            "{{ expectedAt | date description }}", "{{ expectedAt | date \"%d\" }}", "{{ slaTimeLeft | duration }}{{ description | duration }}",
            "{% if note %}{{ description }}{% endif %}", "{% assign x = description %}{{ x | raw }}", "{% capture x %}{{ description }}{% endcapture %}{{ x }}",
            "{% include 'x' %}", "{% raw %}{{ description }}{% endraw %}", "{% comment %}{{ description | raw }}{% endcomment %}",
            "{% for i in (1..100000) %}x{% endfor %}", "{{ description | escape }}", "{{ description | upcase | append: '<b>' }}",
        ];
        string[] controls = ["\0", "\u0001", "\u0007", "\u001B", "\u007F", "\u0085", "\u009B", "\uFEFF", "\u202E", "\uD800", "\uDC00"];
        foreach (var source in escapes)
        {
            yield return ("escape " + source, source);
        }

        foreach (var source in forms)
        {
            yield return ("form " + source, source);
        }

        foreach (var source in scriban)
        {
            yield return ("scriban or liquid " + source, source);
        }

        foreach (var control in controls)
        {
            var code = $"U+{(int)control[0]:X4}";
            yield return ("control in text " + code, "a" + control + "{{description}}");
            yield return ("control in expression " + code, "{{description" + control + "}}");
            yield return ("control in format " + code, "{{date expectedAt \"D" + control + "\"}}");
            yield return ("control after escape " + code, "\\" + control + "{{{description}}}");
        }

        var depth = NotificationTemplates.MaxBlockDepth;
        yield return ("nesting at the limit", Nest(depth, "{{description}}"));
        yield return ("nesting past the limit", Nest(depth + 1, "{{description}}"));
        yield return ("nesting 100,000 deep", Nest(100_000, "x"));
        yield return ("100,000 opened blocks", string.Concat(Enumerable.Repeat("{{#if note}}", 100_000)));
        yield return ("100,000 closings", string.Concat(Enumerable.Repeat("{{/if}}", 100_000)));
        var length = NotificationTemplates.MaxTemplateLength;
        yield return ("size at the limit", "{{description}}" + new string('x', length - 15));
        yield return ("size past the limit", "{{description}}" + new string('x', length - 14));
        yield return ("1 MB of text", new string('x', 1024 * 1024));
        yield return ("1 MB of mustaches", string.Concat(Enumerable.Repeat("{{description}}\n", 1024 * 1024 / 16)));
        yield return ("1 MB of unclosed mustaches", string.Concat(Enumerable.Repeat("{{", 512 * 1024)));
        yield return ("64 KiB of escapes", string.Concat(Enumerable.Repeat("\\{{", length / 3)));
        yield return ("64 KiB of unclosed comments", string.Concat(Enumerable.Repeat("{{!-", length / 4)));
        yield return ("64 KiB of backslashes and a raw mustache", new string('\\', length - 20) + "{{{description}}}");
    }

    private static string Nest(int depth, string inner) =>
        string.Concat(Enumerable.Repeat("{{#if note}}", depth)) + inner + string.Concat(Enumerable.Repeat("{{/if}}", depth));
}
