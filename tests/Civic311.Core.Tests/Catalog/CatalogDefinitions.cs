using Civic311.Catalog;

namespace Civic311.Core.Tests.Catalog;

/// <summary>A small valid definition whose every part a test can break, one problem at a time.</summary>
internal static class CatalogDefinitions
{
    /// <summary>
    /// agencies: [0] DSNY, [1] DOT, [2] MIDA (owns nothing, so breaking it causes no follow-on error).
    /// serviceTypes: [0] MISSED (DSNY, keywords, queue), [1] INFO (DSNY, no location), [2] POTHOLE (DOT) with attributes
    /// [0] SIZE number order 3, [1] LANES multivaluelist order 1, [2] NOTICE informational text order 2.
    /// </summary>
    public static ServiceCatalogDefinition Valid()
    {
        var definition = new ServiceCatalogDefinition()
            .AddAgency("DSNY", "Department of Sanitation", "America/New_York")
            .AddAgency("DOT", "Department of Transportation", "America/Chicago")
            .AddAgency("MIDA", "Ministerio de Desarrollo Agropecuario", "America/Panama");

        var missed = new ServiceTypeDefinition
        {
            Code = "MISSED",
            Name = "Missed collection",
            Group = "Sanitation",
            Agency = "DSNY",
            DefaultQueue = "DSNY-COLLECTION",
            Description = "Garbage not collected on the scheduled day.",
        };
        missed.Keywords.Add("trash");
        missed.Keywords.Add("garbage");

        var pothole = new ServiceTypeDefinition { Code = "POTHOLE", Name = "Pothole", Group = "Streets", Agency = "DOT" };
        pothole.Attributes.Add(new ServiceAttributeDefinition { Code = "SIZE", Datatype = AttributeDatatype.Number, Order = 3, Description = "Width in inches" });
        var lanes = new ServiceAttributeDefinition { Code = "LANES", Datatype = AttributeDatatype.MultiValueList, Order = 1 };
        lanes.Values.Add(new AttributeValueDefinition { Key = "LEFT", Name = "Left lane" });
        lanes.Values.Add(new AttributeValueDefinition { Key = "RIGHT", Name = "Right lane" });
        pothole.Attributes.Add(lanes);
        pothole.Attributes.Add(new ServiceAttributeDefinition { Code = "NOTICE", Datatype = AttributeDatatype.Text, Order = 2, Variable = false, Description = "File a claim for car damage." });

        return definition
            .AddServiceType(missed)
            .AddServiceType(new ServiceTypeDefinition { Code = "INFO", Name = "Information request", Agency = "DSNY", LocationRequired = false })
            .AddServiceType(pothole);
    }

    /// <summary>The POTHOLE service type of <see cref="Valid"/> (serviceTypes[2]).</summary>
    public static ServiceTypeDefinition Pothole(this ServiceCatalogDefinition definition) => definition.ServiceTypes[2];
}
