namespace Civic311.Notifications.Tests;

/// <summary>GSM 03.38 7-bit: 160 / 153 septets, extension characters count 2; otherwise UCS-2: 70 / 67 code units.</summary>
public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Count_PlainGsm7Text_Uses160ThenSegmentsOf153(int length, int segments)
    {
        var count = SmsSegments.Count(new string('a', length));

        count.Encoding.Should().Be(SmsEncoding.Gsm7);
        count.Units.Should().Be(length);
        count.Segments.Should().Be(segments);
    }

    [Theory]
    [InlineData("€")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("[")]
    [InlineData("]")]
    [InlineData("~")]
    [InlineData("\\")]
    [InlineData("^")]
    [InlineData("|")]
    public void Count_ExtensionCharacter_CountsTwoSeptets(string extension)
    {
        SmsSegments.Count(new string('a', 158) + extension).Should().Be(SmsSegments.Count(new string('a', 160)));
        var over = SmsSegments.Count(new string('a', 159) + extension);

        over.Encoding.Should().Be(SmsEncoding.Gsm7);
        over.Units.Should().Be(161);
        over.Segments.Should().Be(2);
    }

    [Fact]
    public void Count_ExtensionCharacterAtASegmentBoundary_MovesWholeToTheNextSegment()
    {
        // 152 + 2 septets do not fit 153: the euro sign opens segment 2, and 152 + 2 + 152 = 306 septets need a third.
        var count = SmsSegments.Count(new string('a', 152) + "€" + new string('a', 152));

        count.Units.Should().Be(306);
        count.Segments.Should().Be(3);
    }

    [Theory]
    [InlineData("é")]
    [InlineData("ñ")]
    [InlineData("Ñ")]
    [InlineData("ü")]
    [InlineData("à")]
    [InlineData("¿")]
    [InlineData("¡")]
    [InlineData("É")]
    public void Count_SpanishCharactersInGsm7_StayGsm7(string character)
    {
        SmsSegments.Count("Año " + character).Encoding.Should().Be(SmsEncoding.Gsm7);
    }

    [Theory]
    [InlineData("á")]
    [InlineData("í")]
    [InlineData("ó")]
    [InlineData("ú")]
    [InlineData("Á")]
    [InlineData("ç")]
    public void Count_AccentsOutsideGsm7_SwitchToUcs2(string character)
    {
        var count = SmsSegments.Count("Su solicitud fue recibida" + character);

        count.Encoding.Should().Be(SmsEncoding.Ucs2);
        count.Units.Should().Be(26);
        count.Segments.Should().Be(1);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Count_Ucs2Text_Uses70ThenSegmentsOf67(int length, int segments)
    {
        var count = SmsSegments.Count("í" + new string('a', length - 1));

        count.Encoding.Should().Be(SmsEncoding.Ucs2);
        count.Units.Should().Be(length);
        count.Segments.Should().Be(segments);
        count.UnitsPerSegment.Should().Be(segments == 1 ? 70 : 67);
    }

    [Fact]
    public void Count_Emoji_CountsTwoCodeUnitsAndIsNotSplit()
    {
        var count = SmsSegments.Count(new string('a', 66) + "😀" + "b");

        count.Units.Should().Be(69);
        count.Segments.Should().Be(1);
        SmsSegments.Count(new string('a', 66) + "😀" + new string('b', 3)).Segments.Should().Be(2, "71 units, and the emoji does not fit the first 67");
    }

    [Fact]
    public void Render_SpanishSmsWithAccentOutsideGsm7_IsCountedAsUcs2()
    {
        var data = Samples.Base with { CenterName = "Centro 311", ServiceName = "Bache" };

        var sms = Samples.Renderer.Render(NotificationKind.StatusChanged, ChannelKind.Sms, data, "+507", "es", "k");

        sms.TextBody.Should().Be("Centro 311: su solicitud 311-26-0001234 ahora está recibida.");
        sms.Sms!.Value.Encoding.Should().Be(SmsEncoding.Ucs2, "'á' in 'está' is not in GSM 03.38");
    }

    [Fact]
    public void Render_EnglishSmsWithTimeOfDay_StaysGsm7()
    {
        var data = Samples.For(NotificationKind.SlaNearingBreach);

        var sms = Samples.Renderer.Render(NotificationKind.SlaNearingBreach, ChannelKind.Sms, data, "+507", "en-US", "k");

        sms.TextBody.Should().Contain("5:00 PM");
        sms.Sms!.Value.Encoding.Should().Be(SmsEncoding.Gsm7, "the culture's narrow no-break space before PM is sent as a plain space");
    }
}
