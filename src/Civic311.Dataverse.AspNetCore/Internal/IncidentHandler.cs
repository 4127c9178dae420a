using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Mapping;
using Civic311.Requests;
using Civic311.Storage;
using Microsoft.Extensions.Primitives;
using Civic311.Application;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>
/// Turns incident Create and Update events into Civic311 operations. Every effect is idempotent, so a repeated delivery
/// handled by another instance changes nothing: a Create for a case Civic311 already holds is a no-op, and an Update is
/// compared with the stored request, so only real differences become lifecycle operations.
/// </summary>
internal sealed class IncidentHandler
{
    private const string Incident = "incident";
    private const string HoldReason = "On hold in Dynamics 365";
    private static readonly string[] CustomerColumns = ["customerid", "primarycontactid"];
    private static readonly string[] ContactColumns = ["fullname", "emailaddress1", "mobilephone", "telephone1"];

    private readonly ServiceRequests _requests;
    private readonly IDataverseRecordReader? _reader;
    private readonly IncidentColumns _schema;
    private readonly DataverseWebhookOptions _options;
    private readonly string[] _incidentColumns;

    public IncidentHandler(ServiceRequests requests, IDataverseRecordReader? reader, DataverseWebhookOptions options)
    {
        _requests = requests;
        _reader = reader;
        _options = options;
        _schema = new IncidentColumns(options.Prefix);
        var columns = new List<string>
        {
            // masterid: a re-read merged case still names the case it was merged into (a duplicate link, not a cancellation).
            "title", "description", "ticketnumber", "prioritycode", "caseorigincode", "statecode", "statuscode", "customerid", "primarycontactid", "masterid",
            _schema.ServiceCode, _schema.Latitude, _schema.Longitude, _schema.Address,
        };
        if (options.ServiceCodeColumn is { Length: > 0 } column && !columns.Contains(column))
        {
            columns.Add(column);
        }

        columns.AddRange(options.AttributeColumns.Values.Where(c => !columns.Contains(c)));
        _incidentColumns = [.. columns];
    }

    /// <summary>The columns whose change in Dynamics means something to Civic311 (and that the Update step filters on).</summary>
    public static IReadOnlyList<string> TrackedColumns(DataverseWebhookOptions options)
    {
        var schema = new IncidentColumns(options.Prefix);
        var columns = new List<string> { "statecode", "statuscode", "prioritycode", "ownerid", "masterid", schema.ServiceCode };
        if (options.ServiceCodeColumn is { Length: > 0 } column)
        {
            columns.Add(column.ToLowerInvariant());
        }

        return columns;
    }

    public async Task<WebhookResult> CreateAsync(DataverseWebhookEvent webhook, CancellationToken cancellationToken)
    {
        var row = webhook.IsStripped || webhook.Target is null ? await RereadAsync(webhook, cancellationToken).ConfigureAwait(false) : webhook.Target;
        if (row is null)
        {
            return WebhookResult.Ignore($"Incident {webhook.PrimaryEntityId:D} no longer exists; nothing to take in.");
        }

        var (request, added) = await TakeInAsync(webhook, row, cancellationToken).ConfigureAwait(false);
        return added
            ? new WebhookResult(200, WebhookResult.Processed, $"Incident {webhook.PrimaryEntityId:D} was taken in as {request.TrackingNumber}.") { TrackingNumber = request.TrackingNumber, Actions = [nameof(LifecycleAction.Submit)] }
            : new WebhookResult(200, WebhookResult.Ignored, $"Civic311 already holds incident {webhook.PrimaryEntityId:D} as {request.TrackingNumber}.") { TrackingNumber = request.TrackingNumber };
    }

    public async Task<WebhookResult> UpdateAsync(DataverseWebhookEvent webhook, CancellationToken cancellationToken)
    {
        var id = new ServiceRequestId(webhook.PrimaryEntityId);
        var actions = new List<string>();
        var current = await _requests.GetAsync(id, cancellationToken).ConfigureAwait(false);
        DataverseEntity? changes;
        bool reread;
        if (current is null)
        {
            // A case Civic311 does not hold yet (its Create failed validation, or was missed): take it in from the row as it is now.
            if (_reader is null)
            {
                return WebhookResult.Fail(422, "not-held", $"Civic311 does not hold incident {webhook.PrimaryEntityId:D} and no record reader is configured to take it in from Dataverse; nothing changed.");
            }

            changes = await RereadAsync(webhook, cancellationToken).ConfigureAwait(false);
            if (changes is null)
            {
                return WebhookResult.Ignore($"Incident {webhook.PrimaryEntityId:D} no longer exists; nothing to take in.");
            }

            (current, var added) = await TakeInAsync(webhook, changes, cancellationToken).ConfigureAwait(false);
            if (added)
            {
                actions.Add(nameof(LifecycleAction.Submit));
            }

            reread = true;
        }
        else if (webhook.IsStripped || webhook.Target is null)
        {
            changes = await RereadAsync(webhook, cancellationToken).ConfigureAwait(false);
            if (changes is null)
            {
                return WebhookResult.Ignore($"Incident {webhook.PrimaryEntityId:D} no longer exists.");
            }

            reread = true;
        }
        else
        {
            changes = webhook.Target;
            reread = false;
        }

        current = await ApplyAsync(current, changes, reread, Options(webhook), actions, cancellationToken).ConfigureAwait(false);
        return actions.Count == 0
            ? new WebhookResult(200, WebhookResult.Ignored, $"Nothing Civic311 tracks differs on {current.TrackingNumber}; nothing changed.") { TrackingNumber = current.TrackingNumber }
            : new WebhookResult(200, WebhookResult.Processed, $"{current.TrackingNumber}: {string.Join(", ", actions)}.") { TrackingNumber = current.TrackingNumber, Actions = actions };
    }

    // The meaningful differences, in an order the lifecycle accepts: reactivate first, then corrections, then the new state.
    private async Task<ServiceRequest> ApplyAsync(ServiceRequest current, DataverseEntity changes, bool reread, ChangeOptions options, List<string> actions, CancellationToken cancellationToken)
    {
        var id = current.Id;
        var (state, reason) = StateOf(changes);

        if (state == IncidentStates.ActiveState && current.Status is ServiceRequestStatus.Resolved or ServiceRequestStatus.Closed or ServiceRequestStatus.Cancelled or ServiceRequestStatus.Duplicate)
        {
            current = await _requests.ReopenAsync(id, "Reactivated in Dynamics 365", options, cancellationToken).ConfigureAwait(false);
            actions.Add(nameof(LifecycleAction.Reopen));
        }

        // A case Dynamics closed is read-only there: only its closing is taken in, and a correction in the same event (a
        // re-read row's columns) would be a change Civic311 itself makes to a closed case, reactivating it.
        var closed = state is IncidentStates.ResolvedState or IncidentStates.CancelledState;
        if (!closed && ServiceCodeOf(changes) is { } code && current.IsOpen && !string.Equals(code, current.ServiceCode, StringComparison.OrdinalIgnoreCase))
        {
            current = await _requests.ChangeServiceTypeAsync(id, code, attributes: null, options, cancellationToken).ConfigureAwait(false);
            actions.Add(nameof(LifecycleAction.ChangeServiceType));
        }

        if (!closed && IncidentValues.Option(changes, "prioritycode") is { } priorityCode && current.IsOpen && priorityCode != IncidentPriorities.ToCode(current.Priority)
            && PriorityOf(priorityCode) is { } priority)
        {
            current = await _requests.ChangePriorityAsync(id, priority, options, cancellationToken).ConfigureAwait(false);
            actions.Add(nameof(LifecycleAction.ChangePriority));
        }

        // A re-read row's owner is whoever owns the case, not a change someone just made: only a sent change counts.
        if (!closed && !reread && IncidentValues.Reference(changes, "ownerid") is { } owner && current.IsOpen && owner.Id.ToString("D") is var assignee
            && !string.Equals(assignee, current.Assignee, StringComparison.OrdinalIgnoreCase))
        {
            var assignment = new Assignment { Assignee = assignee };
            var unassigned = current.Assignee is null && current.Status is ServiceRequestStatus.Submitted or ServiceRequestStatus.Acknowledged or ServiceRequestStatus.Reopened;
            current = unassigned
                ? await _requests.AssignAsync(id, assignment, options, cancellationToken).ConfigureAwait(false)
                : await _requests.ReassignAsync(id, assignment, options, cancellationToken).ConfigureAwait(false);
            actions.Add(unassigned ? nameof(LifecycleAction.Assign) : nameof(LifecycleAction.Reassign));
        }

        if (state == IncidentStates.ActiveState && reason == IncidentStates.OnHold && current.IsOpen && current.Status != ServiceRequestStatus.OnHold)
        {
            current = await _requests.PutOnHoldAsync(id, HoldReason, options, cancellationToken).ConfigureAwait(false);
            actions.Add(nameof(LifecycleAction.PutOnHold));
        }
        else if (state == IncidentStates.ActiveState && reason is IncidentStates.InProgress or IncidentStates.WaitingForDetails or IncidentStates.Researching && current.Status == ServiceRequestStatus.OnHold)
        {
            current = await _requests.ResumeAsync(id, options, cancellationToken).ConfigureAwait(false);
            actions.Add(nameof(LifecycleAction.Resume));
        }
        else if (state == IncidentStates.ResolvedState && current.IsOpen)
        {
            var resolution = new Resolution(reason == IncidentStates.InformationProvided ? "information-provided" : "problem-solved");
            current = await _requests.ResolveAsync(id, resolution, options, cancellationToken).ConfigureAwait(false);
            actions.Add(nameof(LifecycleAction.Resolve));
        }
        else if (state == IncidentStates.CancelledState && current.IsOpen)
        {
            // A merge in Dynamics (Cancelled / Merged, with the surviving case in masterid) is a duplicate link: the reporter is
            // then told when the surviving case is resolved. Without a master Civic311 holds, it is a cancellation.
            if (reason == IncidentStates.Merged && IncidentValues.Reference(changes, "masterid") is { } master
                && await _requests.GetAsync(new ServiceRequestId(master.Id), cancellationToken).ConfigureAwait(false) is { IsOpen: true } original)
            {
                current = await _requests.MarkAsDuplicateAsync(id, original.Id, options, cancellationToken).ConfigureAwait(false);
                actions.Add(nameof(LifecycleAction.MarkAsDuplicate));
            }
            else
            {
                var why = reason == IncidentStates.Merged ? "Merged into another case in Dynamics 365" : "Cancelled in Dynamics 365";
                current = await _requests.CancelAsync(id, why, options, cancellationToken).ConfigureAwait(false);
                actions.Add(nameof(LifecycleAction.Cancel));
            }
        }

        return current;
    }

    private async Task<(ServiceRequest Request, bool Added)> TakeInAsync(DataverseWebhookEvent webhook, DataverseEntity row, CancellationToken cancellationToken)
    {
        var id = new ServiceRequestId(webhook.PrimaryEntityId);
        if (await _requests.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } held)
        {
            return (held, false);
        }

        var submission = await SubmissionOfAsync(webhook, row, cancellationToken).ConfigureAwait(false);
        try
        {
            return (await _requests.SubmitAsync(submission, cancellationToken).ConfigureAwait(false), true);
        }
        catch (DuplicateServiceRequestException ex)
        {
            // Another instance took in the same case at the same time (or the tracking number is taken: not ours to hide).
            var winner = await _requests.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (winner is null)
            {
                throw new InvalidOperationException($"Incident {id} could not be taken in: {ex.Message}", ex);
            }

            return (winner, false);
        }
    }

    internal async Task<ServiceRequestSubmission> SubmissionOfAsync(DataverseWebhookEvent webhook, DataverseEntity row, CancellationToken cancellationToken) => new()
    {
        Id = new ServiceRequestId(webhook.PrimaryEntityId),
        ServiceCode = ServiceCodeOf(row),
        Description = IncidentValues.Text(row, "description") ?? IncidentValues.Text(row, "title"),
        Latitude = IncidentValues.Number(row, _schema.Latitude),
        Longitude = IncidentValues.Number(row, _schema.Longitude),
        Address = IncidentValues.Text(row, _schema.Address),
        Channel = ChannelOf(IncidentValues.Option(row, "caseorigincode")),
        Priority = IncidentValues.Option(row, "prioritycode") is { } code ? PriorityOf(code) ?? Priority.Normal : Priority.Normal,
        Reporter = await ReporterOfAsync(row, cancellationToken).ConfigureAwait(false),
        Attributes = AttributesOf(row),
        ExternalReference = IncidentValues.Text(row, "ticketnumber"),
        Actor = ActorOf(webhook),
    };

    private Dictionary<string, StringValues>? AttributesOf(DataverseEntity row)
    {
        Dictionary<string, StringValues>? attributes = null;
        foreach (var (code, column) in _options.AttributeColumns)
        {
            if (IncidentValues.Keys(row, column) is [var value, ..] && value.Length > 0)
            {
                (attributes ??= new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase))[code] = value;
            }
        }

        return attributes;
    }

    private string? ServiceCodeOf(DataverseEntity row)
    {
        if (IncidentValues.Text(row, _schema.ServiceCode) is { } code)
        {
            return code;
        }

        if (_options.ServiceCodeColumn is { Length: > 0 } column)
        {
            foreach (var key in IncidentValues.Keys(row, column))
            {
                if (_options.ServiceCodes.TryGetValue(key, out var mapped))
                {
                    return mapped;
                }
            }
        }

        return null;
    }

    private async Task<ReporterContact?> ReporterOfAsync(DataverseEntity row, CancellationToken cancellationToken)
    {
        var contact = CustomerColumns.Select(c => IncidentValues.Reference(row, c)).FirstOrDefault(r => r?.LogicalName == "contact");
        if (contact is null || _reader is null)
        {
            return null;
        }

        var person = await _reader.ReadAsync("contact", contact.Id, ContactColumns, cancellationToken).ConfigureAwait(false);
        if (person is null)
        {
            return null;
        }

        var reporter = new ReporterContact
        {
            Name = IncidentValues.Text(person, "fullname") ?? contact.Name,
            Email = IncidentValues.Text(person, "emailaddress1"),
            Phone = IncidentValues.Text(person, "mobilephone") ?? IncidentValues.Text(person, "telephone1"),
        };
        return reporter.Name is null && reporter.Email is null && reporter.Phone is null ? null : reporter;
    }

    private async Task<DataverseEntity?> RereadAsync(DataverseWebhookEvent webhook, CancellationToken cancellationToken)
    {
        if (_reader is null)
        {
            throw new RecordReaderMissingException(webhook);
        }

        return await _reader.ReadAsync(Incident, webhook.PrimaryEntityId, _incidentColumns, cancellationToken).ConfigureAwait(false);
    }

    private static ChangeOptions Options(DataverseWebhookEvent webhook) => new() { Actor = ActorOf(webhook) };

    /// <summary>The Dynamics user who made the change, as a Civic311 actor: their systemuser id.</summary>
    internal static string ActorOf(DataverseWebhookEvent webhook) =>
        (webhook.InitiatingUserId ?? webhook.UserId)?.ToString("D") ?? "dynamics365";

    // statecode, or derived from statuscode when only that was sent.
    private static (int? State, int? Reason) StateOf(DataverseEntity row)
    {
        var reason = IncidentValues.Option(row, "statuscode");
        var state = IncidentValues.Option(row, "statecode") ?? (reason is { } code ? IncidentStates.StateOf(code) : null);
        return (state, reason);
    }

    /// <summary>incident.prioritycode: 1 High, 2 Normal, 3 Low.</summary>
    internal static Priority? PriorityOf(int code) => IncidentPriorities.ToPriority(code);

    /// <summary>incident.caseorigincode: 1 Phone, 2 Email, 3 Web, 2483 Facebook, 3986 Twitter, 700610000 IoT.</summary>
    internal static Channel ChannelOf(int? origin) => origin switch
    {
        2 => Channel.Email,
        3 => Channel.Web,
        2483 or 3986 => Channel.Social,
        700610000 => Channel.Api,
        _ => Channel.Phone,
    };
}

/// <summary>A stripped payload (or a case to take in) needs the row re-read, and no reader is configured.</summary>
internal sealed class RecordReaderMissingException(DataverseWebhookEvent webhook)
    : InvalidOperationException($"The {webhook.MessageName} of incident {webhook.PrimaryEntityId:D} must be re-read from Dataverse (the payload was stripped), but no IDataverseRecordReader is configured: register the Dataverse store or an IDataverseRecordReader.");
