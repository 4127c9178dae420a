using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Civic311.Application;

/// <summary>
/// Finds the requests whose SLA warning or due instant has passed and raises one <see cref="SlaEvent"/> per threshold, exactly
/// once: the threshold is recorded on the stored request with optimistic concurrency before the event is raised, so a
/// second run, or a second process, finds it recorded and raises nothing.
/// </summary>
/// <remarks>
/// Call <see cref="RunOnceAsync"/> on a timer (every minute, say). It reads only the due requests, through the store's
/// index on <see cref="ServiceRequest.NextSlaCheckAt"/>, never every open request.
/// </remarks>
/// <threadsafety>Thread-safe; several monitors may run against one store.</threadsafety>
public sealed partial class SlaMonitor
{
    private const int PageSize = 500;
    private const int MaxAttempts = 10;

    private readonly IServiceRequestStore _store;
    private readonly IClock _clock;
    private readonly ISlaEventHandler[] _handlers;
    private readonly ILogger _logger;
    private readonly Notifier? _notifier;

    /// <summary>Creates a monitor.</summary>
    /// <param name="store">The store of the requests.</param>
    /// <param name="clock">The clock "now" comes from.</param>
    /// <param name="handlers">Receivers of the events; optional.</param>
    /// <param name="logger">The logger; optional.</param>
    public SlaMonitor(IServiceRequestStore store, IClock clock, IEnumerable<ISlaEventHandler>? handlers = null, ILogger<SlaMonitor>? logger = null)
        : this(store, clock, handlers, logger, notifier: null)
    {
    }

    /// <summary>
    /// Creates a monitor over the same store, clock and compiled settings as <paramref name="requests"/> (nothing is compiled
    /// again), which also tells staff (the queue and the agency's supervisors) of warnings and breaches when notifications
    /// are configured.
    /// </summary>
    /// <param name="requests">The service whose store, clock and settings the monitor shares.</param>
    /// <param name="handlers">Receivers of the events; optional.</param>
    /// <param name="logger">The logger; optional.</param>
    public SlaMonitor(ServiceRequests requests, IEnumerable<ISlaEventHandler>? handlers = null, ILogger<SlaMonitor>? logger = null)
        : this(Guard.NotNull(requests).Store, requests.Clock, handlers, logger, requests.Settings.Notifier)
    {
    }

    internal SlaMonitor(IServiceRequestStore store, IClock clock, IEnumerable<ISlaEventHandler>? handlers, ILogger<SlaMonitor>? logger, Notifier? notifier)
    {
        _notifier = notifier;
        _store = Guard.NotNull(store);
        _clock = Guard.NotNull(clock);
        _handlers = handlers?.ToArray() ?? [];
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Records and raises every SLA threshold passed by now.</summary>
    /// <param name="cancellationToken">Cancels the run; thresholds already recorded stay recorded, their events raised.</param>
    /// <returns>The number of events raised by this run.</returns>
    public async ValueTask<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var due = new SlaCheckDue(now);
        var raised = 0;
        var scratch = new List<(int Index, SlaThreshold Threshold)>();
        string? token = null;
        do
        {
            var page = await _store.QueryAsync(due, token, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var request in page.Items)
            {
                raised += await RecordAsync(request, now, scratch, cancellationToken).ConfigureAwait(false);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return raised;
    }

    private async ValueTask<int> RecordAsync(ServiceRequest request, Instant now, List<(int Index, SlaThreshold Threshold)> raised, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var next = request.RecordSlaThresholds(now, raised);
            if (next is null)
            {
                return 0; // another monitor (or an earlier run) recorded them
            }

            ServiceRequest stored;
            try
            {
                // Staff hear of each threshold in the same write that records it: exactly once, even across monitors.
                List<OutboxMessage>? outbox = null;
                if (_notifier is { } notifier)
                {
                    outbox = [];
                    foreach (var (index, threshold) in raised)
                    {
                        outbox.AddRange(notifier.ForSla(next, next.Sla[index], threshold, now));
                    }
                }

                stored = await _store.UpdateAsync(new ServiceRequestChange(next, request.Version, [], outbox), cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // The request changed (a transition, or another monitor): look again at its current state.
                request = await _store.GetAsync(request.Id, cancellationToken).ConfigureAwait(false)
                    ?? throw new ServiceRequestNotFoundException(request.Id);
                continue;
            }

            foreach (var (index, threshold) in raised)
            {
                var instance = stored.Sla[index];
                Log.ThresholdReached(_logger, stored.TrackingNumber, instance.Kpi, threshold, instance.DueAt);
                await PublishAsync(new SlaEvent(stored, instance, threshold, now), cancellationToken).ConfigureAwait(false);
            }

            return raised.Count;
        }
    }

    private async ValueTask PublishAsync(SlaEvent slaEvent, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                await handler.HandleAsync(slaEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The threshold is recorded; a failing subscriber must not stop the other events.
                Log.HandlerFailed(_logger, PersonalData.Redact(ex), handler.GetType().Name, slaEvent.Request.TrackingNumber, slaEvent.Threshold);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Service request {TrackingNumber}: SLA {Kpi} reached its {Threshold} threshold (due {DueAt})")]
        public static partial void ThresholdReached(ILogger logger, string trackingNumber, string kpi, SlaThreshold threshold, Instant dueAt);

        [LoggerMessage(2, LogLevel.Error, "SLA event handler {Handler} failed on service request {TrackingNumber} ({Threshold}); the threshold stays recorded")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string handler, string trackingNumber, SlaThreshold threshold);
    }
}
