using System.Linq;
using Civic311.Catalog;

namespace Civic311.Core.Tests.Catalog;

/// <summary>The queues an agency declares, and the default queues that must be among them.</summary>
public sealed class AgencyQueueTests
{
    private static ServiceCatalogDefinition WithQueues()
    {
        var definition = CatalogDefinitions.Valid();
        definition.Agencies[0].AddQueue("DSNY-COLLECTION", "Collection").AddQueue("DSNY-ENFORCEMENT");
        return definition;
    }

    [Fact]
    public void Build_AgencyWithQueues_ExposesThemInOrder()
    {
        var catalog = ServiceCatalog.Build(WithQueues());

        catalog.Agencies[0].Queues.Should().Equal(new AgencyQueue("DSNY-COLLECTION", "Collection"), new AgencyQueue("DSNY-ENFORCEMENT", "DSNY-ENFORCEMENT"));
        catalog.Agencies[0].HasQueue("dsny-collection").Should().BeTrue();
        catalog.Agencies[0].HasQueue("DOT-ROADWAY").Should().BeFalse();
        catalog.Agencies[1].Queues.Should().BeEmpty();
    }

    [Fact]
    public void Build_DuplicateOrInvalidQueueCodes_AreEachListed()
    {
        var definition = WithQueues();
        definition.Agencies[0].AddQueue("dsny-collection").AddQueue("bad queue");

        var errors = ServiceCatalog.TryBuild(definition, out _, out var list) ? [] : list;

        errors.Select(e => (e.Field, e.Code)).Should().Equal(
            ("agencies[0].queues[2].code", ValidationErrorCodes.Duplicate),
            ("agencies[0].queues[3].code", ValidationErrorCodes.InvalidFormat));
    }

    [Fact]
    public void Build_DefaultQueueNotDeclaredByItsAgency_IsUnknown()
    {
        var definition = WithQueues();
        definition.ServiceTypes[0].DefaultQueue = "DSNY-ELSEWHERE";

        var errors = ServiceCatalog.TryBuild(definition, out _, out var list) ? [] : list;

        errors.Should().ContainSingle().Which.Field.Should().Be("serviceTypes[0].defaultQueue");
        errors[0].Code.Should().Be(ValidationErrorCodes.Unknown);
        errors[0].Message.Should().Contain("DSNY-COLLECTION, DSNY-ENFORCEMENT");
    }

    [Fact]
    public void Build_DefaultQueueOfAnAgencyWithoutQueues_StaysFreeForm()
    {
        ServiceCatalog.Build(CatalogDefinitions.Valid()).ServiceTypes[0].DefaultQueue.Should().Be("DSNY-COLLECTION");
    }

    [Fact]
    public void FromJson_AgencyQueues_AreRead()
    {
        var definition = ServiceCatalogDefinition.FromJson("""
            {"agencies":[{"code":"DOT","name":"Transportation","timeZone":"America/New_York","queues":[{"code":"DOT-ROADWAY","name":"Roadway"}]}],
             "serviceTypes":[{"code":"POTHOLE","name":"Pothole","agency":"DOT","defaultQueue":"DOT-ROADWAY"}]}
            """);

        ServiceCatalog.Build(definition).Agencies[0].Queues.Should().Equal(new AgencyQueue("DOT-ROADWAY", "Roadway"));
    }
}
