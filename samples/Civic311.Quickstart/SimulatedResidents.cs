using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Civic311.Requests;
using Microsoft.Extensions.Primitives;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Quickstart;

/// <summary>Where a report is: an address, a point, a zip code and a borough.</summary>
internal sealed record Place(string District, string ZipCode, string Address, double Latitude, double Longitude);

/// <summary>A report a resident makes, before it is submitted: the submission and the language the resident speaks.</summary>
internal sealed record Report(ServiceRequestSubmission Submission, string Language, Place Place);

/// <summary>
/// The residents of the simulated day: what they report, in English or Spanish, from where and through which channel. Every
/// choice comes from the seeded <see cref="Random"/> it is given, so the same seed makes the same day.
/// </summary>
internal sealed class SimulatedResidents(Random random, DateTimeZone zone)
{
    public const string English = "en-US";
    public const string Spanish = "es-US";

    // A November weekday: heat complaints lead, then missed collections and street defects.
    private static readonly (string Code, int Weight)[] ServiceMix =
    [
        ("no-heat", 22), ("missed-collection", 14), ("pothole", 10), ("streetlight-out", 8), ("water-leak", 8),
        ("illegal-dumping", 6), ("bulk-pickup", 6), ("dead-animal", 5), ("pests", 5), ("overflowing-basket", 4),
        ("traffic-signal", 4), ("street-sign", 3), ("loose-dog", 3), ("injured-animal", 2),
    ];

    private static readonly (Channel Channel, int Weight)[] ChannelMix =
    [
        (Channel.Phone, 36), (Channel.MobileApp, 20), (Channel.Web, 17), (Channel.Sms, 6), (Channel.Email, 5),
        (Channel.Chat, 4), (Channel.Social, 3), (Channel.WalkIn, 3), (Channel.Liaison, 3), (Channel.Api, 3),
    ];

    private static readonly (string Name, double Latitude, double Longitude, string[] Zips, string[] Streets, int Weight)[] Districts =
    [
        ("BROOKLYN", 40.695, -73.925, ["11206", "11211", "11221", "11237"], ["Bushwick Avenue", "Knickerbocker Avenue", "Graham Avenue", "Flushing Avenue", "Myrtle Avenue"], 30),
        ("QUEENS", 40.750, -73.880, ["11368", "11372", "11373"], ["Roosevelt Avenue", "Junction Boulevard", "37 Avenue", "Northern Boulevard", "Corona Avenue"], 25),
        ("BRONX", 40.845, -73.905, ["10452", "10456", "10458", "10468"], ["Grand Concourse", "East Fordham Road", "Jerome Avenue", "Webster Avenue", "Southern Boulevard"], 20),
        ("MANHATTAN", 40.805, -73.950, ["10025", "10027", "10031", "10032"], ["Amsterdam Avenue", "Broadway", "West 145 Street", "Saint Nicholas Avenue", "Frederick Douglass Boulevard"], 18),
        ("STATEN ISLAND", 40.630, -74.095, ["10301", "10304", "10314"], ["Victory Boulevard", "Bay Street", "Forest Avenue", "Castleton Avenue"], 7),
    ];

    private static readonly string[] EnglishNames =
    [
        "James Miller", "Mary Johnson", "Robert Brown", "Linda Davis", "Michael Wilson", "Patricia Moore", "David Taylor",
        "Jennifer Anderson", "Kevin O'Brien", "Aisha Thompson", "Wei Chen", "Priya Patel", "Tyrone Jackson", "Olga Ivanova",
    ];

    private static readonly string[] SpanishNames =
    [
        "María González", "José Rodríguez", "Carmen Hernández", "Luis Martínez", "Ana López", "Jorge Ramírez", "Rosa Díaz",
        "Miguel Torres", "Lucía Flores", "Carlos Rivera", "Yesenia Peña", "Héctor Castillo",
    ];

    private static readonly string[] EnglishAgents = ["agent.okafor", "agent.chen", "agent.murphy", "agent.williams"];
    private static readonly string[] SpanishAgents = ["agent.morales", "agent.santos", "agent.rivera"];

    public string PickServiceCode() => Pick(ServiceMix);

    public Report NewReport(Instant arrival, string serviceCode, Place? near = null)
    {
        var channel = Pick(ChannelMix);
        var language = random.NextDouble() < 0.30 ? Spanish : English;
        var place = near is null ? RandomPlace() : Nearby(near);
        var spanish = language == Spanish;
        var (description, attributes, priority) = Describe(serviceCode, spanish, arrival);

        var hasPoint = channel switch
        {
            Channel.MobileApp => true,
            Channel.Web or Channel.Api => random.NextDouble() < 0.7,
            _ => random.NextDouble() < 0.4,
        };
        var hasAddress = !hasPoint || channel != Channel.MobileApp || random.NextDouble() < 0.6;

        var submission = new ServiceRequestSubmission
        {
            ServiceCode = serviceCode,
            Description = description,
            Latitude = hasPoint ? place.Latitude : null,
            Longitude = hasPoint ? place.Longitude : null,
            Address = hasAddress ? place.Address : null,
            ZipCode = place.ZipCode,
            District = place.District,
            Channel = channel,
            Priority = priority,
            Attributes = attributes,
            Reporter = NewReporter(channel, language),
            Actor = EnteredBy(channel, spanish, place),
            Note = channel switch
            {
                Channel.Liaison => "Entered by the neighborhood liaison during a community walk-through.",
                Channel.Phone when spanish => "Call taken on the Spanish-language line.",
                _ => null,
            },
        };
        return new Report(submission, language, place);
    }

    public static Resolution ResolutionFor(string serviceCode, string language, int variant)
    {
        (string Code, string English, string Spanish)[] options = serviceCode switch
        {
            "missed-collection" => [("COLLECTED", "A truck came back and collected the material.", "Un camión regresó y recogió el material.")],
            "illegal-dumping" =>
            [
                ("CLEANED", "The dumped material was removed.", "Se retiró el material abandonado."),
                ("SUMMONS_ISSUED", "The material was removed and a summons was issued.", "Se retiró el material y se emitió una multa."),
            ],
            "overflowing-basket" => [("EMPTIED", "The basket was emptied.", "Se vació el cesto.")],
            "bulk-pickup" => [("APPOINTMENT_SCHEDULED", "Your pickup is booked for the date you chose; put the items out the night before.", "Su recogida quedó programada para la fecha elegida; saque los artículos la noche anterior.")],
            "pothole" =>
            [
                ("REPAIRED", "The pothole was filled.", "Se rellenó el bache."),
                ("NO_DEFECT_FOUND", "Inspectors found no pothole at this location.", "Los inspectores no encontraron un bache en este lugar."),
            ],
            "streetlight-out" => [("REPAIRED", "The street light was repaired.", "Se reparó la farola.")],
            "traffic-signal" => [("REPAIRED", "The signal was repaired and is working.", "Se reparó el semáforo y ya funciona.")],
            "street-sign" => [("REPLACED", "The sign was replaced.", "Se reemplazó la señal.")],
            "dead-animal" =>
            [
                ("REMOVED", "The animal was removed.", "Se retiró el animal."),
                ("NOT_FOUND", "Crews found no animal at this location.", "Los equipos no encontraron ningún animal en este lugar."),
            ],
            "loose-dog" =>
            [
                ("CAPTURED", "The dog was caught and taken to a shelter.", "El perro fue capturado y llevado a un refugio."),
                ("GONE_ON_ARRIVAL", "The dog was gone when officers arrived.", "El perro ya no estaba cuando llegaron los agentes."),
            ],
            "injured-animal" => [("RESCUED", "The animal was rescued and taken for care.", "El animal fue rescatado y llevado para recibir atención.")],
            "no-heat" =>
            [
                ("HEAT_RESTORED", "The landlord restored heat after the inspector's call.", "El dueño restableció la calefacción después de la llamada del inspector."),
                ("VIOLATION_ISSUED", "An inspector confirmed the condition and issued a violation.", "Un inspector confirmó la condición y emitió una infracción."),
            ],
            "water-leak" =>
            [
                ("VIOLATION_ISSUED", "An inspector confirmed the leak and issued a violation.", "Un inspector confirmó la filtración y emitió una infracción."),
                ("REPAIRED_BY_OWNER", "The owner repaired the leak.", "El dueño reparó la filtración."),
            ],
            _ => [("VIOLATION_ISSUED", "An inspector confirmed the condition and issued a violation.", "Un inspector confirmó la condición y emitió una infracción.")],
        };
        var (code, english, spanish) = options[variant % options.Length];
        return new Resolution(code, language == Spanish ? spanish : english);
    }

    private (string Description, Dictionary<string, StringValues> Attributes, Priority Priority) Describe(string serviceCode, bool spanish, Instant arrival)
    {
        var attributes = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        var priority = Priority.Normal;
        string description;
        switch (serviceCode)
        {
            case "missed-collection":
                var bin = Pick(("trash", 5), ("paper", 2), ("mgp", 2), ("organics", 1), ("bulk", 1));
                attributes["bin_type"] = bin;
                attributes["set_out_on_time"] = random.NextDouble() < 0.9 ? "yes" : "no";
                description = spanish
                    ? bin == "trash" ? "Las bolsas de basura siguen en la acera; el camión no pasó por nuestro edificio." : "No recogieron el reciclaje en nuestra cuadra hoy."
                    : bin == "trash" ? "Garbage bags are still on the curb; the truck skipped our building." : "Recycling was not picked up on our block today.";
                break;

            case "illegal-dumping":
                attributes["material"] = new StringValues(Sample(["furniture", "mattress", "tires", "construction", "household", "electronics"], 1 + random.Next(2)));
                attributes["volume"] = (1 + random.Next(8)).ToString(CultureInfo.InvariantCulture);
                description = spanish ? "Alguien tiró muebles viejos y basura junto al lote vacío." : "Someone dumped old furniture and trash next to the vacant lot.";
                break;

            case "overflowing-basket":
                attributes["basket_count"] = (1 + random.Next(3)).ToString(CultureInfo.InvariantCulture);
                description = spanish ? "El cesto de la esquina está desbordado y la basura vuela a la calle." : "The corner litter basket is overflowing and trash is blowing into the street.";
                break;

            case "bulk-pickup":
                attributes["items"] = new StringValues(Sample(["mattress", "sofa", "appliance-cfc", "furniture", "carpet"], 1 + random.Next(2)));
                var pickupDay = arrival.InZone(zone).Date.PlusDays(2 + random.Next(5)).At(new LocalTime(6, 0));
                attributes["preferred_date"] = OffsetDateTimePattern.ExtendedIso.Format(pickupDay.InZoneLeniently(zone).ToOffsetDateTime());
                priority = Priority.Low;
                description = spanish ? "Necesito que recojan un refrigerador viejo y un sofá." : "I need an old refrigerator and a sofa picked up.";
                break;

            case "pothole":
                attributes["size"] = (6 + random.Next(30)).ToString(CultureInfo.InvariantCulture);
                attributes["lane"] = Pick(("travel", 6), ("bike", 2), ("crosswalk", 1), ("parking", 2));
                description = spanish ? "Bache profundo en el carril; los carros lo esquivan." : "Deep pothole in the lane; cars are swerving around it.";
                break;

            case "streetlight-out":
                attributes["lights_out"] = Pick(("one", 6), ("several", 3), ("block", 1));
                if (random.NextDouble() < 0.4)
                {
                    attributes["pole_number"] = "M" + random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
                }

                description = spanish ? "La farola frente al edificio no funciona y la cuadra está muy oscura." : "The street light in front of the building is out and the block is very dark.";
                break;

            case "traffic-signal":
                var condition = Pick(("dark", 3), ("stuck-red", 2), ("flashing", 2), ("damaged-head", 1), ("pedestrian", 2));
                attributes["condition"] = condition;
                priority = condition is "dark" or "stuck-red" ? Priority.Urgent : Priority.High;
                description = spanish ? "El semáforo de la intersección no funciona bien." : "The traffic signal at the intersection is not working properly.";
                break;

            case "street-sign":
                attributes["sign_type"] = Pick(("stop", 3), ("street-name", 3), ("parking", 2), ("yield", 1), ("one-way", 1));
                attributes["sign_condition"] = Pick(("missing", 2), ("down", 2), ("faded", 1), ("twisted", 2));
                description = spanish ? "La señal de la esquina está tirada en la acera." : "The sign at the corner is lying on the sidewalk.";
                break;

            case "dead-animal":
                attributes["animal"] = Pick(("cat", 3), ("raccoon", 3), ("squirrel", 2), ("bird", 2), ("dog", 1), ("other", 1));
                attributes["found_on"] = Pick(("roadway", 4), ("sidewalk", 4), ("park", 2));
                description = spanish ? "Hay un animal muerto cerca de la parada del autobús." : "There is a dead animal near the bus stop.";
                break;

            case "loose-dog":
                var aggressive = random.NextDouble() < 0.3;
                attributes["aggressive"] = aggressive ? "yes" : "no";
                attributes["dog_count"] = random.NextDouble() < 0.8 ? "1" : "2";
                priority = aggressive ? Priority.High : Priority.Normal;
                description = spanish ? "Un perro suelto anda por la cuadra sin dueño." : "A loose dog is running around the block with no owner.";
                break;

            case "injured-animal":
                attributes["animal"] = Pick(("cat", 3), ("bird", 3), ("dog", 1), ("wildlife", 2));
                attributes["contained"] = random.NextDouble() < 0.3 ? "yes" : "no";
                priority = Priority.High;
                description = spanish ? "Un animal herido está junto a la cerca y no se puede mover." : "An injured animal is lying by the fence and cannot move.";
                break;

            case "no-heat":
                var missing = Pick(("heat", 5), ("both", 3), ("hot-water", 2));
                attributes["condition"] = missing;
                attributes["since"] = OffsetDateTimePattern.ExtendedIso.Format(
                    (arrival - Duration.FromMinutes(60 * (2 + random.Next(30)))).InZone(zone).ToOffsetDateTime());
                attributes["apartment"] = Apartment();
                attributes["whole_building"] = Pick(("yes", 4), ("no", 1), ("unknown", 2));
                priority = missing == "both" ? Priority.High : Priority.Normal;
                description = (missing, spanish) switch
                {
                    ("heat", true) => "No hay calefacción en el apartamento desde ayer; los niños tienen frío.",
                    ("heat", false) => "No heat in the apartment since yesterday; the kids are cold.",
                    ("both", true) => "Los radiadores están fríos y tampoco hay agua caliente.",
                    ("both", false) => "The radiators are cold and there is no hot water either.",
                    (_, true) => "No hay agua caliente en el edificio desde esta mañana.",
                    _ => "No hot water in the building since this morning.",
                };
                break;

            case "water-leak":
                attributes["source"] = Pick(("ceiling", 4), ("wall", 2), ("pipe", 2), ("fixture", 1));
                attributes["apartment"] = Apartment();
                attributes["active"] = random.NextDouble() < 0.6 ? "yes" : "no";
                description = spanish ? "Está cayendo agua del techo del baño." : "Water is coming through the bathroom ceiling.";
                break;

            default:
                attributes["pest"] = new StringValues(Sample(["mice", "rats", "roaches", "bedbugs"], 1 + random.Next(2)));
                attributes["apartment"] = Apartment();
                description = spanish ? "Hay plagas en la cocina y el dueño no responde." : "There are pests in the kitchen and the landlord does not respond.";
                break;
        }

        return (description, attributes, priority);
    }

    private ReporterContact? NewReporter(Channel channel, string language)
    {
        if (random.NextDouble() < 0.12)
        {
            return null; // anonymous
        }

        var names = language == Spanish ? SpanishNames : EnglishNames;
        var name = names[random.Next(names.Length)];
        var email = Email(name);
        var phone = string.Create(CultureInfo.InvariantCulture, $"({(random.Next(2) == 0 ? 718 : 347)}) 555-01{random.Next(100):00}");
        return channel switch
        {
            Channel.Phone or Channel.WalkIn or Channel.Liaison => new ReporterContact { Name = name, Phone = phone, PreferredLanguage = language },
            Channel.Web or Channel.Email or Channel.Chat => new ReporterContact { Name = name, Email = email, PreferredLanguage = language },
            Channel.MobileApp or Channel.Api => new ReporterContact { Email = email, PreferredLanguage = language },
            Channel.Sms => new ReporterContact { Phone = phone, PreferredLanguage = language },
            _ => new ReporterContact { Name = name, PreferredLanguage = language },
        };
    }

    private string EnteredBy(Channel channel, bool spanish, Place place)
    {
        var agents = spanish ? SpanishAgents : EnglishAgents;
        var borough = place.District.Replace(' ', '-').ToLowerInvariant();
        return channel switch
        {
            Channel.Phone or Channel.Email or Channel.Chat or Channel.Social => agents[random.Next(agents.Length)],
            Channel.WalkIn => "walk-in." + borough,
            Channel.Liaison => "liaison." + borough,
            Channel.Api => "open311.neighborhood-app",
            _ => "resident",
        };
    }

    private Place RandomPlace()
    {
        var district = Districts[PickIndex(Districts.Select(d => d.Weight).ToArray())];
        var street = district.Streets[random.Next(district.Streets.Length)];
        return new Place(
            district.Name,
            district.Zips[random.Next(district.Zips.Length)],
            string.Create(CultureInfo.InvariantCulture, $"{1 + random.Next(2400)} {street}"),
            Math.Round(district.Latitude + ((random.NextDouble() - 0.5) * 0.024), 6),
            Math.Round(district.Longitude + ((random.NextDouble() - 0.5) * 0.030), 6));
    }

    // Another resident reporting the same problem: same address, a point within about 20 m.
    private Place Nearby(Place place) => place with
    {
        Latitude = Math.Round(place.Latitude + ((random.NextDouble() - 0.5) * 0.0004), 6),
        Longitude = Math.Round(place.Longitude + ((random.NextDouble() - 0.5) * 0.0004), 6),
    };

    private string Apartment() => string.Create(CultureInfo.InvariantCulture, $"{1 + random.Next(6)}{(char)('A' + random.Next(6))}");

    private static string Email(string name)
    {
        var ascii = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetter(c))
            {
                ascii.Append(char.ToLowerInvariant(c));
            }
            else if (c == ' ')
            {
                ascii.Append('.');
            }
        }

        return ascii + "@example.com";
    }

    private string[] Sample(string[] values, int count) =>
        values.OrderBy(_ => random.Next()).Take(count).ToArray();

    private string Pick(params (string Value, int Weight)[] items) => items[PickIndex(items.Select(i => i.Weight).ToArray())].Value;

    private T Pick<T>((T Value, int Weight)[] items) => items[PickIndex(items.Select(i => i.Weight).ToArray())].Value;

    private int PickIndex(int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
