using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using Civic311.Internal;

namespace Civic311.Catalog;

/// <summary>
/// The editable description of a service catalog: agencies and service types, filled from code or read from JSON.
/// <see cref="ServiceCatalog.Build"/> validates it and turns it into an immutable <see cref="ServiceCatalog"/>.
/// </summary>
/// <remarks>
/// JSON uses camelCase property names, for example
/// <c>{"agencies":[{"code":"DSNY","name":"Sanitation","timeZone":"America/New_York"}],"serviceTypes":[{"code":"MISSED","name":"Missed collection","agency":"DSNY"}]}</c>.
/// </remarks>
/// <threadsafety>Not thread-safe: fill it on one thread, then build.</threadsafety>
public sealed class ServiceCatalogDefinition
{
    /// <summary>Gets the agencies.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<AgencyDefinition> Agencies { get; } = new List<AgencyDefinition>();

    /// <summary>Gets the service types.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<ServiceTypeDefinition> ServiceTypes { get; } = new List<ServiceTypeDefinition>();

    /// <summary>Adds an agency and returns this definition, for chaining.</summary>
    /// <param name="code">The agency code, for example <c>DSNY</c>.</param>
    /// <param name="name">The agency's display name.</param>
    /// <param name="timeZone">The agency's IANA time zone, for example <c>America/New_York</c>.</param>
    /// <param name="calendar">The id of the agency's business calendar; <see langword="null"/> for around the clock.</param>
    /// <returns>This definition.</returns>
    public ServiceCatalogDefinition AddAgency(string code, string name, string timeZone, string? calendar = null)
    {
        Agencies.Add(new AgencyDefinition { Code = code, Name = name, TimeZone = timeZone, Calendar = calendar });
        return this;
    }

    /// <summary>Adds a service type and returns this definition, for chaining.</summary>
    /// <param name="serviceType">The service type.</param>
    /// <returns>This definition.</returns>
    public ServiceCatalogDefinition AddServiceType(ServiceTypeDefinition serviceType)
    {
        ServiceTypes.Add(Guard.NotNull(serviceType));
        return this;
    }

    /// <summary>Reads a catalog definition from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON stream.</param>
    /// <returns>The definition; call <see cref="ServiceCatalog.Build"/> to validate it.</returns>
    /// <exception cref="Civic311ValidationException">The JSON is malformed or a value has the wrong type (the error names its path and line).</exception>
    public static ServiceCatalogDefinition FromJson(Stream utf8Json) =>
        ConfigurationJson.Read<ServiceCatalogDefinition>(utf8Json, JsonSubject, JsonExpected);

    /// <summary>Reads a catalog definition from a JSON string.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The definition; call <see cref="ServiceCatalog.Build"/> to validate it.</returns>
    /// <exception cref="Civic311ValidationException">The JSON is malformed or a value has the wrong type (the error names its path and line).</exception>
    public static ServiceCatalogDefinition FromJson(string json) =>
        ConfigurationJson.Read<ServiceCatalogDefinition>(json, JsonSubject, JsonExpected);

    private const string JsonSubject = "service catalog JSON";
    private const string JsonExpected = "an object with 'agencies' and 'serviceTypes'";
}

/// <summary>An agency in a <see cref="ServiceCatalogDefinition"/>.</summary>
public sealed class AgencyDefinition
{
    /// <summary>Gets or sets the agency code (letters, digits, '-', '_', '.'; at most 64 characters).</summary>
    public string? Code { get; set; }

    /// <summary>Gets or sets the display name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the IANA time zone id, for example <c>America/Panama</c>.</summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// Gets or sets the id of the business calendar the agency's SLAs run on (one of <c>Civic311Options.Calendars</c>);
    /// <see langword="null"/> means open around the clock in the agency's time zone.
    /// </summary>
    public string? Calendar { get; set; }

    /// <summary>
    /// Gets the agency's queues (the work lists requests are routed to). Optional: an agency that declares none keeps
    /// free-form default queues, but routing rules can only send requests to declared queues.
    /// </summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<QueueDefinition> Queues { get; } = new List<QueueDefinition>();

    /// <summary>Adds a queue and returns this agency, for chaining.</summary>
    /// <param name="code">The queue code, for example <c>DOT-ROADWAY</c>.</param>
    /// <param name="name">The display name; the code when left out.</param>
    /// <returns>This agency definition.</returns>
    public AgencyDefinition AddQueue(string code, string? name = null)
    {
        Queues.Add(new QueueDefinition { Code = code, Name = name });
        return this;
    }
}

/// <summary>A queue of an <see cref="AgencyDefinition"/>: a work list inside the agency.</summary>
public sealed class QueueDefinition
{
    /// <summary>
    /// Gets or sets the queue code (letters, digits, '-', '_', '.'; at most 64 characters), unique within the catalog's agency;
    /// or a queue pattern with one <c>{set}</c> placeholder naming a routing district set, for example <c>WARD-{ward}</c>,
    /// which declares one queue per district (<c>WARD-1</c> ... <c>WARD-22</c>) without listing them.
    /// </summary>
    public string? Code { get; set; }

    /// <summary>Gets or sets the display name; the code when left out.</summary>
    public string? Name { get; set; }
}

/// <summary>A service type in a <see cref="ServiceCatalogDefinition"/> (an Open311 "service").</summary>
public sealed class ServiceTypeDefinition
{
    /// <summary>Gets or sets the service code (letters, digits, '-', '_', '.'; at most 64 characters).</summary>
    public string? Code { get; set; }

    /// <summary>Gets or sets the display name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the group the service is listed under, for example "Sanitation".</summary>
    public string? Group { get; set; }

    /// <summary>Gets the search keywords.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Keywords { get; } = new List<string>();

    /// <summary>Gets or sets the description shown to residents.</summary>
    public string? Description { get; set; }

    /// <summary>Gets or sets the code of the owning agency.</summary>
    public string? Agency { get; set; }

    /// <summary>
    /// Gets or sets the queue new requests of this type go to until routing or staff choose another; optional. When the
    /// owning agency declares queues, it must be one of them.
    /// </summary>
    public string? DefaultQueue { get; set; }

    /// <summary>Gets or sets a value indicating whether new requests of this type are accepted.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Active { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a request must carry a location (a point or an address).</summary>
    /// <value>Defaults to <see langword="true"/>, as Open311 requires for a POST.</value>
    public bool LocationRequired { get; set; } = true;

    /// <summary>Gets the attributes (the questions asked when the service is requested).</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<ServiceAttributeDefinition> Attributes { get; } = new List<ServiceAttributeDefinition>();
}

/// <summary>An attribute of a <see cref="ServiceTypeDefinition"/> (an Open311 service-definition attribute).</summary>
public sealed class ServiceAttributeDefinition
{
    /// <summary>Gets or sets the attribute code, unique within the service type.</summary>
    public string? Code { get; set; }

    /// <summary>Gets or sets the question or label shown to the resident.</summary>
    public string? Description { get; set; }

    /// <summary>Gets or sets the datatype.</summary>
    public AttributeDatatype Datatype { get; set; }

    /// <summary>Gets or sets a help text for the datatype, for example "in pounds".</summary>
    public string? DatatypeDescription { get; set; }

    /// <summary>Gets or sets a value indicating whether a value must be given.</summary>
    public bool Required { get; set; }

    /// <summary>Gets or sets the display order, a positive integer unique within the service type.</summary>
    public int Order { get; set; }

    /// <summary>Gets or sets a value indicating whether the resident enters a value; <see langword="false"/> marks an informational text.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Variable { get; set; } = true;

    /// <summary>Gets the allowed values of a list attribute.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<AttributeValueDefinition> Values { get; } = new List<AttributeValueDefinition>();
}

/// <summary>One allowed value of a list attribute.</summary>
public sealed class AttributeValueDefinition
{
    /// <summary>Gets or sets the key submitted with a request.</summary>
    public string? Key { get; set; }

    /// <summary>Gets or sets the display name.</summary>
    public string? Name { get; set; }
}
