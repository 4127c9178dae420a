using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Civic311.Catalog;

namespace Civic311.Quickstart;

/// <summary>
/// A service catalog built from the rows of a NYC 311 export: one agency per 'Agency' code, one service type per
/// 'Complaint Type' (or per agency and complaint type when several agencies handle the same complaint type).
/// </summary>
internal sealed class NycCatalog
{
    public const string LocationTypeAttribute = "location_type";

    private static readonly string[] AgencyWords = ["Department", "Commission", "Corporation", "Administration", "Office", "Authority", "Police", "Fire"];

    private readonly Dictionary<(string Agency, string ComplaintType), string> _serviceCodes;
    private readonly Dictionary<string, string> _agencyNames;

    private NycCatalog(ServiceCatalogDefinition definition, Dictionary<(string, string), string> serviceCodes, Dictionary<string, string> agencyNames)
    {
        Definition = definition;
        _serviceCodes = serviceCodes;
        _agencyNames = agencyNames;
    }

    public ServiceCatalogDefinition Definition { get; }

    /// <summary>Builds the catalog from the rows that will be replayed.</summary>
    public static NycCatalog Build(IReadOnlyList<NycRow> rows, bool withLocationType)
    {
        var definition = new ServiceCatalogDefinition();
        var agencyNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => r.Agency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = AgencyName(group.Key, group);
            agencyNames[group.Key] = name;
            definition.AddAgency(group.Key, name, QuickstartCatalog.TimeZone);
        }

        var agenciesByType = rows
            .GroupBy(r => r.ComplaintType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Agency).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
        var serviceCodes = new Dictionary<(string, string), string>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase); // Civic311 codes compare case-insensitively
        var pairs = rows
            .GroupBy(r => (r.Agency, r.ComplaintType))
            .OrderBy(g => g.Key.Agency, StringComparer.Ordinal)
            .ThenBy(g => g.Key.ComplaintType, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var (agency, complaintType) = pair.Key;
            var qualified = Slug(agency) + "." + Slug(complaintType);
            var code = agenciesByType[complaintType] > 1 ? qualified : Slug(complaintType);

            // "PLUMBING" and "Plumbing", or "PAINT - PLASTER" and "PAINT/PLASTER", slug alike: qualify, then number.
            if (taken.Contains(code))
            {
                code = qualified;
            }

            for (var n = 2; taken.Contains(code); n++)
            {
                var suffix = "-" + n.ToString(CultureInfo.InvariantCulture);
                code = Fit(qualified, 64 - suffix.Length) + suffix;
            }

            taken.Add(code);
            serviceCodes[(agency, complaintType)] = code;

            var serviceType = new ServiceTypeDefinition
            {
                Code = code,
                Name = complaintType,
                Group = agencyNames[agency],
                Agency = agency,
                Description = $"NYC 311 complaint type '{complaintType}' handled by {agency}.",
            };

            // The most frequent descriptors make good search keywords.
            foreach (var descriptor in pair
                .Where(r => r.Descriptor is not null)
                .GroupBy(r => r.Descriptor!, StringComparer.OrdinalIgnoreCase)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(3))
            {
                serviceType.Keywords.Add(descriptor.Key);
            }

            if (withLocationType)
            {
                serviceType.Attributes.Add(new ServiceAttributeDefinition
                {
                    Code = LocationTypeAttribute,
                    Description = "Location type, as NYC 311 records it",
                    Datatype = AttributeDatatype.String,
                    Order = 1,
                });
            }

            definition.AddServiceType(serviceType);
        }

        return new NycCatalog(definition, serviceCodes, agencyNames);
    }

    public string ServiceCodeOf(NycRow row) => _serviceCodes[(row.Agency, row.ComplaintType)];

    public string AgencyNameOf(string agency) => _agencyNames[agency];

    /// <summary>
    /// A Civic311 code for any text: lower-case ASCII letters and digits joined by '-', accents dropped, at most 64
    /// characters ("Noise - Street/Sidewalk" becomes "noise-street-sidewalk").
    /// </summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = Fit(slug.ToString(), 64);
        return result.Length == 0 ? "unnamed" : result;
    }

    private static string Fit(string code, int maxLength) => (code.Length <= maxLength ? code : code[..maxLength]).Trim('-');

    // Most agency codes come with one name. DSNY rows also name the district or unit that got the request ("BCC - Brooklyn
    // South"); prefer the name that reads like the agency itself, then the most frequent one.
    private static string AgencyName(string code, IEnumerable<NycRow> rows)
    {
        var names = rows
            .Select(r => r.AgencyName)
            .Where(n => n is not null)
            .GroupBy(n => n!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .ToList();
        return names.FirstOrDefault(n => AgencyWords.Any(w => n.Contains(w, StringComparison.OrdinalIgnoreCase)))
            ?? names.FirstOrDefault()
            ?? code;
    }
}
