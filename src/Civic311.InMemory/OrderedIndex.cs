using System;
using System.Collections.Generic;
using Civic311.Requests;

namespace Civic311.InMemory;

/// <summary>An entry of an <see cref="OrderedIndex"/>: a request's sort key (Unix ticks) and its id, which breaks ties.</summary>
internal readonly record struct IndexKey(long Ticks, ServiceRequestId Id) : IComparable<IndexKey>
{
    public int CompareTo(IndexKey other)
    {
        var byTicks = Ticks.CompareTo(other.Ticks);
        return byTicks != 0 ? byTicks : Id.CompareTo(other.Id);
    }
}

/// <summary>
/// A thread-safe ordered set of <see cref="IndexKey"/>s in sorted blocks: insert, remove and seek cost a binary search
/// and a copy within one block. A read copies a run of keys out under the lock, so no caller's code runs while it is held.
/// </summary>
/// <remarks>
/// <see cref="SortedSet{T}"/> cannot start an enumeration at a key except through a view, and a view counts its whole
/// range when it is made: every page of a keyset query would cost a walk of the store.
/// </remarks>
internal sealed class OrderedIndex
{
    private const int MaxBlock = 1024;

    // Never an empty block; each block sorted and every key of a block below every key of the next.
    private readonly List<List<IndexKey>> _blocks = [];
    private readonly object _lock = new();

    public void Add(IndexKey key)
    {
        lock (_lock)
        {
            if (_blocks.Count == 0)
            {
                _blocks.Add([key]);
                return;
            }

            var b = BlockFor(key);
            var block = _blocks[b];
            var at = block.BinarySearch(key);
            if (at >= 0)
            {
                return; // a set: the key is already there
            }

            block.Insert(~at, key);
            if (block.Count > MaxBlock)
            {
                // Split in halves so that a run of appends (the usual case: requests arrive in time order) fills the new block.
                var upper = block.GetRange(MaxBlock / 2, block.Count - (MaxBlock / 2));
                block.RemoveRange(MaxBlock / 2, block.Count - (MaxBlock / 2));
                _blocks.Insert(b + 1, upper);
            }
        }
    }

    public void Remove(IndexKey key)
    {
        lock (_lock)
        {
            if (_blocks.Count == 0)
            {
                return;
            }

            var b = BlockFor(key);
            var block = _blocks[b];
            var at = block.BinarySearch(key);
            if (at < 0)
            {
                return;
            }

            block.RemoveAt(at);
            if (block.Count == 0)
            {
                _blocks.RemoveAt(b);
            }
        }
    }

    /// <summary>
    /// Copies the keys that follow <paramref name="after"/> in the direction asked (all keys from the first or the last
    /// when <see langword="null"/>) into <paramref name="into"/>, as many as fit.
    /// </summary>
    /// <returns>How many keys were copied; fewer than <paramref name="into"/> holds only at the end of the index.</returns>
    public int CopyAfter(IndexKey? after, bool descending, Span<IndexKey> into)
    {
        lock (_lock)
        {
            if (_blocks.Count == 0)
            {
                return 0;
            }

            int b, i;
            if (!descending)
            {
                (b, i) = after is { } key ? First(key) : (0, 0);
            }
            else
            {
                (b, i) = after is { } key ? Last(key) : (_blocks.Count - 1, _blocks[^1].Count - 1);
            }

            var copied = 0;
            while (copied < into.Length && b >= 0 && b < _blocks.Count)
            {
                var block = _blocks[b];
                if (!descending)
                {
                    for (; i < block.Count && copied < into.Length; i++)
                    {
                        into[copied++] = block[i];
                    }

                    b++;
                    i = 0;
                }
                else
                {
                    for (; i >= 0 && copied < into.Length; i--)
                    {
                        into[copied++] = block[i];
                    }

                    if (--b >= 0)
                    {
                        i = _blocks[b].Count - 1;
                    }
                }
            }

            return copied;
        }
    }

    // The position of the first key above `key` (may be one past a block's end: the loop moves to the next block).
    private (int Block, int Index) First(IndexKey key)
    {
        var b = BlockFor(key);
        var at = _blocks[b].BinarySearch(key);
        return (b, at >= 0 ? at + 1 : ~at);
    }

    // The position of the last key below `key`: (-1, -1) when there is none.
    private (int Block, int Index) Last(IndexKey key)
    {
        var b = BlockFor(key);
        var at = _blocks[b].BinarySearch(key);
        var i = (at >= 0 ? at : ~at) - 1;
        if (i >= 0)
        {
            return (b, i);
        }

        return b > 0 ? (b - 1, _blocks[b - 1].Count - 1) : (-1, -1);
    }

    // The last block whose first key is at or below `key`, or the first block when every block starts above it.
    private int BlockFor(IndexKey key)
    {
        int low = 0, high = _blocks.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) >> 1;
            if (_blocks[mid][0].CompareTo(key) <= 0)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }
}
