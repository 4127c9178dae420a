using System.Threading;
using System.Threading.Tasks;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage;
using NodaTime;

namespace Civic311.Application;

/// <summary>Raised by the <see cref="SlaMonitor"/> once per threshold per SLA instance, after the request is stored with it recorded.</summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed class SlaEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="request">The request as stored with the threshold recorded.</param>
    /// <param name="instance">The SLA instance as stored.</param>
    /// <param name="threshold">The threshold reached.</param>
    /// <param name="detectedAt">When the monitor noticed it.</param>
    public SlaEvent(ServiceRequest request, SlaInstance instance, SlaThreshold threshold, Instant detectedAt)
    {
        Request = Guard.NotNull(request);
        Instance = Guard.NotNull(instance);
        Threshold = Guard.Defined(threshold);
        DetectedAt = detectedAt;
    }

    /// <summary>Gets the request as stored with the threshold recorded.</summary>
    public ServiceRequest Request { get; }

    /// <summary>Gets the SLA instance.</summary>
    public SlaInstance Instance { get; }

    /// <summary>Gets the threshold reached.</summary>
    public SlaThreshold Threshold { get; }

    /// <summary>Gets when the threshold was reached: the instance's warning or due instant.</summary>
    public Instant ReachedAt => Threshold == SlaThreshold.Warning ? Instance.WarningAt : Instance.DueAt;

    /// <summary>Gets when the monitor noticed it (at or after <see cref="ReachedAt"/>).</summary>
    public Instant DetectedAt { get; }
}

/// <summary>Receives <see cref="SlaEvent"/>s (for example to escalate to an agency supervisor). Register implementations in DI.</summary>
public interface ISlaEventHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="slaEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask HandleAsync(SlaEvent slaEvent, CancellationToken cancellationToken = default);
}
