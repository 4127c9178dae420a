using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using NodaTime;

namespace Civic311.Core.Tests.Storage;

public sealed class ServiceRequestIdGenerationTests
{
    [Fact]
    public void NewId_IsARandomVersion4Guid()
    {
        var text = ServiceRequestId.NewId().ToString();

        text[14].Should().Be('4', "the version nibble of a random GUID is 4");
        "89ab".Should().Contain(text[19].ToString(), "the RFC 9562 variant is 10xx");
    }

    [Fact]
    public void NewId_WithTimestamp_IsVersion7AndCarriesTheUnixMilliseconds()
    {
        var at = Instant.FromUtc(2026, 11, 24, 13, 30, 15) + Duration.FromMilliseconds(123);

        var text = ServiceRequestId.NewId(at).ToString("N", null);

        Convert.ToInt64(text[..12], 16).Should().Be(at.ToUnixTimeMilliseconds());
        text[12].Should().Be('7');
        "89ab".Should().Contain(text[16].ToString());
    }

    [Fact]
    public void NewId_WithTimestamp_SortsByTimeAcrossMilliseconds()
    {
        var start = Instant.FromUtc(2026, 1, 1, 0, 0);
        var ids = Enumerable.Range(0, 200).Select(i => ServiceRequestId.NewId(start + Duration.FromMilliseconds(i))).ToList();

        ids.Select(id => id.ToString("N", null)).Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public void NewId_IsUniqueAcrossThreadsAndBufferRefills()
    {
        var at = Instant.FromUtc(2026, 1, 1, 0, 0);
        var ids = new ConcurrentBag<ServiceRequestId>();

        // 8 threads x 5,000 ids is far more than one 4 KB random buffer per thread, and all share one millisecond.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                ids.Add(i % 2 == 0 ? ServiceRequestId.NewId(at) : ServiceRequestId.NewId());
            }
        });

        ids.Should().HaveCount(40_000).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void NewId_WithTimestampBefore1970_IsClampedToZeroMilliseconds()
    {
        var text = ServiceRequestId.NewId(Instant.FromUtc(1960, 1, 1, 0, 0)).ToString("N", null);

        text[..12].Should().Be("000000000000");
    }
}
