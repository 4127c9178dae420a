using System;
using Civic311.Requests;

namespace Civic311.Core.Tests.Requests;

/// <summary>Parsing and formatting of tracking-number formats (<see cref="TrackingNumberFormat"/>, internal).</summary>
public sealed class TrackingNumberFormatTests
{
    private const string Tokens = "use {yyyy}, {yy}, {seq} or {seq:N} with N from 1 to 18.";
    private const string LiteralRule =
        "literal text may only hold ASCII letters, digits, '-', '_' and '.' (tracking numbers travel in URLs and phone calls).";

    [Fact]
    public void FormatNumber_DefaultFormat_GivesTheDocumentedExample()
    {
        var format = Parse(new TrackingNumberOptions().Format);

        format.Format.Should().Be("311-{yy}-{seq:7}");
        format.FormatNumber(2026, 1234).Should().Be("311-26-0001234");
    }

    [Theory]
    [InlineData("311-{yy}-{seq:7}", 2026, 1L, "311-26-0000001")]
    [InlineData("311-{yy}-{seq:7}", 2005, 9_999_999L, "311-05-9999999")]
    [InlineData("{yyyy}-{seq}", 2026, 123L, "2026-123")]
    [InlineData("NYC.{yyyy}_{seq:4}", 2027, 42L, "NYC.2027_0042")]
    [InlineData("{seq}", 2026, 7L, "7")]
    [InlineData("{seq:1}", 2026, 7L, "7")]
    [InlineData("A{seq:18}", 2026, 42L, "A000000000000000042")]
    [InlineData("{yy}{seq:2}Z", 2026, 3L, "2603Z")]
    [InlineData("SR-{seq:05}", 2026, 12L, "SR-00012")]
    public void FormatNumber_ValidFormat_PadsTheSequenceToItsWidth(string pattern, int year, long sequence, string expected)
    {
        Parse(pattern).FormatNumber(year, sequence).Should().Be(expected);
    }

    [Theory]
    [InlineData("311-{yy}-{seq:7}", 12_345_678L, "311-26-12345678")]
    [InlineData("{seq:1}", 123_456L, "123456")]
    [InlineData("X{seq:3}", 1000L, "X1000")]
    [InlineData("{seq:18}", long.MaxValue, "9223372036854775807")]
    public void FormatNumber_SequenceWiderThanItsWidth_KeepsAllDigits(string pattern, long sequence, string expected)
    {
        Parse(pattern).FormatNumber(2026, sequence).Should().Be(expected);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void FormatNumber_SequenceBelowOne_Throws(long sequence)
    {
        var format = Parse("{seq}");

        format.Invoking(f => f.FormatNumber(2026, sequence)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(null, "The tracking-number format is required, for example '311-{yy}-{seq:7}'.")]
    [InlineData("", "The tracking-number format is required, for example '311-{yy}-{seq:7}'.")]
    [InlineData("   ", "The tracking-number format is required, for example '311-{yy}-{seq:7}'.")]
    [InlineData("311-{yy}", "The tracking-number format '311-{yy}' must contain exactly one {seq} or {seq:N} token; it has 0.")]
    [InlineData("311-{yy}-{seq}-{seq:3}", "The tracking-number format '311-{yy}-{seq}-{seq:3}' must contain exactly one {seq} or {seq:N} token; it has 2.")]
    [InlineData("311-{mm}-{seq}", "The tracking-number format '311-{mm}-{seq}' has an unknown token '{mm}'; " + Tokens)]
    [InlineData("{}{seq}", "The tracking-number format '{}{seq}' has an unknown token '{}'; " + Tokens)]
    [InlineData("{SEQ}", "The tracking-number format '{SEQ}' has an unknown token '{SEQ}'; " + Tokens)]
    [InlineData("{seq:}", "The tracking-number format '{seq:}' has an unknown token '{seq:}'; " + Tokens)]
    [InlineData("{seq:-1}", "The tracking-number format '{seq:-1}' has an unknown token '{seq:-1}'; " + Tokens)]
    [InlineData("{seq: 5}", "The tracking-number format '{seq: 5}' has an unknown token '{seq: 5}'; " + Tokens)]
    [InlineData("{seq:0}", "The tracking-number format '{seq:0}' has an unknown token '{seq:0}'; " + Tokens)]
    [InlineData("{seq:19}", "The tracking-number format '{seq:19}' has an unknown token '{seq:19}'; " + Tokens)]
    [InlineData("311-{seq", "The tracking-number format '311-{seq' has a '{' at position 5 without a closing '}'.")]
    [InlineData("{seq}-{", "The tracking-number format '{seq}-{' has a '{' at position 7 without a closing '}'.")]
    [InlineData("311 {seq}", "The tracking-number format '311 {seq}' has the character ' ' at position 4; " + LiteralRule)]
    [InlineData("311/{seq}", "The tracking-number format '311/{seq}' has the character '/' at position 4; " + LiteralRule)]
    [InlineData("{seq}}", "The tracking-number format '{seq}}' has the character '}' at position 6; " + LiteralRule)]
    [InlineData("Nº{seq}", "The tracking-number format 'Nº{seq}' has the character 'º' at position 2; " + LiteralRule)]
    [InlineData("é{seq}", "The tracking-number format 'é{seq}' has the character 'é' at position 1; " + LiteralRule)]
    public void TryParse_InvalidFormat_ReturnsFalseWithASpecificMessage(string? pattern, string message)
    {
        TrackingNumberFormat.TryParse(pattern, out var parsed, out var error).Should().BeFalse();

        parsed.Should().BeNull();
        error.Should().Be(message);
    }

    [Theory]
    [InlineData("311-{yy}-{seq:7}")]
    [InlineData("{seq}")]
    [InlineData("Ab-0_9.{yyyy}{yy}{seq:18}")]
    public void TryParse_ValidFormat_ReturnsTrueWithoutError(string pattern)
    {
        TrackingNumberFormat.TryParse(pattern, out var parsed, out var error).Should().BeTrue();

        error.Should().BeNull();
        parsed!.Format.Should().Be(pattern);
    }

    [Theory]
    [InlineData("311-{yy}-{seq:7}")]
    [InlineData("{yyyy}-{seq}")]
    public void ScopeFor_FormatWithAYear_RestartsEveryYear(string pattern)
    {
        var format = Parse(pattern);

        format.ScopeFor(2026).Should().Be("tracking-2026");
        format.ScopeFor(2027).Should().Be("tracking-2027");
        format.ScopeFor(2026).Should().Be("tracking-2026", "the cached scope of another year is not reused");
        format.ScopeFor(999).Should().Be("tracking-0999");
    }

    [Fact]
    public void ScopeFor_FormatWithoutAYear_IsOneScopeForEveryYear()
    {
        var format = Parse("SR-{seq:6}");

        format.ScopeFor(2026).Should().Be("tracking");
        format.ScopeFor(2027).Should().Be("tracking");
    }

    private static TrackingNumberFormat Parse(string pattern)
    {
        TrackingNumberFormat.TryParse(pattern, out var parsed, out var error).Should().BeTrue(error);
        return parsed!;
    }
}
