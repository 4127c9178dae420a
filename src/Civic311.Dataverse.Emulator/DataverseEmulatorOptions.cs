namespace Civic311.Dataverse.Emulator;

/// <summary>How a <see cref="DataverseEmulator"/> behaves. Every default matches the documented service.</summary>
public sealed class DataverseEmulatorOptions
{
    /// <summary>
    /// The clock for <c>createdon</c>/<c>modifiedon</c> and the request window of <see cref="RequestLimit"/>. Injected delays
    /// always use real time. Default: the system clock.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The bearer token accepted when <see cref="TokenValidator"/> is null. Default <c>emulator-token</c>.</summary>
    public string AccessToken { get; set; } = "emulator-token";

    /// <summary>
    /// Decides whether a bearer token is accepted (instead of comparing with <see cref="AccessToken"/>); useful to test
    /// token refresh. Called for every request, concurrently. <see cref="DataverseEmulator.TokensSeen"/> counts tokens.
    /// </summary>
    public Func<string, bool>? TokenValidator { get; set; }

    /// <summary>The most requests one <c>$batch</c> may hold (execute-batch-operations: 1000).</summary>
    public int MaxBatchRequests { get; set; } = 1000;

    /// <summary>
    /// The most Targets one CreateMultiple/UpdateMultiple may hold. The docs set no fixed limit (only size and time) and
    /// suggest about 1000 per call; the emulator refuses more so that a client's chunking is tested.
    /// </summary>
    public int MaxMultipleTargets { get; set; } = 1000;

    /// <summary>
    /// The service-protection concurrency limit (api-limits.md: 52 or more): more requests in flight at once get 429
    /// with code 0x80072326. Null (the default) turns the check off.
    /// </summary>
    public int? ConcurrentRequestLimit { get; set; }

    /// <summary>
    /// The service-protection request limit per user (each bearer token is one user) within <see cref="RequestWindow"/>
    /// (api-limits.md: 6000 in a sliding 5 minutes). The request that would exceed it gets 429 with code 0x80072322 and a
    /// <c>Retry-After</c> of the seconds until the window has room, and is not processed (nor counted); every answer then
    /// carries <c>x-ms-ratelimit-burst-remaining-xrm-requests</c>. Stricter than the platform, which lets a burst exceed
    /// the limit before it refuses. A test scales both down (for example 1000 in 5 seconds). Null (the default) turns
    /// the check off; <see cref="DataverseEmulator.RequestWindowPeak"/> is recorded either way.
    /// </summary>
    public int? RequestLimit { get; set; }

    /// <summary>The sliding window of <see cref="RequestLimit"/>. Default 5 minutes.</summary>
    public TimeSpan RequestWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The user id WhoAmI returns.</summary>
    public Guid CallerId { get; set; } = new("00000000-0000-0000-0000-0000000000c1");
}
