using System.Collections.Generic;
using Civic311.Requests;
using Microsoft.Extensions.Primitives;
using Civic311.Application;
using static Civic311.Core.Tests.Validation.SubmissionValidationTests;

namespace Civic311.Core.Tests.Validation;

public sealed class AttributeValidationTests
{
    private readonly ServiceRequests _service = Submissions.Service();

    [Fact]
    public void Validate_UnknownAttributeCode_ReportsItUnknown()
    {
        var errors = _service.Validate(Submissions.Pothole().WithAttribute("COLOR", "black"));

        ShouldBeOnly(errors, "attributes[COLOR]", ValidationErrorCodes.Unknown).Message.Should().Contain("POTHOLE").And.Contain("COLOR");
    }

    [Fact]
    public void Validate_AttributeOfAnotherServiceType_ReportsItUnknown()
    {
        var errors = _service.Validate(Submissions.Pothole().WithAttribute("BIN-TYPE", "TRASH"));

        ShouldBeOnly(errors, "attributes[BIN-TYPE]", ValidationErrorCodes.Unknown);
    }

    [Fact]
    public void Validate_InformationalAttributeGivenAValue_ReportsItInconsistent()
    {
        var errors = _service.Validate(Submissions.Pothole().WithAttribute("SAFETY-INFO", "I read it"));

        ShouldBeOnly(errors, "attributes[SAFETY-INFO]", ValidationErrorCodes.Inconsistent);
    }

    [Fact]
    public void Validate_InformationalAttributeSentEmpty_IsAccepted()
    {
        _service.Validate(Submissions.Pothole().WithAttribute("SAFETY-INFO", "")).Should().BeEmpty();
    }

    [Fact]
    public void Validate_RequiredAttributeMissing_ReportsItRequired()
    {
        var errors = _service.Validate(Submissions.MissedPickup() with { Attributes = null });

        ShouldBeOnly(errors, "attributes[BIN-TYPE]", ValidationErrorCodes.Required).Message.Should().Contain("MISSED-PICKUP");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_RequiredAttributeSentEmpty_IsTreatedAsMissing(string value)
    {
        var errors = _service.Validate(Submissions.MissedPickup().WithAttribute("BIN-TYPE", value));

        ShouldBeOnly(errors, "attributes[BIN-TYPE]", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Validate_RequiredAttributeSentAsOnlyEmptyValues_IsTreatedAsMissing()
    {
        var errors = _service.Validate(Submissions.MissedPickup().WithAttribute("BIN-TYPE", new StringValues(new[] { "", " ", null })));

        ShouldBeOnly(errors, "attributes[BIN-TYPE]", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Validate_RequiredAttributeWithAnInvalidValue_ReportsOnlyTheInvalidValue()
    {
        var errors = _service.Validate(Submissions.MissedPickup().WithAttribute("BIN-TYPE", "COMPOST"));

        ShouldBeOnly(errors, "attributes[BIN-TYPE]", ValidationErrorCodes.NotInList);
    }

    [Fact]
    public void Validate_OptionalAttributesSentEmpty_AreAccepted()
    {
        var submission = Submissions.Pothole().WithAttribute("SIZE", "").WithAttribute("LANES", StringValues.Empty);

        _service.Validate(submission).Should().BeEmpty();
    }

    [Theory]
    [InlineData("twelve")]
    [InlineData("12,5")]
    [InlineData("1 000")]
    [InlineData("0x1F")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("12.5 in")]
    public void Validate_NumberThatDoesNotParse_ReportsInvalidFormat(string value)
    {
        var errors = _service.Validate(Submissions.Pothole().WithAttribute("SIZE", value));

        ShouldBeOnly(errors, "attributes[SIZE]", ValidationErrorCodes.InvalidFormat);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("12.5")]
    [InlineData("-0.25")]
    [InlineData("1e3")]
    [InlineData(" 7 ")]
    public void Validate_NumberThatParses_IsAccepted(string value)
    {
        _service.Validate(Submissions.Pothole().WithAttribute("SIZE", value)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("2026-11-24")]
    [InlineData("2026-11-24T08:30:00")]
    [InlineData("24/11/2026 08:30")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T08:30:00Z")]
    [InlineData("2026-11-24T25:30:00-05:00")]
    [InlineData("2026-11-24T08:30")]
    [InlineData("2026-11-24T08-05:00")]
    [InlineData("2026-11-24 08:30:00Z")]
    public void Validate_DatetimeThatDoesNotParse_ReportsInvalidFormat(string value)
    {
        var errors = _service.Validate(Submissions.MissedPickup().WithAttribute("MISSED-DATE", value));

        ShouldBeOnly(errors, "attributes[MISSED-DATE]", ValidationErrorCodes.InvalidFormat).Message.Should().Contain("offset");
    }

    [Theory]
    [InlineData("2026-11-24T08:30:00-05:00")]
    [InlineData("2026-11-24T13:30:00Z")]
    [InlineData("2026-11-24T19:00:00+05:30")]
    [InlineData("2026-11-24T08:30-05:00")]
    public void Validate_DatetimeWithAnOffset_IsAccepted(string value)
    {
        _service.Validate(Submissions.MissedPickup().WithAttribute("MISSED-DATE", value)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("COMPOST")]
    [InlineData("trash")]
    [InlineData("Recycling")]
    public void Validate_ValueNotInTheList_ReportsNotInListAndNamesTheAllowedKeys(string value)
    {
        var errors = _service.Validate(Submissions.MissedPickup().WithAttribute("BIN-TYPE", value));

        ShouldBeOnly(errors, "attributes[BIN-TYPE]", ValidationErrorCodes.NotInList)
            .Message.Should().Contain($"'{value}'").And.Contain("TRASH, RECYCLING, ORGANICS");
    }

    [Fact]
    public void Validate_MultiValueListWithAnUnknownKey_ReportsNotInList()
    {
        var errors = _service.Validate(Submissions.Pothole().WithAttribute("LANES", new[] { "LEFT", "MIDDLE" }));

        ShouldBeOnly(errors, "attributes[LANES]", ValidationErrorCodes.NotInList).Message.Should().Contain("'MIDDLE'").And.Contain("LEFT, CENTER, RIGHT");
    }

    [Fact]
    public void Validate_MultiValueListWithSeveralKnownKeys_IsAccepted()
    {
        _service.Validate(Submissions.Pothole().WithAttribute("LANES", new[] { "LEFT", "CENTER", "RIGHT" })).Should().BeEmpty();
    }

    [Theory]
    [InlineData("BIN-TYPE", "TRASH", "RECYCLING")]
    [InlineData("MISSED-DATE", "2026-11-24T13:30:00Z", "2026-11-25T13:30:00Z")]
    public void Validate_SeveralValuesForASingleValueAttribute_ReportsInvalidFormat(string code, string first, string second)
    {
        var errors = _service.Validate(Submissions.MissedPickup().WithAttribute(code, new[] { first, second }));

        ShouldBeOnly(errors, $"attributes[{code}]", ValidationErrorCodes.InvalidFormat).Message.Should().Contain("2 were given");
    }

    [Fact]
    public void Validate_SeveralValuesForANumber_ReportsInvalidFormat()
    {
        var errors = _service.Validate(Submissions.Pothole().WithAttribute("SIZE", new[] { "1", "2" }));

        ShouldBeOnly(errors, "attributes[SIZE]", ValidationErrorCodes.InvalidFormat);
    }

    [Fact]
    public void Validate_SeveralValuesOfWhichOnlyOneIsNotEmpty_CountAsOneValue()
    {
        _service.Validate(Submissions.MissedPickup().WithAttribute("BIN-TYPE", new[] { "", "TRASH", " " })).Should().BeEmpty();
    }

    [Fact]
    public void Validate_DuplicateValuesInAMultiValueList_ReportsDuplicate()
    {
        var errors = _service.Validate(Submissions.Pothole().WithAttribute("LANES", new[] { "LEFT", "RIGHT", " LEFT " }));

        ShouldBeOnly(errors, "attributes[LANES]", ValidationErrorCodes.Duplicate).Message.Should().Contain("'LEFT'");
    }

    [Theory]
    [InlineData("corner of 5th\nand Main")]
    [InlineData("corner of 5th\r\nand Main")]
    [InlineData("corner of 5th\rand Main")]
    public void Validate_LineBreakInAStringAttribute_ReportsInvalidFormat(string value)
    {
        var errors = _service.Validate(Submissions.DeadAnimal().WithAttribute("LANDMARK", value));

        ShouldBeOnly(errors, "attributes[LANDMARK]", ValidationErrorCodes.InvalidFormat).Message.Should().Contain("line break");
    }

    [Fact]
    public void Validate_LineBreakInATextAttribute_IsAccepted()
    {
        _service.Validate(Submissions.DeadAnimal().WithAttribute("DETAILS", "Large dog.\nNear the bench.")).Should().BeEmpty();
    }

    [Fact]
    public void Validate_TrailingLineBreakInAStringAttribute_IsTrimmedAndAccepted()
    {
        _service.Validate(Submissions.DeadAnimal().WithAttribute("LANDMARK", "Near the fountain\r\n")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("LANDMARK")]
    [InlineData("DETAILS")]
    public void Validate_TextAttributeOver4000Characters_ReportsTooLong(string code)
    {
        _service.Validate(Submissions.DeadAnimal().WithAttribute(code, new string('t', 4000))).Should().BeEmpty();

        var errors = _service.Validate(Submissions.DeadAnimal().WithAttribute(code, new string('t', 4001)));

        ShouldBeOnly(errors, $"attributes[{code}]", ValidationErrorCodes.TooLong);
    }

    [Fact]
    public void Validate_AttributeCodeInOtherCasing_IsFound()
    {
        var submission = Submissions.MissedPickup() with
        {
            Attributes = new Dictionary<string, StringValues> { ["bin-type"] = "TRASH", ["Missed-Date"] = "2026-11-24T13:30:00Z" },
        };

        _service.Validate(submission).Should().BeEmpty();
    }

    [Fact]
    public void Validate_SameAttributeTwiceInDifferentCasing_ReportsDuplicate()
    {
        var submission = Submissions.Pothole().WithAttribute("SIZE", "12").WithAttribute("size", "13");

        ShouldBeOnly(_service.Validate(submission), "attributes[size]", ValidationErrorCodes.Duplicate);
    }
}
