using System;
using System.Linq;
using Civic311.Application;
using Civic311.Core.Tests.Validation;
using Civic311.Requests;
using Civic311.Tests.Shared;

namespace Civic311.Core.Tests;

/// <summary>The one e-mail and phone rule, and the redaction of free text and exceptions.</summary>
public sealed class PersonalDataTests
{
    private readonly ServiceRequests _service = Submissions.Service();

    [Theory]
    [MemberData(nameof(EmailAddressCases.ValidData), MemberType = typeof(EmailAddressCases))]
    public void ValidEmail_IsAcceptedByTheRuleAndBySubmissionValidation(string email)
    {
        PersonalData.IsEmailAddress(email).Should().BeTrue();
        _service.Validate(Submissions.Pothole() with { Reporter = new ReporterContact { Email = email } }).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(EmailAddressCases.InvalidData), MemberType = typeof(EmailAddressCases))]
    public void InvalidEmail_IsRefusedByTheRuleAndBySubmissionValidationWithoutEchoingIt(string email)
    {
        PersonalData.IsEmailAddress(email).Should().BeFalse();
        var errors = _service.Validate(Submissions.Pothole() with { Reporter = new ReporterContact { Email = email } });

        var error = errors.Should().ContainSingle().Subject;
        error.Field.Should().Be("reporter.email");
        error.Message.Should().Be(
            "The e-mail address is not valid (expected a plain ASCII address such as name@domain.tld, without a display name or quotes, at most 64 characters before the '@' and 254 in all).",
            "one message for every address, quoting none");
    }

    [Fact]
    public void IsEmailAddress_NullOrSurroundedByWhiteSpace_IsFalse()
    {
        PersonalData.IsEmailAddress(null).Should().BeFalse();
        PersonalData.IsEmailAddress(string.Empty).Should().BeFalse();
        PersonalData.IsEmailAddress(" ana@example.org").Should().BeFalse("the rule applies to trimmed text");
    }

    [Theory]
    [InlineData("+1 (212) 555-0100", true)]
    [InlineData("6123-4567", true)]
    [InlineData("212.555.0100", true)]
    [InlineData("1234567", true)]
    [InlineData("123456789012345", true)]
    [InlineData("123456", false)]
    [InlineData("1234567890123456", false)]
    [InlineData("212-555-CALL", false)]
    [InlineData("1+212 555 0100", false)]
    [InlineData("212/555/0100", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsPhoneNumber_FollowsTheSubmissionRule(string? phone, bool expected)
    {
        PersonalData.IsPhoneNumber(phone).Should().Be(expected);
    }

    [Theory]
    [InlineData("5.1.1 <resident@example.org>: Recipient address rejected", "5.1.1 <[email]>: Recipient address rejected")]
    [InlineData("mailbox ana.perez+311@mida.gob.pa unknown.", "mailbox [email] unknown.")]
    [InlineData("to: jos\u00E9@ejemplo.es", "to: [email]")]
    [InlineData("a@b.c and d@e.f", "[email] and [email]")]
    [InlineData("ana@example.org", "[email]")]
    [InlineData("5551234567@txt.example.net", "[email]")]
    [InlineData("call +1 (212) 555-0147 today", "call [phone] today")]
    [InlineData("tel:+15551234567", "tel:[phone]")]
    [InlineData("6123-4567", "[phone]")]
    [InlineData("SMS to 212.555.0100, then 555 1234 567.", "SMS to [phone], then [phone].")]
    [InlineData("next attempt at 2026-11-24T13:30:00Z", "next attempt at 2026-11-24T13:30:00Z")]
    [InlineData("closed 2026-11-24 13:30", "closed 2026-11-24 13:30")]
    [InlineData("request NYC-2026-0001234", "request NYC-2026-0001234")]
    [InlineData("request 311-26-0001234", "request [phone]")] // all digits: not told apart from a phone number, so redacted
    [InlineData("message 0f8fad5b-d9cb-469f-a165-70867728950e", "message 0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("SMTP 550: mailbox unavailable", "SMTP 550: mailbox unavailable")]
    [InlineData("no answer within 30 s", "no answer within 30 s")]
    [InlineData("user@ alone and @handle and a@", "user@ alone and @handle and a@")]
    [InlineData("", "")]
    public void Redact_ReplacesAddressesAndPhoneNumbersOnly(string text, string expected)
    {
        PersonalData.Redact(text).Should().Be(expected);
    }

    [Fact]
    public void Redact_NothingToReplace_ReturnsTheSameInstance()
    {
        const string text = "SMTP 451: try again later";

        PersonalData.Redact(text).Should().BeSameAs(text);
        PersonalData.Redact((string?)null).Should().BeNull();
    }

    [Fact]
    public void Redact_HostileRepetitions_RedactEachAddressOnce()
    {
        // Chains of '@' and of digits are where a backtracking matcher would go quadratic; the scan stays one pass.
        var redacted = PersonalData.Redact(string.Concat(Enumerable.Repeat("a@b.c ", 20_000)));
        var chained = PersonalData.Redact(string.Concat(Enumerable.Repeat("a@", 50_000)) + "b.c");

        (redacted == string.Concat(Enumerable.Repeat("[email] ", 20_000))).Should().BeTrue();
        chained!.Contains("a@", StringComparison.Ordinal).Should().BeFalse();
        (PersonalData.Redact(new string('@', 100_000)) == new string('@', 100_000)).Should().BeTrue();
        PersonalData.Redact(string.Concat(Enumerable.Repeat("1 ", 50_000))).Should().Be("[phone] ");
    }

    [Fact]
    public void RedactException_RedactsMessageAndTextKeepingTypeAndStackTrace()
    {
        Exception original;
        try
        {
            try
            {
                throw new FormatException("inner for +1 (212) 555-0147");
            }
            catch (FormatException inner)
            {
                throw new InvalidOperationException("Recipient ana@example.org refused", inner);
            }
        }
        catch (InvalidOperationException ex)
        {
            original = ex;
        }

        var redacted = PersonalData.Redact(original);

        redacted.Message.Should().Be("Recipient [email] refused");
        redacted.ToString().Should().Contain("System.InvalidOperationException: Recipient [email] refused")
            .And.Contain("System.FormatException: inner for [phone]")
            .And.Contain(nameof(RedactException_RedactsMessageAndTextKeepingTypeAndStackTrace))
            .And.NotContain("ana@example.org").And.NotContain("555-0147");
        redacted.StackTrace.Should().Be(original.StackTrace);
        redacted.InnerException.Should().BeNull("a logger walking inner exceptions would print the raw messages");
        PersonalData.Redact(redacted).Should().BeSameAs(redacted);
    }
}
