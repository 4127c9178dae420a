using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Civic311.Requests;
using Civic311.Application;

namespace Civic311.Core.Tests.Validation;

public sealed class SubmissionValidationTests
{
    private readonly ServiceRequests _service = Submissions.Service();

    [Fact]
    public void Validate_ValidSubmissions_ReportNothing()
    {
        _service.Validate(Submissions.Pothole()).Should().BeEmpty();
        _service.Validate(Submissions.MissedPickup()).Should().BeEmpty();
        _service.Validate(Submissions.DeadAnimal()).Should().BeEmpty();
    }

    [Fact]
    public void Validate_NullSubmission_ThrowsArgumentNullException()
    {
        _service.Invoking(s => s.Validate(null!)).Should().Throw<ArgumentNullException>();
    }

    // ---- service code ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_MissingServiceCode_ReportsServiceCodeRequired(string? code)
    {
        var errors = _service.Validate(Submissions.Pothole() with { ServiceCode = code });

        ShouldBeOnly(errors, "serviceCode", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Validate_UnknownServiceCode_ReportsServiceCodeUnknown()
    {
        var errors = _service.Validate(Submissions.Pothole() with { ServiceCode = "GRAFFITI" });

        ShouldBeOnly(errors, "serviceCode", ValidationErrorCodes.Unknown).Message.Should().Contain("GRAFFITI");
    }

    [Fact]
    public void Validate_InactiveServiceCode_ReportsServiceCodeInactive()
    {
        var errors = _service.Validate(Submissions.Pothole() with { ServiceCode = "old-service" });

        ShouldBeOnly(errors, "serviceCode", ValidationErrorCodes.Inactive).Message.Should().Contain("OLD-SERVICE");
    }

    [Fact]
    public void Validate_ServiceCodeInOtherCasing_IsAccepted()
    {
        _service.Validate(Submissions.Pothole() with { ServiceCode = "pothole" }).Should().BeEmpty();
    }

    [Fact]
    public async Task Submit_ServiceCodeWithSurroundingSpaces_IsAcceptedAndStoredInCatalogForm()
    {
        _service.Validate(Submissions.Pothole() with { ServiceCode = "  pothole " }).Should().BeEmpty();

        var stored = await _service.SubmitAsync(Submissions.Pothole() with { ServiceCode = " pothole" });

        stored.ServiceCode.Should().Be("POTHOLE");
    }

    // ---- description ----

    [Fact]
    public void Validate_DescriptionOf4001Characters_ReportsDescriptionTooLong()
    {
        var errors = _service.Validate(Submissions.Pothole() with { Description = new string('x', 4001) });

        ShouldBeOnly(errors, "description", ValidationErrorCodes.TooLong).Message.Should().Contain("4001").And.Contain("4000");
    }

    [Fact]
    public void Validate_DescriptionOfExactly4000Characters_IsAccepted()
    {
        _service.Validate(Submissions.Pothole() with { Description = new string('x', 4000) }).Should().BeEmpty();
    }

    [Fact]
    public void Validate_DescriptionOf4000CharactersPlusSurroundingSpaces_IsAcceptedBecauseItIsTrimmed()
    {
        _service.Validate(Submissions.Pothole() with { Description = "  " + new string('x', 4000) + "\n" }).Should().BeEmpty();
    }

    // ---- location ----

    [Fact]
    public void Validate_LatitudeWithoutLongitude_ReportsLongitudeRequired()
    {
        var errors = _service.Validate(Submissions.Pothole() with { Longitude = null });

        ShouldBeOnly(errors, "longitude", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Validate_LongitudeWithoutLatitude_ReportsLatitudeRequired()
    {
        var errors = _service.Validate(Submissions.Pothole() with { Latitude = null });

        ShouldBeOnly(errors, "latitude", ValidationErrorCodes.Required);
    }

    [Theory]
    [InlineData(90.000001)]
    [InlineData(-90.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Validate_LatitudeOutOfRangeOrNotFinite_ReportsLatitudeOutOfRange(double latitude)
    {
        var errors = _service.Validate(Submissions.Pothole() with { Latitude = latitude });

        ShouldBeOnly(errors, "latitude", ValidationErrorCodes.OutOfRange);
    }

    [Theory]
    [InlineData(180.000001)]
    [InlineData(-181)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_LongitudeOutOfRangeOrNotFinite_ReportsLongitudeOutOfRange(double longitude)
    {
        var errors = _service.Validate(Submissions.Pothole() with { Longitude = longitude });

        ShouldBeOnly(errors, "longitude", ValidationErrorCodes.OutOfRange);
    }

    [Fact]
    public void Validate_BothCoordinatesOutOfRange_ReportsBoth()
    {
        var errors = _service.Validate(Submissions.Pothole() with { Latitude = 91, Longitude = double.NaN });

        errors.Should().HaveCount(2);
        errors.Should().Contain(e => e.Field == "latitude" && e.Code == ValidationErrorCodes.OutOfRange);
        errors.Should().Contain(e => e.Field == "longitude" && e.Code == ValidationErrorCodes.OutOfRange);
    }

    [Theory]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    [InlineData(0, 0)]
    public void Validate_CoordinatesOnTheLimits_AreAccepted(double latitude, double longitude)
    {
        _service.Validate(Submissions.Pothole() with { Latitude = latitude, Longitude = longitude }).Should().BeEmpty();
    }

    [Fact]
    public void Validate_NoLocationForAServiceThatNeedsOne_ReportsLocationRequired()
    {
        var errors = _service.Validate(Submissions.Pothole() with { Latitude = null, Longitude = null });

        ShouldBeOnly(errors, "location", ValidationErrorCodes.Required).Message.Should().Contain("POTHOLE");
    }

    [Fact]
    public void Validate_OnlyZipAndDistrictForAServiceThatNeedsALocation_ReportsLocationRequired()
    {
        var errors = _service.Validate(Submissions.Pothole() with { Latitude = null, Longitude = null, ZipCode = "10001", District = "MANHATTAN 01", Address = "   " });

        ShouldBeOnly(errors, "location", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Validate_AddressWithoutPoint_SatisfiesTheLocation()
    {
        _service.Validate(Submissions.Pothole() with { Latitude = null, Longitude = null, Address = "5 Main St" }).Should().BeEmpty();
    }

    [Fact]
    public void Validate_NoLocationForTheInfoService_IsAccepted()
    {
        _service.Validate(new ServiceRequestSubmission { ServiceCode = "INFO", Description = "When is bulk pickup?" }).Should().BeEmpty();
    }

    [Theory]
    [InlineData(nameof(ServiceRequestSubmission.Address), "address", 500)]
    [InlineData(nameof(ServiceRequestSubmission.ZipCode), "zipCode", 20)]
    [InlineData(nameof(ServiceRequestSubmission.District), "district", 200)]
    public void Validate_LocationTextOneCharacterTooLong_ReportsTooLong(string property, string field, int max)
    {
        var ok = With(Submissions.Pothole(), property, new string('a', max));
        var tooLong = With(Submissions.Pothole(), property, new string('a', max + 1));

        _service.Validate(ok).Should().BeEmpty();
        ShouldBeOnly(_service.Validate(tooLong), field, ValidationErrorCodes.TooLong);
    }

    // ---- reporter ----

    [Theory]
    [InlineData("ana@example.org")]
    [InlineData("ana.perez+311@mida.gob.pa")]
    [InlineData("  ana@example.org  ")]
    public void Validate_WellFormedEmail_IsAccepted(string email)
    {
        _service.Validate(Submissions.Pothole() with { Reporter = new ReporterContact { Email = email } }).Should().BeEmpty();
    }

    [Theory]
    [InlineData("ana.perez.example.org")]
    [InlineData("ana@example")]
    [InlineData("ana@@example.org")]
    [InlineData("ana@example.org.")]
    [InlineData("@example.org")]
    [InlineData("ana@.example.org")]
    [InlineData("ana perez@example.org")]
    [InlineData("<ana@example.org>")]
    [InlineData("ana@example.org;bob@example.org")]
    public void Validate_MalformedEmail_ReportsEmailWithoutEchoingIt(string email)
    {
        var errors = _service.Validate(Submissions.Pothole() with { Reporter = new ReporterContact { Email = email } });

        var error = ShouldBeOnly(errors, "reporter.email", ValidationErrorCodes.InvalidFormat);
        error.Message.Should().NotContain(email.Trim());
        error.Message.Should().NotContain("example");
    }

    [Fact]
    public void Validate_EmailLongerThan254_ReportsEmail()
    {
        var email = new string('a', 243) + "@example.org"; // 255 characters

        ShouldBeOnly(_service.Validate(Submissions.Pothole() with { Reporter = new ReporterContact { Email = email } }), "reporter.email", ValidationErrorCodes.InvalidFormat);
    }

    [Theory]
    [InlineData("+1 (212) 555-0100")]
    [InlineData("6123-4567")]
    [InlineData("212.555.0100")]
    [InlineData("1234567")]
    [InlineData("123456789012345")]
    public void Validate_WellFormedPhone_IsAccepted(string phone)
    {
        _service.Validate(Submissions.Pothole() with { Reporter = new ReporterContact { Phone = phone } }).Should().BeEmpty();
    }

    [Theory]
    [InlineData("123456")]
    [InlineData("1234567890123456")]
    [InlineData("212-555-CALL")]
    [InlineData("1+212 555 0100")]
    [InlineData("212/555/0100")]
    public void Validate_MalformedPhone_ReportsPhoneWithoutEchoingIt(string phone)
    {
        var errors = _service.Validate(Submissions.Pothole() with { Reporter = new ReporterContact { Phone = phone } });

        ShouldBeOnly(errors, "reporter.phone", ValidationErrorCodes.InvalidFormat).Message.Should().NotContain(phone);
    }

    [Theory]
    [InlineData("es")]
    [InlineData("es-PA")]
    [InlineData("zh-Hant-TW")]
    [InlineData("yue")]
    public void Validate_LanguageTag_IsAccepted(string language)
    {
        _service.Validate(Submissions.Pothole() with { Reporter = new ReporterContact { PreferredLanguage = language } }).Should().BeEmpty();
    }

    [Theory]
    [InlineData("spanish")]
    [InlineData("e")]
    [InlineData("es_PA")]
    [InlineData("es-")]
    [InlineData("es-toolongsubtag")]
    [InlineData("3s")]
    [InlineData("ana@example.org")]
    public void Validate_MalformedLanguageTag_ReportsPreferredLanguageWithoutEchoingIt(string language)
    {
        var errors = _service.Validate(Submissions.Pothole() with { Reporter = new ReporterContact { PreferredLanguage = language } });

        ShouldBeOnly(errors, "reporter.preferredLanguage", ValidationErrorCodes.InvalidFormat).Message.Should().NotContain($"'{language}'");
    }

    [Fact]
    public void Validate_ReporterNameOf201Characters_ReportsNameTooLongWithoutEchoingIt()
    {
        var name = "Ana " + new string('P', 197);

        var errors = _service.Validate(Submissions.Pothole() with { Reporter = new ReporterContact { Name = name } });

        ShouldBeOnly(errors, "reporter.name", ValidationErrorCodes.TooLong).Message.Should().NotContain("Ana PPP");
    }

    [Fact]
    public async Task SubmitAsync_BadEmailAndPhone_ExceptionMessageDoesNotEchoThem()
    {
        var submission = Submissions.Pothole() with
        {
            Reporter = new ReporterContact { Name = "Ana Pérez", Email = "ana.perez@@correo.pa", Phone = "507-CALL-ANA" },
        };

        var exception = (await _service.Invoking(s => s.SubmitAsync(submission).AsTask()).Should().ThrowAsync<Civic311ValidationException>()).Which;

        exception.Errors.Should().HaveCount(2);
        exception.Message.Should().NotContain("ana.perez").And.NotContain("correo").And.NotContain("CALL-ANA").And.NotContain("Pérez");
    }

    // ---- channel, priority, actor, note, external reference ----

    [Fact]
    public void Validate_UndefinedChannel_ReportsChannelNotInList()
    {
        var errors = _service.Validate(Submissions.Pothole() with { Channel = (Channel)42 });

        ShouldBeOnly(errors, "channel", ValidationErrorCodes.NotInList).Message.Should().Contain("42");
    }

    [Fact]
    public void Validate_UndefinedPriority_ReportsPriorityNotInList()
    {
        var errors = _service.Validate(Submissions.Pothole() with { Priority = (Priority)(-1) });

        ShouldBeOnly(errors, "priority", ValidationErrorCodes.NotInList);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_EmptyActor_ReportsActorRequired(string actor)
    {
        ShouldBeOnly(_service.Validate(Submissions.Pothole() with { Actor = actor }), "actor", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Validate_ActorOf201Characters_ReportsActorTooLong()
    {
        ShouldBeOnly(_service.Validate(Submissions.Pothole() with { Actor = new string('a', 201) }), "actor", ValidationErrorCodes.TooLong);
    }

    [Fact]
    public void Validate_NoteOf4001Characters_ReportsNoteTooLong()
    {
        ShouldBeOnly(_service.Validate(Submissions.Pothole() with { Note = new string('n', 4001) }), "note", ValidationErrorCodes.TooLong);
    }

    [Fact]
    public void Validate_ExternalReferenceOf201Characters_ReportsExternalReferenceTooLong()
    {
        ShouldBeOnly(_service.Validate(Submissions.Pothole() with { ExternalReference = new string('r', 201) }), "externalReference", ValidationErrorCodes.TooLong);
    }

    internal static ValidationError ShouldBeOnly(IReadOnlyList<ValidationError> errors, string field, string code)
    {
        var error = errors.Should().ContainSingle().Subject;
        error.Field.Should().Be(field);
        error.Code.Should().Be(code);
        return error;
    }

    private static ServiceRequestSubmission With(ServiceRequestSubmission submission, string property, string value) => property switch
    {
        nameof(ServiceRequestSubmission.Address) => submission with { Address = value },
        nameof(ServiceRequestSubmission.ZipCode) => submission with { ZipCode = value },
        nameof(ServiceRequestSubmission.District) => submission with { District = value },
        _ => throw new ArgumentOutOfRangeException(nameof(property), property, null),
    };
}
