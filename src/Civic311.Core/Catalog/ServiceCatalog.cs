using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Civic311.Internal;
using NodaTime;

namespace Civic311.Catalog;

/// <summary>
/// The validated, immutable set of agencies and service types a center offers. Codes are looked up case-insensitively.
/// </summary>
/// <threadsafety>Immutable and thread-safe; build it once and share it.</threadsafety>
public sealed class ServiceCatalog
{
    private readonly Dictionary<string, Agency> _agencies;
    private readonly Dictionary<string, ServiceType> _serviceTypes;

    private ServiceCatalog(IReadOnlyList<Agency> agencies, IReadOnlyList<ServiceType> serviceTypes)
    {
        Agencies = agencies;
        ServiceTypes = serviceTypes;
        _agencies = agencies.ToDictionary(a => a.Code, Codes.Comparer);
        _serviceTypes = serviceTypes.ToDictionary(s => s.Code, Codes.Comparer);
    }

    /// <summary>Gets the agencies, in definition order.</summary>
    public IReadOnlyList<Agency> Agencies { get; }

    /// <summary>Gets the service types, in definition order (active and inactive).</summary>
    public IReadOnlyList<ServiceType> ServiceTypes { get; }

    /// <summary>Finds a service type by code.</summary>
    /// <param name="code">The service code.</param>
    /// <param name="serviceType">The service type, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetServiceType(string code, [NotNullWhen(true)] out ServiceType? serviceType)
    {
        Guard.NotNull(code);
        return _serviceTypes.TryGetValue(code, out serviceType);
    }

    /// <summary>Finds an agency by code.</summary>
    /// <param name="code">The agency code.</param>
    /// <param name="agency">The agency, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetAgency(string code, [NotNullWhen(true)] out Agency? agency)
    {
        Guard.NotNull(code);
        return _agencies.TryGetValue(code, out agency);
    }

    /// <summary>Validates a definition and builds the catalog.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="Civic311ValidationException">The definition is invalid; every problem is listed.</exception>
    public static ServiceCatalog Build(ServiceCatalogDefinition definition)
    {
        if (TryBuild(definition, out var catalog, out var errors))
        {
            return catalog;
        }

        throw new Civic311ValidationException("service catalog", errors);
    }

    /// <summary>Validates a definition and builds the catalog, reporting problems instead of throwing.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="catalog">The catalog when the definition is valid.</param>
    /// <param name="errors">Every problem found; empty when the definition is valid.</param>
    /// <returns><see langword="true"/> when the definition is valid.</returns>
    public static bool TryBuild(
        ServiceCatalogDefinition definition,
        [NotNullWhen(true)] out ServiceCatalog? catalog,
        out IReadOnlyList<ValidationError> errors)
    {
        Guard.NotNull(definition);
        var problems = default(ErrorList);
        var agencies = BuildAgencies(definition, out var agencyList, out var agencyCodes, ref problems);
        var serviceTypes = BuildServiceTypes(definition, agencies, agencyCodes, ref problems);

        if (problems.HasErrors)
        {
            catalog = null;
            errors = problems.ToList();
            return false;
        }

        catalog = new ServiceCatalog(agencyList.ToArray(), serviceTypes);
        errors = [];
        return true;
    }

    private static Dictionary<string, Agency> BuildAgencies(
        ServiceCatalogDefinition definition, out List<Agency> inOrder, out HashSet<string> seen, ref ErrorList problems)
    {
        var agencies = new Dictionary<string, Agency>(Codes.Comparer);
        seen = new HashSet<string>(Codes.Comparer); // every code, also of agencies with other problems
        inOrder = new List<Agency>(definition.Agencies.Count);
        if (definition.Agencies.Count == 0)
        {
            problems.Add("agencies", ValidationErrorCodes.Required, "The catalog defines no agency; at least one is needed to own service types.");
        }

        for (var i = 0; i < definition.Agencies.Count; i++)
        {
            var path = $"agencies[{i}]";
            var agency = definition.Agencies[i];
            if (agency is null)
            {
                problems.Add(path, ValidationErrorCodes.Required, "The agency entry is null.");
                continue;
            }

            var ok = true;
            if (!Codes.IsValid(agency.Code))
            {
                problems.Add(path + ".code", string.IsNullOrEmpty(agency.Code) ? ValidationErrorCodes.Required : ValidationErrorCodes.InvalidFormat, "The agency code " + Codes.Describe(agency.Code) + ".");
                ok = false;
            }
            else if (!seen.Add(agency.Code!))
            {
                problems.Add(path + ".code", ValidationErrorCodes.Duplicate, $"The agency code '{agency.Code}' is defined more than once (codes compare case-insensitively).");
                ok = false;
            }

            if (string.IsNullOrWhiteSpace(agency.Name))
            {
                problems.Add(path + ".name", ValidationErrorCodes.Required, "The agency name is required.");
                ok = false;
            }

            DateTimeZone? zone = null;
            if (string.IsNullOrWhiteSpace(agency.TimeZone))
            {
                problems.Add(path + ".timeZone", ValidationErrorCodes.Required, "The agency time zone is required (an IANA id such as 'America/New_York').");
                ok = false;
            }
            else if ((zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(agency.TimeZone)) is null)
            {
                problems.Add(path + ".timeZone", ValidationErrorCodes.Unknown, $"'{agency.TimeZone}' is not an IANA time zone id known to the time zone database.");
                ok = false;
            }

            var queues = BuildQueues(agency, path, ref problems, ref ok);
            if (ok)
            {
                var built = new Agency(agency.Code!, agency.Name!.Trim(), zone!, string.IsNullOrWhiteSpace(agency.Calendar) ? null : agency.Calendar.Trim(), queues);
                agencies.Add(built.Code, built);
                inOrder.Add(built);
            }
        }

        return agencies;
    }

    private static AgencyQueue[] BuildQueues(AgencyDefinition agency, string path, ref ErrorList problems, ref bool ok)
    {
        var queues = new List<AgencyQueue>(agency.Queues.Count);
        var seen = new HashSet<string>(Codes.Comparer);
        for (var q = 0; q < agency.Queues.Count; q++)
        {
            var queuePath = $"{path}.queues[{q}]";
            var queue = agency.Queues[q];
            if (queue is null)
            {
                problems.Add(queuePath, ValidationErrorCodes.Required, "The queue entry is null.");
                ok = false;
            }
            else if (QueuePattern.LooksLikePattern(queue.Code) && !QueuePattern.TryParse(queue.Code, out _))
            {
                problems.Add(queuePath + ".code", ValidationErrorCodes.InvalidFormat, "The queue pattern must have exactly one '{set}' placeholder naming a district set, around letters, digits, '-', '_' or '.' (for example 'WARD-{ward}').");
                ok = false;
            }
            else if (!QueuePattern.LooksLikePattern(queue.Code) && !Codes.IsValid(queue.Code))
            {
                problems.Add(queuePath + ".code", string.IsNullOrEmpty(queue.Code) ? ValidationErrorCodes.Required : ValidationErrorCodes.InvalidFormat, "The queue code " + Codes.Describe(queue.Code) + ".");
                ok = false;
            }
            else if (!seen.Add(queue.Code!))
            {
                problems.Add(queuePath + ".code", ValidationErrorCodes.Duplicate, $"The queue code '{queue.Code}' is declared more than once by this agency (codes compare case-insensitively).");
                ok = false;
            }
            else
            {
                queues.Add(new AgencyQueue(queue.Code!, NullIfBlank(queue.Name) ?? queue.Code!));
            }
        }

        return queues.ToArray();
    }

    private static ServiceType[] BuildServiceTypes(
        ServiceCatalogDefinition definition, Dictionary<string, Agency> agencies, HashSet<string> agencyCodes, ref ErrorList problems)
    {
        var serviceTypes = new List<ServiceType>(definition.ServiceTypes.Count);
        var seen = new HashSet<string>(Codes.Comparer);
        if (definition.ServiceTypes.Count == 0)
        {
            problems.Add("serviceTypes", ValidationErrorCodes.Required, "The catalog defines no service type; residents could not request anything.");
        }

        for (var i = 0; i < definition.ServiceTypes.Count; i++)
        {
            var path = $"serviceTypes[{i}]";
            var type = definition.ServiceTypes[i];
            if (type is null)
            {
                problems.Add(path, ValidationErrorCodes.Required, "The service type entry is null.");
                continue;
            }

            var before = problems.Count;
            if (!Codes.IsValid(type.Code))
            {
                problems.Add(path + ".code", string.IsNullOrEmpty(type.Code) ? ValidationErrorCodes.Required : ValidationErrorCodes.InvalidFormat, "The service code " + Codes.Describe(type.Code) + ".");
            }
            else if (!seen.Add(type.Code!))
            {
                problems.Add(path + ".code", ValidationErrorCodes.Duplicate, $"The service code '{type.Code}' is defined more than once (codes compare case-insensitively).");
            }

            if (string.IsNullOrWhiteSpace(type.Name))
            {
                problems.Add(path + ".name", ValidationErrorCodes.Required, "The service name is required.");
            }

            Agency? agency = null;
            if (string.IsNullOrWhiteSpace(type.Agency))
            {
                problems.Add(path + ".agency", ValidationErrorCodes.Required, "The owning agency code is required.");
            }
            else if (!agencies.TryGetValue(type.Agency, out agency) && !agencyCodes.Contains(type.Agency))
            {
                problems.Add(path + ".agency", ValidationErrorCodes.Unknown, $"The agency '{type.Agency}' is not defined in the catalog's agencies.");
            }

            // An agency that is defined but invalid has its own errors; this type cannot be built until they are fixed.

            if (type.DefaultQueue is not null && string.IsNullOrWhiteSpace(type.DefaultQueue))
            {
                problems.Add(path + ".defaultQueue", ValidationErrorCodes.Required, "The default queue is empty; leave it out or give a queue name.");
            }
            else if (type.DefaultQueue is not null && agency is not null && agency.Queues.Count > 0 && !agency.HasQueue(type.DefaultQueue.Trim()))
            {
                problems.Add(path + ".defaultQueue", ValidationErrorCodes.Unknown, $"The queue '{type.DefaultQueue.Trim()}' is not one of the queues agency '{agency.Code}' declares ({string.Join(", ", agency.Queues.Select(q => q.Code))}).");
            }

            var keywords = new List<string>(type.Keywords.Count);
            for (var k = 0; k < type.Keywords.Count; k++)
            {
                if (string.IsNullOrWhiteSpace(type.Keywords[k]))
                {
                    problems.Add($"{path}.keywords[{k}]", ValidationErrorCodes.Required, "A keyword is empty.");
                }
                else
                {
                    keywords.Add(type.Keywords[k].Trim());
                }
            }

            var attributes = BuildAttributes(type, path, ref problems);
            if (problems.Count == before && agency is not null)
            {
                serviceTypes.Add(new ServiceType(
                    type.Code!,
                    type.Name!.Trim(),
                    NullIfBlank(type.Group),
                    keywords.ToArray(),
                    NullIfBlank(type.Description),
                    agency,
                    type.DefaultQueue?.Trim(),
                    type.Active,
                    type.LocationRequired,
                    attributes));
            }
        }

        return serviceTypes.ToArray();
    }

    private static ServiceAttribute[] BuildAttributes(ServiceTypeDefinition type, string typePath, ref ErrorList problems)
    {
        var attributes = new List<ServiceAttribute>(type.Attributes.Count);
        var codes = new HashSet<string>(Codes.Comparer);
        var orders = new HashSet<int>();
        for (var a = 0; a < type.Attributes.Count; a++)
        {
            var path = $"{typePath}.attributes[{a}]";
            var attribute = type.Attributes[a];
            if (attribute is null)
            {
                problems.Add(path, ValidationErrorCodes.Required, "The attribute entry is null.");
                continue;
            }

            var before = problems.Count;
            if (!Codes.IsValid(attribute.Code))
            {
                problems.Add(path + ".code", string.IsNullOrEmpty(attribute.Code) ? ValidationErrorCodes.Required : ValidationErrorCodes.InvalidFormat, "The attribute code " + Codes.Describe(attribute.Code) + ".");
            }
            else if (!codes.Add(attribute.Code!))
            {
                problems.Add(path + ".code", ValidationErrorCodes.Duplicate, $"The attribute code '{attribute.Code}' appears more than once in this service type.");
            }

            if (!Enum.IsDefined(attribute.Datatype))
            {
                problems.Add(path + ".datatype", ValidationErrorCodes.NotInList, $"'{attribute.Datatype}' is not a datatype; use string, number, datetime, text, singlevaluelist or multivaluelist.");
            }

            if (attribute.Order <= 0)
            {
                problems.Add(path + ".order", ValidationErrorCodes.OutOfRange, $"The order must be a positive integer; it is {attribute.Order}.");
            }
            else if (!orders.Add(attribute.Order))
            {
                problems.Add(path + ".order", ValidationErrorCodes.Duplicate, $"The order {attribute.Order} is used by another attribute of this service type; Open311 requires unique orders.");
            }

            if (!attribute.Variable && attribute.Required)
            {
                problems.Add(path + ".required", ValidationErrorCodes.Inconsistent, "An informational attribute (variable = false) cannot be required: the resident enters no value.");
            }

            var isList = attribute.Datatype is AttributeDatatype.SingleValueList or AttributeDatatype.MultiValueList;
            var values = new List<AttributeValueOption>(attribute.Values.Count);
            if (isList && attribute.Variable && attribute.Values.Count == 0)
            {
                problems.Add(path + ".values", ValidationErrorCodes.Required, $"A {attribute.Datatype} attribute needs at least one value.");
            }
            else if (!isList && attribute.Values.Count > 0)
            {
                problems.Add(path + ".values", ValidationErrorCodes.Inconsistent, $"Only list attributes take values; this one is {attribute.Datatype}.");
            }
            else
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                for (var v = 0; v < attribute.Values.Count; v++)
                {
                    var value = attribute.Values[v];
                    var valuePath = $"{path}.values[{v}]";
                    // Submitted values are trimmed, so a key with surrounding spaces could never be chosen.
                    var key = value?.Key?.Trim();
                    if (string.IsNullOrEmpty(key))
                    {
                        problems.Add(valuePath + ".key", ValidationErrorCodes.Required, "The value key is required.");
                    }
                    else if (!keys.Add(key))
                    {
                        problems.Add(valuePath + ".key", ValidationErrorCodes.Duplicate, $"The value key '{key}' appears more than once.");
                    }
                    else
                    {
                        values.Add(new AttributeValueOption(key, string.IsNullOrWhiteSpace(value!.Name) ? key : value.Name.Trim()));
                    }
                }
            }

            if (problems.Count == before)
            {
                attributes.Add(new ServiceAttribute(
                    attribute.Code!,
                    NullIfBlank(attribute.Description),
                    attribute.Datatype,
                    NullIfBlank(attribute.DatatypeDescription),
                    attribute.Required,
                    attribute.Order,
                    attribute.Variable,
                    values.ToArray()));
            }
        }

        attributes.Sort(static (x, y) => x.Order.CompareTo(y.Order));
        return attributes.ToArray();
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
