using System;
using Civic311.Catalog;
using Civic311.Sla;
using NodaTime;
using Civic311.Application;

namespace Civic311.Storage.Specification;

/// <summary>A small multi-agency catalog exercising every attribute datatype, shared by the test projects.</summary>
internal static class TestCatalog
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 14, 0); // a Monday, 09:00 in New York

    public static ServiceCatalogDefinition Definition()
    {
        var definition = new ServiceCatalogDefinition()
            .AddAgency("DSNY", "Department of Sanitation", "America/New_York")
            .AddAgency("DOT", "Department of Transportation", "America/New_York")
            .AddAgency("ACC", "Animal Care Centers", "America/New_York")
            .AddAgency("HPD", "Housing Preservation and Development", "America/New_York");

        var missed = new ServiceTypeDefinition
        {
            Code = "MISSED-PICKUP", Name = "Missed collection", Group = "Sanitation", Agency = "DSNY", DefaultQueue = "DSNY-COLLECTION",
            Description = "Garbage, recycling or organics not collected on the scheduled day.",
        };
        missed.Keywords.Add("trash");
        missed.Keywords.Add("garbage");
        missed.Attributes.Add(ListAttribute("BIN-TYPE", 1, required: true, AttributeDatatype.SingleValueList, ("TRASH", "Trash"), ("RECYCLING", "Recycling"), ("ORGANICS", "Organics")));
        missed.Attributes.Add(new ServiceAttributeDefinition { Code = "MISSED-DATE", Order = 2, Datatype = AttributeDatatype.Datetime, Description = "Scheduled collection" });

        var pothole = new ServiceTypeDefinition { Code = "POTHOLE", Name = "Pothole", Group = "Streets", Agency = "DOT", DefaultQueue = "DOT-ROADWAY" };
        pothole.Attributes.Add(new ServiceAttributeDefinition { Code = "SIZE", Order = 1, Datatype = AttributeDatatype.Number, Description = "Width in inches" });
        pothole.Attributes.Add(ListAttribute("LANES", 2, required: false, AttributeDatatype.MultiValueList, ("LEFT", "Left lane"), ("CENTER", "Center lane"), ("RIGHT", "Right lane")));
        pothole.Attributes.Add(new ServiceAttributeDefinition { Code = "SAFETY-INFO", Order = 3, Datatype = AttributeDatatype.Text, Variable = false, Description = "If a car was damaged, file a claim." });

        var animal = new ServiceTypeDefinition { Code = "DEAD-ANIMAL", Name = "Dead animal", Group = "Animals", Agency = "ACC" };
        animal.Attributes.Add(ListAttribute("ANIMAL", 1, required: true, AttributeDatatype.SingleValueList, ("DOG", "Dog"), ("CAT", "Cat"), ("BIRD", "Bird"), ("OTHER", "Other")));
        animal.Attributes.Add(new ServiceAttributeDefinition { Code = "DETAILS", Order = 2, Datatype = AttributeDatatype.Text });
        animal.Attributes.Add(new ServiceAttributeDefinition { Code = "LANDMARK", Order = 3, Datatype = AttributeDatatype.String });

        // The service a pothole is most often corrected to: same agency, another queue, one attribute in common.
        var street = new ServiceTypeDefinition { Code = "STREET-CONDITION", Name = "Street condition", Group = "Streets", Agency = "DOT", DefaultQueue = "DOT-STREETS" };
        street.Attributes.Add(new ServiceAttributeDefinition { Code = "SIZE", Order = 1, Datatype = AttributeDatatype.Number, Description = "Width in inches" });
        street.Attributes.Add(ListAttribute("SURFACE", 2, required: false, AttributeDatatype.SingleValueList, ("ASPHALT", "Asphalt"), ("CONCRETE", "Concrete")));

        return definition
            .AddServiceType(missed)
            .AddServiceType(pothole)
            .AddServiceType(animal)
            .AddServiceType(street)
            .AddServiceType(new ServiceTypeDefinition { Code = "HEAT", Name = "No heat or hot water", Group = "Housing", Agency = "HPD", DefaultQueue = "HPD-HEAT" })
            .AddServiceType(new ServiceTypeDefinition { Code = "OLD-SERVICE", Name = "Retired service", Agency = "DOT", Active = false })
            .AddServiceType(new ServiceTypeDefinition { Code = "INFO", Name = "Information request", Agency = "DSNY", LocationRequired = false });
    }

    public static Civic311Options Options()
    {
        var options = new Civic311Options();
        Configure(options);
        return options;
    }

    /// <summary>Sets the test catalog, time zone, calendar and SLA policy on options, as <c>AddCivic311(TestCatalog.Configure)</c> wants them.</summary>
    public static void Configure(Civic311Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Catalog = Definition();
        options.TimeZone = "America/New_York";

        // Streets work Monday-Friday 07:00-15:00; a pothole is answered within 2 business hours and fixed within 2 working days.
        options.Catalog.Agencies[1].Calendar = "dot-field";
        options.Calendars.Add(new BusinessCalendarDefinition { Id = "dot-field", TimeZone = "America/New_York" }
            .AddWeeklyHours(WeeklyHoursDefinition.Weekdays("07:00-15:00")));
        var pothole = new SlaPolicyDefinition { ServiceCode = "POTHOLE" };
        pothole.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.FirstResponse, Kind = SlaTimeKind.BusinessTime, Amount = "2h" });
        pothole.Targets.Add(new SlaTargetDefinition { Kpi = SlaTarget.Resolution, Kind = SlaTimeKind.BusinessDays, Days = 2, DayEnd = BusinessDayEnd.ClosingOfDay });
        options.SlaPolicies.Add(pothole);
    }

    private static ServiceAttributeDefinition ListAttribute(string code, int order, bool required, AttributeDatatype datatype, params (string Key, string Name)[] values)
    {
        var attribute = new ServiceAttributeDefinition { Code = code, Order = order, Required = required, Datatype = datatype };
        foreach (var (key, name) in values)
        {
            attribute.Values.Add(new AttributeValueDefinition { Key = key, Name = name });
        }

        return attribute;
    }
}
