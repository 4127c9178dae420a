using System;
using System.Globalization;
using Civic311.Requests;

namespace Civic311.Core.Tests.Storage;

public sealed class GeoPointTests
{
    [Theory]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    [InlineData(8.9824, -79.5199)]
    [InlineData(0, 0)]
    public void Constructor_CoordinatesInRange_KeepsThem(double latitude, double longitude)
    {
        var point = new GeoPoint(latitude, longitude);

        point.Latitude.Should().Be(latitude);
        point.Longitude.Should().Be(longitude);
    }

    [Theory]
    [InlineData(90.0000001)]
    [InlineData(-90.0000001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Constructor_BadLatitude_Throws(double latitude)
    {
        GeoPoint.IsValidLatitude(latitude).Should().BeFalse();
        FluentActions.Invoking(() => new GeoPoint(latitude, 0))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("latitude");
    }

    [Theory]
    [InlineData(180.0000001)]
    [InlineData(-180.0000001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadLongitude_Throws(double longitude)
    {
        GeoPoint.IsValidLongitude(longitude).Should().BeFalse();
        FluentActions.Invoking(() => new GeoPoint(0, longitude))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("longitude");
    }

    [Fact]
    public void IsValidLatitudeAndLongitude_Limits_AreIncluded()
    {
        GeoPoint.IsValidLatitude(90).Should().BeTrue();
        GeoPoint.IsValidLatitude(-90).Should().BeTrue();
        GeoPoint.IsValidLatitude(120).Should().BeFalse("120 is a valid longitude but not a latitude");
        GeoPoint.IsValidLongitude(180).Should().BeTrue();
        GeoPoint.IsValidLongitude(-180).Should().BeTrue();
        GeoPoint.IsValidLongitude(120).Should().BeTrue();
    }

    [Fact]
    public void Default_Value_IsZeroZero()
    {
        default(GeoPoint).Should().Be(new GeoPoint(0, 0));
    }

    [Fact]
    public void Equals_PointsDifferingInOneCoordinate_AreNotEqual()
    {
        var a = new GeoPoint(40.7128, -74.006);

        (a == new GeoPoint(40.7128, -74.006)).Should().BeTrue();
        (a != new GeoPoint(40.7128, -74.006)).Should().BeFalse();
        (a == new GeoPoint(-74.006, 40.7128)).Should().BeFalse();
        (a != new GeoPoint(40.7128, -74.0061)).Should().BeTrue();
        a.GetHashCode().Should().Be(new GeoPoint(40.7128, -74.006).GetHashCode());
        a.Equals((object)new GeoPoint(40.7128, -74.006)).Should().BeTrue();
        a.Equals(null).Should().BeFalse();
    }

    [Fact]
    public void ToString_CommaDecimalCulture_IsLatitudeCommaLongitudeInvariant()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            new GeoPoint(40.7128, -74.006).ToString().Should().Be("40.7128,-74.006");
            new GeoPoint(0.1 + 0.2, 1).ToString().Should().Be("0.30000000000000004,1");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
