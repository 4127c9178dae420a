namespace Civic311.Dataverse.Emulator;

/// <summary>
/// Faults the emulator injects into HTTP requests, configurable at any time from any thread. Decisions come from one
/// seeded random sequence, so a run that sends requests in the same order sees the same faults.
/// <list type="bullet">
/// <item><b>Throttle</b> (429 + <c>Retry-After</c>, service-protection body) and <b>fail</b> (500/502/503/504) answer
/// <i>without</i> processing the request: nothing is written.</item>
/// <item><b>Apply then fail</b> processes the request (the write is committed) and then answers a 5xx, or drops the
/// connection: the case where a client cannot know its write landed, which retries must survive.</item>
/// <item><b>Delay</b> holds the answer back (real time), then processes the request normally; a client timeout that
/// fires first cancels the request before it is processed.</item>
/// </list>
/// "Next N" counts are used up before rates apply. Faults hit top-level HTTP requests (a whole <c>$batch</c>), never
/// single parts of a batch. <see cref="AppliesTo"/> narrows them (for example to writes only).
/// </summary>
public sealed class EmulatorFaults
{
    private readonly object _sync = new();
    private Random _random;
    private int _throttleNext;
    private int _failNext;
    private int _failNextStatus = 503;
    private int _applyThenFailNext;
    private bool _applyThenFailNextDrops;
    private int _delayNext;
    private TimeSpan _delayNextBy;
    private double _throttleRate;
    private double _failureRate;
    private double _applyThenFailRate;
    private double _delayRate;

    internal EmulatorFaults(int seed) => _random = new Random(seed);

    /// <summary>How long clients are told to wait (the <c>Retry-After</c> header, whole seconds, rounded up). Default 1 s.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Which service-protection limit a 429 reports (its error code and message). Default: number of requests.</summary>
    public ThrottleLimit ThrottleLimit { get; set; } = ThrottleLimit.RequestCount;

    /// <summary>The statuses a rate-driven failure or apply-then-fail picks from. Default 500, 502, 503, 504.</summary>
    public IReadOnlyList<int> FailureStatuses { get; set; } = [500, 502, 503, 504];

    /// <summary>The answer delay used by <see cref="DelayRate"/>. Default 2 s.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When the rate-driven apply-then-fail should drop the connection instead of answering a 5xx.</summary>
    public bool DropConnectionOnApplyThenFail { get; set; }

    /// <summary>Which requests faults may hit, by method and path (relative to the service root). Null: all.</summary>
    public Func<string, string, bool>? AppliesTo { get; set; }

    /// <summary>The share (0 to 1) of requests answered 429 without being processed.</summary>
    public double ThrottleRate { get => Get(ref _throttleRate); set => SetRate(ref _throttleRate, value); }

    /// <summary>The share (0 to 1) of requests answered with a 5xx from <see cref="FailureStatuses"/> without being processed.</summary>
    public double FailureRate { get => Get(ref _failureRate); set => SetRate(ref _failureRate, value); }

    /// <summary>The share (0 to 1) of requests processed and then answered with a 5xx (or dropped).</summary>
    public double ApplyThenFailRate { get => Get(ref _applyThenFailRate); set => SetRate(ref _applyThenFailRate, value); }

    /// <summary>The share (0 to 1) of requests delayed by <see cref="Delay"/> before being processed.</summary>
    public double DelayRate { get => Get(ref _delayRate); set => SetRate(ref _delayRate, value); }

    /// <summary>Answers the next <paramref name="count"/> requests with 429 (nothing processed).</summary>
    public void ThrottleNext(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_sync)
        {
            _throttleNext = count;
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/> (nothing processed).</summary>
    public void FailNext(int count, int status = 503)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 500);
        lock (_sync)
        {
            _failNext = count;
            _failNextStatus = status;
        }
    }

    /// <summary>Processes the next <paramref name="count"/> requests, then answers 500 or drops the connection.</summary>
    public void ApplyThenFailNext(int count, bool dropConnection = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_sync)
        {
            _applyThenFailNext = count;
            _applyThenFailNextDrops = dropConnection;
        }
    }

    /// <summary>Delays the next <paramref name="count"/> requests by <paramref name="delay"/>, then processes them.</summary>
    public void DelayNext(int count, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_sync)
        {
            _delayNext = count;
            _delayNextBy = delay;
        }
    }

    /// <summary>Restarts the random sequence (for a deterministic run from this point).</summary>
    public void Reseed(int seed)
    {
        lock (_sync)
        {
            _random = new Random(seed);
        }
    }

    /// <summary>Turns every fault off (counts, rates and <see cref="AppliesTo"/>).</summary>
    public void Reset()
    {
        lock (_sync)
        {
            _throttleNext = _failNext = _applyThenFailNext = _delayNext = 0;
            _throttleRate = _failureRate = _applyThenFailRate = _delayRate = 0;
            AppliesTo = null;
        }
    }

    internal FaultPlan Decide(string method, string path)
    {
        if (AppliesTo is { } filter && !filter(method, path))
        {
            return FaultPlan.None;
        }

        lock (_sync)
        {
            var delay = TimeSpan.Zero;
            if (_delayNext > 0)
            {
                _delayNext--;
                delay = _delayNextBy;
            }
            else if (_delayRate > 0 && _random.NextDouble() < _delayRate)
            {
                delay = Delay;
            }

            if (_throttleNext > 0 || (_throttleRate > 0 && _random.NextDouble() < _throttleRate))
            {
                _throttleNext = Math.Max(0, _throttleNext - 1);
                return new FaultPlan(InjectedFault.Throttled, 429, delay, false);
            }

            if (_failNext > 0)
            {
                _failNext--;
                return new FaultPlan(InjectedFault.Failed, _failNextStatus, delay, false);
            }

            if (_failureRate > 0 && _random.NextDouble() < _failureRate)
            {
                return new FaultPlan(InjectedFault.Failed, PickStatus(), delay, false);
            }

            if (_applyThenFailNext > 0)
            {
                _applyThenFailNext--;
                return new FaultPlan(_applyThenFailNextDrops ? InjectedFault.AppliedThenDropped : InjectedFault.AppliedThenFailed, 500, delay, _applyThenFailNextDrops);
            }

            if (_applyThenFailRate > 0 && _random.NextDouble() < _applyThenFailRate)
            {
                var drop = DropConnectionOnApplyThenFail;
                return new FaultPlan(drop ? InjectedFault.AppliedThenDropped : InjectedFault.AppliedThenFailed, PickStatus(), delay, drop);
            }

            return delay > TimeSpan.Zero ? new FaultPlan(InjectedFault.Delayed, 0, delay, false) : FaultPlan.None;
        }
    }

    private int PickStatus()
    {
        var statuses = FailureStatuses;
        return statuses.Count == 0 ? 503 : statuses[_random.Next(statuses.Count)];
    }

    private double Get(ref double field)
    {
        lock (_sync)
        {
            return field;
        }
    }

    private void SetRate(ref double field, double value)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A rate is a share between 0 and 1.");
        }

        lock (_sync)
        {
            field = value;
        }
    }
}

/// <summary>The service-protection limit a throttled answer reports (api-limits.md).</summary>
public enum ThrottleLimit
{
    /// <summary>0x80072322: number of requests over the 5-minute window.</summary>
    RequestCount,

    /// <summary>0x80072321: combined execution time over the 5-minute window.</summary>
    ExecutionTime,

    /// <summary>0x80072326: number of concurrent requests.</summary>
    ConcurrentRequests,
}

internal sealed record FaultPlan(InjectedFault Kind, int Status, TimeSpan Delay, bool DropConnection)
{
    public static readonly FaultPlan None = new(InjectedFault.None, 0, TimeSpan.Zero, false);
}
