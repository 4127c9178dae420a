using System;
using System.Collections.Generic;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>
/// Remembers the deliveries this process handled, to answer a repeat with 200 without doing anything: a bounded
/// least-recently-used map with an expiry. A delivery is marked done only after it succeeded, so a delivery that failed
/// (and that Dataverse retries) is handled again. One process only: across instances the effect itself is idempotent.
/// </summary>
internal sealed class DeliveryLog
{
    private readonly object _sync = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new(); // most recently used first
    private readonly int _capacity;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;

    public DeliveryLog(int capacity, TimeSpan window, TimeProvider time)
    {
        _capacity = capacity;
        _window = window;
        _time = time;
    }

    public enum Admission
    {
        /// <summary>Not seen: handle it, then call <see cref="Complete"/> or <see cref="Abandon"/>.</summary>
        New,

        /// <summary>Handled already: answer without doing anything.</summary>
        Done,

        /// <summary>Being handled by another call right now.</summary>
        InFlight,
    }

    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _entries.Count;
            }
        }
    }

    public Admission Begin(string key)
    {
        if (_capacity == 0)
        {
            return Admission.New;
        }

        var now = _time.GetUtcNow();
        lock (_sync)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.Done && now - node.Value.At > _window)
                {
                    Remove(node);
                }
                else
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                    return node.Value.Done ? Admission.Done : Admission.InFlight;
                }
            }

            while (_entries.Count >= _capacity && _order.Last is { } oldest)
            {
                Remove(oldest);
            }

            _entries[key] = _order.AddFirst(new Entry(key, now, Done: false));
            return Admission.New;
        }
    }

    public void Complete(string key)
    {
        if (_capacity == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_sync)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                node.Value = node.Value with { At = now, Done = true };
            }
        }
    }

    public void Abandon(string key)
    {
        lock (_sync)
        {
            if (_entries.TryGetValue(key, out var node) && !node.Value.Done)
            {
                Remove(node);
            }
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _entries.Remove(node.Value.Key);
    }

    private sealed record Entry(string Key, DateTimeOffset At, bool Done);
}
