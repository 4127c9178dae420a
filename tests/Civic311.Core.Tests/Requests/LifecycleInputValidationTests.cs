using System;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;

namespace Civic311.Core.Tests.Requests;

/// <summary>Lifecycle inputs are validated before anything is read or written: every problem reported, nothing changed.</summary>
public sealed class LifecycleInputValidationTests
{
    public enum ReasonOperation
    {
        PutOnHold,
        Cancel,
        Reopen,
    }

    public static TheoryData<ReasonOperation> ReasonOperations => new(Enum.GetValues<ReasonOperation>());

    public static TheoryData<LifecycleAction> AllOperations => new(ExpectedLifecycle.Operations);

    [Theory]
    [InlineData(ReasonOperation.PutOnHold, "")]
    [InlineData(ReasonOperation.PutOnHold, "   ")]
    [InlineData(ReasonOperation.PutOnHold, null)]
    [InlineData(ReasonOperation.Cancel, "")]
    [InlineData(ReasonOperation.Cancel, " \t ")]
    [InlineData(ReasonOperation.Cancel, null)]
    [InlineData(ReasonOperation.Reopen, "")]
    [InlineData(ReasonOperation.Reopen, "  ")]
    [InlineData(ReasonOperation.Reopen, null)]
    public async Task ReasonOperation_EmptyReason_ThrowsRequiredAndChangesNothing(ReasonOperation operation, string? reason)
    {
        var (harness, before) = await SubmitReadyForAsync(operation);

        var act = () => ApplyAsync(harness, operation, before.Id, reason!);

        await ShouldFailValidationAsync(act, "reason", ValidationErrorCodes.Required);
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(ReasonOperations))]
    public async Task ReasonOperation_ReasonOver500Characters_ThrowsTooLongAndChangesNothing(ReasonOperation operation)
    {
        var (harness, before) = await SubmitReadyForAsync(operation);

        var act = () => ApplyAsync(harness, operation, before.Id, new string('r', 501));

        var error = await ShouldFailValidationAsync(act, "reason", ValidationErrorCodes.TooLong);
        error.Message.Should().Contain("501").And.Contain("500");
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(ReasonOperations))]
    public async Task ReasonOperation_Reason500CharactersAfterTrimming_IsAccepted(ReasonOperation operation)
    {
        var (harness, before) = await SubmitReadyForAsync(operation);
        var reason = new string('r', 500);

        var after = await ApplyAsync(harness, operation, before.Id, "  " + reason + "  ");

        after.History[^1].Changes.Should().ContainSingle().Which.To.Should().Be(reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public async Task AssignAsync_WithoutAnAssignee_ThrowsOneRequiredErrorForTheAssignee(string? assignee)
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitAsync();

        var act = () => harness.Service.AssignAsync(before.Id, new Assignment { Assignee = assignee, Queue = LifecycleHarness.OtherQueue }).AsTask();

        var exception = (await act.Should().ThrowExactlyAsync<Civic311ValidationException>()).Which;
        exception.Errors.Should().ContainSingle("one missing assignee is one problem").Which.Should().BeEquivalentTo(new
        {
            Field = "assignment.assignee",
            Code = ValidationErrorCodes.Required,
        });
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task ReassignAsync_WithNothingToChange_ThrowsRequiredForTheAssignment()
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitAsync();

        var act = () => harness.Service.ReassignAsync(before.Id, new Assignment()).AsTask();

        await ShouldFailValidationAsync(act, "assignment", ValidationErrorCodes.Required);
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData(LifecycleAction.Assign)]
    [InlineData(LifecycleAction.Reassign)]
    public async Task AssignOrReassign_UnknownAgency_ThrowsUnknownAndChangesNothing(LifecycleAction action)
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitAsync();
        var assignment = new Assignment { Agency = "NYPD", Assignee = LifecycleHarness.Assignee };

        var act = action == LifecycleAction.Assign
            ? () => harness.Service.AssignAsync(before.Id, assignment).AsTask()
            : new Func<Task<ServiceRequest>>(() => harness.Service.ReassignAsync(before.Id, assignment).AsTask());

        var error = await ShouldFailValidationAsync(act, "assignment.agency", ValidationErrorCodes.Unknown);
        error.Message.Should().Contain("NYPD");
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [InlineData("queue")]
    [InlineData("assignee")]
    public async Task ReassignAsync_BlankOrTooLongQueueOrAssignee_ThrowsForThatField(string member)
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitInStatusAsync(ServiceRequestStatus.Assigned);
        Assignment With(string value) => member == "queue" ? new Assignment { Queue = value } : new Assignment { Assignee = value };

        var blank = () => harness.Service.ReassignAsync(before.Id, With("   ")).AsTask();
        var tooLong = () => harness.Service.ReassignAsync(before.Id, With(new string('x', 201))).AsTask();

        await ShouldFailValidationAsync(blank, "assignment." + member, ValidationErrorCodes.Required);
        await ShouldFailValidationAsync(tooLong, "assignment." + member, ValidationErrorCodes.TooLong);
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public async Task Operation_NoteOver4000Characters_ThrowsTooLongAndChangesNothing(LifecycleAction action)
    {
        var harness = new LifecycleHarness();
        var before = await SubmitAllowingAsync(harness, action);
        var options = new ChangeOptions { Note = new string('n', 4001) };

        var act = () => harness.ApplyAsync(before.Id, action, options);

        var error = await ShouldFailValidationAsync(act, "note", ValidationErrorCodes.TooLong);
        error.Message.Should().Contain("4001").And.Contain("4000");
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public async Task Operation_NoteOf4000CharactersAfterTrimming_IsAccepted(LifecycleAction action)
    {
        var harness = new LifecycleHarness();
        var before = await SubmitAllowingAsync(harness, action);
        var note = new string('n', 4000);

        var after = await harness.ApplyAsync(before.Id, action, new ChangeOptions { Note = " " + note + " " });

        after.History[^1].Note.Should().Be(note);
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public async Task Operation_UndefinedNoteVisibility_ThrowsNotInListAndChangesNothing(LifecycleAction action)
    {
        var harness = new LifecycleHarness();
        var before = await SubmitAllowingAsync(harness, action);

        var act = () => harness.ApplyAsync(before.Id, action, new ChangeOptions { Note = "x", NoteVisibility = (NoteVisibility)7 });

        await ShouldFailValidationAsync(act, "noteVisibility", ValidationErrorCodes.NotInList);
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task ReassignAsync_SeveralProblems_ReportsEveryOneTogether()
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitAsync();
        var options = new ChangeOptions { Note = new string('n', 4001) };

        var act = () => harness.Service.ReassignAsync(before.Id, new Assignment { Agency = "NYPD", Queue = " " }, options).AsTask();

        var exception = (await act.Should().ThrowExactlyAsync<Civic311ValidationException>()).Which;
        exception.Errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("note", ValidationErrorCodes.TooLong),
            ("assignment.agency", ValidationErrorCodes.Unknown),
            ("assignment.queue", ValidationErrorCodes.Required),
        });
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task ResolveAsync_CodeOver100OrNoteOver4000Characters_ThrowsTooLongForEach()
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitAsync();

        var act = () => harness.Service.ResolveAsync(before.Id, new Resolution(new string('C', 101), new string('p', 4001))).AsTask();

        var exception = (await act.Should().ThrowExactlyAsync<Civic311ValidationException>()).Which;
        exception.Errors.Select(e => (e.Field, e.Code)).Should().BeEquivalentTo(new[]
        {
            ("resolution.code", ValidationErrorCodes.TooLong),
            ("resolution.publicNote", ValidationErrorCodes.TooLong),
        });
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task MarkAsDuplicateAsync_UnknownOriginal_ThrowsUnknownOriginalIdAndChangesNothing()
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitAsync();
        var unknown = ServiceRequestId.NewId();

        var act = () => harness.Service.MarkAsDuplicateAsync(before.Id, unknown).AsTask();

        var error = await ShouldFailValidationAsync(act, "originalId", ValidationErrorCodes.Unknown);
        error.Message.Should().Contain(unknown.ToString());
        await harness.ShouldBeUnchangedAsync(before);
    }

    [Fact]
    public async Task MarkAsDuplicateAsync_EmptyOriginalId_ThrowsRequiredOriginalId()
    {
        var harness = new LifecycleHarness();
        var before = await harness.SubmitAsync();

        var act = () => harness.Service.MarkAsDuplicateAsync(before.Id, default).AsTask();

        await ShouldFailValidationAsync(act, "originalId", ValidationErrorCodes.Required);
        await harness.ShouldBeUnchangedAsync(before);
    }

    private static async Task<ValidationError> ShouldFailValidationAsync(Func<Task<ServiceRequest>> act, string field, string code)
    {
        var exception = (await act.Should().ThrowExactlyAsync<Civic311ValidationException>()).Which;
        var error = exception.Errors.Should().ContainSingle().Which;
        error.Field.Should().Be(field);
        error.Code.Should().Be(code);
        return error;
    }

    /// <summary>A request in the first status whose row allows <paramref name="action"/>.</summary>
    private static Task<ServiceRequest> SubmitAllowingAsync(LifecycleHarness harness, LifecycleAction action) =>
        harness.SubmitInStatusAsync(ExpectedLifecycle.Statuses.First(s => ExpectedLifecycle.AllowedIn(s).Contains(action)));

    private static async Task<(LifecycleHarness Harness, ServiceRequest Request)> SubmitReadyForAsync(ReasonOperation operation)
    {
        var harness = new LifecycleHarness();
        var request = await harness.SubmitInStatusAsync(operation == ReasonOperation.Reopen ? ServiceRequestStatus.Resolved : ServiceRequestStatus.Acknowledged);
        return (harness, request);
    }

    private static async Task<ServiceRequest> ApplyAsync(LifecycleHarness harness, ReasonOperation operation, ServiceRequestId id, string reason) => operation switch
    {
        ReasonOperation.PutOnHold => await harness.Service.PutOnHoldAsync(id, reason),
        ReasonOperation.Cancel => await harness.Service.CancelAsync(id, reason),
        ReasonOperation.Reopen => await harness.Service.ReopenAsync(id, reason),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
