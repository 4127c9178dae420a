using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Microsoft.Extensions.Primitives;
using Civic311.Application;

namespace Civic311.Core.Tests.Validation;

public sealed class RejectedSubmissionTests
{
    private readonly InMemoryServiceRequestStore _store = new();
    private readonly ServiceRequests _service;

    public RejectedSubmissionTests()
    {
        _service = Submissions.Service(_store);
    }

    /// <summary>Eighteen problems, one per rule family; none of them hides another.</summary>
    private static ServiceRequestSubmission EverythingWrong() => new()
    {
        ServiceCode = "missed-pickup",
        Description = new string('d', 4001),
        Latitude = 91,
        Longitude = double.NaN,
        Address = new string('a', 501),
        ZipCode = new string('9', 21),
        District = new string('x', 201),
        Reporter = new ReporterContact { Name = new string('n', 201), Email = "not-an-email", Phone = "call me", PreferredLanguage = "klingon!" },
        Channel = (Channel)99,
        Priority = (Priority)99,
        Attributes = new Dictionary<string, StringValues>
        {
            ["COLOR"] = "green",
            ["MISSED-DATE"] = "last tuesday",
        },
        ExternalReference = new string('e', 201),
        Actor = " ",
        Note = new string('n', 4001),
    };

    private static readonly (string Field, string Code)[] EverythingWrongErrors =
    [
        ("description", ValidationErrorCodes.TooLong),
        ("latitude", ValidationErrorCodes.OutOfRange),
        ("longitude", ValidationErrorCodes.OutOfRange),
        ("address", ValidationErrorCodes.TooLong),
        ("zipCode", ValidationErrorCodes.TooLong),
        ("district", ValidationErrorCodes.TooLong),
        ("reporter.name", ValidationErrorCodes.TooLong),
        ("reporter.email", ValidationErrorCodes.InvalidFormat),
        ("reporter.phone", ValidationErrorCodes.InvalidFormat),
        ("reporter.preferredLanguage", ValidationErrorCodes.InvalidFormat),
        ("channel", ValidationErrorCodes.NotInList),
        ("priority", ValidationErrorCodes.NotInList),
        ("attributes[COLOR]", ValidationErrorCodes.Unknown),
        ("attributes[MISSED-DATE]", ValidationErrorCodes.InvalidFormat),
        ("attributes[BIN-TYPE]", ValidationErrorCodes.Required),
        ("externalReference", ValidationErrorCodes.TooLong),
        ("actor", ValidationErrorCodes.Required),
        ("note", ValidationErrorCodes.TooLong),
    ];

    [Fact]
    public void Validate_SubmissionWithManyProblems_ReportsAllOfThem()
    {
        var errors = _service.Validate(EverythingWrong());

        errors.Select(e => (e.Field, e.Code)).Should().Equal(EverythingWrongErrors);
        errors.Should().OnlyContain(e => !string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public async Task SubmitAsync_SubmissionWithManyProblems_ThrowsOneExceptionListingAllOfThem()
    {
        var exception = (await _service.Invoking(s => s.SubmitAsync(EverythingWrong()).AsTask())
            .Should().ThrowAsync<Civic311ValidationException>()).Which;

        exception.Subject.Should().Be("service request submission");
        exception.Errors.Select(e => (e.Field, e.Code)).Should().Equal(EverythingWrongErrors);
        exception.Errors.Should().Equal(_service.Validate(EverythingWrong()), "SubmitAsync and Validate apply the same rules");
        exception.Message.Should().StartWith($"The service request submission is invalid ({EverythingWrongErrors.Length} problems):");
        foreach (var error in exception.Errors)
        {
            exception.Message.Should().Contain(error.ToString());
        }
    }

    [Fact]
    public async Task SubmitAsync_Rejected_StoresNothing()
    {
        await _service.Invoking(s => s.SubmitAsync(EverythingWrong()).AsTask()).Should().ThrowAsync<Civic311ValidationException>();
        await _service.Invoking(s => s.SubmitAsync(Submissions.Pothole() with { ServiceCode = "OLD-SERVICE" }).AsTask()).Should().ThrowAsync<Civic311ValidationException>();

        _store.Count.Should().Be(0);
    }

    [Fact]
    public async Task SubmitAsync_Rejected_AllocatesNoTrackingNumber()
    {
        for (var i = 0; i < 3; i++)
        {
            await _service.Invoking(s => s.SubmitAsync(Submissions.MissedPickup() with { Attributes = null }).AsTask())
                .Should().ThrowAsync<Civic311ValidationException>();
        }

        var accepted = await _service.SubmitAsync(Submissions.Pothole());

        accepted.TrackingNumber.Should().Be("311-26-0000001", "rejected submissions must not burn sequence numbers");
        _store.Count.Should().Be(1);
        (await _store.NextSequenceAsync("tracking-2026")).Should().Be(2);
    }

    [Fact]
    public async Task SubmitAsync_NullSubmission_ThrowsArgumentNullExceptionAndStoresNothing()
    {
        await _service.Invoking(s => s.SubmitAsync(null!).AsTask()).Should().ThrowAsync<ArgumentNullException>();

        _store.Count.Should().Be(0);
    }

    [Fact]
    public async Task SubmitAsync_Accepted_StoresTheRequest()
    {
        var accepted = await _service.SubmitAsync(Submissions.MissedPickup());

        _store.Count.Should().Be(1);
        (await _store.GetAsync(accepted.Id))!.TrackingNumber.Should().Be(accepted.TrackingNumber);
    }
}
