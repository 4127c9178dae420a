using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Application;

/// <summary>
/// Decides which notifications a committed change causes, renders them and wraps them as outbox messages, so that they are
/// written in the same store write as the change. Ids are derived from the change, so rebuilding the same change gives the
/// same messages (a retried write cannot send twice).
/// </summary>
internal sealed class Notifier
{
    private static readonly LocalTimePattern TimeFormat = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    private readonly NotificationRenderer _renderer;
    private readonly NotificationOptions _options;
    private readonly ServiceCatalog _catalog;
    private readonly (LocalTime Start, LocalTime End)? _quiet;
    private readonly StaffRecipientDefinition[] _staff;

    private Notifier(NotificationRenderer renderer, NotificationOptions options, ServiceCatalog catalog, (LocalTime, LocalTime)? quiet)
    {
        _renderer = renderer;
        _options = options;
        _catalog = catalog;
        _quiet = quiet;
        _staff = [.. options.Staff];
    }

    /// <summary>Validates the notification options (every problem listed) and builds the notifier when enabled.</summary>
    public static Notifier? Compile(NotificationOptions options, ServiceCatalog catalog, ref ErrorList problems)
    {
        if (!options.Enabled)
        {
            return null;
        }

        const string Path = "notifications";
        var before = problems.Count;
        if (string.IsNullOrWhiteSpace(options.EmailChannel))
        {
            problems.Add(Path + ".emailChannel", ValidationErrorCodes.Required, "The e-mail channel name is required.");
        }

        if (options.SmsChannel is { } sms && string.IsNullOrWhiteSpace(sms))
        {
            problems.Add(Path + ".smsChannel", ValidationErrorCodes.Required, "The SMS channel name is empty; leave it null to send no SMS.");
        }

        (LocalTime, LocalTime)? quiet = null;
        if (options.QuietHoursStart is not null || options.QuietHoursEnd is not null)
        {
            var start = TimeFormat.Parse(options.QuietHoursStart ?? string.Empty);
            var end = TimeFormat.Parse(options.QuietHoursEnd ?? string.Empty);
            if (!start.Success)
            {
                problems.Add(Path + ".quietHoursStart", ValidationErrorCodes.InvalidFormat, $"'{options.QuietHoursStart}' is not a time such as 21:00.");
            }

            if (!end.Success)
            {
                problems.Add(Path + ".quietHoursEnd", ValidationErrorCodes.InvalidFormat, $"'{options.QuietHoursEnd}' is not a time such as 08:00.");
            }

            if (start.Success && end.Success)
            {
                quiet = (start.Value, end.Value);
            }
        }

        for (var i = 0; i < options.Staff.Count; i++)
        {
            var path = $"{Path}.staff[{i}]";
            var staff = options.Staff[i];
            if (staff is null)
            {
                problems.Add(path, ValidationErrorCodes.Required, "The staff recipient entry is null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(staff.Agency) || !catalog.TryGetAgency(staff.Agency, out var agency))
            {
                problems.Add(path + ".agency", staff.Agency is null ? ValidationErrorCodes.Required : ValidationErrorCodes.Unknown, $"'{staff.Agency}' is not an agency in the catalog.");
            }
            else if (staff.Queue is not null && agency.Queues.Count > 0 && !agency.HasQueue(staff.Queue))
            {
                problems.Add(path + ".queue", ValidationErrorCodes.Unknown, $"'{staff.Queue}' is not a queue of the agency '{agency.Code}'.");
            }

            if (string.IsNullOrWhiteSpace(staff.Channel))
            {
                problems.Add(path + ".channel", ValidationErrorCodes.Required, "The channel name is required.");
            }

            if (!Enum.IsDefined(staff.ChannelKind))
            {
                problems.Add(path + ".channelKind", ValidationErrorCodes.NotInList, $"'{(int)staff.ChannelKind}' is not a channel kind.");
            }

            if (!Enum.IsDefined(staff.Role))
            {
                problems.Add(path + ".role", ValidationErrorCodes.NotInList, $"'{(int)staff.Role}' is not a staff role.");
            }

            if (string.IsNullOrWhiteSpace(staff.Recipient))
            {
                problems.Add(path + ".recipient", ValidationErrorCodes.Required, "The recipient (address, number or URL) is required.");
            }
        }

        NotificationRenderer? renderer = null;
        if (options.Templates is null)
        {
            problems.Add(Path + ".templates", ValidationErrorCodes.Required, "The templates are required (NotificationTemplates.BuiltIn by default).");
        }
        else if (!NotificationRenderer.TryCreate(options.Templates, new NotificationRendererOptions { DefaultLanguage = options.DefaultLanguage }, out renderer, out var templateProblems))
        {
            foreach (var problem in templateProblems)
            {
                problems.Add($"{Path}.templates[{problem.Name}]", problem.Code, problem.ToString());
            }
        }

        return problems.Count == before ? new Notifier(renderer!, options, catalog, quiet) : null;
    }

    /// <summary>The notifications a committed lifecycle change causes.</summary>
    /// <param name="previous">The request before the change; <see langword="null"/> for a submission.</param>
    /// <param name="request">The request after the change.</param>
    /// <param name="entry">The change's history entry.</param>
    /// <param name="original">For a duplicate link, the original request.</param>
    /// <param name="duplicates">For a resolution, the requests marked as duplicates of this one (their reporters are told too).</param>
    public List<OutboxMessage> ForChange(ServiceRequest? previous, ServiceRequest request, HistoryEntry entry, ServiceRequest? original, IReadOnlyList<ServiceRequest>? duplicates)
    {
        var messages = new List<OutboxMessage>();
        var resident = entry.Action switch
        {
            LifecycleAction.Submit => NotificationKind.RequestReceived,
            LifecycleAction.Acknowledge => NotificationKind.Acknowledged,
            LifecycleAction.StartWork or LifecycleAction.Resume or LifecycleAction.Cancel => NotificationKind.StatusChanged,
            LifecycleAction.PutOnHold => NotificationKind.OnHold,
            LifecycleAction.Resolve => NotificationKind.Resolved,
            LifecycleAction.Close => NotificationKind.Closed,
            LifecycleAction.Reopen => NotificationKind.Reopened,
            LifecycleAction.MarkAsDuplicate => NotificationKind.DuplicateLinked,
            _ => (NotificationKind?)null,
        };

        if (resident is { } kind)
        {
            var data = Data(request, entry.OccurredAt, null) with
            {
                PreviousStatus = entry.FromStatus,
                Note = entry.IsPublic ? entry.Note : null,
                DuplicateOf = original?.TrackingNumber,
            };
            if (entry.Action == LifecycleAction.PutOnHold && entry.IsPublic && entry.Note is { } ask)
            {
                data = data with { HoldReason = ask }; // staff's words to the resident say better than a reason code what is needed
            }

            AddResident(messages, request, request.Reporter, kind, data, $"{entry.Sequence}");
            if (kind == NotificationKind.Resolved && duplicates is not null)
            {
                // Everyone who reported the same problem hears it was fixed, in their own language, about their own number.
                foreach (var duplicate in duplicates)
                {
                    var theirs = data with { TrackingNumber = duplicate.TrackingNumber, DuplicateOf = request.TrackingNumber, ResidentName = duplicate.Reporter?.Name };
                    AddResident(messages, request, duplicate.Reporter, kind, theirs, $"{entry.Sequence}/{duplicate.Id}");
                }
            }
        }

        // Staff: a request arriving in a queue (submitted, moved there, or re-typed into it).
        var arrived = previous is null
            || !string.Equals(previous.Queue, request.Queue, StringComparison.Ordinal)
            || !string.Equals(previous.Agency, request.Agency, StringComparison.Ordinal);
        if (arrived)
        {
            var data = Data(request, entry.OccurredAt, null);
            foreach (var staff in _staff)
            {
                if (staff.Role == StaffRole.Queue && Covers(staff, request))
                {
                    Add(messages, request, NotificationKind.AssignedToQueue, staff.ChannelKind, staff.Channel!, staff.Recipient!, staff.Language, data, null, $"{entry.Sequence}");
                }
            }
        }

        return messages;
    }

    /// <summary>The staff notifications of an SLA threshold passed (a warning to the queue and the supervisors; a breach, the escalation, to the supervisors).</summary>
    public List<OutboxMessage> ForSla(ServiceRequest request, SlaInstance instance, SlaThreshold threshold, Instant now)
    {
        var messages = new List<OutboxMessage>();
        var kind = threshold == SlaThreshold.Breach ? NotificationKind.SlaBreached : NotificationKind.SlaNearingBreach;
        string? supervisor = null;
        foreach (var staff in _staff)
        {
            if (staff.Role == StaffRole.Supervisor && Covers(staff, request))
            {
                supervisor ??= staff.Recipient;
            }
        }

        var data = Data(request, now, instance) with { EscalateTo = supervisor };
        foreach (var staff in _staff)
        {
            var wanted = staff.Role == StaffRole.Supervisor || threshold == SlaThreshold.Warning;
            if (wanted && Covers(staff, request))
            {
                Add(messages, request, kind, staff.ChannelKind, staff.Channel!, staff.Recipient!, staff.Language, data, null, $"sla/{instance.Kpi}/{instance.Cycle}/{threshold}");
            }
        }

        return messages;
    }

    private void AddResident(List<OutboxMessage> messages, ServiceRequest request, ReporterContact? reporter, NotificationKind kind, NotificationData data, string cause)
    {
        if (reporter is null)
        {
            return;
        }

        var language = reporter.PreferredLanguage;
        if (reporter.Email is { } email && (reporter.OptOut & ContactOptOut.Email) == 0)
        {
            Add(messages, request, kind, ChannelKind.Email, _options.EmailChannel, email, language, data, null, cause);
        }

        if (_options.SmsChannel is { } sms && reporter.Phone is { } phone && (reporter.OptOut & ContactOptOut.Sms) == 0)
        {
            var quiet = _quiet is { } window ? new QuietHours(window.Start, window.End, data.TimeZone) : null;
            Add(messages, request, kind, ChannelKind.Sms, sms, phone, language, data, quiet, cause);
        }
    }

    private void Add(
        List<OutboxMessage> messages, ServiceRequest request, NotificationKind kind, ChannelKind channelKind, string channel, string recipient, string? language,
        NotificationData data, QuietHours? quiet, string cause)
    {
        var id = MessageId(request.Id, cause, kind, channel, recipient);
        var key = id.ToString("N");
        var message = _renderer.Render(kind, channelKind, data, recipient, language, key) with { Id = id };
        var payload = new NotificationEnvelope(message, quiet).ToPayload();
        var outbox = new OutboxMessage(id, request.Id, channel, kind.ToString(), recipient, payload, data.OccurredAt);
        if (quiet is not null)
        {
            outbox = outbox with { NextAttemptAt = quiet.NextAllowed(data.OccurredAt) };
        }

        messages.Add(outbox);
    }

    private NotificationData Data(ServiceRequest request, Instant occurredAt, SlaInstance? sla)
    {
        var data = request.ToNotificationData(_catalog, occurredAt, sla) with
        {
            CenterName = _options.CenterName,
            CenterPhone = _options.CenterPhone,
            SurveyUrl = Link(_options.SurveyUrl, request.TrackingNumber),
            StatusUrl = Link(_options.StatusUrl, request.TrackingNumber),
        };
        return data;
    }

    private static string? Link(string? template, string trackingNumber) =>
        template?.Replace("{trackingNumber}", Uri.EscapeDataString(trackingNumber), StringComparison.Ordinal);

    private static bool Covers(StaffRecipientDefinition staff, ServiceRequest request) =>
        string.Equals(staff.Agency, request.Agency, StringComparison.OrdinalIgnoreCase)
        && (staff.Queue is null || string.Equals(staff.Queue, request.Queue, StringComparison.OrdinalIgnoreCase));

    // A name-based id (version 5 style) from what caused the message: the same change always yields the same ids.
    private static Guid MessageId(ServiceRequestId requestId, string cause, NotificationKind kind, string channel, string recipient)
    {
        var text = $"{requestId}|{cause}|{kind}|{channel}|{recipient}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        hash[7] = (byte)((hash[7] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }
}
