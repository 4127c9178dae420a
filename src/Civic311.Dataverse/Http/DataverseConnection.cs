using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Dataverse.Http;

/// <summary>
/// Sends Web API requests: bearer token and OData headers on each attempt (and <c>If-None-Match: null</c> on reads), at most
/// <see cref="DataverseOptions.MaxConcurrentRequests"/> in flight, every attempt through the application user's
/// <see cref="ServiceProtectionGate"/> (a 429 pauses all of the user's new requests for its <c>Retry-After</c>, the
/// remaining-requests header paces them), transient failures (500, 502, 503, 504, 408, network errors, timeouts) retried
/// with exponential backoff and jitter, all within <see cref="DataverseOptions.RetryBudget"/> per operation, and a
/// failure that remains turned into a <see cref="DataverseException"/>. Retrying a write whose first attempt landed is
/// safe because every write the store sends is recognisable (change ids, ETags, deterministic row ids); a 500 is retried
/// for that reason too, since Dataverse answers 500 for passing faults (SQL timeouts, deadlocks) as well as for lasting ones.
/// </summary>
internal sealed class DataverseConnection : IDisposable
{
    private const string BurstRemainingHeader = "x-ms-ratelimit-burst-remaining-xrm-requests";
    private readonly HttpClient _http;
    private readonly IDataverseTokenProvider _tokens;
    private readonly SemaphoreSlim _slots;
    private readonly ServiceProtectionGate _gate;
    private readonly TimeProvider _time;
    private readonly int? _maxRetries;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeSpan _retryBudget;
    private readonly IDisposable? _ownedTokens;
    private long _roundTrips;
    private long _retries;

    /// <summary>
    /// The one way the store, provisioning, the e-mail channel and the webhook registration connect: validates the options
    /// (every problem listed) and uses the custom token provider, or a cached credential provider that the connection owns.
    /// </summary>
    public static DataverseConnection Create(HttpClient http, DataverseOptions options, NodaTime.IClock clock, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        DataverseOptionsValidator.ThrowIfInvalid(options);
        if (options.TokenProvider is { } provider)
        {
            return new DataverseConnection(http, provider, options, timeProvider);
        }

        var owned = new CredentialTokenProvider(options.Credential!, options.EffectiveScope, clock);
        return new DataverseConnection(http, owned, options, timeProvider, owned);
    }

    public DataverseConnection(HttpClient http, IDataverseTokenProvider tokens, DataverseOptions options, TimeProvider? timeProvider = null, IDisposable? ownedTokens = null)
    {
        _ownedTokens = ownedTokens;
        _http = http;
        _tokens = tokens;
        ApiRoot = options.ApiRoot ?? throw new ArgumentException("The environment URL is required.", nameof(options));
        _slots = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);

        // Service protection counts per user: connections of the same credential (or token provider) share one gate.
        _gate = ServiceProtectionGate.For((object?)options.TokenProvider ?? (object?)options.Credential ?? tokens, ApiRoot);
        _time = timeProvider ?? TimeProvider.System;
        _maxRetries = options.MaxRetries;
        _baseDelay = options.BaseRetryDelay;
        _maxDelay = options.MaxRetryDelay;
        _requestTimeout = options.RequestTimeout;
        _retryBudget = options.RetryBudget;
    }

    /// <summary>Gets the Web API root, for example <c>https://contoso.crm.dynamics.com/api/data/v9.2/</c>.</summary>
    public Uri ApiRoot { get; }

    /// <summary>Gets how many HTTP requests were sent, retries included (what service protection counts).</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Gets how many attempts were repeated after a 429, a transient failure or no answer.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Gets the application user's gate (shared with the other connections of the same user).</summary>
    public ServiceProtectionGate Gate => _gate;

    /// <summary>
    /// Sends a request built by <paramref name="create"/> (called once per attempt) and returns the final answer when it is
    /// a success or one of <paramref name="accepted"/>; otherwise throws <see cref="DataverseException"/>, once no retry
    /// fits in the retry budget (or the optional retry count is spent).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> create, string operation, string? record, CancellationToken cancellationToken, params HttpStatusCode[] accepted)
    {
        var started = _time.GetTimestamp();

        // The budget cuts only waits at the gate (a pause another caller's 429 began may outlast it); an attempt once
        // sent runs its own timeout, and a backoff that would end past the budget is not begun.
        using var budget = new CancellationTokenSource(_retryBudget, _time);
        using var gateWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            Exception? failure = null;
            try
            {
                response = await AttemptAsync(create, cancellationToken, gateWait.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failure = ex;
            }

            if (response is null && failure is null)
            {
                throw new DataverseException(429, null, $"waited for a turn to send (a service-protection pause of the application user, or every request slot in use) beyond the retry budget of {_retryBudget}", operation, record);
            }

            if (response is not null && !IsTransient(response.StatusCode))
            {
                return await AcceptedOrThrowAsync(response, operation, record, accepted, cancellationToken).ConfigureAwait(false);
            }

            var wait = Backoff(attempt);
            var throttled = response?.StatusCode == HttpStatusCode.TooManyRequests;
            if (throttled)
            {
                // The whole user waits, not only this request: the gate holds every new attempt until the pause ends.
                wait = RetryAfter(response!) ?? wait;
                _gate.Pause(wait, _time);
            }

            if (wait >= _retryBudget - _time.GetElapsedTime(started) || attempt > _maxRetries)
            {
                return await GiveUpAsync(response, failure, operation, record, accepted, cancellationToken).ConfigureAwait(false);
            }

            if (!throttled)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);

                // A timer that fired late may have used up the rest of the budget: the last failure is the answer then.
                if (budget.IsCancellationRequested)
                {
                    return await GiveUpAsync(response, failure, operation, record, accepted, cancellationToken).ConfigureAwait(false);
                }
            }

            response?.Dispose();
            Interlocked.Increment(ref _retries);
        }
    }

    /// <summary>Parses a successful answer's JSON body (the caller disposes the document).</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads Dataverse's error JSON, <c>{"error":{"code":"0x…","message":"…"}}</c>.</summary>
    public static async Task<(string? Code, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return ParseError(text, response.ReasonPhrase);
    }

    public static (string? Code, string? Message) ParseError(string text, string? fallback)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                return (string.IsNullOrEmpty(code) ? null : code, message ?? fallback);
            }
        }
        catch (JsonException)
        {
            // not JSON: a gateway's HTML page, for example
        }

        return (null, string.IsNullOrWhiteSpace(text) ? fallback : text.Length > 500 ? text[..500] : text);
    }

    public void Dispose()
    {
        _slots.Dispose();
        _ownedTokens?.Dispose();
    }

    // One attempt: a concurrency slot of this connection, then the user's gate (pause, pacing), then the request itself
    // with its own timeout; the slot and the gate are held only while the request is in flight.
    // Null when the retry budget ran out while waiting for a slot or at the gate.
    private async Task<HttpResponseMessage?> AttemptAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken, CancellationToken gateWait)
    {
        try
        {
            await _slots.WaitAsync(gateWait).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        try
        {
            ServiceProtectionGate.Lease lease;
            try
            {
                lease = await _gate.EnterAsync(_time, gateWait).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            using var entered = lease;
            using var timeout = new CancellationTokenSource(_requestTimeout, _time);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var request = create();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _tokens.GetTokenAsync(attempt.Token).ConfigureAwait(false));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.TryAddWithoutValidation("OData-MaxVersion", "4.0");
            request.Headers.TryAddWithoutValidation("OData-Version", "4.0");
            if (request.Method == HttpMethod.Get && !request.Headers.Contains("If-None-Match"))
            {
                // The Web API docs ask for it on reads: no cached answer (an expanded collection's, say) is served stale.
                request.Headers.TryAddWithoutValidation("If-None-Match", "null");
            }

            Interlocked.Increment(ref _roundTrips);
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token).ConfigureAwait(false);
            entered.Report(BurstRemaining(response));
            return response;
        }
        finally
        {
            _slots.Release();
        }
    }

    // The failure that remains: the last answer's error, or the last exception when no answer came.
    private static Task<HttpResponseMessage> GiveUpAsync(
        HttpResponseMessage? response, Exception? failure, string operation, string? record, HttpStatusCode[] accepted, CancellationToken cancellationToken) =>
        response is null
            ? throw new DataverseException(0, null, $"no answer after every retry: {failure!.Message}", operation, record, failure)
            : AcceptedOrThrowAsync(response, operation, record, accepted, cancellationToken);

    private static async Task<HttpResponseMessage> AcceptedOrThrowAsync(
        HttpResponseMessage response, string operation, string? record, HttpStatusCode[] accepted, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode || Array.IndexOf(accepted, response.StatusCode) >= 0)
        {
            return response;
        }

        using (response)
        {
            var (code, message) = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw new DataverseException((int)response.StatusCode, code, message, operation, record);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout;

    // Exponential from the base delay, capped, with full jitter in its upper half so that callers spread out.
    private TimeSpan Backoff(int attempt)
    {
        var exponential = _baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, _maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private static int? BurstRemaining(HttpResponseMessage response) =>
        response.Headers.TryGetValues(BurstRemainingHeader, out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining)
            ? remaining
            : null;

    // Service protection says how long to wait; honour it (capped), otherwise let the exponential backoff decide.
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter is null)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - _time.GetUtcNow() : null);
        if (delay is not { } wait)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > _maxDelay ? _maxDelay : wait;
    }
}
