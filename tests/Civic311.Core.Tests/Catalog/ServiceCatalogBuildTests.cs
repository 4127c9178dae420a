using System;
using System.Linq;
using Civic311.Catalog;

namespace Civic311.Core.Tests.Catalog;

public sealed class ServiceCatalogBuildTests
{
    [Fact]
    public void Build_ValidDefinition_KeepsAgenciesAndServiceTypesInDefinitionOrder()
    {
        var catalog = ServiceCatalog.Build(CatalogDefinitions.Valid());

        catalog.Agencies.Select(a => a.Code).Should().Equal("DSNY", "DOT", "MIDA");
        catalog.ServiceTypes.Select(s => s.Code).Should().Equal("MISSED", "INFO", "POTHOLE");
    }

    [Fact]
    public void Build_ValidDefinition_SortsAttributesByOrder()
    {
        var catalog = ServiceCatalog.Build(CatalogDefinitions.Valid());

        var pothole = catalog.ServiceTypes[2];
        pothole.Attributes.Select(a => (a.Code, a.Order)).Should().Equal(("LANES", 1), ("NOTICE", 2), ("SIZE", 3));
    }

    [Fact]
    public void Build_ValidDefinition_ResolvesEachAgencyTimeZone()
    {
        var catalog = ServiceCatalog.Build(CatalogDefinitions.Valid());

        catalog.Agencies.Select(a => a.TimeZone.Id).Should().Equal("America/New_York", "America/Chicago", "America/Panama");
        catalog.ServiceTypes[2].Agency.Should().BeSameAs(catalog.Agencies[1]);
    }

    [Fact]
    public void Build_ValidDefinition_CopiesEveryServiceTypeField()
    {
        var missed = ServiceCatalog.Build(CatalogDefinitions.Valid()).ServiceTypes[0];

        missed.Name.Should().Be("Missed collection");
        missed.Group.Should().Be("Sanitation");
        missed.Keywords.Should().Equal("trash", "garbage");
        missed.Description.Should().Be("Garbage not collected on the scheduled day.");
        missed.Agency.Code.Should().Be("DSNY");
        missed.DefaultQueue.Should().Be("DSNY-COLLECTION");
        missed.IsActive.Should().BeTrue();
        missed.IsLocationRequired.Should().BeTrue();
        missed.ToString().Should().Be("MISSED (Missed collection)");
    }

    [Fact]
    public void Build_ValidDefinition_CopiesEveryAttributeField()
    {
        var pothole = ServiceCatalog.Build(CatalogDefinitions.Valid()).ServiceTypes[2];

        var lanes = pothole.Attributes[0];
        lanes.Datatype.Should().Be(AttributeDatatype.MultiValueList);
        lanes.IsList.Should().BeTrue();
        lanes.IsVariable.Should().BeTrue();
        lanes.IsRequired.Should().BeFalse();
        lanes.Values.Should().Equal(new AttributeValueOption("LEFT", "Left lane"), new AttributeValueOption("RIGHT", "Right lane"));

        var notice = pothole.Attributes[1];
        notice.IsVariable.Should().BeFalse();
        notice.Description.Should().Be("File a claim for car damage.");

        var size = pothole.Attributes[2];
        size.IsList.Should().BeFalse();
        size.Values.Should().BeEmpty();
        size.IsAllowedValue("LEFT").Should().BeFalse();
    }

    [Fact]
    public void Build_TextWithSurroundingSpaces_IsTrimmedAndBlankOptionalTextBecomesNull()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[0].Name = "  Department of Sanitation  ";
        definition.ServiceTypes[0].Keywords[0] = "  trash ";
        definition.ServiceTypes[0].DefaultQueue = " DSNY-COLLECTION ";
        definition.Pothole().Attributes[0].Description = "   ";
        definition.Pothole().Attributes[1].Values[0].Name = " ";

        var catalog = ServiceCatalog.Build(definition);

        catalog.Agencies[0].Name.Should().Be("Department of Sanitation");
        catalog.ServiceTypes[0].Keywords[0].Should().Be("trash");
        catalog.ServiceTypes[0].DefaultQueue.Should().Be("DSNY-COLLECTION");
        catalog.ServiceTypes[2].Attributes.Single(a => a.Code == "SIZE").Description.Should().BeNull();
        catalog.ServiceTypes[2].Attributes[0].Values[0].Should().Be(new AttributeValueOption("LEFT", "LEFT"), "a value without a name is shown by its key");
    }

    [Theory]
    [InlineData("POTHOLE")]
    [InlineData("pothole")]
    [InlineData("PotHole")]
    public void TryGetServiceType_AnyCasing_FindsTheServiceType(string code)
    {
        var catalog = ServiceCatalog.Build(CatalogDefinitions.Valid());

        catalog.TryGetServiceType(code, out var serviceType).Should().BeTrue();
        serviceType!.Code.Should().Be("POTHOLE");
    }

    [Fact]
    public void TryGetServiceType_UnknownCode_ReturnsFalse()
    {
        var catalog = ServiceCatalog.Build(CatalogDefinitions.Valid());

        catalog.TryGetServiceType("GRAFFITI", out var serviceType).Should().BeFalse();
        serviceType.Should().BeNull();
    }

    [Fact]
    public void TryGetAgency_AnyCasing_FindsTheAgency()
    {
        var catalog = ServiceCatalog.Build(CatalogDefinitions.Valid());

        catalog.TryGetAgency("mida", out var agency).Should().BeTrue();
        agency!.Name.Should().Be("Ministerio de Desarrollo Agropecuario");
        agency.ToString().Should().Be("MIDA (Ministerio de Desarrollo Agropecuario)");
        catalog.TryGetAgency("NYPD", out _).Should().BeFalse();
    }

    [Fact]
    public void TryGetAttribute_AnyCasing_FindsTheAttribute()
    {
        var pothole = ServiceCatalog.Build(CatalogDefinitions.Valid()).ServiceTypes[2];

        pothole.TryGetAttribute("size", out var size).Should().BeTrue();
        size!.Code.Should().Be("SIZE");
        pothole.TryGetAttribute("WEIGHT", out _).Should().BeFalse();
    }

    [Fact]
    public void IsAllowedValue_KeyInOtherCasing_IsNotAllowed()
    {
        var lanes = ServiceCatalog.Build(CatalogDefinitions.Valid()).ServiceTypes[2].Attributes[0];

        lanes.IsAllowedValue("LEFT").Should().BeTrue();
        lanes.IsAllowedValue("left").Should().BeFalse();
        lanes.IsAllowedValue("CENTER").Should().BeFalse();
    }

    [Fact]
    public void HasMetadata_ServiceTypesWithAndWithoutAttributes_IsTrueOnlyWithAttributes()
    {
        var catalog = ServiceCatalog.Build(CatalogDefinitions.Valid());

        catalog.ServiceTypes.Select(s => s.HasMetadata).Should().Equal(false, false, true);
    }

    [Fact]
    public void Build_InactiveServiceTypeAndNoLocation_AreKept()
    {
        var definition = CatalogDefinitions.Valid();
        definition.ServiceTypes[0].Active = false;

        var catalog = ServiceCatalog.Build(definition);

        catalog.ServiceTypes[0].IsActive.Should().BeFalse();
        catalog.ServiceTypes[1].IsLocationRequired.Should().BeFalse();
        catalog.TryGetServiceType("MISSED", out _).Should().BeTrue("inactive service types stay in the catalog so old requests keep their type");
    }

    [Fact]
    public void Build_DefinitionChangedAfterBuild_DoesNotChangeTheCatalog()
    {
        var definition = CatalogDefinitions.Valid();
        var catalog = ServiceCatalog.Build(definition);

        definition.Agencies[0].Name = "Renamed";
        definition.ServiceTypes[0].Keywords.Add("recycling");
        definition.Pothole().Attributes[1].Values.Add(new AttributeValueDefinition { Key = "CENTER" });

        catalog.Agencies[0].Name.Should().Be("Department of Sanitation");
        catalog.ServiceTypes[0].Keywords.Should().Equal("trash", "garbage");
        catalog.ServiceTypes[2].Attributes[0].IsAllowedValue("CENTER").Should().BeFalse();
    }

    [Fact]
    public void TryBuild_ValidDefinition_ReturnsTrueAndNoErrors()
    {
        ServiceCatalog.TryBuild(CatalogDefinitions.Valid(), out var catalog, out var errors).Should().BeTrue();

        catalog.Should().NotBeNull();
        errors.Should().BeEmpty();
    }

    [Fact]
    public void Build_NullDefinition_ThrowsArgumentNullException()
    {
        FluentActions.Invoking(() => ServiceCatalog.Build(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => ServiceCatalog.TryBuild(null!, out _, out _)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void TryGetServiceType_NullCode_ThrowsArgumentNullException()
    {
        var catalog = ServiceCatalog.Build(CatalogDefinitions.Valid());

        FluentActions.Invoking(() => catalog.TryGetServiceType(null!, out _)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => catalog.TryGetAgency(null!, out _)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void AddServiceType_Null_ThrowsArgumentNullException()
    {
        FluentActions.Invoking(() => new ServiceCatalogDefinition().AddServiceType(null!)).Should().Throw<ArgumentNullException>();
    }
}
