using System.Text.Json;

namespace Civic311.Notifications.Tests;

/// <summary>Resident-supplied text is HTML-escaped in HTML bodies only, and JSON-escaped in webhook documents.</summary>
public sealed class EscapingTests
{
    private const string Script = "<script>alert('x')</script> & \"quotes\"";

    private static readonly NotificationData Data = Samples.Base with { Description = Script, Address = "<b>Calle 50</b>", ResidentName = "Ana <i>" };

    [Fact]
    public void Render_ScriptInDescription_IsEscapedInTheHtmlBody()
    {
        var message = Samples.Renderer.Render(NotificationKind.RequestReceived, ChannelKind.Email, Data, "ana@example.pa", "en", "k");

        message.HtmlBody.Should().NotContain("<script>").And.NotContain("<b>Calle").And.NotContain("<i>");
        message.HtmlBody.Should().Contain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;");
        message.HtmlBody.Should().Contain("&lt;b&gt;Calle 50&lt;/b&gt;");
    }

    public static TheoryData<NotificationKind, string> EventsAndLanguages()
    {
        var data = new TheoryData<NotificationKind, string>();
        foreach (var kind in Samples.Kinds)
        {
            foreach (var language in (string[])["en", "es", "es-PA", "es-US", "en-US"])
            {
                data.Add(kind, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EventsAndLanguages))]
    public void Render_HostileTextInEveryField_IsEscapedInEveryHtmlBody(NotificationKind kind, string language)
    {
        var message = Samples.Renderer.Render(kind, ChannelKind.Email, HostileTemplates.HostileData, "x@example.pa", language, "k");

        HostileTemplates.ShowsMarkup(message.HtmlBody!).Should().BeFalse(message.HtmlBody);
        message.HtmlBody.Should().Contain("&lt;script&gt;x&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;&quot;q1&quot;&gt; &#x27;q2&#x27; &amp; {{description}}",
            "the hostile text is printed, escaped, not dropped");
        message.TextBody.Should().Contain("<script>x</script>", "text bodies are not HTML and are not escaped");
    }

    [Fact]
    public void Render_ScriptInDescription_IsRawInTheTextBodyAndSms()
    {
        var email = Samples.Renderer.Render(NotificationKind.RequestReceived, ChannelKind.Email, Data, "ana@example.pa", "en", "k");
        var staffSms = Samples.Renderer.Render(NotificationKind.AssignedToQueue, ChannelKind.Email, Data, "q@example.pa", "en", "k");

        email.TextBody.Should().Contain(Script).And.Contain("<b>Calle 50</b>").And.NotContain("&lt;");
        staffSms.TextBody.Should().Contain("Description: " + Script);
    }

    [Fact]
    public void Render_ScriptInHoldReason_IsRawInSmsAndPush()
    {
        var data = Samples.For(NotificationKind.OnHold) with { HoldReason = "a <photo> & the \"number\"" };

        Samples.Renderer.Render(NotificationKind.OnHold, ChannelKind.Sms, data, "+50761234567", "en", "k").TextBody
            .Should().EndWith("We need: a <photo> & the \"number\"");
        Samples.Renderer.Render(NotificationKind.OnHold, ChannelKind.Push, data, "device", "en", "k").TextBody
            .Should().Be("We need: a <photo> & the \"number\"");
    }

    [Fact]
    public void Render_ScriptInDescription_GivesValidJsonThatRoundTrips()
    {
        var message = Samples.Renderer.Render(NotificationKind.RequestReceived, ChannelKind.Webhook, Data, "hook", "en", "k");

        message.Json.Should().NotContain("<script>", "System.Text.Json escapes HTML-sensitive characters");
        using var json = JsonDocument.Parse(message.Json!);
        json.RootElement.GetProperty("request").GetProperty("description").GetString().Should().Be(Script);
        json.RootElement.GetProperty("request").GetProperty("address").GetString().Should().Be("<b>Calle 50</b>");
    }

    [Fact]
    public void Render_SubjectWithMarkup_IsEscapedInTheHtmlTitleOnly()
    {
        var data = Samples.Base with { TrackingNumber = "<T&1>" };

        var message = Samples.Renderer.Render(NotificationKind.Closed, ChannelKind.Email, data, "ana@example.pa", "en", "k");

        message.Subject.Should().Be("Your request <T&1> was closed");
        message.HtmlBody.Should().Contain("<title>Your request &lt;T&amp;1&gt; was closed</title>");
    }
}
