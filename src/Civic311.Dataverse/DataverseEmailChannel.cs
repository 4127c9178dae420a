using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Civic311.Dataverse.Http;
using Civic311.Dataverse.Mapping;
using Civic311.Notifications;
using NodaTime;

namespace Civic311.Dataverse;

/// <summary>
/// Sends e-mail notifications as Dataverse <c>email</c> activities regarding the case, so that Dynamics' own mail delivery
/// (server-side synchronization) sends them and they show on the case's timeline: it creates the e-mail (subject, HTML
/// body, a "to" party with the recipient's address and a "from" party bound to the configured queue or user), then calls
/// the bound <c>SendEmail</c> action with <c>IssueSend</c>.
/// </summary>
/// <remarks>
/// <para>
/// The e-mail's <c>activityid</c> is derived from <see cref="NotificationMessage.IdempotencyKey"/>, so a retried send
/// never creates a second e-mail: when the e-mail already exists (an earlier attempt landed), it is sent if still open and
/// reported delivered if already handed to delivery (statuscode 3 Sent, 6 Pending Send or 7 Sending).
/// <see cref="DeliveryResult.ProviderMessageId"/> is that <c>activityid</c>.
/// </para>
/// <para>
/// Delivered means Dataverse accepted the e-mail for sending; the mailbox delivers it later and records a failure on the
/// e-mail (statuscode 8 Failed), not here. A Dataverse answer of 408, 429 or 5xx (after the connection's own retries), or
/// none, is a <see cref="DeliveryOutcome.TransientFailure"/>; another 4xx, an unknown tracking number or a recipient that
/// is not an e-mail address is a <see cref="DeliveryOutcome.PermanentFailure"/>.
/// </para>
/// </remarks>
/// <threadsafety>Thread-safe; register it as a singleton.</threadsafety>
public sealed class DataverseEmailChannel : INotificationChannel, IDisposable
{
    // reference/entities/email.md: subject holds 800 characters; statecode 1 Completed with statuscode 3 Sent,
    // 6 Pending Send, 7 Sending means the e-mail was handed to delivery; 2 Completed and 4 Received were closed otherwise.
    private const int SubjectMax = 800;
    private const int StateOpen = 0;
    private const int StateCompleted = 1;
    private const int StatusSent = 3;
    private const int StatusPendingSend = 6;
    private const int StatusSending = 7;

    // activityparty-entity.md: participationtypemask 1 Sender, 2 ToRecipient.
    private const int PartySender = 1;
    private const int PartyTo = 2;

    private readonly DataverseConnection _connection;
    private readonly DataverseSchema _schema;
    private readonly DataverseEmailChannelOptions _options;
    private readonly bool _ownsConnection;
    private readonly ConcurrentDictionary<string, Guid> _incidents = new(StringComparer.OrdinalIgnoreCase);
    private readonly JsonObject _sender;

    /// <summary>Creates the channel with its own Web API connection.</summary>
    /// <param name="http">The HTTP client to send Web API calls with (its handler's lifetime is the caller's).</param>
    /// <param name="options">The connection settings (the same as the store's), validated now.</param>
    /// <param name="channelOptions">The channel's options, validated now.</param>
    /// <param name="clock">The clock (token expiry).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="Civic311ValidationException">The options are invalid; every problem is listed.</exception>
    public DataverseEmailChannel(HttpClient http, DataverseOptions options, DataverseEmailChannelOptions channelOptions, IClock clock)
        : this(http, options, channelOptions, clock, timeProvider: null)
    {
    }

    internal DataverseEmailChannel(HttpClient http, DataverseOptions options, DataverseEmailChannelOptions channelOptions, IClock clock, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        DataverseOptionsValidator.ThrowIfInvalid(options);
        _options = Validated(channelOptions);
        _connection = DataverseConnection.Create(http, options, clock, timeProvider);
        _ownsConnection = true;
        _schema = new DataverseSchema(options.Prefix);
        _sender = SenderParty(_options);
    }

    /// <summary>Creates the channel over the store's connection (its concurrency limit, retries and tokens are shared).</summary>
    internal DataverseEmailChannel(DataverseServiceRequestStore store, DataverseEmailChannelOptions channelOptions)
    {
        ArgumentNullException.ThrowIfNull(store);
        _options = Validated(channelOptions);
        _connection = store.Connection;
        _schema = store.Schema;
        _sender = SenderParty(_options);
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    public ChannelKind Kind => ChannelKind.Email;

    /// <summary>The <c>activityid</c> of the e-mail created for an idempotency key: the same key always gives the same id.</summary>
    /// <param name="idempotencyKey">The message's <see cref="NotificationMessage.IdempotencyKey"/>.</param>
    /// <returns>The e-mail's id.</returns>
    internal static Guid EmailIdFor(string idempotencyKey) => DataverseSchema.DeterministicId("civic311/dataverse-email/" + idempotencyKey);

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Channel != ChannelKind.Email)
        {
            throw new ArgumentException($"The message was rendered for {message.Channel}, not {ChannelKind.Email}.", nameof(message));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var recipient = message.Recipient?.Trim();
        // The rule submission validation uses (MailAddress alone would also take a display name); never echo the recipient.
        if (!PersonalData.IsEmailAddress(recipient))
        {
            return DeliveryResult.Permanent("The recipient is not an e-mail address.");
        }

        var emailId = EmailIdFor(message.IdempotencyKey);
        try
        {
            var incidentId = await IncidentIdAsync(message.TrackingNumber, cancellationToken).ConfigureAwait(false);
            if (incidentId is null)
            {
                return DeliveryResult.Permanent($"No Dataverse case has the tracking number {message.TrackingNumber}.");
            }

            if (!await CreateAsync(emailId, incidentId.Value, recipient, message, cancellationToken).ConfigureAwait(false))
            {
                // An earlier attempt created it: send it unless it was already handed to delivery.
                var (state, status) = await StateAsync(emailId, cancellationToken).ConfigureAwait(false);
                if (Settled(emailId, state, status) is { } settled)
                {
                    return settled;
                }
            }

            return await SendEmailAsync(emailId, cancellationToken).ConfigureAwait(false);
        }
        catch (DataverseException exception)
        {
            return Classify(exception);
        }
        catch (JsonException exception)
        {
            return DeliveryResult.Transient("Dataverse gave an answer that is not the expected JSON: " + PersonalData.Redact(exception.Message));
        }
    }

    /// <summary>Releases the token cache and the connection, when the channel owns them.</summary>
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose(); // the connection owns the token cache it created
        }
    }

    private async Task<Guid?> IncidentIdAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        if (_incidents.TryGetValue(trackingNumber, out var known))
        {
            return known;
        }

        if (trackingNumber.Length == 0 || trackingNumber.Contains('+', StringComparison.Ordinal))
        {
            return null; // an alternate-key lookup cannot carry '+' (and no tracking number has one)
        }

        var url = $"{DataverseSchema.IncidentSet}({_schema.TrackingNumber}='{ODataFilter.Escape(trackingNumber)}')";
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, url + "?$select=incidentid")),
            "find the case of an e-mail", trackingNumber, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var id = document.RootElement.GetProperty("incidentid").GetGuid();
        _incidents.TryAdd(trackingNumber, id);
        return id;
    }

    /// <summary>Creates the e-mail with its parties in one request (deep insert); false when it already exists.</summary>
    private async Task<bool> CreateAsync(Guid emailId, Guid incidentId, string recipient, NotificationMessage message, CancellationToken cancellationToken)
    {
        var email = new JsonObject
        {
            ["activityid"] = emailId.ToString("D"),
            ["subject"] = IncidentMapping.Truncate(message.Subject ?? string.Empty, SubjectMax),
            ["description"] = message.HtmlBody ?? TextAsHtml(message.TextBody),
            ["directioncode"] = true,
            ["regardingobjectid_incident_email@odata.bind"] = $"/{DataverseSchema.IncidentSet}({incidentId:D})",
            ["email_activity_parties"] = new JsonArray(
                _sender.DeepClone(),
                new JsonObject { ["participationtypemask"] = PartyTo, ["addressused"] = recipient }),
        }.ToJsonString();
        try
        {
            using var created = await _connection.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, new Uri(_connection.ApiRoot, "emails"))
                {
                    Content = new StringContent(email, Encoding.UTF8, "application/json"),
                },
                "create e-mail", $"emails({emailId:D})", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DataverseException exception) when (exception.ErrorCode == DataverseErrorCodes.DuplicateRecord)
        {
            return false; // this attempt's own retry, or an earlier attempt, created it
        }
    }

    private async Task<(int State, int Status)> StateAsync(Guid emailId, CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_connection.ApiRoot, $"emails({emailId:D})?$select=statecode,statuscode")),
            "read e-mail", $"emails({emailId:D})", cancellationToken).ConfigureAwait(false);
        using var document = await DataverseConnection.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return (document.RootElement.GetProperty("statecode").GetInt32(), document.RootElement.GetProperty("statuscode").GetInt32());
    }

    /// <summary>The outcome for an e-mail that is no longer open; null when it is open (draft or failed) and can be sent.</summary>
    private static DeliveryResult? Settled(Guid emailId, int state, int status) => (state, status) switch
    {
        (StateOpen, _) => null,
        (StateCompleted, StatusSent or StatusPendingSend or StatusSending) => DeliveryResult.Delivered(emailId.ToString("D")),
        (StateCompleted, _) => DeliveryResult.Permanent(Invariant($"The Dataverse e-mail {emailId:D} was closed without being sent (statuscode {status}).")),
        _ => DeliveryResult.Permanent(Invariant($"The Dataverse e-mail {emailId:D} was cancelled (statecode {state}, statuscode {status}).")),
    };

    private async Task<DeliveryResult> SendEmailAsync(Guid emailId, CancellationToken cancellationToken)
    {
        const string body = """{"IssueSend":true}""";
        try
        {
            using var response = await _connection.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, new Uri(_connection.ApiRoot, $"emails({emailId:D})/Microsoft.Dynamics.CRM.SendEmail"))
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                },
                "send e-mail", $"emails({emailId:D})", cancellationToken).ConfigureAwait(false);
            return DeliveryResult.Delivered(emailId.ToString("D"));
        }
        catch (DataverseException exception) when (exception.StatusCode is >= 400 and < 500 and not (408 or 429))
        {
            // A retry of a SendEmail whose first attempt landed is refused because the e-mail is no longer open: look.
            var (state, status) = await StateAsync(emailId, cancellationToken).ConfigureAwait(false);
            return Settled(emailId, state, status) ?? Classify(exception);
        }
    }

    private static DeliveryResult Classify(DataverseException exception)
    {
        var status = exception.StatusCode == 0 ? "no answer" : Invariant($"HTTP {exception.StatusCode}");
        var code = exception.ErrorCode is null ? string.Empty : " " + exception.ErrorCode;
        var reason = $"Dataverse could not {exception.Operation}: {status}{code}: {PersonalData.Redact(exception.DataverseMessage) ?? "(no message)"}";
        return exception.StatusCode is 0 or 408 or 429 or >= 500
            ? DeliveryResult.Transient(reason)
            : DeliveryResult.Permanent(reason);
    }

    private static string TextAsHtml(string? text) =>
        text is null ? string.Empty : WebUtility.HtmlEncode(text).ReplaceLineEndings("<br>");

    private static DataverseEmailChannelOptions Validated(DataverseEmailChannelOptions? options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("Dataverse e-mail channel options", errors);
        }

        // A copy: later changes to the caller's object cannot change a running channel.
        return new DataverseEmailChannelOptions { Name = options.Name, SenderQueueId = options.SenderQueueId, SenderUserId = options.SenderUserId };
    }

    private static JsonObject SenderParty(DataverseEmailChannelOptions options) => options.SenderQueueId is { } queue
        ? new JsonObject { ["participationtypemask"] = PartySender, ["partyid_queue@odata.bind"] = $"/queues({queue:D})" }
        : new JsonObject { ["participationtypemask"] = PartySender, ["partyid_systemuser@odata.bind"] = $"/systemusers({options.SenderUserId!.Value:D})" };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

}
