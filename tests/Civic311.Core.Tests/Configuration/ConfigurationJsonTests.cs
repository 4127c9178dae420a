using Civic311.Catalog;
using Civic311.Sla;

namespace Civic311.Core.Tests.Configuration;

/// <summary>Rules shared by every configuration JSON reader (catalogs, calendars).</summary>
public sealed class ConfigurationJsonTests
{
    [Fact]
    public void CatalogFromJson_NullList_IsAValidationErrorWithItsPath()
    {
        var read = () => ServiceCatalogDefinition.FromJson("""{ "agencies": [], "serviceTypes": null }""");

        var error = read.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Which;
        error.Field.Should().Be("$.serviceTypes");
        error.Message.Should().Contain("'serviceTypes' is null").And.Contain("line 1");
    }

    [Theory]
    [InlineData("fixedDate, nthWeekday")]
    [InlineData("1")]
    [InlineData(" fixedDate")]
    public void CalendarFromJson_EnumThatIsNotExactlyOneName_IsRejected(string kind)
    {
        var json = $$"""{ "id": "x", "timeZone": "UTC", "holidayRules": [ { "name": "Day", "kind": "{{kind}}", "month": 1, "day": 1 } ] }""";

        var read = () => BusinessCalendarDefinition.FromJson(json);

        var error = read.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Which;
        error.Field.Should().Be("$.holidayRules[0].kind");
        error.Message.Should().Contain("fixedDate, nthWeekday, lastWeekday, easterOffset, explicitDates");
    }

    [Fact]
    public void CalendarFromJson_EnumNamesInAnyCase_AreRead()
    {
        var definition = BusinessCalendarDefinition.FromJson("""{ "id": "x", "timeZone": "UTC", "holidayRules": [ { "name": "Day", "kind": "NTHWEEKDAY", "weekday": "monday", "observance": "nearestWeekday" } ] }""");

        definition.HolidayRules[0].Kind.Should().Be(Civic311.Sla.Holidays.HolidayRuleKind.NthWeekday);
        definition.HolidayRules[0].Weekday.Should().Be(NodaTime.IsoDayOfWeek.Monday);
    }
}
