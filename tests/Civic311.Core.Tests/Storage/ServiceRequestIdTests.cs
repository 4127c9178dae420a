using System;
using System.Linq;
using Civic311.Requests;

namespace Civic311.Core.Tests.Storage;

public sealed class ServiceRequestIdTests
{
    private static readonly Guid Low = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid High = Guid.Parse("ffffffff-0000-0000-0000-000000000000");

    [Fact]
    public void Constructor_EmptyGuid_IsRefused()
    {
        FluentActions.Invoking(() => new ServiceRequestId(Guid.Empty))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("value");
    }

    [Fact]
    public void Constructor_NonEmptyGuid_WrapsIt()
    {
        var guid = Guid.Parse("0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10");

        var id = new ServiceRequestId(guid);

        id.Value.Should().Be(guid);
        id.IsEmpty.Should().BeFalse();
        id.ToString().Should().Be("0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10");
    }

    [Fact]
    public void Default_Value_IsEmpty()
    {
        default(ServiceRequestId).IsEmpty.Should().BeTrue();
        default(ServiceRequestId).Value.Should().Be(Guid.Empty);
    }

    [Theory]
    [InlineData("0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10")]
    [InlineData("0190F5B27C1E7D3A9C4B2A6F1E8D9B10")]
    [InlineData("{0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10}")]
    [InlineData("  0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10 ")]
    public void TryParse_AGuidInAnyStandardFormat_Succeeds(string text)
    {
        ServiceRequestId.TryParse(text, out var id).Should().BeTrue();

        id.Value.Should().Be(Guid.Parse("0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("311-26-0000001")]
    [InlineData("0190f5b2-7c1e-7d3a-9c4b")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void TryParse_NotANonEmptyGuid_Fails(string? text)
    {
        ServiceRequestId.TryParse(text, out var id).Should().BeFalse();

        id.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void TryParse_ToStringOutput_RoundTrips()
    {
        var id = ServiceRequestId.NewId();

        ServiceRequestId.TryParse(id.ToString(), out var parsed).Should().BeTrue();
        parsed.Should().Be(id);
    }

    [Fact]
    public void Equals_SameOrOtherGuid_ComparesTheGuid()
    {
        var a = new ServiceRequestId(Low);
        var b = new ServiceRequestId(Guid.Parse(Low.ToString()));
        var c = new ServiceRequestId(High);

        (a == b).Should().BeTrue();
        (a != b).Should().BeFalse();
        a.Equals(b).Should().BeTrue();
        a.Equals((object)b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        (a == c).Should().BeFalse();
        (a != c).Should().BeTrue();
        a.Equals(Low).Should().BeFalse("an id is not equal to a bare Guid");
    }

    [Fact]
    public void OrderingOperators_LowAndHighIds_AgreeWithCompareTo()
    {
        var low = new ServiceRequestId(Low);
        var high = new ServiceRequestId(High);
        var lowAgain = new ServiceRequestId(Low);

        low.CompareTo(high).Should().BeNegative();
        high.CompareTo(low).Should().BePositive();
        low.CompareTo(lowAgain).Should().Be(0);

        (low < high).Should().BeTrue();
        (high < low).Should().BeFalse();
        (high > low).Should().BeTrue();
        (low > high).Should().BeFalse();
        (low <= lowAgain).Should().BeTrue();
        (low >= lowAgain).Should().BeTrue();
        (low <= high).Should().BeTrue();
        (high <= low).Should().BeFalse();
        (high >= low).Should().BeTrue();
        (low >= high).Should().BeFalse();
        (low < lowAgain).Should().BeFalse();
        (low > lowAgain).Should().BeFalse();
    }

    [Fact]
    public void Order_UnsortedIds_SortsByCompareTo()
    {
        var ids = new[] { new ServiceRequestId(High), new ServiceRequestId(Low) };

        ids.Order().Should().Equal(new ServiceRequestId(Low), new ServiceRequestId(High));
    }

    [Fact]
    public void NewId_ManyCalls_AreNonEmptyAndUnique()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => ServiceRequestId.NewId()).ToArray();

        ids.Should().NotContain(id => id.IsEmpty);
        ids.Distinct().Should().HaveCount(ids.Length);
    }

    [Fact]
    public void NewId_WithTimestamp_IsAVersion7Guid()
    {
        ServiceRequestId.NewId(NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0)).Value.Version.Should().Be(7);
        ServiceRequestId.NewId().Value.Version.Should().Be(4);
    }

    [Fact]
    public void TryFormat_NoFormat_WritesTheHyphenatedForm()
    {
        var id = new ServiceRequestId(Guid.Parse("0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10"));
        Span<char> buffer = stackalloc char[64];

        id.TryFormat(buffer, out var written, default, null).Should().BeTrue();
        buffer[..written].ToString().Should().Be("0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10");
        id.ToString("N", null).Should().Be("0190f5b27c1e7d3a9c4b2a6f1e8d9b10");
        id.ToString(null, null).Should().Be("0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10");
        $"{id}".Should().Be("0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10");
        $"{id:B}".Should().Be("{0190f5b2-7c1e-7d3a-9c4b-2a6f1e8d9b10}");
    }

    [Fact]
    public void TryFormat_BufferTooSmall_ReturnsFalse()
    {
        var id = ServiceRequestId.NewId();
        Span<char> buffer = stackalloc char[10];

        id.TryFormat(buffer, out _, default, null).Should().BeFalse();
    }
}
