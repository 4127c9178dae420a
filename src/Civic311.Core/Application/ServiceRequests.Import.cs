using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Internal;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Application;

/// <content>Historical requests: building them as they would have been, for a store's bulk import.</content>
public sealed partial class ServiceRequests
{
    /// <summary>The actor recorded on the history of imported requests.</summary>
    public const string ImportActor = "import";

    private const int MaxTrackingNumberLength = 64;

    /// <summary>
    /// Builds requests from historical records: each is validated as a submission is, placed by the routing rules as it would
    /// have been when reported, and taken through its resolution, closing or cancellation at the recorded instants, so that
    /// its history and SLA clocks (met or breached) are what a live center would hold. Nothing is stored and no notification
    /// is made: pass <see cref="ImportPreparation.Requests"/> to a store's bulk import (for example
    /// <c>DataverseServiceRequestStore.ImportAsync</c>).
    /// </summary>
    /// <param name="records">The records, in any order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests built, and every record refused with all its problems (a refused record builds nothing).</returns>
    /// <remarks>
    /// A record without a tracking number draws one from the store's sequence for the year it was reported (so the
    /// sequence moves past it); a record with one keeps it, and the sequence is not touched.
    /// </remarks>
    public async ValueTask<ImportPreparation> PrepareImportAsync(IEnumerable<HistoricalRequest> records, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(records);
        var now = _clock.GetCurrentInstant();
        var requests = new List<ServiceRequest>();
        var rejected = new List<ImportRejection>();
        var index = -1;
        foreach (var record in records)
        {
            index++;
            if (record is null)
            {
                rejected.Add(new ImportRejection(index, null, [new ValidationError("record", ValidationErrorCodes.Required, "The record is null.")]));
                continue;
            }

            var errors = default(ErrorList);
            var valid = CheckHistorical(record, now, ref errors, out var trackingNumber);
            if (errors.HasErrors)
            {
                rejected.Add(new ImportRejection(index, record.TrackingNumber, errors.ToList()));
                continue;
            }

            if (trackingNumber is null)
            {
                var year = record.RequestedAt.InZone(_settings.Zone).Year;
                var format = _settings.TrackingFormat;
                trackingNumber = format.FormatNumber(year, await _store.NextSequenceAsync(format.ScopeFor(year), cancellationToken).ConfigureAwait(false));
            }

            requests.Add(BuildHistorical(record, valid, trackingNumber));
        }

        return new ImportPreparation(requests, rejected);
    }

    private ValidSubmission CheckHistorical(HistoricalRequest record, Instant now, ref ErrorList errors, out string? trackingNumber)
    {
        trackingNumber = null;
        var valid = default(ValidSubmission);
        if (record.Submission is null)
        {
            errors.Add("submission", ValidationErrorCodes.Required, "The submission (what was reported) is required.");
        }
        else
        {
            var submissionErrors = default(ErrorList);
            if (!SubmissionValidator.TryValidate(_settings.Catalog, record.Submission, out valid, ref submissionErrors))
            {
                foreach (var error in submissionErrors.ToList())
                {
                    errors.Add("submission." + error.Field, error.Code, error.Message);
                }
            }
        }

        if (record.TrackingNumber is { } given)
        {
            var trimmed = given.Trim();
            if (trimmed.Length is 0 or > MaxTrackingNumberLength || !IsTrackingNumber(trimmed))
            {
                errors.Add("trackingNumber", ValidationErrorCodes.InvalidFormat, $"A tracking number has 1 to {MaxTrackingNumberLength} letters, digits, '-', '_' or '.'.");
            }
            else
            {
                trackingNumber = trimmed;
            }
        }

        CheckNotFuture("requestedAt", record.RequestedAt, now, ref errors);
        CheckAfter("resolvedAt", record.ResolvedAt, "requestedAt", record.RequestedAt, now, ref errors);
        CheckAfter("closedAt", record.ClosedAt, record.ResolvedAt is null ? "requestedAt" : "resolvedAt", record.ResolvedAt ?? record.RequestedAt, now, ref errors);
        CheckAfter("cancelledAt", record.CancelledAt, "requestedAt", record.RequestedAt, now, ref errors);
        if (record.CancelledAt is not null && (record.ResolvedAt is not null || record.ClosedAt is not null || record.Resolution is not null))
        {
            errors.Add("cancelledAt", ValidationErrorCodes.Inconsistent, "A request is either cancelled or resolved: give cancelledAt, or resolvedAt/closedAt/resolution, not both.");
        }

        if (record.Resolution is { Code.Length: > 100 } longCode)
        {
            errors.Add("resolution.code", ValidationErrorCodes.TooLong, $"The resolution code has {longCode.Code.Length} characters; at most 100 are allowed.");
        }

        if (record.Resolution?.PublicNote is { Length: > SubmissionValidator.MaxDescriptionLength } note)
        {
            errors.Add("resolution.publicNote", ValidationErrorCodes.TooLong, $"The public note has {note.Length} characters; at most {SubmissionValidator.MaxDescriptionLength} are allowed.");
        }

        if (record.Resolution is not null && record.ResolvedAt is null && record.ClosedAt is null)
        {
            errors.Add("resolution", ValidationErrorCodes.Inconsistent, "A resolution needs resolvedAt or closedAt.");
        }

        if (record.CancelReason is not null && record.CancelledAt is null)
        {
            errors.Add("cancelReason", ValidationErrorCodes.Inconsistent, "A cancel reason needs cancelledAt.");
        }
        else if (record.CancelReason is { Length: > MaxReasonLength } reason)
        {
            errors.Add("cancelReason", ValidationErrorCodes.TooLong, $"The cancel reason has {reason.Length} characters; at most {MaxReasonLength} are allowed.");
        }

        return valid;
    }

    private static void CheckNotFuture(string field, Instant value, Instant now, ref ErrorList errors)
    {
        if (value > now)
        {
            errors.Add(field, ValidationErrorCodes.OutOfRange, $"{field} is {value}, after now ({now}): a historical request cannot end or start in the future.");
        }
    }

    private static void CheckAfter(string field, Instant? value, string earlierField, Instant earlier, Instant now, ref ErrorList errors)
    {
        if (value is not { } instant)
        {
            return;
        }

        if (instant < earlier)
        {
            errors.Add(field, ValidationErrorCodes.Inconsistent, $"{field} ({instant}) is before {earlierField} ({earlier}).");
        }

        CheckNotFuture(field, instant, now, ref errors);
    }

    private static bool IsTrackingNumber(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private ServiceRequest BuildHistorical(HistoricalRequest record, in ValidSubmission valid, string trackingNumber)
    {
        var submission = record.Submission;
        var at = new TransitionContext(record.RequestedAt, ImportActor, valid.Note, NoteVisibility.Internal, _settings.ReopenWindow, _settings.Sla, _settings.Routing);
        var request = ServiceRequest.Submit(submission.Id ?? ServiceRequestId.NewId(record.RequestedAt), trackingNumber, valid, submission.Channel, submission.Priority, at);
        at = at with { Note = null };
        if ((record.ResolvedAt ?? record.ClosedAt) is { } resolvedAt)
        {
            request = request.Resolve(record.Resolution ?? new Resolution("RESOLVED"), at with { Now = resolvedAt });
        }

        if (record.ClosedAt is { } closedAt)
        {
            request = request.Close(at with { Now = closedAt });
        }

        if (record.CancelledAt is { } cancelledAt)
        {
            request = request.Cancel(record.CancelReason?.Trim() is { Length: > 0 } reason ? reason : "Cancelled before it was imported.", at with { Now = cancelledAt });
        }

        return request;
    }
}
