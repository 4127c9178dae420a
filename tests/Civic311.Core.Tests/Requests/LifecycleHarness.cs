using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Storage.Specification;
using Civic311.Testing;
using Microsoft.Extensions.Logging;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.Requests;

/// <summary>
/// A <see cref="ServiceRequests"/> over an in-memory store and a <see cref="FakeClock"/>, with one canonical argument per
/// lifecycle operation and a path from <see cref="ServiceRequestStatus.Submitted"/> to every status.
/// </summary>
internal sealed class LifecycleHarness
{
    public const string Actor = "agent-42";
    public const string Assignee = "crew-7";
    public const string OtherAssignee = "crew-9";
    public const string DefaultQueue = "DOT-ROADWAY"; // the POTHOLE service type's default queue
    public const string OtherQueue = "DOT-SIDEWALKS";
    public const string OtherServiceCode = "STREET-CONDITION"; // same agency as POTHOLE, default queue DOT-STREETS
    public const string OtherServiceQueue = "DOT-STREETS";
    public const string HoldReason = "Waiting for the utility company";
    public const string CancelReason = "Reported by mistake";
    public const string ReopenReason = "The pothole is back";
    public const string ResolutionCode = "FIXED";
    public const string ResolutionNote = "The crew filled the pothole.";

    /// <summary>How far the clock moves before every step, so that each change has its own instant.</summary>
    public static readonly Duration Step = Duration.FromMinutes(5);

    private ServiceRequest? _original;

    public LifecycleHarness(
        Action<Civic311Options>? configure = null,
        IEnumerable<IServiceRequestEventHandler>? handlers = null,
        ILogger<ServiceRequests>? logger = null,
        Instant? start = null,
        Func<IServiceRequestStore, IServiceRequestStore>? wrapStore = null)
    {
        Clock = new FakeClock(start ?? TestCatalog.Start);
        Store = new InMemoryServiceRequestStore();
        Options = TestCatalog.Options();
        configure?.Invoke(Options);
        Service = new ServiceRequests(wrapStore?.Invoke(Store) ?? Store, Options, Clock, handlers, logger);
    }

    public FakeClock Clock { get; }

    /// <summary>Gets the in-memory store underneath <see cref="Service"/> (and underneath any wrapper given).</summary>
    public InMemoryServiceRequestStore Store { get; }

    public Civic311Options Options { get; }

    public ServiceRequests Service { get; }

    /// <summary>The request <see cref="LifecycleAction.MarkAsDuplicate"/> links to; submitted on first use and left open.</summary>
    public ServiceRequest? Original => _original;

    public static ChangeOptions ActorOptions => new() { Actor = Actor };

    public static ServiceRequestSubmission Pothole() => new()
    {
        ServiceCode = "POTHOLE",
        Description = "Deep pothole in the right lane",
        Latitude = 40.7128,
        Longitude = -74.0060,
        Address = "1 Centre St, New York, NY",
        Channel = Channel.MobileApp,
    };

    /// <summary>The operations, in order, that take a new request to <paramref name="status"/>. Without an assignee where possible.</summary>
    public static IReadOnlyList<LifecycleAction> PathTo(ServiceRequestStatus status) => status switch
    {
        ServiceRequestStatus.Submitted => [],
        ServiceRequestStatus.Acknowledged => [LifecycleAction.Acknowledge],
        ServiceRequestStatus.Assigned => [LifecycleAction.Acknowledge, LifecycleAction.Assign],
        ServiceRequestStatus.InProgress => [LifecycleAction.Acknowledge, LifecycleAction.StartWork],
        ServiceRequestStatus.OnHold => [LifecycleAction.Acknowledge, LifecycleAction.StartWork, LifecycleAction.PutOnHold],
        ServiceRequestStatus.Resolved => [LifecycleAction.Acknowledge, LifecycleAction.StartWork, LifecycleAction.Resolve],
        ServiceRequestStatus.Closed => [LifecycleAction.Acknowledge, LifecycleAction.StartWork, LifecycleAction.Resolve, LifecycleAction.Close],
        ServiceRequestStatus.Cancelled => [LifecycleAction.Cancel],
        ServiceRequestStatus.Duplicate => [LifecycleAction.MarkAsDuplicate],
        ServiceRequestStatus.Reopened => [LifecycleAction.Acknowledge, LifecycleAction.StartWork, LifecycleAction.Resolve, LifecycleAction.Reopen],
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No path to this status: add one to LifecycleHarness.PathTo."),
    };

    public async Task<ServiceRequest> SubmitAsync() => await Service.SubmitAsync(Pothole());

    /// <summary>Submits a request and takes it to <paramref name="status"/> through the public API, one clock step per change.</summary>
    public async Task<ServiceRequest> SubmitInStatusAsync(ServiceRequestStatus status)
    {
        var request = await SubmitAsync();
        foreach (var action in PathTo(status))
        {
            request = await StepAsync(request.Id, action);
        }

        request.Status.Should().Be(status, "the harness path must reach the status it is asked for");
        return request;
    }

    /// <summary>Moves the clock one <see cref="Step"/>, then applies <paramref name="action"/> with its canonical argument.</summary>
    public async Task<ServiceRequest> StepAsync(ServiceRequestId id, LifecycleAction action, ChangeOptions? options = null)
    {
        Clock.Advance(Step);
        return await ApplyAsync(id, action, options);
    }

    /// <summary>Applies <paramref name="action"/> with its canonical argument, without moving the clock.</summary>
    public async Task<ServiceRequest> ApplyAsync(ServiceRequestId id, LifecycleAction action, ChangeOptions? options = null)
    {
        switch (action)
        {
            case LifecycleAction.Acknowledge:
                return await Service.AcknowledgeAsync(id, options);
            case LifecycleAction.Assign:
                return await Service.AssignAsync(id, new Assignment { Assignee = Assignee }, options);
            case LifecycleAction.Reassign:
                return await Service.ReassignAsync(id, new Assignment { Queue = OtherQueue }, options);
            case LifecycleAction.StartWork:
                return await Service.StartWorkAsync(id, options);
            case LifecycleAction.PutOnHold:
                return await Service.PutOnHoldAsync(id, HoldReason, options);
            case LifecycleAction.Resume:
                return await Service.ResumeAsync(id, options);
            case LifecycleAction.Resolve:
                return await Service.ResolveAsync(id, new Resolution(ResolutionCode, ResolutionNote), options);
            case LifecycleAction.Close:
                return await Service.CloseAsync(id, options);
            case LifecycleAction.Cancel:
                return await Service.CancelAsync(id, CancelReason, options);
            case LifecycleAction.MarkAsDuplicate:
                var original = await OriginalAsync();
                return await Service.MarkAsDuplicateAsync(id, original.Id, options);
            case LifecycleAction.Reopen:
                return await Service.ReopenAsync(id, ReopenReason, options);
            case LifecycleAction.ChangePriority:
                return await Service.ChangePriorityAsync(id, Priority.High, options);
            case LifecycleAction.ChangeServiceType:
                return await Service.ChangeServiceTypeAsync(id, OtherServiceCode, options: options);
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Not a lifecycle operation on an existing request: add it to LifecycleHarness.ApplyAsync.");
        }
    }

    /// <summary>The open request duplicates are linked to.</summary>
    public async Task<ServiceRequest> OriginalAsync() => _original ??= await SubmitAsync();

    /// <summary>Reads the stored request.</summary>
    public async Task<ServiceRequest> ReadAsync(ServiceRequestId id)
    {
        var stored = await Store.GetAsync(id);
        stored.Should().NotBeNull();
        return stored!;
    }

    /// <summary>Asserts the store holds exactly the snapshot <paramref name="before"/>: same version, history and state.</summary>
    public async Task ShouldBeUnchangedAsync(ServiceRequest before)
    {
        var after = await ReadAsync(before.Id);
        after.Version.Should().Be(before.Version, "a refused or invalid change must not write");
        after.History.Should().HaveCount(before.History.Count, "a refused or invalid change must not append history");
        after.Status.Should().Be(before.Status);
        after.UpdatedAt.Should().Be(before.UpdatedAt);
        after.Agency.Should().Be(before.Agency);
        after.Queue.Should().Be(before.Queue);
        after.Assignee.Should().Be(before.Assignee);
    }

    /// <summary>The in-memory store's counter version as a number.</summary>
    public static long VersionNumber(ServiceRequest request) => long.Parse(request.Version!, NumberStyles.None, CultureInfo.InvariantCulture);
}
