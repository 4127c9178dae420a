using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage;

namespace Civic311.Application;

/// <content>SLA maintenance: moving running clocks to an edited business calendar.</content>
public sealed partial class ServiceRequests
{
    private const int RecalculationPageSize = 500;

    /// <summary>
    /// Moves the running SLA clocks of open requests from an earlier version of a business calendar to the version now
    /// configured (after an edit: a new holiday, an emergency closure, new opening hours). The policy: business time already
    /// used stays used, and what remained on the old calendar counts on the new one from now; a recorded breach stands and
    /// past cycles never change. Each request that changes gets a <see cref="LifecycleAction.RecalculateSla"/> history entry
    /// and is written with the usual optimistic concurrency (a request changed meanwhile is re-read and retried).
    /// </summary>
    /// <remarks>
    /// Calendars are compiled at start-up, so the edited definition is the one configured now and the earlier version must be
    /// passed in: keep the definition you are replacing, build it with <see cref="BusinessCalendar.Build(BusinessCalendarDefinition)"/>, and call this
    /// once after deploying the edit. Running it again finds nothing left to move and changes nothing. Clocks recorded on
    /// any other version are left alone.
    /// </remarks>
    /// <param name="previous">The calendar as it was before the edit (same id as the configured one).</param>
    /// <param name="cancellationToken">Cancels the call; requests already moved stay moved.</param>
    /// <returns>How many requests were moved to the new calendar.</returns>
    /// <exception cref="Civic311ValidationException">No agency uses a calendar with that id.</exception>
    public async ValueTask<int> ApplyCalendarChangeAsync(BusinessCalendar previous, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(previous);
        var agencies = new List<string>();
        var configured = _settings.Sla.Calendars.TryGetValue(previous.Id, out var calendar) ? calendar : null;
        foreach (var agency in _settings.Catalog.Agencies)
        {
            if (agency.CalendarId is not null && ReferenceEquals(_settings.Sla.CalendarOf(agency.Code), configured))
            {
                agencies.Add(agency.Code);
            }
        }

        // A calendar that SLA policies name runs clocks in every agency's requests.
        var pinned = configured is not null && _settings.Sla.IsPinned(configured.Id);
        if (configured is null || (agencies.Count == 0 && !pinned))
        {
            var errors = default(ErrorList);
            errors.Add("previous.id", ValidationErrorCodes.Unknown, $"No agency or SLA policy uses a calendar with the id '{previous.Id}'.");
            errors.ThrowIfAny("calendar change");
        }

        if (string.Equals(configured!.VersionId, previous.VersionId, StringComparison.Ordinal))
        {
            return 0; // the configured calendar is the one passed: nothing was edited
        }

        var query = new OpenRequestsOf(pinned ? null : [.. agencies]);
        var options = new ChangeOptions { Actor = "system:sla", Note = $"SLA clocks moved to the edited calendar '{previous.Id}'." };
        var moved = 0;
        string? token = null;
        do
        {
            var page = await _store.QueryAsync(query, token, RecalculationPageSize, cancellationToken).ConfigureAwait(false);
            foreach (var request in page.Items)
            {
                if (!RunsOn(request, previous.VersionId))
                {
                    continue;
                }

                var result = await ChangeAsync(request.Id, options, previous, static (r, calendar, in c) => r.RecalculateSla(calendar, c), cancellationToken)
                    .ConfigureAwait(false);
                if (!ReferenceEquals(result.History[^1], request.History[^1]) && result.History[^1].Action == LifecycleAction.RecalculateSla)
                {
                    moved++;
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return moved;

        static bool RunsOn(ServiceRequest request, string version)
        {
            foreach (var instance in request.Sla)
            {
                if (instance.IsActive && string.Equals(instance.CalendarVersion, version, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    // The open requests of some agencies (of all when none are named), oldest first.
    private sealed class OpenRequestsOf : ServiceRequestSpecification
    {
        public OpenRequestsOf(string[]? agencies)
        {
            Query.OnlyOpen();
            if (agencies is not null)
            {
                Query.WithAgency(agencies);
            }

            Query.OrderedBy(ServiceRequestOrder.RequestedAt);
        }
    }
}
