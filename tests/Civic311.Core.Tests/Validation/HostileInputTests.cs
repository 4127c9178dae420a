using System.Linq;
using Civic311.Application;
using Civic311.Catalog;
using Civic311.InMemory;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Testing;

namespace Civic311.Core.Tests.Validation;

/// <summary>
/// Values found by fuzzing the public readers that escaped as OverflowException, were silently cut at U+0000, or let a
/// repeated key win: each is now refused at validation with its path (and the accepted range where there is one).
/// </summary>
public sealed class HostileInputTests
{
    private const string Hours = """{ "monday": [ "08:30-17:00" ] }""";

    private static ValidationError OnlyError(System.Action act) =>
        act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;

    private static ValidationError[] CalendarErrors(string json) => BusinessCalendar.Validate(BusinessCalendarDefinition.FromJson(json)).ToArray();

    [Theory]
    [InlineData("9999-12-31T23:59")]
    [InlineData("9999-12-31T00:01")]
    public void Calendar_ClosureEndingWhereNoInstantExists_IsOutOfRange(string end)
    {
        var errors = CalendarErrors($$"""{ "id": "c", "timeZone": "America/New_York", "weeklyHours": [ {{Hours}} ], "closures": [ { "start": "2030-06-01", "end": "{{end}}", "name": "Forever" } ] }""");

        errors.Should().ContainSingle().Which.Should().Match<ValidationError>(e => e.Field == "closures[0].end" && e.Code == ValidationErrorCodes.OutOfRange
            && e.Message.Contains("-9998-01-02T00:00 to 9999-12-31T00:00"));
    }

    [Fact]
    public void Calendar_ClosureEndingAtTheLastDay_IsAClosureWithoutEnd()
    {
        CalendarErrors($$"""{ "id": "c", "timeZone": "Pacific/Kiritimati", "weeklyHours": [ {{Hours}} ], "closures": [ { "start": "2030-06-01", "end": "9999-12-31", "name": "Forever" } ] }""")
            .Should().BeEmpty();
    }

    [Fact]
    public void Calendar_EasterOffsetOfIntMinValue_IsOutOfRange()
    {
        var errors = CalendarErrors($$"""{ "id": "c", "timeZone": "America/New_York", "weeklyHours": [ {{Hours}} ], "holidayRules": [ { "name": "x", "kind": "easterOffset", "offsetDays": -2147483648 } ] }""");

        errors.Should().ContainSingle().Which.Should().Match<ValidationError>(e => e.Field == "holidayRules[0].offsetDays" && e.Code == ValidationErrorCodes.OutOfRange);
    }

    [Theory]
    [InlineData("closures[0].start", """ "weeklyHours": [ { "monday": [ "08:30-17:00" ] } ], "closures": [ { "start": "2026-12-24T12:00\u0000<script>", "end": "2026-12-26", "name": "x" } ] """)]
    [InlineData("weeklyHours[0].monday[0]", """ "weeklyHours": [ { "monday": [ "08:30-17:00\u0000junk" ] } ] """)]
    [InlineData("weeklyHours[1].effectiveFrom", """ "weeklyHours": [ { "monday": [ "08:30-17:00" ] }, { "effectiveFrom": "2027-01-01\u0000x", "monday": [ "08:30-17:00" ] } ] """)]
    [InlineData("holidayRules[0].dates[0]", """ "weeklyHours": [ { "monday": [ "08:30-17:00" ] } ], "holidayRules": [ { "name": "x", "kind": "explicitDates", "dates": [ "2026-03-17\u0000" ] } ] """)]
    public void Calendar_ControlCharacterInAValue_IsRefusedNotCutOff(string field, string body)
    {
        var errors = CalendarErrors($$"""{ "id": "c", "timeZone": "America/New_York", {{body}} }""");

        errors.Should().ContainSingle().Which.Should().Match<ValidationError>(e => e.Field == field && e.Code == ValidationErrorCodes.InvalidFormat
            && e.Message.Contains("U+0000") && !e.Message.Contains('\0'));
    }

    [Fact]
    public void Calendar_RepeatedKey_IsADuplicateNotTheLastOneWinning()
    {
        var error = OnlyError(() => BusinessCalendarDefinition.FromJson("""{ "id": "c", "timeZone": "Mars/Olympus", "timeZone": "UTC", "weeklyHours": [] }"""));

        error.Field.Should().Be("$.timeZone");
        error.Code.Should().Be(ValidationErrorCodes.Duplicate);
        error.Message.Should().Contain("'timeZone'").And.Contain("line 1");
    }

    [Fact]
    public void Json_RepeatedKeyDeepInAnArray_NamesItsPathAndLine()
    {
        var error = OnlyError(() => SlaPolicyDefinition.ListFromJson("""
            [
              { "serviceCode": "POTHOLE", "targets": [] },
              { "serviceCode": "POTHOLE", "targets": [ { "kpi": "resolution", "kind": "calendarTime",
                  "amount": "4h", "amount": "4000000h" } ] }
            ]
            """));

        error.Field.Should().Be("$[1].targets[0].amount");
        error.Message.Should().Contain("line 4");
    }

    [Fact]
    public void Json_SameKeyInSiblingObjects_IsAccepted()
    {
        SlaPolicyDefinition.ListFromJson("""[ { "serviceCode": "A", "targets": [] }, { "serviceCode": "B", "targets": [] } ]""").Should().HaveCount(2);
    }

    [Fact]
    public void Json_StreamThatNeverEnds_IsRefusedAtTheLimit()
    {
        using var endless = new EndlessStream();

        var error = OnlyError(() => ServiceCatalogDefinition.FromJson(endless));

        error.Code.Should().Be(ValidationErrorCodes.TooLong);
        endless.Position.Should().BeLessThanOrEqualTo(40L * 1024 * 1024, "the reader stops near the limit");
    }

    [Theory]
    [InlineData("60000000000000000000000000h")]
    [InlineData("79228162514264337593543950335m")]
    [InlineData("10000001m")]
    public void Sla_AmountBeyondTheLimit_IsRefusedWithTheLimit(string amount)
    {
        var options = Civic311.Storage.Specification.TestCatalog.Options();
        var policy = new SlaPolicyDefinition { ServiceCode = "POTHOLE" };
        policy.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.CalendarTime, Amount = amount });
        options.SlaPolicies.Add(policy);

        var error = OnlyError(() => _ = new ServiceRequests(new InMemoryServiceRequestStore(), options, new FakeClock(Civic311.Storage.Specification.TestCatalog.Start)));

        error.Field.Should().EndWith("targets[0].amount");
        error.Message.Should().Contain("10,000,000 minutes");
    }

    [Fact]
    public void Routing_TimeWithAControlCharacter_IsRefused()
    {
        var definition = RoutingDefinition.FromJson("""
            { "rules": [ { "name": "night", "when": { "time": { "from": "22:00\u0000x", "to": "06:00" } }, "then": { "agency": "DOT", "queue": "DOT-NIGHT" } } ],
              "fallback": { "agency": "311", "queue": "TRIAGE" } }
            """);

        var error = OnlyError(() => RoutingRules.Build(definition, Routing.RoutingKit.Catalog));

        error.Field.Should().Be("rules[0].when.time.from");
        error.Message.Should().Contain("U+0000");
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59-14:00")]
    [InlineData("-9998-01-01T00:00:00+14:00")]
    [InlineData("2300-01-01T00:00:00Z")]
    public async System.Threading.Tasks.Task Submission_DatetimeAtTheEdgeOfTime_IsOutOfRangeInValidateAndSubmit(string value)
    {
        var service = Submissions.Service();
        var submission = Submissions.MissedPickup().WithAttribute("MISSED-DATE", value);

        var errors = service.Validate(submission);
        var submit = () => service.SubmitAsync(submission).AsTask();

        SubmissionValidationTests.ShouldBeOnly(errors, "attributes[MISSED-DATE]", ValidationErrorCodes.OutOfRange).Message.Should().Contain("1900 to 2299");
        (await submit.Should().ThrowAsync<Civic311ValidationException>()).Which.Errors.Should().ContainSingle(e => e.Code == ValidationErrorCodes.OutOfRange);
    }

    [Theory]
    [InlineData("2026-11-24T13:30:00Z\u0000<script>")]
    [InlineData("2026-11-24T13:30:00Z\u0001")]
    public void Submission_DatetimeWithAControlCharacter_IsRefused(string value)
    {
        var errors = Submissions.Service().Validate(Submissions.MissedPickup().WithAttribute("MISSED-DATE", value));

        SubmissionValidationTests.ShouldBeOnly(errors, "attributes[MISSED-DATE]", ValidationErrorCodes.InvalidFormat).Message.Should().Contain("U+00");
    }

    [Fact]
    public void Submission_ControlCharacterInFreeText_IsRefusedWithoutEchoingIt()
    {
        var errors = Submissions.Service().Validate(Submissions.Pothole() with { Description = "Deep hole\u0000 call Ana at 212 555 0100" });

        var error = SubmissionValidationTests.ShouldBeOnly(errors, "description", ValidationErrorCodes.InvalidFormat);
        error.Message.Should().Contain("U+0000").And.NotContain("555");
    }

    [Fact]
    public void Submission_TabsAndLineBreaksInFreeText_AreAccepted()
    {
        Submissions.Service().Validate(Submissions.Pothole() with { Description = "Deep hole\r\n\tnear the bus stop" }).Should().BeEmpty();
    }

    [Fact]
    public void ValidationError_ControlAndBidiCharacters_AreShownEscaped()
    {
        var error = new ValidationError("$.x\u0000y", ValidationErrorCodes.Unknown, "'\u202Egpj.exe' is not known\u001B[2J");

        error.Field.Should().Be("$.x\\u0000y");
        error.Message.Should().Be("'\\u202Egpj.exe' is not known\\u001B[2J");
    }

    [Fact]
    public void Json_UnpairedSurrogateEscape_IsRefusedWithItsPath()
    {
        var error = OnlyError(() => SlaPolicyDefinition.ListFromJson("""[ { "serviceCode": "POT\ud800HOLE", "targets": [] } ]"""));

        error.Field.Should().Be("$[0].serviceCode");
        error.Message.Should().Contain("half a surrogate pair").And.Contain("line 1");
    }

    [Theory]
    [InlineData("190", "40.7")]
    [InlineData("-73.9", "95")]
    [InlineData("1e308", "40.7")]
    [InlineData("-73.9", "-1e999")]
    public void GeoJson_PositionOutsideWgs84_IsRefusedNamingTheFeature(string longitude, string latitude)
    {
        var polygon = $$"""{"type":"Polygon","coordinates":[[[-74.0,40.7],[{{longitude}},{{latitude}}],[-73.9,40.8],[-74.0,40.7]]]}""";
        var definition = Routing.RoutingKit.Definition().AddDistricts("ward", Routing.RoutingKit.FeatureCollection(
            Routing.RoutingKit.Feature("North", Routing.RoutingKit.Square(-74, 40.7, -73.9, 40.8)), Routing.RoutingKit.Feature("Harbor", polygon)), "name");

        var error = OnlyError(() => RoutingRules.Build(definition, Routing.RoutingKit.Catalog));

        error.Field.Should().Be("districts[1].features[1].geometry", "the kit's definition has the zone districts first");
        error.Message.Should().Contain("feature 1 ('Harbor')").And.Contain("outside WGS 84").And.Contain("position 1");
    }

    [Fact]
    public void GeoJson_RepeatedKey_IsRefusedWithItsPath()
    {
        var feature = """{"type":"Feature","properties":{"name":"North","name":"South"},"geometry":""" + Routing.RoutingKit.Square(-74, 40.7, -73.9, 40.8) + "}";
        var definition = Routing.RoutingKit.Definition().AddDistricts("ward", Routing.RoutingKit.FeatureCollection(feature), "name");

        var error = OnlyError(() => RoutingRules.Build(definition, Routing.RoutingKit.Catalog));

        error.Field.Should().Be("districts[1].geoJson");
        error.Code.Should().Be(ValidationErrorCodes.Duplicate);
        error.Message.Should().Contain("$.features[0].properties.name").And.Contain("'name' appears twice");
    }

    [Fact]
    public void GeoJson_FileThatNeverEnds_IsRefusedAtTheLimit()
    {
        using var endless = new EndlessStream();
        var definition = RoutingDefinition.FromJson(
            """{ "districts": [ { "name": "ward", "file": "wards.geojson", "nameProperty": "name" } ], "fallback": { "agency": "311", "queue": "TRIAGE" } }""",
            new OneFileProvider("wards.geojson", endless));

        var error = OnlyError(() => RoutingRules.Build(definition, Routing.RoutingKit.Catalog));

        error.Field.Should().Be("districts[0].file");
        error.Code.Should().Be(ValidationErrorCodes.TooLong);
        error.Message.Should().Contain("'wards.geojson'").And.Contain("64 MB");
        endless.Position.Should().BeLessThanOrEqualTo(72L * 1024 * 1024, "the reader stops near the limit");
    }

    /// <summary>A provider with one file whose stream is given (a device such as /dev/zero reports no length).</summary>
    private sealed class OneFileProvider(string name, System.IO.Stream stream) : Microsoft.Extensions.FileProviders.IFileProvider
    {
        public Microsoft.Extensions.FileProviders.IDirectoryContents GetDirectoryContents(string subpath) => Microsoft.Extensions.FileProviders.NotFoundDirectoryContents.Singleton;

        public Microsoft.Extensions.FileProviders.IFileInfo GetFileInfo(string subpath) =>
            subpath == name ? new StreamFile(name, stream) : new Microsoft.Extensions.FileProviders.NotFoundFileInfo(subpath);

        public Microsoft.Extensions.Primitives.IChangeToken Watch(string filter) => Microsoft.Extensions.FileProviders.NullChangeToken.Singleton;

        private sealed class StreamFile(string name, System.IO.Stream stream) : Microsoft.Extensions.FileProviders.IFileInfo
        {
            public bool Exists => true;

            public long Length => -1;

            public string? PhysicalPath => null;

            public string Name => name;

            public System.DateTimeOffset LastModified => System.DateTimeOffset.UnixEpoch;

            public bool IsDirectory => false;

            public System.IO.Stream CreateReadStream() => new NonClosingStream(stream);
        }

        // The test reads the endless stream's position after the reader disposed its stream.
        private sealed class NonClosingStream(System.IO.Stream inner) : System.IO.Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new System.NotSupportedException();

            public override long Position { get => inner.Position; set => throw new System.NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

            public override void Flush()
            {
            }

            public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new System.NotSupportedException();

            public override void SetLength(long value) => throw new System.NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new System.NotSupportedException();
        }
    }

    private sealed class EndlessStream : System.IO.Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new System.NotSupportedException();

        public override long Position { get => _position; set => throw new System.NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            System.Array.Fill(buffer, (byte)' ', offset, count);
            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new System.NotSupportedException();

        public override void SetLength(long value) => throw new System.NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new System.NotSupportedException();
    }
}
