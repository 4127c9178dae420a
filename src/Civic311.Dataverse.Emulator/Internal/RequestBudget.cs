namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>
/// The service-protection request count (api-limits.md: 6000 requests per user within a sliding 5-minute window), kept
/// per user as the arrival times of the requests processed in the window. Strict where the platform is lenient: the
/// request that would exceed the limit is refused, never processed, and a refused request does not count. Always
/// records the peak, so a test can show how many requests one user had processed in any window even with no limit.
/// </summary>
internal sealed class RequestBudget(int? limit, TimeSpan window, TimeProvider time)
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _users = new(StringComparer.Ordinal);
    private int _peak;

    public int? Limit => limit;

    public TimeSpan Window => window;

    /// <summary>The most requests one user had counted within any window so far.</summary>
    public int Peak
    {
        get
        {
            lock (_users)
            {
                return _peak;
            }
        }
    }

    /// <summary>
    /// Counts a request of <paramref name="user"/> when the window has room: the answer says whether it was accepted,
    /// the requests left in the window (the <c>x-ms-ratelimit-burst-remaining-xrm-requests</c> header) and, when it was
    /// refused, how long until the oldest counted request leaves the window.
    /// </summary>
    public (bool Accepted, int? Remaining, TimeSpan RetryAfter) TryCount(string user)
    {
        lock (_users)
        {
            var now = time.GetUtcNow();
            if (!_users.TryGetValue(user, out var arrivals))
            {
                _users[user] = arrivals = new Queue<DateTimeOffset>();
            }

            while (arrivals.Count > 0 && arrivals.Peek() <= now - window)
            {
                arrivals.Dequeue();
            }

            if (arrivals.Count >= limit)
            {
                return (false, 0, arrivals.Peek() + window - now);
            }

            arrivals.Enqueue(now);
            _peak = Math.Max(_peak, arrivals.Count);
            return (true, limit - arrivals.Count, TimeSpan.Zero);
        }
    }
}
