using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Civic311.Sla;
using Civic311.Sla.Holidays;
using NodaTime;
using static Civic311.Core.Tests.Sla.Calendar.CalendarKit;

namespace Civic311.Core.Tests.Sla.Calendar;

/// <summary><see cref="BusinessCalendarDefinition.FromJson(string)"/>: a full calendar, round trips and malformed documents.</summary>
public sealed class CalendarJsonTests
{
    // Everything a definition can hold, as an integrator would keep it in a file: comments and trailing commas included.
    internal const string FullCalendar = """
        {
          "id": "dsny-field",
          "timeZone": "America/New_York",
          // Split shifts on weekdays, a Saturday morning and a Friday night shift; new hours from July 2026.
          "weeklyHours": [
            {
              "monday": [ "08:00-12:00", "13:00-17:00" ],
              "tuesday": [ "08:00-12:00", "13:00-17:00" ],
              "wednesday": [ "08:00-12:00", "13:00-17:00" ],
              "thursday": [ "08:00-12:00", "13:00-17:00" ],
              "friday": [ "08:00-12:00", "22:00-06:00" ],
              "saturday": [ "09:00-13:00" ],
              "sunday": [],
            },
            {
              "effectiveFrom": "2026-07-01",
              "monday": [ "00:00-24:00" ],
              "friday": [ "07:00-15:00" ],
            },
          ],
          "holidaySets": [ "us-federal" ],
          "holidayRules": [
            { "name": "Evacuation Day", "kind": "fixedDate", "month": 11, "day": 25, "observance": "nearestWeekday", "fromYear": 2020 },
            { "name": "Primary day", "kind": "nthWeekday", "month": 6, "weekday": "tuesday", "occurrence": 4 },
            { "name": "Last Friday of August", "kind": "lastWeekday", "month": 8, "weekday": "friday", "toYear": 2030 },
            { "name": "Easter Monday", "kind": "easterOffset", "offsetDays": 1 },
            { "name": "Parade", "kind": "explicitDates", "dates": [ "2026-03-17", "2027-03-17" ] },
          ],
          /* Closures are local date-times (or dates, meaning midnight). */
          "closures": [
            { "start": "2026-12-24T12:00", "end": "2026-12-26T00:00", "name": "Christmas" },
            { "start": "2026-02-02", "end": "2026-02-04", "name": "Snow emergency" },
          ],
        }
        """;

    [Fact]
    public void FromJson_FullCalendar_ParsesEveryField()
    {
        var definition = BusinessCalendarDefinition.FromJson(FullCalendar);

        definition.Id.Should().Be("dsny-field");
        definition.TimeZone.Should().Be("America/New_York");
        definition.WeeklyHours.Should().HaveCount(2);
        var first = definition.WeeklyHours[0];
        first.EffectiveFrom.Should().BeNull();
        first.Monday.Should().Equal("08:00-12:00", "13:00-17:00");
        first.Friday.Should().Equal("08:00-12:00", "22:00-06:00");
        first.Saturday.Should().Equal("09:00-13:00");
        first.Sunday.Should().BeEmpty();
        var second = definition.WeeklyHours[1];
        second.EffectiveFrom.Should().Be("2026-07-01");
        second.Monday.Should().Equal("00:00-24:00");
        second.Tuesday.Should().BeEmpty();
        definition.HolidaySets.Should().Equal("us-federal");
        definition.HolidayRules.Select(r => (r.Name, r.Kind)).Should().Equal(
            ("Evacuation Day", HolidayRuleKind.FixedDate),
            ("Primary day", HolidayRuleKind.NthWeekday),
            ("Last Friday of August", HolidayRuleKind.LastWeekday),
            ("Easter Monday", HolidayRuleKind.EasterOffset),
            ("Parade", HolidayRuleKind.ExplicitDates));
        definition.HolidayRules[0].Observance.Should().Be(HolidayObservance.NearestWeekday);
        definition.HolidayRules[0].FromYear.Should().Be(2020);
        definition.HolidayRules[1].Weekday.Should().Be(IsoDayOfWeek.Tuesday);
        definition.HolidayRules[1].Occurrence.Should().Be(4);
        definition.HolidayRules[2].ToYear.Should().Be(2030);
        definition.HolidayRules[3].OffsetDays.Should().Be(1);
        definition.HolidayRules[4].Dates.Should().Equal("2026-03-17", "2027-03-17");
        definition.Closures.Select(c => (c.Start, c.End, c.Name)).Should().Equal(
            ("2026-12-24T12:00", "2026-12-26T00:00", "Christmas"),
            ("2026-02-02", "2026-02-04", "Snow emergency"));
    }

    [Fact]
    public void FromJson_FullCalendar_BuildsACalendarThatUsesEveryPart()
    {
        var calendar = BusinessCalendar.Build(BusinessCalendarDefinition.FromJson(FullCalendar));

        calendar.IsOpenAt(At(2026, 3, 2, 12, 30)).Should().BeFalse("lunch break");
        calendar.IsOpenAt(At(2026, 3, 7, 3)).Should().BeTrue("Friday's night shift");
        calendar.IsOpenAt(At(2026, 3, 17, 10)).Should().BeFalse("the parade");
        calendar.IsOpenAt(At(2026, 2, 3, 10)).Should().BeFalse("the snow emergency");
        calendar.IsOpenAt(At(2026, 4, 6, 10)).Should().BeFalse("Easter Monday");
        calendar.IsOpenAt(At(2026, 7, 6, 3)).Should().BeTrue("Mondays are 24 h from July");
        calendar.IsOpenAt(At(2026, 7, 7, 10)).Should().BeFalse("Tuesdays are closed from July");
        calendar.IsOpenAt(At(2026, 11, 25, 10)).Should().BeFalse("Evacuation Day");
        calendar.IsOpenAt(At(2026, 11, 26, 10)).Should().BeFalse("Thanksgiving, from the us-federal set");
    }

    [Fact]
    public void FromJson_SerializedAgain_RoundTripsToTheSameCalendar()
    {
        var definition = BusinessCalendarDefinition.FromJson(FullCalendar);

        var json = JsonSerializer.Serialize(definition, CalendarJson.Options);
        var again = BusinessCalendarDefinition.FromJson(json);

        JsonSerializer.Serialize(again, CalendarJson.Options).Should().Be(json);
        BusinessCalendar.Build(again).VersionId.Should().Be(BusinessCalendar.Build(definition).VersionId);
        json.Should().Contain("\"kind\":\"explicitDates\"").And.Contain("\"weekday\":\"tuesday\"").And.Contain("\"observance\":\"nearestWeekday\"");
    }

    [Fact]
    public void FromJson_BuiltDefinitionSerialized_RoundTrips()
    {
        var definition = NineToFiveDefinition("panama").AddClosure("2026-12-24T12:00", "2026-12-25", "Early close");
        definition.HolidayRules.Add(Holiday("Municipal day", "2026-03-10"));

        var again = BusinessCalendarDefinition.FromJson(JsonSerializer.Serialize(definition, CalendarJson.Options));

        BusinessCalendar.Build(again).VersionId.Should().Be(BusinessCalendar.Build(definition).VersionId);
        again.WeeklyHours[0].Friday.Should().Equal("09:00-17:00");
        again.Closures.Single().Name.Should().Be("Early close");
    }

    [Fact]
    public void FromJson_Stream_ParsesLikeTheString()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(FullCalendar));

        var definition = BusinessCalendarDefinition.FromJson(stream);

        BusinessCalendar.Build(definition).VersionId.Should().Be(BusinessCalendar.Build(BusinessCalendarDefinition.FromJson(FullCalendar)).VersionId);
    }

    [Fact]
    public void FromJson_MalformedJson_ReportsPathAndLine()
    {
        const string json = "{\n  \"id\": \"a\",\n  \"timeZone\": \"America/New_York\",\n  \"weeklyHours\": [ { \"monday\": [ \"09:00-17:00\" } ]\n}";

        var act = () => BusinessCalendarDefinition.FromJson(json);

        var exception = act.Should().Throw<Civic311ValidationException>().Which;
        exception.Subject.Should().Be("business calendar JSON");
        var error = exception.Errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        error.Field.Should().StartWith("$.weeklyHours[0].monday");
        error.Message.Should().Contain("line 4").And.NotContain("Path:");
    }

    [Fact]
    public void FromJson_MalformedStream_ReportsPathAndLine()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\n  \"id\": \"a\",\n  \"closures\": [ { \"start\": 2026 } ]\n}"));

        var act = () => BusinessCalendarDefinition.FromJson(stream);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Field.Should().Be("$.closures[0].start");
        error.Message.Should().Contain("line 3");
    }

    [Fact]
    public void FromJson_WrongValueType_ReportsPathAndLine()
    {
        const string json = "{\n  \"id\": \"a\",\n  \"weeklyHours\": [\n    { \"monday\": [\"09:00-17:00\"], \"tuesday\": 5 }\n  ]\n}";

        var act = () => BusinessCalendarDefinition.FromJson(json);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Field.Should().Be("$.weeklyHours[0].tuesday");
        error.Message.Should().Contain("line 4");
    }

    [Fact]
    public void FromJson_UnknownProperty_ReportsPathAndLine()
    {
        const string json = "{\n  \"id\": \"a\",\n  \"colour\": \"red\"\n}";

        var act = () => BusinessCalendarDefinition.FromJson(json);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Field.Should().Be("$.colour");
        error.Message.Should().Contain("colour").And.Contain("line 3");
    }

    [Theory]
    [InlineData("sometimes")]
    [InlineData("1")]
    public void FromJson_UnknownOrNumericEnum_ReportsThePath(string kind)
    {
        var json = "{ \"holidayRules\": [ { \"name\": \"x\", \"kind\": " + (kind == "1" ? kind : "\"" + kind + "\"") + " } ] }";

        var act = () => BusinessCalendarDefinition.FromJson(json);

        act.Should().Throw<Civic311ValidationException>().Which.Errors.Single().Field.Should().Be("$.holidayRules[0].kind");
    }

    [Theory]
    [InlineData("null", "required")]
    [InlineData("", "invalid_format")]
    [InlineData("[]", "invalid_format")]
    public void FromJson_NoObject_ReportsTheRoot(string json, string code)
    {
        var act = () => BusinessCalendarDefinition.FromJson(json);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Field.Should().Be("$");
        error.Code.Should().Be(code);
    }

    [Theory]
    [InlineData("{ \"weeklyHours\": null }", "weeklyHours")]
    [InlineData("{ \"holidaySets\": null }", "holidaySets")]
    [InlineData("{ \"closures\": null }", "closures")]
    [InlineData("{ \"weeklyHours\": [ { \"monday\": null } ] }", "weeklyHours[0].monday")]
    [InlineData("{ \"holidayRules\": [ { \"name\": \"x\", \"dates\": null } ] }", "holidayRules[0].dates")]
    public void FromJson_NullList_IsAValidationErrorNotACrash(string json, string field)
    {
        var act = () => BusinessCalendarDefinition.FromJson(json);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        error.Field.Should().Be("$." + field);
        error.Message.Should().Contain("null");
    }

    [Fact]
    public void FromJson_NullEntries_AreLeftToValidation()
    {
        var definition = BusinessCalendarDefinition.FromJson("""
            { "id": "a", "timeZone": "America/New_York", "weeklyHours": [ { "monday": [ "09:00-17:00", null ] }, null ], "closures": [ null ] }
            """);

        Problems(definition).Should().Equal("weeklyHours[0].monday[1] invalid_format", "weeklyHours[1] required", "closures[0] required");
    }
}
