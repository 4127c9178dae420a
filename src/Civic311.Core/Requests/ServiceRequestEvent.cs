using System.Threading;
using System.Threading.Tasks;
using Civic311.Internal;
using NodaTime;

namespace Civic311.Requests;

/// <summary>
/// Raised after a change to a request is committed: the request as stored and the history entry the change appended.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class ServiceRequestEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="request">The request as stored after the change.</param>
    /// <param name="entry">The history entry the change appended.</param>
    public ServiceRequestEvent(ServiceRequest request, HistoryEntry entry)
    {
        Request = Guard.NotNull(request);
        Entry = Guard.NotNull(entry);
    }

    /// <summary>Gets the request as stored after the change.</summary>
    public ServiceRequest Request { get; }

    /// <summary>Gets the history entry the change appended (who, when, what, from -> to).</summary>
    public HistoryEntry Entry { get; }

    /// <summary>Gets what was done.</summary>
    public LifecycleAction Action => Entry.Action;

    /// <summary>Gets when it was done.</summary>
    public Instant OccurredAt => Entry.OccurredAt;
}

/// <summary>
/// Receives <see cref="ServiceRequestEvent"/>s in process after each committed change. Register implementations in DI;
/// they run in registration order. A handler that throws is logged and does not undo the change (work that must not be
/// lost belongs in the outbox, written with the change).
/// </summary>
public interface IServiceRequestEventHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="serviceRequestEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask HandleAsync(ServiceRequestEvent serviceRequestEvent, CancellationToken cancellationToken = default);
}
