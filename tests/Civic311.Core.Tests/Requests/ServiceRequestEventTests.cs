using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using Microsoft.Extensions.Logging;

namespace Civic311.Core.Tests.Requests;

/// <summary>Events raised to <see cref="IServiceRequestEventHandler"/>s: one per committed change, none otherwise.</summary>
public sealed class ServiceRequestEventTests
{
    public enum Failure
    {
        RefusedTransition,
        InvalidInput,
        UnknownRequest,
        StaleVersion,
    }

    public static TheoryData<Failure> Failures => new(Enum.GetValues<Failure>());

    [Fact]
    public async Task SubmitAsync_Committed_PublishesOneSubmitEventWithTheStoredRequest()
    {
        var handler = new CapturingEventHandler();
        var harness = new LifecycleHarness(handlers: [handler]);

        var submitted = await harness.SubmitAsync();

        var published = handler.Events.Should().ContainSingle().Which;
        published.Action.Should().Be(LifecycleAction.Submit);
        published.Request.Id.Should().Be(submitted.Id);
        published.Request.Version.Should().Be(submitted.Version).And.Be((await harness.ReadAsync(submitted.Id)).Version);
        published.Entry.Should().Be(submitted.History[0]);
        published.Entry.FromStatus.Should().BeNull();
        published.OccurredAt.Should().Be(harness.Clock.Now);
    }

    [Fact]
    public async Task EveryLifecycleOperation_Committed_PublishesExactlyOneEventWithTheStoredRequestAndItsNewEntry()
    {
        var handler = new CapturingEventHandler();
        var harness = new LifecycleHarness(handlers: [handler]);
        var request = await harness.SubmitAsync();
        var path = new[]
        {
            LifecycleAction.Acknowledge, LifecycleAction.Assign, LifecycleAction.Reassign, LifecycleAction.ChangePriority, LifecycleAction.ChangeServiceType, LifecycleAction.StartWork, LifecycleAction.PutOnHold,
            LifecycleAction.Resume, LifecycleAction.Resolve, LifecycleAction.Close, LifecycleAction.Reopen, LifecycleAction.Cancel,
        };
        var duplicate = await harness.SubmitAsync();
        var original = await harness.OriginalAsync();
        handler.Events.Clear();

        foreach (var action in path)
        {
            var countBefore = handler.Events.Count;
            request = await harness.StepAsync(request.Id, action, LifecycleHarness.ActorOptions);

            handler.Events.Should().HaveCount(countBefore + 1, $"{action} committed one change");
            AssertEventFor(handler.Events[^1], request, action);
            handler.Events[^1].Request.Version.Should().Be((await harness.ReadAsync(request.Id)).Version);
        }

        duplicate = await harness.StepAsync(duplicate.Id, LifecycleAction.MarkAsDuplicate);
        AssertEventFor(handler.Events[^1], duplicate, LifecycleAction.MarkAsDuplicate);

        handler.Events.Select(e => e.Action).Should().Equal([.. path, LifecycleAction.MarkAsDuplicate]);
        handler.Events.Should().NotContain(e => e.Request.Id == original.Id, "linking a duplicate does not change the original");
        ExpectedLifecycle.Operations.Should().BeSubsetOf(handler.Events.Select(e => e.Action), "every operation was exercised");
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Operation_NotCommitted_PublishesNothing(Failure failure)
    {
        var handler = new CapturingEventHandler();
        var harness = new LifecycleHarness(handlers: [handler]);
        var request = await harness.SubmitAsync();
        handler.Events.Clear();

        Func<Task> act = failure switch
        {
            Failure.RefusedTransition => () => harness.Service.CloseAsync(request.Id).AsTask(),
            Failure.InvalidInput => () => harness.Service.PutOnHoldAsync(request.Id, " ").AsTask(),
            Failure.UnknownRequest => () => harness.Service.AcknowledgeAsync(ServiceRequestId.NewId()).AsTask(),
            Failure.StaleVersion => () => harness.Service.AcknowledgeAsync(request.Id, new ChangeOptions { ExpectedVersion = "0" }).AsTask(),
            _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
        };

        await act.Should().ThrowAsync<Civic311Exception>();
        handler.Events.Should().BeEmpty();
        await harness.ShouldBeUnchangedAsync(request);
    }

    [Fact]
    public async Task Handlers_Several_RunInRegistrationOrderForEachEvent()
    {
        var log = new List<string>();
        var harness = new LifecycleHarness(handlers: [new CapturingEventHandler("first", log), new CapturingEventHandler("second", log)]);

        var request = await harness.SubmitAsync();
        await harness.Service.AcknowledgeAsync(request.Id);

        log.Should().Equal("first:Submit", "second:Submit", "first:Acknowledge", "second:Acknowledge");
    }

    [Fact]
    public async Task Handler_ThatThrows_DoesNotFailTheOperationLaterHandlersRunAndTheFailureIsLoggedAsError()
    {
        var log = new List<string>();
        var throwing = new ThrowingEventHandler(log);
        var capturing = new CapturingEventHandler("capturing", log);
        var logger = new CapturingLogger();
        var harness = new LifecycleHarness(handlers: [throwing, capturing], logger: logger);

        var submitted = await harness.SubmitAsync();
        var acknowledged = await harness.Service.AcknowledgeAsync(submitted.Id);

        acknowledged.Status.Should().Be(ServiceRequestStatus.Acknowledged);
        (await harness.ReadAsync(submitted.Id)).Version.Should().Be(acknowledged.Version, "the change is committed");
        log.Should().Equal("throwing:Submit", "capturing:Submit", "throwing:Acknowledge", "capturing:Acknowledge");
        capturing.Events.Select(e => e.Action).Should().Equal(LifecycleAction.Submit, LifecycleAction.Acknowledge);

        var errors = logger.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        errors.Should().HaveCount(2, "one failure per event");
        errors.Should().AllSatisfy(e =>
        {
            // Logged through PersonalData.Redact: a wrapper that keeps the original's type name, message and stack trace.
            e.Exception!.Message.Should().Be("The notification gateway is down.");
            e.Exception.ToString().Should().StartWith($"{typeof(InvalidOperationException).FullName}: The notification gateway is down.");
            e.Message.Should().Contain(nameof(ThrowingEventHandler)).And.Contain(submitted.TrackingNumber);
        });
        errors[0].Message.Should().Contain(nameof(LifecycleAction.Submit));
        errors[1].Message.Should().Contain(nameof(LifecycleAction.Acknowledge));
    }

    [Fact]
    public async Task Handler_ThatSucceeds_LogsNoWarningOrError()
    {
        var logger = new CapturingLogger();
        var harness = new LifecycleHarness(handlers: [new CapturingEventHandler()], logger: logger);

        var request = await harness.SubmitAsync();
        await harness.Service.AcknowledgeAsync(request.Id);

        logger.Entries.Should().NotContain(e => e.Level >= LogLevel.Warning);
        logger.Entries.Should().Contain(e => e.Level == LogLevel.Information && e.Message.Contains(request.TrackingNumber, StringComparison.Ordinal));
    }

    private static void AssertEventFor(ServiceRequestEvent published, ServiceRequest stored, LifecycleAction action)
    {
        published.Action.Should().Be(action);
        published.Request.Id.Should().Be(stored.Id);
        published.Request.Version.Should().Be(stored.Version);
        published.Request.Status.Should().Be(stored.Status);
        published.Request.History.Should().HaveCount(stored.History.Count);
        published.Entry.Should().Be(stored.History[^1]);
        published.Entry.Sequence.Should().Be(stored.History.Count);
        published.OccurredAt.Should().Be(published.Entry.OccurredAt);
    }
}
