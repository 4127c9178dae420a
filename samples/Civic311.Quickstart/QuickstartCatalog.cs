using Civic311.Catalog;

namespace Civic311.Quickstart;

/// <summary>
/// The catalog of the simulated center: four agencies and fourteen service types whose attributes are the questions an
/// Open311 GeoReport v2 "service definition" asks (lists, numbers, date-times, free text and informational notes).
/// </summary>
internal static class QuickstartCatalog
{
    public const string TimeZone = "America/New_York";

    public const string Sanitation = "DSNY";
    public const string Streets = "DOT";
    public const string AnimalCare = "ACC";
    public const string Housing = "HPD";

    public static ServiceCatalogDefinition Create()
    {
        var catalog = new ServiceCatalogDefinition()
            .AddAgency(Sanitation, "Department of Sanitation", TimeZone)
            .AddAgency(Streets, "Department of Transportation", TimeZone)
            .AddAgency(AnimalCare, "Animal Care and Control", TimeZone)
            .AddAgency(Housing, "Housing Preservation and Development", TimeZone);

        // Sanitation.
        catalog.AddServiceType(Service(
            "missed-collection", "Missed collection", "Sanitation", Sanitation, "dsny-collection",
            "Trash, recycling or organics set out on the collection day were not picked up.",
            ["garbage", "trash", "recycling", "basura", "recogida"],
            SingleList("bin_type", "What was not collected?", 1, required: true,
                ("trash", "Trash"), ("paper", "Paper and cardboard recycling"), ("mgp", "Metal, glass and plastic recycling"),
                ("organics", "Organics (brown bin)"), ("bulk", "Bulk item")),
            SingleList("set_out_on_time", "Was it set out between 4 PM and midnight the evening before?", 2, required: true,
                ("yes", "Yes"), ("no", "No"))));

        catalog.AddServiceType(Service(
            "illegal-dumping", "Illegal dumping", "Sanitation", Sanitation, "dsny-enforcement",
            "Material dumped on a street, sidewalk or vacant lot.",
            ["dumping", "debris", "mattress", "tires", "escombros"],
            MultiList("material", "What was dumped?", 1, required: true,
                ("furniture", "Furniture"), ("mattress", "Mattress"), ("tires", "Tires"),
                ("construction", "Construction debris"), ("household", "Household trash"), ("electronics", "Electronics")),
            Number("volume", "About how much?", 2, "cubic yards"),
            Text("vehicle_plate", "Plate of a vehicle seen dumping, if any", 3)));

        catalog.AddServiceType(Service(
            "overflowing-basket", "Overflowing litter basket", "Sanitation", Sanitation, "dsny-baskets",
            "A public litter basket is full or overflowing.",
            ["litter basket", "cesto"],
            Number("basket_count", "How many baskets are overflowing?", 1, "baskets")));

        catalog.AddServiceType(Service(
            "bulk-pickup", "Bulk item pickup appointment", "Sanitation", Sanitation, "dsny-bulk",
            "Schedule the collection of furniture, mattresses or appliances.",
            ["bulk", "appliance", "fridge", "muebles"],
            MultiList("items", "Items to collect", 1, required: true,
                ("mattress", "Mattress or box spring"), ("sofa", "Sofa"), ("appliance-cfc", "Appliance with refrigerant (CFC)"),
                ("furniture", "Other furniture"), ("carpet", "Carpet")),
            Datetime("preferred_date", "Preferred pickup date", 2, required: true)));

        // Streets.
        catalog.AddServiceType(Service(
            "pothole", "Pothole", "Streets", Streets, "dot-roadway",
            "A hole in the roadway surface.",
            ["pothole", "road", "bache"],
            Number("size", "Approximate width", 1, "inches", required: true),
            SingleList("lane", "Where in the street?", 2, required: false,
                ("travel", "Travel lane"), ("bike", "Bike lane"), ("crosswalk", "Crosswalk"), ("parking", "Parking lane"), ("shoulder", "Shoulder"))));

        catalog.AddServiceType(Service(
            "streetlight-out", "Street light out", "Streets", Streets, "dot-lighting",
            "A street light is out, dim or cycling on and off.",
            ["street light", "lamp", "farola", "luz"],
            Informational("downed_wires", "Downed or sparking wires are an emergency: call 911.", 1),
            SingleList("lights_out", "How many lights are out?", 2, required: true,
                ("one", "One light"), ("several", "Several lights in a row"), ("block", "The whole block")),
            Text("pole_number", "Number on the pole, if visible", 3)));

        catalog.AddServiceType(Service(
            "traffic-signal", "Traffic signal malfunction", "Streets", Streets, "dot-signals",
            "A traffic or pedestrian signal is dark, stuck or damaged.",
            ["traffic light", "signal", "semáforo"],
            SingleList("condition", "What is wrong?", 1, required: true,
                ("dark", "Dark (no lights)"), ("stuck-red", "Stuck on red"), ("flashing", "Flashing"),
                ("damaged-head", "Damaged or turned signal head"), ("pedestrian", "Pedestrian signal not working"))));

        catalog.AddServiceType(Service(
            "street-sign", "Damaged or missing street sign", "Streets", Streets, "dot-signs",
            "A regulatory or street-name sign is missing, down or unreadable.",
            ["sign", "stop sign", "señal"],
            SingleList("sign_type", "Which sign?", 1, required: true,
                ("stop", "Stop"), ("yield", "Yield"), ("street-name", "Street name"), ("parking", "Parking regulation"),
                ("speed-limit", "Speed limit"), ("one-way", "One way")),
            SingleList("sign_condition", "Condition", 2, required: false,
                ("missing", "Missing"), ("down", "Knocked down"), ("faded", "Faded"), ("twisted", "Twisted or turned"))));

        // Animal care and control.
        catalog.AddServiceType(Service(
            "dead-animal", "Dead animal removal", "Animals", AnimalCare, "acc-field",
            "A dead animal on a street, sidewalk or park.",
            ["dead animal", "animal muerto"],
            SingleList("animal", "Which animal?", 1, required: true,
                ("cat", "Cat"), ("dog", "Dog"), ("raccoon", "Raccoon"), ("squirrel", "Squirrel"), ("bird", "Bird"),
                ("deer", "Deer"), ("other", "Other")),
            SingleList("found_on", "Where is it?", 2, required: true,
                ("roadway", "Roadway"), ("sidewalk", "Sidewalk"), ("park", "Park"), ("private", "Private property"))));

        catalog.AddServiceType(Service(
            "loose-dog", "Loose or stray dog", "Animals", AnimalCare, "acc-field",
            "A dog running loose without an owner.",
            ["stray", "dog", "perro"],
            SingleList("aggressive", "Is the dog acting aggressively?", 1, required: true, ("yes", "Yes"), ("no", "No")),
            Number("dog_count", "How many dogs?", 2, "dogs")));

        catalog.AddServiceType(Service(
            "injured-animal", "Injured animal", "Animals", AnimalCare, "acc-rescue",
            "A hurt or sick animal that needs rescue.",
            ["injured", "hurt", "herido"],
            SingleList("animal", "Which animal?", 1, required: true,
                ("cat", "Cat"), ("dog", "Dog"), ("bird", "Bird"), ("wildlife", "Wildlife"), ("other", "Other")),
            SingleList("contained", "Is the animal contained?", 2, required: false, ("yes", "Yes"), ("no", "No"))));

        // Housing.
        catalog.AddServiceType(Service(
            "no-heat", "No heat or hot water", "Housing", Housing, "hpd-heat",
            "A residential building has no heat or no hot water.",
            ["heat", "hot water", "calefacción", "agua caliente"],
            Informational("heat_law", "From October 1 to May 31 the landlord must keep apartments at 68°F or more from 6 AM to 10 PM when it is below 55°F outside.", 1),
            SingleList("condition", "What is missing?", 2, required: true,
                ("heat", "Heat"), ("hot-water", "Hot water"), ("both", "Heat and hot water")),
            Datetime("since", "Since when?", 3, required: true),
            Text("apartment", "Apartment", 4),
            SingleList("whole_building", "Is the whole building affected?", 5, required: false,
                ("yes", "Yes"), ("no", "No"), ("unknown", "Don't know"))));

        catalog.AddServiceType(Service(
            "water-leak", "Water leak", "Housing", Housing, "hpd-repairs",
            "Water leaking into an apartment from a ceiling, wall, pipe or fixture.",
            ["leak", "water", "gotera", "filtración"],
            SingleList("source", "Where does the water come from?", 1, required: true,
                ("ceiling", "Ceiling"), ("wall", "Wall"), ("pipe", "Pipe"), ("fixture", "Sink, tub or toilet")),
            Text("apartment", "Apartment", 2),
            SingleList("active", "Is it leaking right now?", 3, required: false, ("yes", "Yes"), ("no", "No"))));

        catalog.AddServiceType(Service(
            "pests", "Pests in an apartment", "Housing", Housing, "hpd-repairs",
            "Mice, rats, roaches or bedbugs in an apartment the landlord must treat.",
            ["mice", "rats", "roaches", "ratones", "cucarachas"],
            MultiList("pest", "Which pests?", 1, required: true,
                ("mice", "Mice"), ("rats", "Rats"), ("roaches", "Roaches"), ("bedbugs", "Bedbugs")),
            Text("apartment", "Apartment", 2)));

        return catalog;
    }

    private static ServiceTypeDefinition Service(
        string code, string name, string group, string agency, string queue, string description, string[] keywords,
        params ServiceAttributeDefinition[] attributes)
    {
        var serviceType = new ServiceTypeDefinition
        {
            Code = code,
            Name = name,
            Group = group,
            Agency = agency,
            DefaultQueue = queue,
            Description = description,
        };
        foreach (var keyword in keywords)
        {
            serviceType.Keywords.Add(keyword);
        }

        foreach (var attribute in attributes)
        {
            serviceType.Attributes.Add(attribute);
        }

        return serviceType;
    }

    private static ServiceAttributeDefinition SingleList(string code, string question, int order, bool required, params (string Key, string Name)[] values) =>
        List(AttributeDatatype.SingleValueList, code, question, order, required, values);

    private static ServiceAttributeDefinition MultiList(string code, string question, int order, bool required, params (string Key, string Name)[] values) =>
        List(AttributeDatatype.MultiValueList, code, question, order, required, values);

    private static ServiceAttributeDefinition List(
        AttributeDatatype datatype, string code, string question, int order, bool required, (string Key, string Name)[] values)
    {
        var attribute = new ServiceAttributeDefinition { Code = code, Description = question, Datatype = datatype, Order = order, Required = required };
        foreach (var (key, name) in values)
        {
            attribute.Values.Add(new AttributeValueDefinition { Key = key, Name = name });
        }

        return attribute;
    }

    private static ServiceAttributeDefinition Number(string code, string question, int order, string unit, bool required = false) =>
        new() { Code = code, Description = question, Datatype = AttributeDatatype.Number, DatatypeDescription = unit, Order = order, Required = required };

    private static ServiceAttributeDefinition Datetime(string code, string question, int order, bool required) =>
        new() { Code = code, Description = question, Datatype = AttributeDatatype.Datetime, Order = order, Required = required };

    private static ServiceAttributeDefinition Text(string code, string question, int order) =>
        new() { Code = code, Description = question, Datatype = AttributeDatatype.String, Order = order };

    private static ServiceAttributeDefinition Informational(string code, string text, int order) =>
        new() { Code = code, Description = text, Datatype = AttributeDatatype.Text, Order = order, Variable = false };
}
