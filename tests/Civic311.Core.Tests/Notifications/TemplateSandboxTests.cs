using System.Collections.Generic;
using System.Threading;
using Civic311.Notifications;
using NodaTime;
using Scriban.Syntax;

namespace Civic311.Core.Tests.Notifications;

/// <summary>The sandbox every template runs in: no .NET members, limits that fail with a position, no state left behind.</summary>
public sealed class TemplateSandboxTests
{
    private static readonly NotificationData Data = new("311-26-0001234")
    {
        Note = "<b>nota</b>",
        ExpectedAt = Instant.FromUtc(2026, 11, 24, 22, 0),
        TimeZone = DateTimeZoneProviders.Tzdb["America/Panama"],
    };

    private static readonly TemplateScope Scope = new(Data, TemplateCultures.For("es-PA", "es"), TemplateWords.For("es"));

    [Fact]
    public void A_value_copied_into_a_variable_shows_no_dotnet_member()
    {
        Render("{{ x = expectedAt }}[{{ x.Local }}{{ x.Culture }}]{{ x | date \"d\" }}", html: false)
            .Should().Be("[]11/24/2026");
    }

    [Fact]
    public void Built_in_objects_cannot_carry_one_renders_values_into_the_next()
    {
        // The checker refuses this; the sandbox's read-only copies refuse it too, and Scriban's shared objects stay untouched.
        var parsed = Scriban.Template.Parse("{{ string.last = note }}");
        var act = () => TemplateSandbox.For(escapeHtml: false, TemplateSyntax.Scriban).Render(parsed, Scope);

        act.Should().Throw<ScriptRuntimeException>();
        Render("[{{ string.last }}]", html: false).Should().Be("[]");
        Scriban.Template.Parse("{{ string.last }}").Render().Should().BeEmpty();
    }

    [Fact]
    public void Html_output_is_escaped_once_and_raw_literals_and_escape_are_not_escaped_again()
    {
        Render("{{ note }} {{ escape note }} {{ raw \"<br>\" }} {{ \"<i>\" + note }}", html: true)
            .Should().Be("&lt;b&gt;nota&lt;/b&gt; &lt;b&gt;nota&lt;/b&gt; <br> &lt;i&gt;&lt;b&gt;nota&lt;/b&gt;");
        Render("{{ note }} {{ raw \"<br>\" }}", html: false).Should().Be("<b>nota</b> <br>");
    }

    [Fact]
    public void A_render_that_breaks_the_loop_limit_leaves_nothing_behind_for_the_next_one_on_the_thread()
    {
        var broken = () => Render("{{ for i in 1..600 }}{{ for j in 1..2 }}x{{ end }}{{ end }}", html: false);

        var exception = broken.Should().Throw<ScriptRuntimeException>().Which;
        (exception.Span.Start.Line, exception.Span.Start.Column).Should().Be((0, 24), "the inner loop is where the shared budget (600 + 600 x 2 iterations) runs out");
        Render("{{ for i in 1..999 }}{{ end }}{{ note }}", html: false).Should().Be("<b>nota</b>", "a new context, with its whole loop budget");
    }

    [Fact]
    public void A_cancelled_time_limit_stops_the_render_where_it_is()
    {
        using var deadline = new CancellationTokenSource();
        deadline.Cancel();

        var act = () => Render("a{{ note }}", html: false, deadline.Token);

        act.Should().Throw<ScriptAbortException>();
        Render("a{{ note }}", html: false).Should().Be("a<b>nota</b>");
    }

    [Fact]
    public void Functions_calling_themselves_twice_stop_at_the_evaluation_step_limit()
    {
        var act = () => Render("{{ func g(n) }}{{ if n > 0 }}{{ g(n - 1) }}{{ g(n - 1) }}{{ end }}{{ end }}{{ g 30 }}", html: false);

        act.Should().Throw<ScriptRuntimeException>().WithMessage($"*{NotificationTemplates.MaxEvaluationSteps:N0} evaluation steps*");
    }

    private static string Render(string source, bool html, CancellationToken cancellationToken = default)
    {
        var issues = new List<TemplateIssue>();
        var parsed = TemplateChecker.Check(source, TemplateSyntax.Scriban, html, issues);
        issues.Should().BeEmpty();
        return TemplateSandbox.For(html, TemplateSyntax.Scriban).Render(parsed!, Scope, cancellationToken);
    }
}
