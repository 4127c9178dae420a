using System;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Core.Tests.Storage;

public sealed class GeoBoxTests
{
    private static readonly GeoBox Manhattan = new(40.70, -74.02, 40.88, -73.91);

    [Fact]
    public void Constructor_ValidEdges_KeepsThem()
    {
        Manhattan.South.Should().Be(40.70);
        Manhattan.West.Should().Be(-74.02);
        Manhattan.North.Should().Be(40.88);
        Manhattan.East.Should().Be(-73.91);
    }

    [Theory]
    [InlineData(41, -74, 40, -73)]          // south above north
    [InlineData(-91, -74, 40, -73)]         // south out of range
    [InlineData(40, -74, 90.5, -73)]        // north out of range
    [InlineData(double.NaN, -74, 40, -73)]
    [InlineData(40, -74, double.PositiveInfinity, -73)]
    public void Constructor_BadLatitudes_Throws(double south, double west, double north, double east)
    {
        FluentActions.Invoking(() => new GeoBox(south, west, north, east))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("south");
    }

    [Theory]
    [InlineData(40, -73, 41, -74)]          // west east of east (crossing the antimeridian is not supported)
    [InlineData(40, -180.5, 41, -74)]       // west out of range
    [InlineData(40, -74, 41, 181)]          // east out of range
    [InlineData(40, double.NaN, 41, -73)]
    [InlineData(40, -74, 41, double.NegativeInfinity)]
    public void Constructor_BadLongitudes_Throws(double south, double west, double north, double east)
    {
        FluentActions.Invoking(() => new GeoBox(south, west, north, east))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("west");
    }

    [Fact]
    public void Constructor_WholeWorldAndSinglePoint_AreAccepted()
    {
        var world = new GeoBox(-90, -180, 90, 180);
        var point = new GeoBox(8.98, -79.52, 8.98, -79.52);

        world.Contains(new GeoPoint(90, 180)).Should().BeTrue();
        world.Contains(new GeoPoint(-90, -180)).Should().BeTrue();
        point.Contains(new GeoPoint(8.98, -79.52)).Should().BeTrue();
        point.Contains(new GeoPoint(8.98, -79.5201)).Should().BeFalse();
    }

    [Theory]
    [InlineData(40.70, -74.02)] // south-west corner
    [InlineData(40.88, -73.91)] // north-east corner
    [InlineData(40.70, -73.91)] // south-east corner
    [InlineData(40.88, -74.02)] // north-west corner
    [InlineData(40.70, -74.00)] // south edge
    [InlineData(40.88, -74.00)] // north edge
    [InlineData(40.80, -74.02)] // west edge
    [InlineData(40.80, -73.91)] // east edge
    [InlineData(40.78, -73.97)] // inside
    public void Contains_PointInsideOrOnAnEdge_IsTrue(double latitude, double longitude)
    {
        Manhattan.Contains(new GeoPoint(latitude, longitude)).Should().BeTrue();
    }

    [Theory]
    [InlineData(40.6999, -74.00)] // just south
    [InlineData(40.8801, -74.00)] // just north
    [InlineData(40.80, -74.0201)] // just west
    [InlineData(40.80, -73.9099)] // just east
    [InlineData(-40.78, 73.97)]   // the antipode-ish
    public void Contains_PointOutside_IsFalse(double latitude, double longitude)
    {
        Manhattan.Contains(new GeoPoint(latitude, longitude)).Should().BeFalse();
    }

    [Fact]
    public void Equals_BoxesDifferingInOneEdge_AreNotEqual()
    {
        var same = new GeoBox(40.70, -74.02, 40.88, -73.91);
        var other = new GeoBox(40.70, -74.02, 40.88, -73.90);

        (Manhattan == same).Should().BeTrue();
        (Manhattan != same).Should().BeFalse();
        Manhattan.Equals((object)same).Should().BeTrue();
        Manhattan.GetHashCode().Should().Be(same.GetHashCode());
        (Manhattan == other).Should().BeFalse();
        (Manhattan != other).Should().BeTrue();
        Manhattan.Equals("not a box").Should().BeFalse();
    }

    [Fact]
    public void ToString_CommaDecimalCulture_UsesInvariantFormatting()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("es-PA");
        try
        {
            new GeoBox(8.5, -80.25, 9.75, -79).ToString().Should().Be("[8.5,-80.25 .. 9.75,-79]");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
