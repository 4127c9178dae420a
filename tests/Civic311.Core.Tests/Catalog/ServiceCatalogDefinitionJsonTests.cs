using System;
using System.IO;
using System.Linq;
using System.Text;
using Civic311.Catalog;

namespace Civic311.Core.Tests.Catalog;

public sealed class ServiceCatalogDefinitionJsonTests
{
    // A full catalog in the shape an integrator would keep in a file: camelCase names, Open311's lowercase datatype names,
    // comments and trailing commas.
    internal const string FullCatalog = """
        {
          // Who is accountable
          "agencies": [
            { "code": "DSNY", "name": "Department of Sanitation", "timeZone": "America/New_York" },
            { "code": "MIDA", "name": "Ministerio de Desarrollo Agropecuario", "timeZone": "America/Panama", },
          ],
          /* What residents can ask for */
          "serviceTypes": [
            {
              "code": "MISSED-PICKUP",
              "name": "Missed collection",
              "group": "Sanitation",
              "keywords": [ "trash", "garbage" ],
              "description": "Garbage not collected on the scheduled day.",
              "agency": "DSNY",
              "defaultQueue": "DSNY-COLLECTION",
              "active": true,
              "locationRequired": true,
              "attributes": [
                {
                  "code": "LANES",
                  "description": "Which lanes?",
                  "datatype": "multivaluelist",
                  "required": false,
                  "order": 5,
                  "values": [ { "key": "LEFT", "name": "Left lane" }, { "key": "RIGHT", "name": "Right lane" } ],
                },
                {
                  "code": "BIN-TYPE",
                  "datatype": "singlevaluelist",
                  "datatypeDescription": "Pick one",
                  "required": true,
                  "order": 1,
                  "values": [ { "key": "TRASH", "name": "Trash" }, { "key": "RECYCLING", "name": "Recycling" } ]
                },
                { "code": "WEIGHT", "datatype": "number", "order": 2 },
                { "code": "WHEN", "datatype": "datetime", "order": 3 },
                { "code": "LANDMARK", "datatype": "string", "order": 4 },
                { "code": "DETAILS", "datatype": "text", "order": 6 },
                { "code": "NOTICE", "datatype": "text", "variable": false, "order": 7, "description": "Bins go out after 8 pm." },
              ]
            },
            { "code": "INFO", "name": "Information request", "agency": "MIDA", "active": false, "locationRequired": false }
          ]
        }
        """;

    [Fact]
    public void FromJson_FullOpen311StyleCatalog_ParsesEveryField()
    {
        var definition = ServiceCatalogDefinition.FromJson(FullCatalog);

        definition.Agencies.Select(a => (a.Code, a.Name, a.TimeZone)).Should().Equal(
            ("DSNY", "Department of Sanitation", "America/New_York"),
            ("MIDA", "Ministerio de Desarrollo Agropecuario", "America/Panama"));
        definition.ServiceTypes.Should().HaveCount(2);

        var missed = definition.ServiceTypes[0];
        missed.Code.Should().Be("MISSED-PICKUP");
        missed.Name.Should().Be("Missed collection");
        missed.Group.Should().Be("Sanitation");
        missed.Keywords.Should().Equal("trash", "garbage");
        missed.Description.Should().Be("Garbage not collected on the scheduled day.");
        missed.Agency.Should().Be("DSNY");
        missed.DefaultQueue.Should().Be("DSNY-COLLECTION");
        missed.Active.Should().BeTrue();
        missed.LocationRequired.Should().BeTrue();
        missed.Attributes.Select(a => (a.Code, a.Datatype, a.Order)).Should().Equal(
            ("LANES", AttributeDatatype.MultiValueList, 5),
            ("BIN-TYPE", AttributeDatatype.SingleValueList, 1),
            ("WEIGHT", AttributeDatatype.Number, 2),
            ("WHEN", AttributeDatatype.Datetime, 3),
            ("LANDMARK", AttributeDatatype.String, 4),
            ("DETAILS", AttributeDatatype.Text, 6),
            ("NOTICE", AttributeDatatype.Text, 7));
        missed.Attributes[0].Description.Should().Be("Which lanes?");
        missed.Attributes[0].Values.Select(v => (v.Key, v.Name)).Should().Equal(("LEFT", "Left lane"), ("RIGHT", "Right lane"));
        missed.Attributes[1].Required.Should().BeTrue();
        missed.Attributes[1].DatatypeDescription.Should().Be("Pick one");
        missed.Attributes[2].Variable.Should().BeTrue("variable defaults to true when the JSON leaves it out");
        missed.Attributes[6].Variable.Should().BeFalse();

        var info = definition.ServiceTypes[1];
        info.Active.Should().BeFalse();
        info.LocationRequired.Should().BeFalse();
        info.Attributes.Should().BeEmpty();
        info.Keywords.Should().BeEmpty();
    }

    [Fact]
    public void FromJson_FullOpen311StyleCatalog_BuildsIntoACatalog()
    {
        var catalog = ServiceCatalog.Build(ServiceCatalogDefinition.FromJson(FullCatalog));

        catalog.TryGetServiceType("missed-pickup", out var missed).Should().BeTrue();
        missed!.Attributes.Select(a => a.Code).Should().Equal("BIN-TYPE", "WEIGHT", "WHEN", "LANDMARK", "LANES", "DETAILS", "NOTICE");
        missed.Agency.TimeZone.Id.Should().Be("America/New_York");
        catalog.TryGetServiceType("INFO", out var info).Should().BeTrue();
        info!.IsActive.Should().BeFalse();
        info.Agency.Code.Should().Be("MIDA");
    }

    [Theory]
    [InlineData("string", AttributeDatatype.String)]
    [InlineData("number", AttributeDatatype.Number)]
    [InlineData("datetime", AttributeDatatype.Datetime)]
    [InlineData("text", AttributeDatatype.Text)]
    [InlineData("singlevaluelist", AttributeDatatype.SingleValueList)]
    [InlineData("multivaluelist", AttributeDatatype.MultiValueList)]
    public void FromJson_Open311DatatypeSpelling_Parses(string datatype, AttributeDatatype expected)
    {
        var definition = ServiceCatalogDefinition.FromJson(WithDatatype(datatype));

        definition.ServiceTypes[0].Attributes[0].Datatype.Should().Be(expected);
    }

    [Theory]
    [InlineData("singleValueList", AttributeDatatype.SingleValueList)]
    [InlineData("multiValueList", AttributeDatatype.MultiValueList)]
    [InlineData("SingleValueList", AttributeDatatype.SingleValueList)]
    [InlineData("MULTIVALUELIST", AttributeDatatype.MultiValueList)]
    [InlineData("Datetime", AttributeDatatype.Datetime)]
    public void FromJson_CamelCaseOrOtherCasingOfDatatype_Parses(string datatype, AttributeDatatype expected)
    {
        var definition = ServiceCatalogDefinition.FromJson(WithDatatype(datatype));

        definition.ServiceTypes[0].Attributes[0].Datatype.Should().Be(expected);
    }

    [Fact]
    public void FromJson_Stream_ParsesLikeTheString()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(FullCatalog));

        var definition = ServiceCatalogDefinition.FromJson(stream);

        definition.ServiceTypes[0].Attributes[1].Datatype.Should().Be(AttributeDatatype.SingleValueList);
        definition.Agencies.Should().HaveCount(2);
    }

    [Fact]
    public void FromJson_MalformedJson_ThrowsValidationExceptionWithLine()
    {
        const string json = "{\n  \"agencies\": [\n    { \"code\": \"DSNY\" \"name\": \"x\" }\n  ]\n}";

        var act = () => ServiceCatalogDefinition.FromJson(json);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        error.Field.Should().StartWith("$.agencies[0]");
        error.Message.Should().Contain("line 3");
    }

    [Fact]
    public void FromJson_UnknownProperty_NamesItsPathAndLine()
    {
        const string json = """
            {
              "agencies": [
                { "code": "DSNY", "name": "Sanitation", "timeZone": "America/New_York" },
                { "code": "DOT", "name": "Transportation", "timezone_id": "America/New_York" }
              ],
              "serviceTypes": []
            }
            """;

        var act = () => ServiceCatalogDefinition.FromJson(json);

        var exception = act.Should().Throw<Civic311ValidationException>().Which;
        exception.Subject.Should().Be("service catalog JSON");
        var error = exception.Errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        error.Field.Should().Be("$.agencies[1].timezone_id");
        error.Message.Should().Contain("timezone_id").And.Contain("line 4");
    }

    [Fact]
    public void FromJson_UnknownDatatypeName_NamesItsPathAndLine()
    {
        const string json = """
            {
              "agencies": [ { "code": "DOT", "name": "Transportation", "timeZone": "America/New_York" } ],
              "serviceTypes": [
                {
                  "code": "POTHOLE", "name": "Pothole", "agency": "DOT",
                  "attributes": [
                    { "code": "SIZE", "order": 1, "datatype": "number" },
                    { "code": "KIND", "order": 2, "datatype": "dropdown" }
                  ]
                }
              ]
            }
            """;

        var act = () => ServiceCatalogDefinition.FromJson(json);

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        error.Field.Should().Be("$.serviceTypes[0].attributes[1].datatype");
        error.Message.Should().Contain("line 8");
    }

    // Regression: the general enum converter read "number, text" as the flags combination Number | Text (= Text) and
    // accepted surrounding spaces, so a typo in a catalog file silently became another datatype.
    [Theory]
    [InlineData("number, text")]
    [InlineData("string,multivaluelist")]
    [InlineData(" string")]
    [InlineData("text ")]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("single_value_list")]
    public void FromJson_DatatypeThatIsNotExactlyOneOpen311Name_IsRejected(string datatype)
    {
        var act = () => ServiceCatalogDefinition.FromJson(WithDatatype(datatype));

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Field.Should().Be("$.serviceTypes[0].attributes[0].datatype");
        error.Code.Should().Be(ValidationErrorCodes.InvalidFormat);
        error.Message.Should().Contain("singlevaluelist").And.Contain("line 4");
    }

    [Fact]
    public void FromJson_NumericDatatype_IsRejected()
    {
        var act = () => ServiceCatalogDefinition.FromJson(WithDatatype(null, raw: "4"));

        act.Should().Throw<Civic311ValidationException>()
            .Which.Errors.Should().ContainSingle().Which.Field.Should().Be("$.serviceTypes[0].attributes[0].datatype");
    }

    [Fact]
    public void FromJson_WrongValueType_NamesItsPath()
    {
        const string json = """{ "agencies": [], "serviceTypes": [ { "code": "X", "active": "yes" } ] }""";

        var act = () => ServiceCatalogDefinition.FromJson(json);

        act.Should().Throw<Civic311ValidationException>()
            .Which.Errors.Should().ContainSingle().Which.Field.Should().Be("$.serviceTypes[0].active");
    }

    [Fact]
    public void FromJson_NullDocument_ReportsARequiredRoot()
    {
        var act = () => ServiceCatalogDefinition.FromJson("null");

        var error = act.Should().Throw<Civic311ValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Field.Should().Be("$");
        error.Code.Should().Be(ValidationErrorCodes.Required);
    }

    [Fact]
    public void FromJson_NullArgument_ThrowsArgumentNullException()
    {
        FluentActions.Invoking(() => ServiceCatalogDefinition.FromJson((string)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => ServiceCatalogDefinition.FromJson((Stream)null!)).Should().Throw<ArgumentNullException>();
    }

    private static string WithDatatype(string? datatype, string? raw = null) => $$"""
        {
          "agencies": [ { "code": "DOT", "name": "Transportation", "timeZone": "America/New_York" } ],
          "serviceTypes": [
            { "code": "POTHOLE", "name": "Pothole", "agency": "DOT", "attributes": [ { "code": "A", "order": 1, "datatype": {{raw ?? "\"" + datatype + "\""}} } ] }
          ]
        }
        """;
}
