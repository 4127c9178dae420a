using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Civic311.Dataverse.Http;

/// <summary>
/// The one door every request of an application user goes through in this process, whichever connection sends it (the
/// store, the e-mail channel, provisioning and the webhook registration of the same credential and environment share
/// it), because Dataverse's service protection counts per user, not per connection:
/// <list type="bullet">
/// <item>a 429's <c>Retry-After</c> pauses every new request of the user until it elapses, not only the one retried, so
/// callers do not resume one by one into the same limit;</item>
/// <item>the remaining requests the service reports (<c>x-ms-ratelimit-burst-remaining-xrm-requests</c>) bound how many
/// more may start; once they are spent, one request at a time probes, so a window running out is met by one request
/// that learns the wait, not by every caller in flight;</item>
/// <item>at most <see cref="DataverseOptions.ServiceProtectionConcurrency"/> requests are in flight at once, across every
/// connection.</item>
/// </list>
/// </summary>
internal sealed class ServiceProtectionGate
{
    private static readonly ConditionalWeakTable<object, Dictionary<string, ServiceProtectionGate>> Gates = new();

    private readonly object _sync = new();
    private readonly int _capacity;
    private int _inFlight;
    private int _peakInFlight;
    private long? _room;
    private long _entered;
    private long _reportedBy;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private TaskCompletionSource _changed = NewSignal();
    private long _pauses;
    private long _longestPauseTicks;

    internal ServiceProtectionGate(int capacity) => _capacity = capacity;

    /// <summary>Gets how many times a 429 paused the user (an extension of a running pause included).</summary>
    public long Pauses => Interlocked.Read(ref _pauses);

    /// <summary>Gets the longest pause a <c>Retry-After</c> asked for.</summary>
    public TimeSpan LongestPause => TimeSpan.FromTicks(Interlocked.Read(ref _longestPauseTicks));

    /// <summary>Gets the most requests that were in flight at once.</summary>
    public int PeakInFlight
    {
        get
        {
            lock (_sync)
            {
                return _peakInFlight;
            }
        }
    }

    /// <summary>The gate of the user that <paramref name="identity"/> (the credential or token provider) stands for, at <paramref name="apiRoot"/>.</summary>
    public static ServiceProtectionGate For(object identity, Uri apiRoot)
    {
        var gates = Gates.GetValue(identity, static _ => new Dictionary<string, ServiceProtectionGate>(StringComparer.OrdinalIgnoreCase));
        lock (gates)
        {
            if (!gates.TryGetValue(apiRoot.AbsoluteUri, out var gate))
            {
                gates[apiRoot.AbsoluteUri] = gate = new ServiceProtectionGate(DataverseOptions.ServiceProtectionConcurrency);
            }

            return gate;
        }
    }

    /// <summary>
    /// Waits until the user is not paused and a request may start, then counts it in flight; dispose the lease when
    /// its answer is in. A pause that has run its course lets the request through even when the clock disagrees, so a
    /// time provider that fires timers early cannot keep a caller waiting for ever.
    /// </summary>
    public async ValueTask<Lease> EnterAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var waitedFor = DateTimeOffset.MinValue;
        while (true)
        {
            Task wait;
            lock (_sync)
            {
                var pause = _pausedUntil - time.GetUtcNow();
                if (pause <= TimeSpan.Zero || waitedFor >= _pausedUntil)
                {
                    if (MayStart)
                    {
                        var alreadyInFlight = _inFlight;
                        _peakInFlight = Math.Max(_peakInFlight, ++_inFlight);
                        return new Lease(this, ++_entered, alreadyInFlight);
                    }

                    wait = _changed.Task;
                }
                else
                {
                    waitedFor = _pausedUntil;
                    wait = Task.Delay(pause, time, cancellationToken);
                }
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Pauses every new request of the user for <paramref name="retryAfter"/> (a later end wins over an earlier one).</summary>
    public void Pause(TimeSpan retryAfter, TimeProvider time)
    {
        lock (_sync)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }

            // The window is spent: when the service reports what is left, start again with one request at a time until an
            // answer reports room, and take no figure from a request sent before the 429 (a service that sends no such
            // header keeps the full concurrency).
            if (_room is not null)
            {
                _room = _entered;
                _reportedBy = _entered;
            }
        }

        Interlocked.Increment(ref _pauses);
        long seen;
        while (retryAfter.Ticks > (seen = Interlocked.Read(ref _longestPauseTicks))
            && Interlocked.CompareExchange(ref _longestPauseTicks, retryAfter.Ticks, seen) != seen)
        {
        }
    }

    /// <summary>
    /// Takes in the remaining requests reported by the answer to the request that was the <paramref name="entered"/>-th to
    /// start, with <paramref name="inFlightBefore"/> others in flight (null when it carried no such header).
    /// </summary>
    /// <remarks>
    /// Requests reach the service in another order than they left the gate, and answers come back in yet another, so a
    /// figure is turned into what is surely left: every request that started after this one, and every one in flight when
    /// it started, may have been counted after it. That is a lower bound of the room left once every request started so
    /// far is counted (the window sliding only adds room), so no reordering lets more requests start than the service said
    /// were left. The figure of the request that started last is kept: it is the newest word on what other processes of
    /// the same user have spent too.
    /// </remarks>
    public void Report(long entered, int inFlightBefore, int? remaining)
    {
        if (remaining is not { } left)
        {
            return;
        }

        lock (_sync)
        {
            if (entered > _reportedBy)
            {
                _room = left + entered - inFlightBefore; // compared with _entered: the requests that may still start
                _reportedBy = entered;
                Signal();
            }
        }
    }

    // Within the room the service reported, or one at a time when it is spent, so that the next answer brings a new figure.
    private bool MayStart => _inFlight < _capacity && (_room is not { } room || room > _entered || _inFlight == 0);

    private void Leave()
    {
        lock (_sync)
        {
            _inFlight--;
            Signal();
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One request in flight; disposing it lets the next one in.</summary>
    internal readonly struct Lease(ServiceProtectionGate gate, long entered, int inFlightBefore) : IDisposable
    {
        /// <summary>Takes in the remaining requests this request's answer reported.</summary>
        public void Report(int? remaining) => gate.Report(entered, inFlightBefore, remaining);

        public void Dispose() => gate.Leave();
    }
}
