using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Civic311.Dataverse.Http;

/// <summary>
/// Sends Web API requests: bearer token and OData headers on each attempt (and <c>If-None-Match: null</c> on reads), at most
/// <see cref="DataverseOptions.MaxConcurrentRequests"/> in flight, 429 answered by waiting its <c>Retry-After</c>, transient
/// failures (500, 502, 503, 504, 408, network errors, timeouts) retried with exponential backoff and jitter (Polly), and a
/// failure that remains turned into a <see cref="DataverseException"/>. Retrying a write whose first attempt landed is safe
/// because every write the store sends is recognisable (change ids, ETags, deterministic row ids); a 500 is retried for
/// that reason too, since Dataverse answers 500 for passing faults (SQL timeouts, deadlocks) as well as for lasting ones.
/// </summary>
internal sealed class DataverseConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly IDataverseTokenProvider _tokens;
    private readonly SemaphoreSlim _slots;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly IDisposable? _ownedTokens;
    private long _roundTrips;

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
        var maxDelay = options.MaxRetryDelay;
        var time = timeProvider ?? TimeProvider.System;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseRetryDelay,
                MaxDelay = maxDelay,
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, maxDelay, time)),
                OnRetry = static args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        _pipeline = pipeline
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    /// <summary>Gets the Web API root, for example <c>https://contoso.crm.dynamics.com/api/data/v9.2/</c>.</summary>
    public Uri ApiRoot { get; }

    /// <summary>Gets how many HTTP requests were sent, retries included (what service protection counts).</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>
    /// Sends a request built by <paramref name="create"/> (called once per attempt) and returns the final answer when it is
    /// a success or one of <paramref name="accepted"/>; otherwise throws <see cref="DataverseException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> create, string operation, string? record, CancellationToken cancellationToken, params HttpStatusCode[] accepted)
    {
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    var (self, build) = state;
                    using var request = build();
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await self._tokens.GetTokenAsync(token).ConfigureAwait(false));
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    request.Headers.TryAddWithoutValidation("OData-MaxVersion", "4.0");
                    request.Headers.TryAddWithoutValidation("OData-Version", "4.0");
                    if (request.Method == HttpMethod.Get && !request.Headers.Contains("If-None-Match"))
                    {
                        // The Web API docs ask for it on reads: no cached answer (an expanded collection's, say) is served stale.
                        request.Headers.TryAddWithoutValidation("If-None-Match", "null");
                    }

                    await self._slots.WaitAsync(token).ConfigureAwait(false);
                    try
                    {
                        Interlocked.Increment(ref self._roundTrips);
                        return await self._http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        self._slots.Release();
                    }
                },
                (this, create),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new DataverseException(0, null, $"no answer after every retry: {ex.Message}", operation, record, ex);
        }

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

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) =>
        outcome.Exception switch
        {
            null => outcome.Result!.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout,
            HttpRequestException or TimeoutRejectedException => true,
            OperationCanceledException => !cancellationToken.IsCancellationRequested,
            _ => false,
        };

    // Service protection says how long to wait; honour it (capped), otherwise let the exponential backoff decide.
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan maxDelay, TimeProvider time)
    {
        var retryAfter = response?.Headers.RetryAfter;
        if (retryAfter is null)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } wait)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > maxDelay ? maxDelay : wait;
    }
}
