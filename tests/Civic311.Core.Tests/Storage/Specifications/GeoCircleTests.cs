using System;
using Civic311.Requests;
using Civic311.Storage;

namespace Civic311.Core.Tests.Storage.Specifications;

public sealed class GeoCircleTests
{
    private static readonly GeoPoint CityHall = new(40.7128, -74.0060);

    [Fact]
    public void DistanceMeters_OneDegreeOfLatitude_IsAbout111Kilometres()
    {
        GeoCircle.DistanceMeters(new GeoPoint(40, -74), new GeoPoint(41, -74)).Should().BeApproximately(111_195, 5);
        GeoCircle.DistanceMeters(CityHall, CityHall).Should().Be(0);
    }

    [Fact]
    public void Contains_PointsJustInsideAndOutsideTheRadius_AreToldApart()
    {
        var circle = new GeoCircle(CityHall, 1000);
        var metresPerDegree = GeoCircle.EarthRadiusMeters * Math.PI / 180;

        circle.Contains(new GeoPoint(CityHall.Latitude + (999 / metresPerDegree), CityHall.Longitude)).Should().BeTrue();
        circle.Contains(new GeoPoint(CityHall.Latitude + (1001 / metresPerDegree), CityHall.Longitude)).Should().BeFalse();
        circle.Contains((ServiceLocation?)null).Should().BeFalse();
        circle.Contains(new ServiceLocation { Address = "1 Centre St" }).Should().BeFalse("a location without a point is near nothing");
    }

    [Fact]
    public void BoundingBox_HoldsEveryPointOfTheCircle()
    {
        var random = new Random(13);
        for (var i = 0; i < 2000; i++)
        {
            var center = new GeoPoint((random.NextDouble() * 170) - 85, (random.NextDouble() * 340) - 170);
            var circle = new GeoCircle(center, random.Next(1, 500_000));
            var box = circle.BoundingBox;

            // Points on the circle's edge in every direction (destination formula), plus the centre.
            for (var bearing = 0.0; bearing < 2 * Math.PI; bearing += Math.PI / 18)
            {
                var edge = Destination(center, circle.RadiusMeters * 0.999999, bearing);
                box.Contains(edge).Should().BeTrue($"{edge} is {GeoCircle.DistanceMeters(center, edge):F1} m from {center}, inside {circle}; box {box}");
            }

            box.Contains(center).Should().BeTrue();
        }
    }

    [Fact]
    public void BoundingBox_NearAPoleOrTheAntimeridian_TakesEveryLongitude()
    {
        new GeoCircle(new GeoPoint(89.9, 0), 50_000).BoundingBox.Should().Match<GeoBox>(b => b.West == -180 && b.East == 180 && b.North == 90);
        new GeoCircle(new GeoPoint(0, 179.99), 5_000).BoundingBox.Should().Match<GeoBox>(b => b.West == -180 && b.East == 180);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(30_000_000)]
    public void Constructor_BadRadius_Throws(double radius)
    {
        var act = () => new GeoCircle(CityHall, radius);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("radiusMeters");
    }

    private static GeoPoint Destination(GeoPoint from, double meters, double bearing)
    {
        var angular = meters / GeoCircle.EarthRadiusMeters;
        var lat1 = from.Latitude * Math.PI / 180;
        var lon1 = from.Longitude * Math.PI / 180;
        var lat2 = Math.Asin((Math.Sin(lat1) * Math.Cos(angular)) + (Math.Cos(lat1) * Math.Sin(angular) * Math.Cos(bearing)));
        var lon2 = lon1 + Math.Atan2(Math.Sin(bearing) * Math.Sin(angular) * Math.Cos(lat1), Math.Cos(angular) - (Math.Sin(lat1) * Math.Sin(lat2)));
        var longitude = ((lon2 * 180 / Math.PI) + 540) % 360 - 180;
        return new GeoPoint(Math.Clamp(lat2 * 180 / Math.PI, -90, 90), longitude);
    }
}
