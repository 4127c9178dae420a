using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Civic311.Dataverse.Emulator.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Civic311.Dataverse.Emulator;

/// <summary>
/// An in-memory Dataverse Web API on loopback Kestrel (127.0.0.1, a free port), faithful to the documented behaviour
/// of <c>/api/data/v9.2/</c>: rows with ETags, conditional writes, upsert, paging, <c>$batch</c> with atomic change
/// sets, CloseIncident, Merge (incidents), CreateMultiple, the metadata a provisioning step needs, bearer
/// authentication, and injected faults (<see cref="Faults"/>). Start one per test (or per fixture) with
/// <see cref="StartAsync"/>; dispose it to stop.
/// Thread-safe: requests and the setup methods may run concurrently.
/// </summary>
public sealed class DataverseEmulator : IAsyncDisposable
{
    private const string ServicePath = "/api/data/v9.2/";
    private readonly WebApplication _app;
    private readonly DataverseEmulatorOptions _options;
    private readonly DataStore _store;
    private readonly Processor _processor;
    private readonly List<RecordedRequest> _requests = [];
    private readonly ConcurrentDictionary<string, int> _tokens = new(StringComparer.Ordinal);
    private readonly RequestBudget _budget;
    private int _inFlight;
    private int _peakInFlight;

    private DataverseEmulator(WebApplication app, DataverseEmulatorOptions options, Uri organizationUri)
    {
        _app = app;
        _options = options;
        OrganizationUri = organizationUri;
        BaseAddress = new Uri(organizationUri, ServicePath);
        _store = new DataStore(options.TimeProvider);
        _processor = new Processor(_store, options, BaseAddress.AbsoluteUri);
        _budget = new RequestBudget(options.RequestLimit, options.RequestWindow, options.TimeProvider);
    }

    /// <summary>The organization URI, e.g. <c>http://127.0.0.1:50123/</c>.</summary>
    public Uri OrganizationUri { get; }

    /// <summary>The Web API root, e.g. <c>http://127.0.0.1:50123/api/data/v9.2/</c> (with the trailing slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The bearer token accepted by default (<see cref="DataverseEmulatorOptions.AccessToken"/>).</summary>
    public string AccessToken => _options.AccessToken;

    /// <summary>Fault injection: throttling, failures, apply-then-fail and delays.</summary>
    public EmulatorFaults Faults { get; } = new(seed: 311);

    /// <summary>Every HTTP request received so far, in the order they finished (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// The most requests one user (bearer token) had processed within any window of
    /// <see cref="DataverseEmulatorOptions.RequestWindow"/> so far; with a <see cref="DataverseEmulatorOptions.RequestLimit"/>
    /// it never exceeds the limit. Requests refused by the limits are not counted.
    /// </summary>
    public int RequestWindowPeak => _budget.Peak;

    /// <summary>The most HTTP requests that were in flight at once so far (those refused by the concurrency limit included).</summary>
    public int PeakConcurrentRequests => Volatile.Read(ref _peakInFlight);

    /// <summary>How many requests presented each bearer token (accepted or not), to test token caching.</summary>
    public IReadOnlyDictionary<string, int> TokensSeen => new Dictionary<string, int>(_tokens, StringComparer.Ordinal);

    /// <summary>Starts an emulator on 127.0.0.1 and a free port.</summary>
    public static async Task<DataverseEmulator> StartAsync(DataverseEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DataverseEmulatorOptions();
        if (options.RequestLimit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RequestLimit, "RequestLimit must be at least 1 request per window (or null for no limit).");
        }

        if (options.RequestWindow <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RequestWindow, "RequestWindow must be a positive time span.");
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        DataverseEmulator? emulator = null;
        app.Run(context => emulator!.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator = new DataverseEmulator(app, options, new Uri(address.TrimEnd('/') + "/"));
        return emulator;
    }

    /// <summary>
    /// An HttpClient for the emulator: <see cref="HttpClient.BaseAddress"/> is <see cref="BaseAddress"/>, and it sends
    /// the bearer token and the headers the docs ask for (Accept, OData-MaxVersion, OData-Version). The caller disposes it.
    /// </summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.Add("OData-MaxVersion", "4.0");
        client.DefaultRequestHeaders.Add("OData-Version", "4.0");
        return client;
    }

    /// <summary>Forgets the recorded requests (for example after setup, before measuring).</summary>
    public void ClearRequests()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    // ---- Setup, without HTTP (no faults, not recorded) ----------------------------------------------------------------

    /// <summary>Adds a custom column to a table (by logical or entity set name), as POST .../Attributes would.</summary>
    public void AddColumn(string table, string column, DataverseColumnType type, int? maxLength = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        if (type == DataverseColumnType.Lookup)
        {
            throw new ArgumentException("Use AddLookup for a lookup column.", nameof(type));
        }

        lock (_store.Sync)
        {
            var def = Table(table).Def;
            if (def.Columns.ContainsKey(column))
            {
                throw new InvalidOperationException($"'{def.LogicalName}' already has a column '{column}'.");
            }

            def.AddColumn(column, type, maxLength ?? (type == DataverseColumnType.String ? 100 : type == DataverseColumnType.Memo ? 2000 : null)).IsCustom = true;
        }
    }

    /// <summary>Adds a lookup column to <paramref name="table"/> bound through <paramref name="navigationProperty"/> to <paramref name="targetTable"/>.</summary>
    public void AddLookup(string table, string column, string navigationProperty, string targetTable)
    {
        lock (_store.Sync)
        {
            var def = Table(table).Def;
            var target = Table(targetTable).Def.LogicalName;
            if (def.Columns.ContainsKey(column) || def.Navigations.ContainsKey(navigationProperty))
            {
                throw new InvalidOperationException($"'{def.LogicalName}' already has a column '{column}' or navigation property '{navigationProperty}'.");
            }

            def.AddLookup(column, (navigationProperty, [target]));
            def.Columns[column].IsCustom = true;
        }
    }

    /// <summary>Defines an alternate key, as POST .../Keys would; existing rows must already be unique.</summary>
    public void AddAlternateKey(string table, string keyName, params string[] columns)
    {
        lock (_store.Sync)
        {
            var body = new JsonObject
            {
                ["SchemaName"] = keyName,
                ["DisplayName"] = new JsonObject { ["LocalizedLabels"] = new JsonArray(new JsonObject { ["Label"] = keyName, ["LanguageCode"] = 1033 }) },
                ["KeyAttributes"] = new JsonArray(columns.Select(c => (JsonNode)c).ToArray()),
            };
            try
            {
                Processor.AddKey(Table(table), body, new OperationScope());
            }
            catch (EmulatorError error)
            {
                throw new InvalidOperationException(error.Message, error);
            }
        }
    }

    /// <summary>Creates a row through the same validation as POST (binds allowed); returns its id.</summary>
    public Guid Seed(string table, JsonObject row)
    {
        lock (_store.Sync)
        {
            try
            {
                return _processor.CreateRow(Table(table), row, null, null, new OperationScope());
            }
            catch (EmulatorError error)
            {
                throw new InvalidOperationException($"{error.Status} {error.Code}: {error.Message}", error);
            }
        }
    }

    /// <summary>A copy of a stored row (including <c>versionnumber</c> and lookup annotations), or null.</summary>
    public JsonObject? Find(string table, Guid id)
    {
        lock (_store.Sync)
        {
            return Table(table).Find(id)?.DeepClone() as JsonObject;
        }
    }

    /// <summary>Copies of every stored row of a table.</summary>
    public IReadOnlyList<JsonObject> Rows(string table)
    {
        lock (_store.Sync)
        {
            return Table(table).Rows.Select(r => (JsonObject)r.DeepClone()).ToList();
        }
    }

    /// <summary>How many rows a table holds.</summary>
    public int Count(string table)
    {
        lock (_store.Sync)
        {
            return Table(table).Count;
        }
    }

    /// <summary>Stops Kestrel.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private Table Table(string name) =>
        _store.ByLogicalName(name) ?? _store.BySetName(name) ?? throw new ArgumentException($"No table '{name}' (logical or entity set name).", nameof(name));

    // ---- HTTP -----------------------------------------------------------------------------------------------------

    private async Task HandleAsync(HttpContext context)
    {
        var recorded = context.Request.Headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        void Record(string method, string path, int status, InjectedFault fault, int operations) => RecordRequest(method, path, status, fault, operations, recorded);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var method = context.Request.Method;
        var target = raw.StartsWith(ServicePath, StringComparison.OrdinalIgnoreCase) ? raw[ServicePath.Length..] : null;
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var peak = Volatile.Read(ref _peakInFlight); inFlight > peak; peak = Volatile.Read(ref _peakInFlight))
        {
            if (Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak) == peak)
            {
                break;
            }
        }

        try
        {
            if (target is null)
            {
                await WriteAsync(context, EmulatorResponse.Error(EmulatorError.Segment(raw.TrimStart('/').Split('?')[0]))).ConfigureAwait(false);
                Record(method, raw, 404, InjectedFault.None, 1);
                return;
            }

            if (!Authorized(context.Request.Headers.Authorization.ToString(), out var token))
            {
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id={OrganizationUri.AbsoluteUri}";
                await WriteAsync(context, new EmulatorResponse(401)).ConfigureAwait(false);
                Record(method, target, 401, InjectedFault.None, 1);
                return;
            }

            if (_options.ConcurrentRequestLimit is { } limit && inFlight > limit)
            {
                await WriteAsync(context, Throttled(ThrottleLimit.ConcurrentRequests, limit)).ConfigureAwait(false);
                Record(method, target, 429, InjectedFault.None, 1);
                return;
            }

            var (accepted, remaining, retryAfter) = _budget.TryCount(token);
            if (remaining is { } left)
            {
                // The platform's remaining-requests header, on every answer while the limit is on (api-limits.md).
                context.Response.Headers["x-ms-ratelimit-burst-remaining-xrm-requests"] = left.ToString(CultureInfo.InvariantCulture);
            }

            if (!accepted)
            {
                await WriteAsync(context, Throttled(ThrottleLimit.RequestCount, 0, retryAfter)).ConfigureAwait(false);
                Record(method, target, 429, InjectedFault.None, 1);
                return;
            }

            var plan = Faults.Decide(method, target);
            if (plan.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(plan.Delay, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Record(method, target, 0, InjectedFault.Delayed, 1);
                    return;
                }
            }

            if (plan.Kind is InjectedFault.Throttled or InjectedFault.Failed)
            {
                var fault = plan.Kind == InjectedFault.Throttled
                    ? Throttled(Faults.ThrottleLimit, 0)
                    : EmulatorResponse.Error(plan.Status, ErrorCodes.Unspecified, "An unexpected error occurred.");
                await WriteAsync(context, fault).ConfigureAwait(false);
                Record(method, target, fault.Status, plan.Kind, 1);
                return;
            }

            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new OperationRequest(method, target, headers, body.Length == 0 ? null : body);
            var isBatch = target.Split('?')[0] == "$batch";
            var response = isBatch ? ExecuteBatch(request) : Execute(request);
            var operations = isBatch ? CountParts(body) : 1;

            if (plan.Kind is InjectedFault.AppliedThenDropped)
            {
                context.Abort();
                Record(method, target, 0, plan.Kind, operations);
                return;
            }

            if (plan.Kind is InjectedFault.AppliedThenFailed)
            {
                response = EmulatorResponse.Error(plan.Status, ErrorCodes.Unspecified, "An unexpected error occurred.");
            }

            await WriteAsync(context, response).ConfigureAwait(false);
            Record(method, target, response.Status, plan.Kind, operations);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private EmulatorResponse Execute(OperationRequest request)
    {
        lock (_store.Sync)
        {
            return _processor.Execute(request, new OperationScope());
        }
    }

    private EmulatorResponse ExecuteBatch(OperationRequest request)
    {
        if (!request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
        {
            return EmulatorResponse.Error(405, string.Empty, "The HTTP method '" + request.Method + "' is not allowed for $batch.");
        }

        try
        {
            return Batch.Execute(_processor, _store, _options, request);
        }
        catch (EmulatorError error)
        {
            return EmulatorResponse.Error(error);
        }
    }

    private static int CountParts(string body)
    {
        var count = 0;
        var index = 0;
        while ((index = body.IndexOf("application/http", index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            count++;
            index += 16;
        }

        return count;
    }

    private bool Authorized(string header, out string token)
    {
        token = string.Empty;
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = header[7..].Trim();
        _tokens.AddOrUpdate(token, 1, (_, n) => n + 1);
        return token.Length > 0 && (_options.TokenValidator?.Invoke(token) ?? token == _options.AccessToken);
    }

    private EmulatorResponse Throttled(ThrottleLimit limit, int concurrency, TimeSpan? retryAfter = null)
    {
        var (code, message) = limit switch
        {
            ThrottleLimit.ExecutionTime => (ErrorCodes.ThrottleExecutionTime,
                "Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later."),
            ThrottleLimit.ConcurrentRequests => (ErrorCodes.ThrottleConcurrency,
                $"Number of concurrent requests exceeded the limit of {(concurrency > 0 ? concurrency : 52)}."),
            _ => (ErrorCodes.ThrottleRequests, string.Create(CultureInfo.InvariantCulture,
                $"Number of requests exceeded the limit of {_budget.Limit ?? 6000} over time window of {(_budget.Limit is null ? 300 : Math.Ceiling(_budget.Window.TotalSeconds))} seconds.")),
        };
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? Faults.RetryAfter).TotalSeconds));
        return EmulatorResponse.Error(429, code, message).WithHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task WriteAsync(HttpContext context, EmulatorResponse response)
    {
        context.Response.StatusCode = response.Status;
        context.Response.Headers["OData-Version"] = "4.0";
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = response.ContentType ?? EmulatorResponse.JsonContentType;
            await context.Response.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private void RecordRequest(string method, string path, int status, InjectedFault fault, int operations, IReadOnlyDictionary<string, string> headers)
    {
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(method, path, status, fault, operations) { Headers = headers });
        }
    }
}
