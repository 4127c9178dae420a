using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Mapping;
using Civic311.Requests;
using Civic311.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Civic311.Application;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>
/// Handles one webhook call: authenticate, read and parse the body, drop what is not Civic311's business (other tables and
/// messages, deep call chains, Civic311's own write-backs, repeated deliveries), then run the incident handler under the
/// time budget and turn the outcome into the status Dataverse should see.
/// </summary>
internal sealed partial class WebhookProcessor
{
    /// <summary>The header Dataverse adds when it stripped the payload (over 256 KB).</summary>
    public const string SizeExceededHeader = "x-ms-dynamics-msg-size-exceeded";

    private readonly DataverseWebhookOptions _options;
    private readonly WebhookAuthenticator _authenticator;
    private readonly IncidentHandler _handler;
    private readonly DeliveryLog _deliveries;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IncidentColumns _schema;
    private readonly HashSet<Guid> _applicationUsers;

    public WebhookProcessor(DataverseWebhookOptions options, ServiceRequests requests, IDataverseRecordReader? reader, TimeProvider? time = null, ILogger<WebhookProcessor>? logger = null)
    {
        DataverseWebhookOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _time = time ?? TimeProvider.System;
        _authenticator = new WebhookAuthenticator(options);
        _handler = new IncidentHandler(requests, reader, options);
        _deliveries = new DeliveryLog(options.DeduplicationCapacity, options.DeduplicationWindow, _time);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _schema = new IncidentColumns(options.Prefix);
        _applicationUsers = [.. options.ApplicationUserIds];
    }

    internal DeliveryLog Deliveries => _deliveries;

    public async Task<WebhookResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (_authenticator.Check(request) is { } refusal)
        {
            Log.Unauthenticated(_logger, PersonalData.Redact(refusal));
            return WebhookResult.Fail(401, "unauthenticated", refusal);
        }

        using var budget = new CancellationTokenSource(_options.HandlingTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, cancellationToken);
        DataverseWebhookEvent webhook;
        try
        {
            var body = await ReadBodyAsync(request, linked.Token).ConfigureAwait(false);
            if (body is null)
            {
                return WebhookResult.Fail(413, "too-large", $"The body is larger than {_options.MaxBodyBytes} bytes; Dataverse strips its payloads above 256 KB, so this is not a Dataverse webhook call.");
            }

            if (body.Value.Length == 0)
            {
                return WebhookResult.Fail(400, "malformed", "The body is empty; expected the RemoteExecutionContext JSON Dataverse posts.") with { Path = "$" };
            }

            webhook = RemoteExecutionContextParser.Parse(body.Value, request.Headers.ContainsKey(SizeExceededHeader));
        }
        catch (WebhookPayloadException ex)
        {
            Log.Malformed(_logger, ex.Path, PersonalData.Redact(ex.Problem));
            return WebhookResult.Fail(400, "malformed", $"The body is not a RemoteExecutionContext Civic311 can read: {ex.Message}") with { Path = ex.Path };
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return TimedOut();
        }

        if (Skip(webhook) is { } skipped)
        {
            Log.Ignored(_logger, webhook.MessageName, webhook.PrimaryEntityId, PersonalData.Redact(skipped.Detail));
            return skipped;
        }

        var key = DeliveryKey(webhook);
        switch (key is null ? DeliveryLog.Admission.New : _deliveries.Begin(key))
        {
            case DeliveryLog.Admission.Done:
                Log.Repeated(_logger, webhook.MessageName, webhook.PrimaryEntityId, key!);
                return new WebhookResult(200, WebhookResult.Duplicate, $"Delivery {key} was handled already; nothing changed.");
            case DeliveryLog.Admission.InFlight:
                return WebhookResult.Fail(503, "in-progress", $"Delivery {key} is being handled by an earlier call; try again.") with { RetryAfterSeconds = 5 };
        }

        var result = await RunAsync(webhook, budget, linked.Token, cancellationToken).ConfigureAwait(false);
        if (key is not null)
        {
            if (result.IsSuccess)
            {
                _deliveries.Complete(key);
            }
            else
            {
                _deliveries.Abandon(key);
            }
        }

        Log.Handled(_logger, webhook.MessageName, webhook.PrimaryEntityId, result.Status, result.Outcome, result.TrackingNumber);
        return result;
    }

    private async Task<WebhookResult> RunAsync(DataverseWebhookEvent webhook, CancellationTokenSource budget, CancellationToken token, CancellationToken aborted)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return webhook.MessageName == "Create"
                    ? await _handler.CreateAsync(webhook, token).ConfigureAwait(false)
                    : await _handler.UpdateAsync(webhook, token).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (attempt < _options.MaxConflictRetries)
            {
                Log.ConflictRetried(_logger, webhook.PrimaryEntityId, attempt + 1);
            }
            catch (ConcurrencyConflictException ex)
            {
                return WebhookResult.Fail(503, "conflict", $"The case kept changing while Civic311 applied this change ({attempt + 1} attempts): {ex.Message} Retry the delivery.") with { RetryAfterSeconds = 5 };
            }
            catch (Civic311ValidationException ex)
            {
                // Fields and codes only: the messages may quote what the resident wrote.
                Log.Refused(_logger, webhook.MessageName, webhook.PrimaryEntityId, string.Join(", ", ex.Errors.Select(e => $"{e.Field} {e.Code}")));
                return WebhookResult.Fail(422, "invalid", $"Civic311 refused the {webhook.MessageName} of incident {webhook.PrimaryEntityId:D}: the {ex.Subject} is invalid ({ex.Errors.Count} problem{(ex.Errors.Count == 1 ? string.Empty : "s")}). Nothing was changed in Civic311; correct the case in Dynamics.") with { Errors = ex.Errors };
            }
            catch (InvalidTransitionException ex)
            {
                Log.Refused(_logger, webhook.MessageName, webhook.PrimaryEntityId, $"{ex.Action} not allowed from {ex.Status}");
                return WebhookResult.Fail(409, "invalid-transition", ex.Message) with { TrackingNumber = ex.TrackingNumber };
            }
            catch (ServiceRequestNotFoundException ex)
            {
                return WebhookResult.Fail(409, "not-found", ex.Message);
            }
            catch (RecordReaderMissingException ex)
            {
                Log.Failed(_logger, PersonalData.Redact(ex), webhook.MessageName, webhook.PrimaryEntityId);
                return WebhookResult.Fail(500, "no-reader", ex.Message);
            }
            catch (DataverseException ex) when (ex.StatusCode is 0 or 408 or 429 or >= 500)
            {
                Log.Failed(_logger, PersonalData.Redact(ex), webhook.MessageName, webhook.PrimaryEntityId);
                return WebhookResult.Fail(503, "dataverse-unavailable", $"Dataverse did not answer Civic311 in time: {ex.Message}") with { RetryAfterSeconds = 30 };
            }
            catch (DataverseException ex)
            {
                Log.Failed(_logger, PersonalData.Redact(ex), webhook.MessageName, webhook.PrimaryEntityId);
                return WebhookResult.Fail(500, "dataverse-refused", ex.Message);
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                return TimedOut();
            }
        }
    }

    // What is not Civic311's business, or is Civic311's own doing.
    private WebhookResult? Skip(DataverseWebhookEvent webhook)
    {
        if (!string.Equals(webhook.PrimaryEntityName, "incident", StringComparison.Ordinal))
        {
            return WebhookResult.Ignore($"'{webhook.PrimaryEntityName}' is not the incident table; only cases are handled.");
        }

        if (webhook.MessageName is not ("Create" or "Update"))
        {
            return WebhookResult.Ignore($"The {webhook.MessageName} message is not handled; register Create and Update only.");
        }

        if (webhook.Depth > _options.MaxDepth)
        {
            return WebhookResult.Ignore($"Depth {webhook.Depth} is deeper than {_options.MaxDepth}: the change was made by a plug-in, a flow or a write-back, not by a user.");
        }

        if (webhook.InitiatingUserId is { } initiator && _applicationUsers.Contains(initiator))
        {
            return WebhookResult.Ignore($"The change was made by Civic311's application user {initiator:D} (its own write-back).");
        }

        if (webhook.UserId is { } user && _applicationUsers.Contains(user))
        {
            return WebhookResult.Ignore($"The step ran as Civic311's application user {user:D} (its own write-back).");
        }

        if (webhook.Target is { } target && (target.Contains(_schema.LastChangeId) || target.Contains(_schema.Document)))
        {
            return WebhookResult.Ignore($"The {webhook.MessageName} writes Civic311's own columns ({_schema.LastChangeId}): it is Civic311's write-back.");
        }

        if (webhook.MessageName == "Update" && webhook.Target is { } changed && !webhook.IsStripped
            && !IncidentHandler.TrackedColumns(_options).Any(changed.Contains))
        {
            return WebhookResult.Ignore("No column Civic311 tracks changed.");
        }

        return null;
    }

    /// <summary>The operation id (the same on Dataverse's retry), else correlation, request, message and row together.</summary>
    internal static string? DeliveryKey(DataverseWebhookEvent webhook)
    {
        if (webhook.OperationId is { } operation && operation != Guid.Empty)
        {
            return $"op:{operation:N}";
        }

        return webhook.CorrelationId is { } correlation && correlation != Guid.Empty
            ? $"corr:{correlation:N}:{webhook.RequestId ?? Guid.Empty:N}:{webhook.MessageName}:{webhook.PrimaryEntityId:N}"
            : null;
    }

    private WebhookResult TimedOut() =>
        WebhookResult.Fail(503, "timeout", $"Handling took longer than the {_options.HandlingTimeout.TotalSeconds:0.###} s budget (Dataverse gives up at 60 s); retry the delivery.") with { RetryAfterSeconds = 5 };

    // Reads at most MaxBodyBytes; null when the body is larger.
    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = _options.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    // Ids and statuses only: the payload carries personal data and is never logged.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dataverse webhook call refused: {Reason}")]
        public static partial void Unauthenticated(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Dataverse webhook body refused at {Path}: {Problem}")]
        public static partial void Malformed(ILogger logger, string path, string problem);

        [LoggerMessage(3, LogLevel.Debug, "Dataverse webhook {Message} of {EntityId} ignored: {Reason}")]
        public static partial void Ignored(ILogger logger, string message, Guid entityId, string reason);

        [LoggerMessage(4, LogLevel.Information, "Dataverse webhook {Message} of {EntityId} repeated ({Key}); ignored")]
        public static partial void Repeated(ILogger logger, string message, Guid entityId, string key);

        [LoggerMessage(5, LogLevel.Information, "Dataverse webhook {Message} of {EntityId}: {Status} {Outcome} {TrackingNumber}")]
        public static partial void Handled(ILogger logger, string message, Guid entityId, int status, string outcome, string? trackingNumber);

        [LoggerMessage(6, LogLevel.Debug, "Dataverse webhook for {EntityId} lost a race with a concurrent change; retry {Attempt}")]
        public static partial void ConflictRetried(ILogger logger, Guid entityId, int attempt);

        [LoggerMessage(7, LogLevel.Warning, "Dataverse webhook {Message} of {EntityId} refused by Civic311: {Reason}")]
        public static partial void Refused(ILogger logger, string message, Guid entityId, string reason);

        [LoggerMessage(8, LogLevel.Error, "Dataverse webhook {Message} of {EntityId} failed")]
        public static partial void Failed(ILogger logger, Exception exception, string message, Guid entityId);
    }
}
