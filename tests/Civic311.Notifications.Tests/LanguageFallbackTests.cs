using Civic311.Requests;

namespace Civic311.Notifications.Tests;

/// <summary>The recipient's language, then its parent, then the default language.</summary>
public sealed class LanguageFallbackTests
{
    [Theory]
    [InlineData("es-PA", "es")]
    [InlineData("ES-pa", "es")]
    [InlineData("es_MX", "es")]
    [InlineData("es", "es")]
    [InlineData("fr", "en")]
    [InlineData("fr-CA", "en")]
    [InlineData(null, "en")]
    [InlineData("", "en")]
    [InlineData("not a tag!", "en")]
    public void Render_PreferredLanguage_FallsBackToParentThenDefault(string? preferred, string expected)
    {
        var message = Samples.Renderer.Render(NotificationKind.Closed, ChannelKind.Push, Samples.Base, "device", preferred, "k");

        message.Language.Should().Be(expected);
        Samples.Renderer.ResolveLanguage(NotificationKind.Closed, ChannelKind.Push, preferred).Should().Be(expected);
    }

    [Fact]
    public void Render_RegionalOverride_WinsOverItsParentForThatTemplateSetOnly()
    {
        var templates = NotificationTemplates.BuiltIn
            .With(NotificationKind.Closed, "es-PA", ChannelKind.Sms, TemplatePart.Text, "¡Listo! Su caso {{trackingNumber}} quedó cerrado.");
        var renderer = NotificationRenderer.Create(templates);

        var sms = renderer.Render(NotificationKind.Closed, ChannelKind.Sms, Samples.Base, "+507", "es-PA", "k");
        var push = renderer.Render(NotificationKind.Closed, ChannelKind.Push, Samples.Base, "device", "es-PA", "k");

        sms.Language.Should().Be("es-PA");
        sms.TextBody.Should().Be("¡Listo! Su caso 311-26-0001234 quedó cerrado.");
        push.Language.Should().Be("es");
    }

    [Fact]
    public void Render_RegionalCulture_FormatsDatesInTheRegionsCulture()
    {
        var data = Samples.Base;

        var us = Samples.Renderer.RenderPart(NotificationKind.RequestReceived, ChannelKind.Sms, TemplatePart.Text, data, "en-US");
        var gb = Samples.Renderer.RenderPart(NotificationKind.RequestReceived, ChannelKind.Sms, TemplatePart.Text, data, "en-GB");

        us.Should().Contain("11/24/2026");
        gb.Should().Contain("24/11/2026");
    }

    [Fact]
    public void Render_FallbackToDefault_FormatsDatesInTheDefaultLanguageNotTheRequestedOne()
    {
        var text = Samples.Renderer.RenderPart(NotificationKind.RequestReceived, ChannelKind.Push, TemplatePart.Body, Samples.Base, "fr-FR");

        text.Should().Contain("Tuesday, November 24, 2026").And.NotContain("mardi");
    }

    [Fact]
    public void Create_OtherDefaultLanguage_EndsTheChainWithIt()
    {
        var renderer = NotificationRenderer.Create(NotificationTemplates.BuiltIn, new NotificationRendererOptions { DefaultLanguage = "es" });

        renderer.Render(NotificationKind.Closed, ChannelKind.Push, Samples.Base, "device", "fr", "k").Language.Should().Be("es");
        renderer.Render(NotificationKind.Closed, ChannelKind.Push, Samples.Base, "device", "en-GB", "k").Language.Should().Be("en");
    }

    [Fact]
    public void Render_StatusWords_FollowTheTemplateLanguage()
    {
        var data = Samples.For(NotificationKind.StatusChanged) with { Status = ServiceRequestStatus.OnHold };

        Samples.Renderer.RenderPart(NotificationKind.StatusChanged, ChannelKind.Push, TemplatePart.Title, data, "es").Should().Be("Solicitud 311-26-0001234: en espera");
        Samples.Renderer.RenderPart(NotificationKind.StatusChanged, ChannelKind.Push, TemplatePart.Title, data, "en").Should().Be("Request 311-26-0001234: on hold");
    }
}
