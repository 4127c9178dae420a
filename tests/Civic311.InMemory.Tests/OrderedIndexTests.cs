using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.InMemory;
using FluentAssertions;
using Xunit;

namespace Civic311.InMemory.Tests;

/// <summary>The in-memory store's ordered index against <see cref="SortedSet{T}"/> as the reference.</summary>
public sealed class OrderedIndexTests
{
    /// <summary>
    /// Proves that after random adds and removes (enough to split blocks many times and to empty some), reading runs of
    /// random lengths from random positions in either direction returns exactly the reference set's keys that follow the
    /// position, in order.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_the_keys_after_any_position_in_either_direction(int seed)
    {
        var random = new Random(seed);
        var index = new OrderedIndex();
        var reference = new SortedSet<IndexKey>();
        var ids = Enumerable.Range(0, 64).Select(_ => new ServiceRequestId(Guid.NewGuid())).ToArray();
        for (var step = 0; step < 20_000; step++)
        {
            // Few distinct ticks, so ties broken by id are common; mostly appends, as a store sees.
            var key = new IndexKey(random.Next(4) == 0 ? random.Next(500) : step / 4, ids[random.Next(ids.Length)]);
            if (random.Next(5) == 0 && reference.Count > 0)
            {
                var victim = reference.ElementAt(random.Next(reference.Count));
                index.Remove(victim);
                reference.Remove(victim);
            }
            else
            {
                index.Add(key);
                reference.Add(key);
            }
        }

        index.Remove(new IndexKey(-1, ids[0])); // absent: nothing happens
        var ascending = reference.ToArray();
        ReadAll(index, null, descending: false, 97).Should().Equal(ascending);
        ReadAll(index, null, descending: true, 1000).Should().Equal(ascending.Reverse());
        for (var probe = 0; probe < 200; probe++)
        {
            // Positions that are in the set and positions between its keys.
            var after = probe % 2 == 0 ? ascending[random.Next(ascending.Length)] : new IndexKey(random.Next(-10, 5_010), ids[random.Next(ids.Length)]);
            var length = random.Next(1, 300);
            ReadAll(index, after, descending: false, length).Should().Equal(ascending.Where(k => k.CompareTo(after) > 0));
            ReadAll(index, after, descending: true, length).Should().Equal(ascending.Where(k => k.CompareTo(after) < 0).Reverse());
        }
    }

    /// <summary>Proves an empty index reads nothing, and that a key added twice is held once.</summary>
    [Fact]
    public void Is_a_set_and_reads_nothing_when_empty()
    {
        var index = new OrderedIndex();
        var buffer = new IndexKey[4];
        index.CopyAfter(null, descending: false, buffer).Should().Be(0);
        index.CopyAfter(null, descending: true, buffer).Should().Be(0);
        var key = new IndexKey(5, new ServiceRequestId(Guid.NewGuid()));
        index.Add(key);
        index.Add(key);
        index.CopyAfter(null, descending: false, buffer).Should().Be(1);
        index.Remove(key);
        index.CopyAfter(null, descending: true, buffer).Should().Be(0);
    }

    private static List<IndexKey> ReadAll(OrderedIndex index, IndexKey? after, bool descending, int run)
    {
        var keys = new List<IndexKey>();
        var buffer = new IndexKey[run];
        while (true)
        {
            var count = index.CopyAfter(after, descending, buffer);
            keys.AddRange(buffer.Take(count));
            if (count < run)
            {
                return keys;
            }

            after = buffer[count - 1];
        }
    }
}
