using System;
using System.Collections.Concurrent;
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
using Microsoft.Extensions.Primitives;
using NodaTime;

namespace Civic311.Application;

/// <summary>
/// The entry point for integrators: submit requests and move them through their lifecycle. Every operation validates its
/// input (reporting every problem), applies the transition, writes the result to the store in one atomic, optimistically
/// concurrent write, and then raises a <see cref="ServiceRequestEvent"/>.
/// </summary>
/// <remarks>Resolve it from DI after <c>services.AddCivic311(...)</c>, or construct it directly.</remarks>
/// <threadsafety>Thread-safe; register it as a singleton.</threadsafety>
public sealed partial class ServiceRequests
{
    private const int MaxReasonLength = 500;
    private const int MaxSeen = 10_000;

    private readonly IServiceRequestStore _store;
    private readonly IClock _clock;
    private readonly Civic311Settings _settings;
    private readonly IServiceRequestEventHandler[] _handlers;
    private readonly ILogger _logger;

    // The last state of each request this service read or wrote (immutable values), so a change whose caller passes the
    // version it read needs no read of its own: the store's If-Match refuses it if the request changed since. Bounded.
    private readonly ConcurrentDictionary<ServiceRequestId, ServiceRequest> _seen = new();
    private int _seenCount; // about how many _seen holds: its Count takes every lock, far too dear for each read

    /// <summary>Creates the service.</summary>
    /// <param name="store">Where requests are stored.</param>
    /// <param name="options">The center's settings, read and validated now (later changes to the instance are not seen).</param>
    /// <param name="clock">The clock every instant comes from.</param>
    /// <param name="handlers">Receivers of events after each committed change; optional.</param>
    /// <param name="logger">The logger; optional. Personal data is never logged.</param>
    /// <exception cref="Civic311ValidationException">The options are invalid; every problem is listed.</exception>
    public ServiceRequests(
        IServiceRequestStore store,
        Civic311Options options,
        IClock clock,
        IEnumerable<IServiceRequestEventHandler>? handlers = null,
        ILogger<ServiceRequests>? logger = null)
        : this(store, Civic311Settings.Compile(Guard.NotNull(options)), clock, handlers, logger)
    {
    }

    internal ServiceRequests(
        IServiceRequestStore store,
        Civic311Settings settings,
        IClock clock,
        IEnumerable<IServiceRequestEventHandler>? handlers,
        ILogger<ServiceRequests>? logger)
    {
        _store = Guard.NotNull(store);
        _clock = Guard.NotNull(clock);
        _settings = settings;
        _handlers = handlers?.ToArray() ?? [];
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the store, for the SLA monitor built over this service.</summary>
    internal IServiceRequestStore Store => _store;

    /// <summary>Gets the clock, for the SLA monitor built over this service.</summary>
    internal IClock Clock => _clock;

    /// <summary>Gets the compiled settings, shared with the SLA monitor so nothing is compiled twice.</summary>
    internal Civic311Settings Settings => _settings;

    /// <summary>Gets the service catalog requests are validated against.</summary>
    public ServiceCatalog Catalog => _settings.Catalog;

    /// <summary>Checks a submission without submitting it (for forms that validate as the resident types).</summary>
    /// <param name="submission">The submission.</param>
    /// <returns>Every problem found; empty when the submission would be accepted.</returns>
    public IReadOnlyList<ValidationError> Validate(ServiceRequestSubmission submission) =>
        SubmissionValidator.Validate(_settings.Catalog, Guard.NotNull(submission));

    /// <summary>Validates a submission, gives it a tracking number and stores it as a new request.</summary>
    /// <param name="submission">What was reported.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The submission is invalid; every problem is listed and nothing was stored.</exception>
    /// <exception cref="DuplicateServiceRequestException">The submission gives an id that is already stored; nothing was stored and no tracking number was used.</exception>
    public async ValueTask<ServiceRequest> SubmitAsync(ServiceRequestSubmission submission, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(submission);
        var valid = SubmissionValidator.ValidateOrThrow(_settings.Catalog, submission);
        if (submission.Id is { } given && await _store.GetAsync(given, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            // Refused before a tracking number is drawn, so a client retrying with its own id wastes none.
            throw new DuplicateServiceRequestException(given, existing.TrackingNumber, "id");
        }

        var now = _clock.GetCurrentInstant();
        var year = now.InZone(_settings.Zone).Year;
        var format = _settings.TrackingFormat;
        var sequence = await _store.NextSequenceAsync(format.ScopeFor(year), cancellationToken).ConfigureAwait(false);
        var trackingNumber = format.FormatNumber(year, sequence);

        var context = new TransitionContext(now, valid.Actor, valid.Note, NoteVisibility.Internal, _settings.ReopenWindow, _settings.Sla, _settings.Routing);
        var request = ServiceRequest.Submit(submission.Id ?? ServiceRequestId.NewId(now), trackingNumber, valid, submission.Channel, submission.Priority, context);
        var entry = request.History[0];
        var outbox = _settings.Notifier?.ForChange(previous: null, request, entry, original: null, duplicates: null);
        var stored = Seen(await _store.AddAsync(new ServiceRequestChange(request, null, request.History, outbox), cancellationToken).ConfigureAwait(false))!;
        Log.Submitted(_logger, stored.TrackingNumber, stored.Id, stored.ServiceCode, stored.Agency, stored.Channel);
        await PublishAsync(stored, entry, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Reads a request by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    public async ValueTask<ServiceRequest?> GetAsync(ServiceRequestId id, CancellationToken cancellationToken = default) =>
        Seen(await _store.GetAsync(id, cancellationToken).ConfigureAwait(false));

    /// <summary>Reads a request by tracking number (case-insensitive; surrounding spaces ignored).</summary>
    /// <param name="trackingNumber">The tracking number the resident was given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    public async ValueTask<ServiceRequest?> FindByTrackingNumberAsync(string trackingNumber, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(trackingNumber);
        return Seen(await _store.FindByTrackingNumberAsync(trackingNumber.Trim(), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Reads one page of the requests a specification matches, in its order: a named one such as
    /// <see cref="OpenRequestsOfAgency"/>, or any <see cref="ServiceRequestSpecification"/> in the subset every store
    /// translates (docs/queries.md).
    /// </summary>
    /// <param name="specification">The specification.</param>
    /// <param name="continuationToken">The previous page's token, or <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">The largest number of requests on the page, from 1 to <see cref="ServiceRequestPage.MaxSize"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The continuation token is malformed or belongs to another specification.</exception>
    /// <exception cref="NotSupportedException">A part of the specification is outside what stores translate; the message names it.</exception>
    public ValueTask<ServiceRequestPage> QueryAsync(Ardalis.Specification.ISpecification<ServiceRequest> specification, string? continuationToken = null, int pageSize = ServiceRequestPage.DefaultSize, CancellationToken cancellationToken = default) =>
        _store.QueryAsync(Guard.NotNull(specification), continuationToken, pageSize, cancellationToken);

    /// <summary>
    /// Explains how the routing rules route a request as it is now: every rule evaluated, which matched, why the others did
    /// not, and the decision (for staff screens and audits).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The explanation; <see langword="null"/> when no routing rules are configured.</returns>
    public RoutingExplanation? ExplainRouting(ServiceRequest request) =>
        _settings.Routing?.Explain(Guard.NotNull(request).ToRoutingInput());

    /// <summary>Finds the district of every configured district set that contains a point, as routing sees it.</summary>
    /// <param name="point">The point, for example where a resident tapped on a map.</param>
    /// <returns>Each set's name with its district (<see langword="null"/> outside the set); empty when no routing or no district set is configured.</returns>
    public IReadOnlyList<KeyValuePair<string, string?>> FindDistricts(GeoPoint point) =>
        _settings.Routing?.FindDistricts(point) ?? [];

    /// <summary>The lifecycle operations allowed on a request now (for the buttons a staff screen shows).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The allowed operations, in the order staff would usually take them.</returns>
    public IReadOnlyList<LifecycleAction> GetAllowedActions(ServiceRequest request) =>
        Guard.NotNull(request).AllowedActions(_clock.GetCurrentInstant(), _settings.ReopenWindow);

    /// <summary>The agency accepts the request. Allowed when <see cref="ServiceRequestStatus.Submitted"/>.</summary>
    /// <param name="id">The request.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The note is too long or its visibility is not defined.</exception>
    /// <exception cref="InvalidTransitionException">The request's state does not allow it; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> AcknowledgeAsync(ServiceRequestId id, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckOptions(options);
        return ChangeAsync(id, options, 0, static (r, _, in c) => r.Acknowledge(c), cancellationToken);
    }

    /// <summary>
    /// Gives an unassigned request to a person or team (and optionally another queue or agency). Allowed when submitted,
    /// acknowledged or reopened and nobody is assigned; use <see cref="ReassignAsync"/> otherwise.
    /// </summary>
    /// <param name="id">The request.</param>
    /// <param name="assignment">The assignee (required), and optionally a queue and an agency.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The assignee is missing or the agency is unknown.</exception>
    /// <exception cref="InvalidTransitionException">The request's state does not allow it; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> AssignAsync(ServiceRequestId id, Assignment assignment, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var agency = CheckAssignment(assignment, requireAssignee: true, options);
        return ChangeAsync(id, options, (assignment, agency), static (r, a, in c) => r.Assign(a.assignment, a.agency, c), cancellationToken);
    }

    /// <summary>
    /// Moves an open request to another agency, queue or assignee; at least one must change. A transfer to another agency
    /// without a named assignee clears the assignee and the old agency's queue, and work restarts there.
    /// </summary>
    /// <param name="id">The request.</param>
    /// <param name="assignment">What changes; <see langword="null"/> members keep their current value.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The assignment is empty or the agency is unknown.</exception>
    /// <exception cref="InvalidTransitionException">The request is not open, or nothing would change; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> ReassignAsync(ServiceRequestId id, Assignment assignment, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var agency = CheckAssignment(assignment, requireAssignee: false, options);
        return ChangeAsync(id, options, (assignment, agency), static (r, a, in c) => r.Reassign(a.assignment, a.agency, c), cancellationToken);
    }

    /// <summary>Work starts. Allowed when acknowledged, assigned or reopened.</summary>
    /// <param name="id">The request.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The note is too long or its visibility is not defined.</exception>
    /// <exception cref="InvalidTransitionException">The request's state does not allow it; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> StartWorkAsync(ServiceRequestId id, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckOptions(options);
        return ChangeAsync(id, options, 0, static (r, _, in c) => r.StartWork(c), cancellationToken);
    }

    /// <summary>Pauses work with a reason (for example "waiting for the resident"). Allowed on open requests not already on hold.</summary>
    /// <param name="id">The request.</param>
    /// <param name="reason">Why; required, at most 500 characters.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The reason is missing or too long.</exception>
    /// <exception cref="InvalidTransitionException">The request's state does not allow it; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> PutOnHoldAsync(ServiceRequestId id, string reason, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var checkedReason = CheckReason(reason, "reason", options);
        return ChangeAsync(id, options, checkedReason, static (r, reason, in c) => r.PutOnHold(reason, c), cancellationToken);
    }

    /// <summary>Resumes work after a hold, returning to the status before the hold. Allowed when on hold.</summary>
    /// <param name="id">The request.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The note is too long or its visibility is not defined.</exception>
    /// <exception cref="InvalidTransitionException">The request's state does not allow it; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> ResumeAsync(ServiceRequestId id, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckOptions(options);
        return ChangeAsync(id, options, 0, static (r, _, in c) => r.Resume(c), cancellationToken);
    }

    /// <summary>The work is done: records a resolution code and the note the resident reads. Allowed on open requests.</summary>
    /// <param name="id">The request.</param>
    /// <param name="resolution">The resolution code and public note.</param>
    /// <param name="options">Actor, an extra note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The resolution is too long.</exception>
    /// <exception cref="InvalidTransitionException">The request's state does not allow it; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> ResolveAsync(ServiceRequestId id, Resolution resolution, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(resolution);
        var errors = default(ErrorList);
        CheckNote(options, ref errors);
        if (resolution.Code.Length > 100)
        {
            errors.Add("resolution.code", ValidationErrorCodes.TooLong, $"The resolution code has {resolution.Code.Length} characters; at most 100 are allowed.");
        }

        if (resolution.PublicNote is { Length: > SubmissionValidator.MaxDescriptionLength })
        {
            errors.Add("resolution.publicNote", ValidationErrorCodes.TooLong, $"The public note has {resolution.PublicNote.Length} characters; at most {SubmissionValidator.MaxDescriptionLength} are allowed.");
        }

        errors.ThrowIfAny("resolution");
        return ChangeAsync(id, options, resolution, static (r, resolution, in c) => r.Resolve(resolution, c), cancellationToken, readsDuplicates: true);
    }

    /// <summary>Closes a resolved request. Allowed when resolved.</summary>
    /// <param name="id">The request.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The note is too long or its visibility is not defined.</exception>
    /// <exception cref="InvalidTransitionException">The request's state does not allow it; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> CloseAsync(ServiceRequestId id, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckOptions(options);
        return ChangeAsync(id, options, 0, static (r, _, in c) => r.Close(c), cancellationToken);
    }

    /// <summary>Withdraws or rejects an open request, with a reason.</summary>
    /// <param name="id">The request.</param>
    /// <param name="reason">Why; required, at most 500 characters.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The reason is missing or too long.</exception>
    /// <exception cref="InvalidTransitionException">The request's state does not allow it; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> CancelAsync(ServiceRequestId id, string reason, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var checkedReason = CheckReason(reason, "reason", options);
        return ChangeAsync(id, options, checkedReason, static (r, reason, in c) => r.Cancel(reason, c), cancellationToken);
    }

    /// <summary>
    /// Links an open request to an earlier one about the same problem; its reporter is then told when the original is
    /// resolved. The original must exist and be neither cancelled nor itself a duplicate. The original's
    /// <see cref="ServiceRequest.DuplicateCount"/> is raised in the same atomic write (so the original gets a new
    /// <see cref="ServiceRequest.Version"/>); when the original changed meanwhile, both are read again and the link retried.
    /// </summary>
    /// <param name="id">The duplicate.</param>
    /// <param name="originalId">The original request.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored duplicate.</returns>
    /// <exception cref="Civic311ValidationException">The original does not exist.</exception>
    /// <exception cref="InvalidTransitionException">The request's state, or the original's, does not allow it; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has id <paramref name="id"/>.</exception>
    /// <exception cref="ConcurrencyConflictException">
    /// An expected version was given and the request changed since; or the original changed at every retry
    /// (<see cref="ConcurrencyConflictException.RequestId"/> then names the original).
    /// </exception>
    public async ValueTask<ServiceRequest> MarkAsDuplicateAsync(ServiceRequestId id, ServiceRequestId originalId, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var errors = default(ErrorList);
        CheckNote(options, ref errors);
        ServiceRequest? original = null, current = null;
        var fromSeen = false;
        if (!originalId.IsEmpty)
        {
            // Nothing is read when the caller passes the version it read of a request seen here and the original was seen
            // here too: the write's If-Match on both refuses a stale one. Otherwise one read for both (or the original).
            var known = Known(id, options);
            if (known is not null && _seen.TryGetValue(originalId, out var seenOriginal))
            {
                (current, original, fromSeen) = (known, seenOriginal, true);
            }
            else
            {
                (current, original) = await ReadLinkAsync(id, originalId, readRequest: known is null, cancellationToken).ConfigureAwait(false);
                fromSeen = current is null && known is not null;
                current ??= known;
            }
        }

        if (original is null)
        {
            errors.Add("originalId", originalId.IsEmpty ? ValidationErrorCodes.Required : ValidationErrorCodes.Unknown, originalId.IsEmpty ? "The original request id is required." : $"No service request has the id {originalId}.");
        }

        errors.ThrowIfAny("duplicate link");
        return await ChangeAsync(id, options, new DuplicateLink(original!, fromSeen), static (r, link, in c) => r.MarkAsDuplicate(link.Original, c), cancellationToken, read: current).ConfigureAwait(false);
    }

    // The request and the original of a duplicate link in one read (only the original when the request is known).
    private async ValueTask<(ServiceRequest? Request, ServiceRequest? Original)> ReadLinkAsync(
        ServiceRequestId id, ServiceRequestId originalId, bool readRequest, CancellationToken cancellationToken)
    {
        ServiceRequest? request = null, original = null;
        var ids = readRequest && !id.IsEmpty && id != originalId ? new[] { originalId, id } : new[] { originalId };
        foreach (var read in await _store.GetManyAsync(ids, cancellationToken).ConfigureAwait(false))
        {
            if (read.Id == originalId)
            {
                original = read;
            }

            if (read.Id == id)
            {
                request = read;
            }
        }

        return (request, original);
    }

    /// <summary>Reopens a resolved or closed request within the reopen window, with a reason.</summary>
    /// <param name="id">The request.</param>
    /// <param name="reason">Why (for example "the pothole is back"); required, at most 500 characters.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The reason is missing or too long.</exception>
    /// <exception cref="InvalidTransitionException">The request is not resolved or closed, or the window has passed; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> ReopenAsync(ServiceRequestId id, string reason, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var checkedReason = CheckReason(reason, "reason", options);
        return ChangeAsync(id, options, checkedReason, static (r, reason, in c) => r.Reopen(reason, c), cancellationToken);
    }

    /// <summary>
    /// Changes the priority of an open request. Its SLA targets follow the new priority's policy retroactively: counted from
    /// the cycle's start, with the time spent on hold carried over (a recorded breach stands).
    /// </summary>
    /// <param name="id">The request.</param>
    /// <param name="priority">The new priority; must differ from the current one.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">The priority is not defined.</exception>
    /// <exception cref="InvalidTransitionException">The request is not open, or already has that priority; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> ChangePriorityAsync(ServiceRequestId id, Priority priority, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var errors = default(ErrorList);
        CheckNote(options, ref errors);
        if (!Enum.IsDefined(priority))
        {
            errors.Add("priority", ValidationErrorCodes.NotInList, $"'{(int)priority}' is not a priority.");
        }

        errors.ThrowIfAny("priority change");
        return ChangeAsync(id, options, priority, static (r, priority, in c) => r.ChangePriority(priority, c), cancellationToken);
    }

    /// <summary>
    /// Corrects the service type of an open request (the resident picked the wrong one, or triage found another problem).
    /// The attributes are checked against the new type: <paramref name="attributes"/> replaces them when given; otherwise the
    /// current values of attributes the new type also defines are kept. The request moves to the new type's agency and
    /// default queue, or where the routing rules send it (routing runs again, and its decision is recorded in the history);
    /// a transfer to another agency clears the assignee, so work restarts there; and the new type's SLA policy applies
    /// retroactively: counted from the cycle's start, with the time spent on hold carried over; a KPI the new policy lacks
    /// is cancelled, one it adds starts from the cycle's start, and a recorded breach stands.
    /// </summary>
    /// <param name="id">The request.</param>
    /// <param name="serviceCode">The new service code; must differ from the current one.</param>
    /// <param name="attributes">The attribute values for the new type; <see langword="null"/> to carry over matching ones.</param>
    /// <param name="options">Actor, note and expected version; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="Civic311ValidationException">
    /// The service code is missing, unknown or inactive, an attribute is invalid or a required one is missing, or the new type
    /// needs a location the request lacks; every problem is listed and nothing changed.
    /// </exception>
    /// <exception cref="InvalidTransitionException">The request is not open, or already has that type; nothing changed.</exception>
    /// <exception cref="ServiceRequestNotFoundException">No request has that id.</exception>
    /// <exception cref="ConcurrencyConflictException">An expected version was given and the request changed since.</exception>
    public ValueTask<ServiceRequest> ChangeServiceTypeAsync(
        ServiceRequestId id,
        string serviceCode,
        IReadOnlyDictionary<string, StringValues>? attributes = null,
        ChangeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var errors = default(ErrorList);
        CheckNote(options, ref errors);
        var serviceType = SubmissionValidator.CheckServiceCode(_settings.Catalog, serviceCode, ref errors);
        errors.ThrowIfAny("service type change");
        return ChangeAsync(
            id,
            options,
            (serviceType: serviceType!, attributes),
            static (r, change, in c) => r.ChangeServiceType(change.serviceType, SubmissionValidator.CheckServiceTypeChange(change.serviceType, r, change.attributes), c),
            cancellationToken);
    }

    private async ValueTask<ServiceRequest> ChangeAsync<TArgument>(
        ServiceRequestId id,
        ChangeOptions? options,
        TArgument argument,
        Transition<TArgument> transition,
        CancellationToken cancellationToken,
        bool readsDuplicates = false,
        ServiceRequest? read = null)
    {
        if (id.IsEmpty)
        {
            throw new ArgumentException("The service request id is empty.", nameof(id));
        }

        options ??= ChangeOptions.Default;
        var note = string.IsNullOrWhiteSpace(options.Note) ? null : options.Note.Trim();
        var link = argument as DuplicateLink;
        var useSeen = true;
        for (var attempt = 0; ; attempt++)
        {
            // At most one read: none when the caller's version is the one seen here last, the request with its duplicates
            // for a resolution (their reporters are told too), the request with its original for a duplicate link.
            IReadOnlyList<ServiceRequest>? duplicates = null;
            var current = attempt == 0 && useSeen ? read ?? Known(id, options) : null;
            var seen = link is null ? current is not null : attempt == 0 && useSeen && link.FromSeen;
            if (current is null && link is not null)
            {
                // Read both again: the original may be what changed (or what was stale here).
                (current, var original) = await ReadLinkAsync(id, link.Original.Id, readRequest: true, cancellationToken).ConfigureAwait(false);
                link.Original = original ?? throw new ServiceRequestNotFoundException(link.Original.Id);
                if (current is null)
                {
                    throw new ServiceRequestNotFoundException(id);
                }
            }
            else if (current is null && readsDuplicates && _settings.Notifier is not null)
            {
                (current, duplicates) = await _store.GetWithDuplicatesAsync(id, cancellationToken).ConfigureAwait(false);
            }

            current ??= await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new ServiceRequestNotFoundException(id);
            if (options.ExpectedVersion is not null && !string.Equals(options.ExpectedVersion, current.Version, StringComparison.Ordinal))
            {
                throw new ConcurrencyConflictException(id, options.ExpectedVersion, current.Version);
            }

            // Clocks of different processes drift; never let history run backwards.
            var now = _clock.GetCurrentInstant();
            if (now < current.UpdatedAt)
            {
                now = current.UpdatedAt;
            }

            var context = new TransitionContext(now, options.Actor, note, options.NoteVisibility, _settings.ReopenWindow, _settings.Sla, _settings.Routing);
            ServiceRequest? next;
            try
            {
                next = transition(current, argument, context);
            }
            catch (InvalidTransitionException) when (seen)
            {
                // Refused from the state seen here: read the request, so a caller whose version is stale hears that.
                useSeen = false;
                continue;
            }

            if (next is null)
            {
                return current;
            }

            var entry = next.History[^1];
            IReadOnlyList<OutboxMessage>? outbox = null;
            if (_settings.Notifier is { } notifier)
            {
                duplicates ??= await DuplicatesToTellAsync(next, entry, cancellationToken).ConfigureAwait(false);
                outbox = notifier.ForChange(current, next, entry, link?.Original, duplicates);
                if (duplicates is not null)
                {
                    // Just counted, under the version the write checks: known again where the store had lost it. A known
                    // count is never lowered, since a query can miss a duplicate whose own row could not be written.
                    next = next.WithDuplicateCount(next.DuplicateCount is { } known ? Math.Max(known, duplicates.Count) : duplicates.Count);
                }
            }

            // A duplicate link raises the original's count in the same atomic write, checked against the original's version.
            var change = link is null
                ? new ServiceRequestChange(next, current.Version, [entry], outbox)
                : new ServiceRequestChange(next, current.Version, [entry], outbox, link.Original.WithDuplicateLinked(), link.Original.Version);
            ServiceRequest stored;
            try
            {
                stored = Seen(await _store.UpdateAsync(change, cancellationToken).ConfigureAwait(false))!;
            }
            catch (ConcurrencyConflictException conflict) when (attempt < _settings.MaxConflictRetries
                && (options.ExpectedVersion is null || (link is not null && conflict.RequestId == link.Original.Id)))
            {
                // Someone else won the race (on the request, or on the original, which the caller's version says nothing
                // about): re-read and re-check the transition against the new state.
                Log.ConflictRetried(_logger, current.TrackingNumber, entry.Action, attempt + 1);
                continue;
            }

            if (link is not null)
            {
                if (_seen.TryRemove(link.Original.Id, out _)) // its version moved with the write; its next change reads it
                {
                    Interlocked.Decrement(ref _seenCount);
                }
            }

            Log.Changed(_logger, stored.TrackingNumber, entry.Action, entry.FromStatus, entry.ToStatus, PersonalData.Redact(entry.Actor));
            await PublishAsync(stored, entry, cancellationToken).ConfigureAwait(false);
            return stored;
        }
    }

    // The request as last seen here, when the caller expects exactly that version.
    private ServiceRequest? Known(ServiceRequestId id, ChangeOptions? options) =>
        options?.ExpectedVersion is { } expected && _seen.TryGetValue(id, out var seen) && string.Equals(seen.Version, expected, StringComparison.Ordinal) ? seen : null;

    private ServiceRequest? Seen(ServiceRequest? request)
    {
        if (request is not null)
        {
            if (!_seen.TryAdd(request.Id, request))
            {
                _seen[request.Id] = request;
            }
            else if (Interlocked.Increment(ref _seenCount) > MaxSeen)
            {
                // Crude but bounded: the next change of each request reads it again. Races with other adds only make the
                // count a little off, never unbounded.
                _seen.Clear();
                Interlocked.Exchange(ref _seenCount, 0);
            }
        }

        return request;
    }

    // A resolution is news for everyone who reported the same problem: the requests linked to this one as duplicates.
    private async ValueTask<List<ServiceRequest>?> DuplicatesToTellAsync(ServiceRequest request, HistoryEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Action != LifecycleAction.Resolve)
        {
            return null;
        }

        if (request.DuplicateCount == 0)
        {
            return []; // known to have none (a duplicate link raises the count in the same write): nothing to look up
        }

        return await _store.ReadAllAsync(new DuplicatesOfRequest(request.Id), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask PublishAsync(ServiceRequest request, HistoryEntry entry, CancellationToken cancellationToken)
    {
        if (_handlers.Length == 0)
        {
            return;
        }

        var serviceRequestEvent = new ServiceRequestEvent(request, entry);
        foreach (var handler in _handlers)
        {
            try
            {
                await handler.HandleAsync(serviceRequestEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The change is committed; a failing subscriber must not make the caller believe otherwise.
                Log.HandlerFailed(_logger, PersonalData.Redact(ex), handler.GetType().Name, request.TrackingNumber, entry.Action);
            }
        }
    }

    private string? CheckAssignment(Assignment assignment, bool requireAssignee, ChangeOptions? options)
    {
        Guard.NotNull(assignment);
        var errors = default(ErrorList);
        CheckNote(options, ref errors);
        string? agencyCode = null;
        if (requireAssignee && string.IsNullOrWhiteSpace(assignment.Assignee))
        {
            errors.Add("assignment.assignee", ValidationErrorCodes.Required, "An assignee (user or team id) is required to assign a request.");
        }

        if (!requireAssignee && assignment.Agency is null && assignment.Queue is null && assignment.Assignee is null)
        {
            errors.Add("assignment", ValidationErrorCodes.Required, "Give at least one of agency, queue and assignee to reassign a request.");
        }

        if (assignment.Agency is not null)
        {
            if (!_settings.Catalog.TryGetAgency(assignment.Agency, out var agency))
            {
                errors.Add("assignment.agency", ValidationErrorCodes.Unknown, $"'{assignment.Agency}' is not an agency in the catalog.");
            }
            else
            {
                agencyCode = agency.Code;
            }
        }

        CheckText("assignment.queue", assignment.Queue, ref errors);
        if (!(requireAssignee && string.IsNullOrWhiteSpace(assignment.Assignee)))
        {
            // A missing required assignee is reported once, above.
            CheckText("assignment.assignee", assignment.Assignee, ref errors);
        }

        errors.ThrowIfAny("assignment");
        return agencyCode;

        static void CheckText(string field, string? value, ref ErrorList errors)
        {
            if (value is null)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(field, ValidationErrorCodes.Required, $"The {field} is empty; leave it out to keep the current value.");
            }
            else if (value.Length > SubmissionValidator.MaxShortTextLength)
            {
                errors.Add(field, ValidationErrorCodes.TooLong, $"The {field} has {value.Length} characters; at most {SubmissionValidator.MaxShortTextLength} are allowed.");
            }
        }
    }

    private static string CheckReason(string reason, string field, ChangeOptions? options)
    {
        var errors = default(ErrorList);
        CheckNote(options, ref errors);
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(field, ValidationErrorCodes.Required, "A reason is required.");
        }
        else if (reason.Trim().Length > MaxReasonLength)
        {
            errors.Add(field, ValidationErrorCodes.TooLong, $"The reason has {reason.Trim().Length} characters; at most {MaxReasonLength} are allowed.");
        }

        errors.ThrowIfAny("lifecycle change");
        return reason.Trim();
    }

    private static void CheckOptions(ChangeOptions? options)
    {
        var errors = default(ErrorList);
        CheckNote(options, ref errors);
        errors.ThrowIfAny("lifecycle change");
    }

    private static void CheckNote(ChangeOptions? options, ref ErrorList errors)
    {
        if (options?.Note is { } note && note.Trim().Length > SubmissionValidator.MaxDescriptionLength)
        {
            errors.Add("note", ValidationErrorCodes.TooLong, $"The note has {note.Trim().Length} characters; at most {SubmissionValidator.MaxDescriptionLength} are allowed.");
        }

        if (options is not null && !Enum.IsDefined(options.NoteVisibility))
        {
            errors.Add("noteVisibility", ValidationErrorCodes.NotInList, $"'{(int)options.NoteVisibility}' is not a note visibility.");
        }
    }

    // The argument of a duplicate link: the original, replaced when a retry reads it again, and whether the first attempt
    // works from what this instance saw (then a refusal reads both before it is believed).
    private sealed class DuplicateLink(ServiceRequest original, bool fromSeen)
    {
        public ServiceRequest Original { get; set; } = original;

        public bool FromSeen { get; } = fromSeen;
    }

    // Returns null when the operation finds nothing to change (a system operation such as an SLA recalculation).
    private delegate ServiceRequest? Transition<TArgument>(ServiceRequest request, TArgument argument, in TransitionContext context);

    // Tracking numbers and ids only: reporter data is personal and is never logged.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Service request {TrackingNumber} ({RequestId}) submitted: service {ServiceCode}, agency {Agency}, channel {Channel}")]
        public static partial void Submitted(ILogger logger, string trackingNumber, ServiceRequestId requestId, string serviceCode, string agency, Channel channel);

        [LoggerMessage(2, LogLevel.Information, "Service request {TrackingNumber}: {Action} by {Actor}, {FromStatus} -> {ToStatus}")]
        public static partial void Changed(ILogger logger, string trackingNumber, LifecycleAction action, ServiceRequestStatus? fromStatus, ServiceRequestStatus toStatus, string actor);

        [LoggerMessage(3, LogLevel.Debug, "Service request {TrackingNumber}: {Action} lost a race with a concurrent change; retry {Attempt}")]
        public static partial void ConflictRetried(ILogger logger, string trackingNumber, LifecycleAction action, int attempt);

        [LoggerMessage(4, LogLevel.Error, "Event handler {Handler} failed on service request {TrackingNumber} after {Action}; the change itself is committed")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string handler, string trackingNumber, LifecycleAction action);
    }
}
