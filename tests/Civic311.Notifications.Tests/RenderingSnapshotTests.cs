using System;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Civic311.Notifications.Tests;

/// <summary>Every event renders in English and Spanish on every channel, compared with approved snapshots.</summary>
public sealed class RenderingSnapshotTests
{
    public static TheoryData<NotificationKind, string> EventsAndLanguages()
    {
        var data = new TheoryData<NotificationKind, string>();
        foreach (var kind in Samples.Kinds)
        {
            data.Add(kind, "en");
            data.Add(kind, "es");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EventsAndLanguages))]
    public void Render_EveryChannel_MatchesTheApprovedSnapshot(NotificationKind kind, string language)
    {
        var text = new StringBuilder();
        foreach (var channel in Samples.Channels)
        {
            var message = Samples.Renderer.Render(kind, channel, Samples.For(kind), Samples.RecipientFor(channel, kind), language, $"{kind}:{channel}:1");

            message.Language.Should().Be(language);
            message.Kind.Should().Be(kind);
            message.Channel.Should().Be(channel);
            text.Append("##### ").Append(channel).Append('\n').Append(Describe(message));
        }

        Snapshot.Match($"{kind.TemplateName()}.{language}", text.ToString());
    }

    [Theory]
    [MemberData(nameof(EventsAndLanguages))]
    public void Render_EveryChannel_FillsTheChannelsPartsAndNoOthers(NotificationKind kind, string language)
    {
        var data = Samples.For(kind);
        var email = Samples.Renderer.Render(kind, ChannelKind.Email, data, "x@example.pa", language, "k");
        email.Subject.Should().NotBeNullOrWhiteSpace().And.NotContain("\n");
        email.HtmlBody.Should().StartWith("<!DOCTYPE html>").And.Contain($"<html lang=\"{language}\">").And.Contain(data.TrackingNumber);
        email.TextBody.Should().Contain(data.TrackingNumber).And.NotContain("<p>");
        email.Sms.Should().BeNull();
        email.Json.Should().BeNull();

        var sms = Samples.Renderer.Render(kind, ChannelKind.Sms, data, "+50761234567", language, "k");
        sms.TextBody.Should().Contain(data.TrackingNumber);
        sms.Sms.Should().Be(SmsSegments.Count(sms.TextBody!));
        sms.Subject.Should().BeNull();
        sms.HtmlBody.Should().BeNull();

        var push = Samples.Renderer.Render(kind, ChannelKind.Push, data, "device", language, "k");
        push.Subject.Should().Contain(data.TrackingNumber);
        push.TextBody.Should().NotBeNullOrWhiteSpace();

        var webhook = Samples.Renderer.Render(kind, ChannelKind.Webhook, data, "resident:ana", language, "k");
        using var json = JsonDocument.Parse(webhook.Json!);
        json.RootElement.GetProperty("event").GetString().Should().Be(kind.TemplateName());
        json.RootElement.GetProperty("language").GetString().Should().Be(language);
        json.RootElement.GetProperty("title").GetString().Should().Be(push.Subject, "webhook messages fall back to the push templates");
        json.RootElement.GetProperty("request").GetProperty("trackingNumber").GetString().Should().Be(data.TrackingNumber);
    }

    [Fact]
    public void Render_SpanishRequestReceived_SaysTheExpectedDateInSpanishInTheAgencyZone()
    {
        var message = Samples.Renderer.Render(NotificationKind.RequestReceived, ChannelKind.Email, Samples.Base, "ana@example.pa", "es-PA", "k");

        message.Subject.Should().Be("Su solicitud 311-26-0001234 fue recibida");
        message.TextBody.Should().Contain("a más tardar el martes, 24 de noviembre de 2026.");
    }

    [Theory]
    [InlineData("es-PA", "1,234.5 · 1234.5 · 11/24/2026 · 5:00\u202Fp.\u00A0m. · martes, 24 de noviembre de 2026 · 2 días 3 horas")]
    [InlineData("es-US", "1,234.5 · 1234.5 · 24/11/2026 · 5:00\u202Fp.\u00A0m. · martes, 24 de noviembre de 2026 · 2 días 3 horas")]
    [InlineData("es", "1.234,5 · 1234,5 · 24/11/2026 · 17:00 · martes, 24 de noviembre de 2026 · 2 días 3 horas")]
    [InlineData("en-US", "1,234.5 · 1234.5 · 11/24/2026 · 5:00\u202FPM · Tuesday, November 24, 2026 · 2 days 3 hours")]
    public void Render_NumbersDatesAndPlurals_AreInTheRecipientsCulture(string language, string expected)
    {
        // The same with ICU and without it: the InvariantGlobalization test project runs this test too.
        const string Source = "{{ 1234.5 | math.format \"N1\" }} · {{ 1234.5 }} · {{ expectedAt | date \"d\" }} · {{ expectedAt | date \"t\" }} · {{ expectedAt }} · {{ slaTimeLeft | duration }}";
        var renderer = NotificationRenderer.Create(NotificationTemplates.BuiltIn
            .With(NotificationKind.SlaNearingBreach, "en", ChannelKind.Push, TemplatePart.Body, Source)
            .With(NotificationKind.SlaNearingBreach, "es", ChannelKind.Push, TemplatePart.Body, Source));
        var data = Samples.Base with { OccurredAt = NodaTime.Instant.FromUtc(2026, 11, 23, 22, 0), SlaDueAt = NodaTime.Instant.FromUtc(2026, 11, 26, 1, 0) };

        renderer.RenderPart(NotificationKind.SlaNearingBreach, ChannelKind.Push, TemplatePart.Body, data, language).Should().Be(expected);
    }

    [Fact]
    public void Render_ExpectedDateNearMidnightUtc_UsesTheAgencysDate()
    {
        // 2026-11-25 03:00 UTC is still Tuesday the 24th, 22:00, in Panama.
        var data = Samples.Base with { ExpectedAt = NodaTime.Instant.FromUtc(2026, 11, 25, 3, 0) };

        Samples.Renderer.RenderPart(NotificationKind.RequestReceived, ChannelKind.Push, TemplatePart.Body, data, "en")
            .Should().Contain("Tuesday, November 24, 2026");
    }

    [Fact]
    public void Render_MissingOptionalValues_LeavesTheirSentencesOut()
    {
        var data = new NotificationData("311-26-0000001") { ServiceName = "Pothole", CenterName = "City 311" };

        var message = Samples.Renderer.Render(NotificationKind.RequestReceived, ChannelKind.Email, data, "x@example.org", "en", "k");

        message.TextBody.Should().Be("Hello,\n\nWe received your request about Pothole. Your tracking number is 311-26-0000001.\n\nCity 311");
    }

    [Fact]
    public void Render_SameInputsTwice_GivesNewIdsAndSameContent()
    {
        var first = Samples.Renderer.Render(NotificationKind.Resolved, ChannelKind.Email, Samples.For(NotificationKind.Resolved), "a@example.pa", "es", "k");
        var second = Samples.Renderer.Render(NotificationKind.Resolved, ChannelKind.Email, Samples.For(NotificationKind.Resolved), "a@example.pa", "es", "k");

        second.Id.Should().NotBe(first.Id);
        second.Should().BeEquivalentTo(first, o => o.Excluding(m => m.Id));
    }

    private static string Describe(NotificationMessage message)
    {
        var text = new StringBuilder();
        Field("Subject", message.Subject);
        Field("Text", message.TextBody);
        if (message.Sms is { } sms)
        {
            text.Append("SMS: ").Append(sms.ToString()).Append('\n');
        }

        Field("HTML", message.HtmlBody);
        Field("JSON", message.Json?.Replace(message.Id.ToString(), "{id}", StringComparison.Ordinal));
        return text.ToString();

        void Field(string name, string? value)
        {
            if (value is not null)
            {
                text.Append("--- ").Append(name).Append('\n').Append(value).Append('\n');
            }
        }
    }
}
