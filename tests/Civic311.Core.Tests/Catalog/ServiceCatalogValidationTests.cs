using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Catalog;

namespace Civic311.Core.Tests.Catalog;

public sealed class ServiceCatalogValidationTests
{
    // ---- the catalog as a whole ----

    [Fact]
    public void Build_EmptyDefinition_ReportsNoAgenciesAndNoServiceTypes()
    {
        var errors = ErrorsOf(new ServiceCatalogDefinition());

        errors.Select(e => (e.Field, e.Code)).Should().Equal(
            ("agencies", ValidationErrorCodes.Required),
            ("serviceTypes", ValidationErrorCodes.Required));
    }

    [Fact]
    public void Build_NoServiceTypes_ReportsServiceTypesRequired()
    {
        var definition = new ServiceCatalogDefinition().AddAgency("DOT", "Transportation", "America/New_York");

        ShouldReportOnly(definition, "serviceTypes", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Build_NoAgencies_ReportsAgenciesRequiredAndEachServiceTypesUnknownAgency()
    {
        var definition = new ServiceCatalogDefinition()
            .AddServiceType(new ServiceTypeDefinition { Code = "POTHOLE", Name = "Pothole", Agency = "DOT" });

        ErrorsOf(definition).Select(e => (e.Field, e.Code)).Should().Equal(
            ("agencies", ValidationErrorCodes.Required),
            ("serviceTypes[0].agency", ValidationErrorCodes.Unknown));
    }

    // ---- agencies ----

    [Fact]
    public void Build_NullAgencyEntry_ReportsTheEntry()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies.Add(null!);

        ShouldReportOnly(definition, "agencies[3]", ValidationErrorCodes.Required);
    }

    [Theory]
    [InlineData(null, ValidationErrorCodes.Required)]
    [InlineData("", ValidationErrorCodes.Required)]
    [InlineData("MI DA", ValidationErrorCodes.InvalidFormat)]
    [InlineData("MIDA/PA", ValidationErrorCodes.InvalidFormat)]
    [InlineData("MIDÁ", ValidationErrorCodes.InvalidFormat)]
    public void Build_BadAgencyCode_ReportsTheCode(string? code, string expectedCode)
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[2].Code = code;

        ShouldReportOnly(definition, "agencies[2].code", expectedCode);
    }

    [Fact]
    public void Build_AgencyCodeLongerThan64_IsInvalidButExactly64IsFine()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[2].Code = new string('A', 64);
        ServiceCatalog.TryBuild(definition, out _, out _).Should().BeTrue();

        definition.Agencies[2].Code = new string('A', 65);
        var error = ShouldReportOnly(definition, "agencies[2].code", ValidationErrorCodes.InvalidFormat);
        error.Message.Should().Contain("longer than 64");
    }

    [Fact]
    public void Build_AgencyCodeWithAllowedPunctuation_IsAccepted()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[2].Code = "Mida_PA-01.x";

        ServiceCatalog.TryBuild(definition, out var catalog, out _).Should().BeTrue();
        catalog!.Agencies[2].Code.Should().Be("Mida_PA-01.x");
    }

    [Fact]
    public void Build_DuplicateAgencyCodeInOtherCasing_ReportsTheSecond()
    {
        var definition = CatalogDefinitions.Valid();
        definition.AddAgency("mida", "Another ministry", "America/Panama");

        var error = ShouldReportOnly(definition, "agencies[3].code", ValidationErrorCodes.Duplicate);
        error.Message.Should().Contain("'mida'");
    }

    // Regression: only valid agencies were remembered, so a duplicate of an agency that had another problem went
    // unreported until that problem was fixed, breaking the "every problem at once" promise.
    [Fact]
    public void Build_DuplicateOfAnAgencyWithAnotherProblem_ReportsBothProblems()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[2].TimeZone = "Atlantis/Capital";
        definition.AddAgency("MIDA", "Ministerio de Desarrollo Agropecuario", "America/Panama");

        ErrorsOf(definition).Select(e => (e.Field, e.Code)).Should().Equal(
            ("agencies[2].timeZone", ValidationErrorCodes.Unknown),
            ("agencies[3].code", ValidationErrorCodes.Duplicate));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Build_MissingAgencyName_ReportsTheName(string? name)
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[2].Name = name;

        ShouldReportOnly(definition, "agencies[2].name", ValidationErrorCodes.Required);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Build_MissingAgencyTimeZone_ReportsTheTimeZoneRequired(string? zone)
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[2].TimeZone = zone;

        ShouldReportOnly(definition, "agencies[2].timeZone", ValidationErrorCodes.Required);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("EST5")]
    [InlineData("Panama")]
    public void Build_UnknownAgencyTimeZone_ReportsTheTimeZoneUnknown(string zone)
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[2].TimeZone = zone;

        var error = ShouldReportOnly(definition, "agencies[2].timeZone", ValidationErrorCodes.Unknown);
        error.Message.Should().Contain(zone);
    }

    [Fact]
    public void Build_ServiceTypeOwnedByAnInvalidAgency_ReportsOnlyTheAgencyProblem()
    {
        // The agency is defined, so "unknown agency" would send the reader to the wrong place.
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[1].TimeZone = "Nowhere/City";

        ErrorsOf(definition).Select(e => (e.Field, e.Code)).Should().Equal(
            ("agencies[1].timeZone", ValidationErrorCodes.Unknown));
    }

    [Fact]
    public void Build_ListValueKeyWithSurroundingSpaces_IsTrimmedAndDuplicatesAreFoundAfterTrimming()
    {
        var definition = CatalogDefinitions.Valid();
        var attribute = new ServiceAttributeDefinition { Code = "SIDE", Order = 99, Datatype = AttributeDatatype.SingleValueList };
        attribute.Values.Add(new AttributeValueDefinition { Key = " LEFT ", Name = "Left" });
        definition.ServiceTypes[0].Attributes.Add(attribute);

        var catalog = ServiceCatalog.Build(definition);
        catalog.ServiceTypes[0].TryGetAttribute("SIDE", out var side).Should().BeTrue();
        side!.Values.Single().Key.Should().Be("LEFT");
        side.IsAllowedValue("LEFT").Should().BeTrue();

        attribute.Values.Add(new AttributeValueDefinition { Key = "LEFT" });
        ErrorsOf(definition).Select(e => (e.Field, e.Code)).Should().Equal(
            ($"serviceTypes[0].attributes[{definition.ServiceTypes[0].Attributes.Count - 1}].values[1].key", ValidationErrorCodes.Duplicate));
    }

    // ---- service types ----

    [Fact]
    public void Build_NullServiceTypeEntry_ReportsTheEntry()
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes.Add(null!);

        ShouldReportOnly(definition, "serviceTypes[3]", ValidationErrorCodes.Required);
    }

    [Theory]
    [InlineData(null, ValidationErrorCodes.Required)]
    [InlineData("", ValidationErrorCodes.Required)]
    [InlineData("INFO DESK", ValidationErrorCodes.InvalidFormat)]
    [InlineData("INFO?", ValidationErrorCodes.InvalidFormat)]
    public void Build_BadServiceCode_ReportsTheCode(string? code, string expectedCode)
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[1].Code = code;

        ShouldReportOnly(definition, "serviceTypes[1].code", expectedCode);
    }

    [Fact]
    public void Build_DuplicateServiceCodeInOtherCasing_ReportsTheSecond()
    {
        var definition = CatalogDefinitions.Valid();
        definition.AddServiceType(new ServiceTypeDefinition { Code = "Pothole", Name = "Another pothole", Agency = "DOT" });

        ShouldReportOnly(definition, "serviceTypes[3].code", ValidationErrorCodes.Duplicate);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Build_MissingServiceName_ReportsTheName(string? name)
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[1].Name = name;

        ShouldReportOnly(definition, "serviceTypes[1].name", ValidationErrorCodes.Required);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Build_MissingOwningAgency_ReportsTheAgencyRequired(string? agency)
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[1].Agency = agency;

        ShouldReportOnly(definition, "serviceTypes[1].agency", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Build_UnknownOwningAgency_ReportsTheAgencyUnknown()
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[1].Agency = "NYPD";

        var error = ShouldReportOnly(definition, "serviceTypes[1].agency", ValidationErrorCodes.Unknown);
        error.Message.Should().Contain("NYPD");
    }

    [Fact]
    public void Build_OwningAgencyInOtherCasing_ResolvesToTheAgency()
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[1].Agency = "dsny";

        ServiceCatalog.Build(definition).ServiceTypes[1].Agency.Code.Should().Be("DSNY");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Build_EmptyKeyword_ReportsTheKeyword(string? keyword)
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[0].Keywords.Add(keyword!);

        ShouldReportOnly(definition, "serviceTypes[0].keywords[2]", ValidationErrorCodes.Required);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Build_EmptyDefaultQueue_ReportsTheQueue(string queue)
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[0].DefaultQueue = queue;

        ShouldReportOnly(definition, "serviceTypes[0].defaultQueue", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Build_NoDefaultQueue_IsFine()
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[0].DefaultQueue = null;

        ServiceCatalog.Build(definition).ServiceTypes[0].DefaultQueue.Should().BeNull();
    }

    // ---- attributes ----

    [Fact]
    public void Build_NullAttributeEntry_ReportsTheEntry()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes.Add(null!);

        ShouldReportOnly(definition, "serviceTypes[2].attributes[3]", ValidationErrorCodes.Required);
    }

    [Theory]
    [InlineData(null, ValidationErrorCodes.Required)]
    [InlineData("", ValidationErrorCodes.Required)]
    [InlineData("LANES[]", ValidationErrorCodes.InvalidFormat)]
    [InlineData("LANE S", ValidationErrorCodes.InvalidFormat)]
    public void Build_BadAttributeCode_ReportsTheCode(string? code, string expectedCode)
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes[1].Code = code;

        ShouldReportOnly(definition, "serviceTypes[2].attributes[1].code", expectedCode);
    }

    [Fact]
    public void Build_DuplicateAttributeCodeInOtherCasing_ReportsTheSecond()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes.Add(new ServiceAttributeDefinition { Code = "size", Datatype = AttributeDatatype.String, Order = 9 });

        ShouldReportOnly(definition, "serviceTypes[2].attributes[3].code", ValidationErrorCodes.Duplicate);
    }

    [Fact]
    public void Build_SameAttributeCodeInTwoServiceTypes_IsFine()
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[0].Attributes.Add(new ServiceAttributeDefinition { Code = "SIZE", Datatype = AttributeDatatype.Number, Order = 3 });

        ServiceCatalog.TryBuild(definition, out _, out var errors).Should().BeTrue();
        errors.Should().BeEmpty();
    }

    [Fact]
    public void Build_UndefinedDatatype_ReportsTheDatatype()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes[0].Datatype = (AttributeDatatype)42;

        ShouldReportOnly(definition, "serviceTypes[2].attributes[0].datatype", ValidationErrorCodes.NotInList);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Build_OrderNotPositive_ReportsTheOrderOutOfRange(int order)
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes[1].Order = order;

        var error = ShouldReportOnly(definition, "serviceTypes[2].attributes[1].order", ValidationErrorCodes.OutOfRange);
        error.Message.Should().Contain(order.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Build_DuplicateOrder_ReportsTheSecondAttribute()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes[1].Order = 3; // attributes[0] (SIZE) already has order 3

        ShouldReportOnly(definition, "serviceTypes[2].attributes[1].order", ValidationErrorCodes.Duplicate);
    }

    [Fact]
    public void Build_SameOrderInTwoServiceTypes_IsFine()
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[0].Attributes.Add(new ServiceAttributeDefinition { Code = "WHEN", Datatype = AttributeDatatype.Datetime, Order = 1 });

        ServiceCatalog.TryBuild(definition, out _, out _).Should().BeTrue();
    }

    [Fact]
    public void Build_RequiredInformationalAttribute_ReportsRequiredInconsistent()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes[2].Required = true; // NOTICE, variable = false

        ShouldReportOnly(definition, "serviceTypes[2].attributes[2].required", ValidationErrorCodes.Inconsistent);
    }

    [Theory]
    [InlineData(AttributeDatatype.SingleValueList)]
    [InlineData(AttributeDatatype.MultiValueList)]
    public void Build_ListWithoutValues_ReportsTheValuesRequired(AttributeDatatype datatype)
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes.Add(new ServiceAttributeDefinition { Code = "KIND", Datatype = datatype, Order = 4 });

        ShouldReportOnly(definition, "serviceTypes[2].attributes[3].values", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Build_InformationalListWithoutValues_IsFine()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes.Add(new ServiceAttributeDefinition { Code = "KIND", Datatype = AttributeDatatype.SingleValueList, Order = 4, Variable = false });

        ServiceCatalog.TryBuild(definition, out _, out _).Should().BeTrue();
    }

    [Theory]
    [InlineData(AttributeDatatype.String)]
    [InlineData(AttributeDatatype.Number)]
    [InlineData(AttributeDatatype.Datetime)]
    [InlineData(AttributeDatatype.Text)]
    public void Build_ValuesOnANonListAttribute_ReportsTheValuesInconsistent(AttributeDatatype datatype)
    {
        var definition = CatalogDefinitions.Valid();
        var size = definition.Pothole().Attributes[0];
        size.Datatype = datatype;
        size.Values.Add(new AttributeValueDefinition { Key = "BIG", Name = "Big" });

        ShouldReportOnly(definition, "serviceTypes[2].attributes[0].values", ValidationErrorCodes.Inconsistent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Build_EmptyValueKey_ReportsTheKey(string? key)
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes[1].Values.Insert(1, new AttributeValueDefinition { Key = key, Name = "Center lane" });

        ShouldReportOnly(definition, "serviceTypes[2].attributes[1].values[1].key", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Build_NullValueEntry_ReportsTheKey()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes[1].Values.Add(null!);

        ShouldReportOnly(definition, "serviceTypes[2].attributes[1].values[2].key", ValidationErrorCodes.Required);
    }

    [Fact]
    public void Build_DuplicateValueKey_ReportsTheSecond()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes[1].Values.Add(new AttributeValueDefinition { Key = "LEFT", Name = "Left again" });

        ShouldReportOnly(definition, "serviceTypes[2].attributes[1].values[2].key", ValidationErrorCodes.Duplicate);
    }

    [Fact]
    public void Build_ValueKeysDifferingOnlyInCase_AreDistinct()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Pothole().Attributes[1].Values.Add(new AttributeValueDefinition { Key = "left", Name = "Left (lower case)" });

        var lanes = ServiceCatalog.Build(definition).ServiceTypes[2].Attributes[0];
        lanes.Values.Select(v => v.Key).Should().Equal("LEFT", "RIGHT", "left");
    }

    // ---- everything at once ----

    [Fact]
    public void Build_DefinitionWithManyProblems_ReportsAllOfThemInOneException()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[2].Name = " ";                                    // 1
        definition.Agencies[2].TimeZone = "Atlantis/Capital";                 // 2
        definition.AddAgency("dsny", "Duplicate sanitation", "UTC");          // 3
        definition.ServiceTypes[0].Keywords.Add("");                          // 4
        definition.ServiceTypes[0].DefaultQueue = "";                         // 5
        definition.ServiceTypes[1].Agency = "NYPD";                           // 6
        definition.ServiceTypes[1].Code = "info desk";                        // 7
        var pothole = definition.Pothole();
        pothole.Attributes[0].Order = 0;                                      // 8
        pothole.Attributes[1].Values.Add(new AttributeValueDefinition { Key = "RIGHT" }); // 9
        pothole.Attributes[2].Required = true;                                // 10
        pothole.Attributes.Add(new ServiceAttributeDefinition { Code = "lanes", Datatype = AttributeDatatype.SingleValueList, Order = 2 }); // 11, 12, 13
        definition.ServiceTypes.Add(null!);                                   // 14

        var exception = FluentActions.Invoking(() => ServiceCatalog.Build(definition))
            .Should().Throw<Civic311ValidationException>().Which;

        exception.Subject.Should().Be("service catalog");
        exception.Errors.Select(e => (e.Field, e.Code)).Should().Equal(
            ("agencies[2].name", ValidationErrorCodes.Required),
            ("agencies[2].timeZone", ValidationErrorCodes.Unknown),
            ("agencies[3].code", ValidationErrorCodes.Duplicate),
            ("serviceTypes[0].defaultQueue", ValidationErrorCodes.Required),
            ("serviceTypes[0].keywords[2]", ValidationErrorCodes.Required),
            ("serviceTypes[1].code", ValidationErrorCodes.InvalidFormat),
            ("serviceTypes[1].agency", ValidationErrorCodes.Unknown),
            ("serviceTypes[2].attributes[0].order", ValidationErrorCodes.OutOfRange),
            ("serviceTypes[2].attributes[1].values[2].key", ValidationErrorCodes.Duplicate),
            ("serviceTypes[2].attributes[2].required", ValidationErrorCodes.Inconsistent),
            ("serviceTypes[2].attributes[3].code", ValidationErrorCodes.Duplicate),
            ("serviceTypes[2].attributes[3].order", ValidationErrorCodes.Duplicate),
            ("serviceTypes[2].attributes[3].values", ValidationErrorCodes.Required),
            ("serviceTypes[3]", ValidationErrorCodes.Required));
        exception.Message.Should().StartWith("The service catalog is invalid (14 problems):");
        foreach (var error in exception.Errors)
        {
            exception.Message.Should().Contain("  - " + error.Field + ": " + error.Message + " (" + error.Code + ")");
        }
    }

    [Fact]
    public void Build_OneProblem_SaysProblemInTheSingular()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[2].Name = null;

        FluentActions.Invoking(() => ServiceCatalog.Build(definition)).Should().Throw<Civic311ValidationException>()
            .Which.Message.Should().StartWith("The service catalog is invalid (1 problem):");
    }

    private static IReadOnlyList<ValidationError> ErrorsOf(ServiceCatalogDefinition definition)
    {
        ServiceCatalog.TryBuild(definition, out var catalog, out var errors).Should().BeFalse();
        catalog.Should().BeNull();
        var thrown = FluentActions.Invoking(() => ServiceCatalog.Build(definition)).Should().Throw<Civic311ValidationException>().Which;
        thrown.Errors.Should().Equal(errors, "Build and TryBuild apply the same rules");
        return errors;
    }

    private static ValidationError ShouldReportOnly(ServiceCatalogDefinition definition, string field, string code)
    {
        var error = ErrorsOf(definition).Should().ContainSingle().Subject;
        error.Field.Should().Be(field);
        error.Code.Should().Be(code);
        error.Message.Should().NotBeNullOrWhiteSpace();
        return error;
    }
}
