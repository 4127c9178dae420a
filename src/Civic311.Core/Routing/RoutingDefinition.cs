using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.FileProviders;
using Civic311.Internal;
using Civic311.Requests;

namespace Civic311.Routing;

/// <summary>
/// The editable description of a center's routing: district sets (from GeoJSON), ordered rules (first match wins) and the
/// required fallback. Filled from code or read from JSON; <see cref="RoutingRules.Build"/> validates it against the catalog
/// and compiles it.
/// </summary>
/// <remarks>
/// <para>JSON uses camelCase property names. One example with every part:</para>
/// <code>
/// {
///   "districts": [ { "name": "borough", "file": "geo/nyc-boroughs.geojson", "nameProperty": "name" } ],
///   "rules": [
///     { "name": "brooklyn-potholes",
///       "when": { "all": [ { "service": ["POTHOLE"] }, { "district": { "set": "borough", "in": ["Brooklyn"] } } ] },
///       "then": { "agency": "DOT", "queue": "DOT-BROOKLYN", "priority": "high", "tags": ["roads"] } },
///     { "name": "liaison-trees",
///       "when": { "any": [ { "reporterKind": ["liaison"] }, { "keywords": ["árbol caído"] } ] },
///       "then": { "agency": "DPR", "queue": "DPR-FORESTRY", "owner": "team-forestry" } }
///   ],
///   "fallback": { "agency": "311", "queue": "TRIAGE" }
/// }
/// </code>
/// <para>The condition shapes are described on <see cref="RoutingConditionDefinition"/>.</para>
/// </remarks>
/// <threadsafety>Not thread-safe: fill it on one thread, then build.</threadsafety>
public sealed class RoutingDefinition
{
    /// <summary>Gets the district sets (wards, boroughs, council districts, municipalities) conditions can refer to.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<DistrictSetDefinition> Districts { get; } = new List<DistrictSetDefinition>();

    /// <summary>Gets the rules, in evaluation order: the first rule whose condition holds routes the request.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<RoutingRuleDefinition> Rules { get; } = new List<RoutingRuleDefinition>();

    /// <summary>Gets or sets where a request goes when no rule matches; required.</summary>
    public RoutingActionDefinition? Fallback { get; set; }

    /// <summary>
    /// Gets or sets the file provider that <see cref="DistrictSetDefinition.File"/> paths are read through, for example
    /// <c>new PhysicalFileProvider(configDirectory)</c> so that paths are relative to the configuration file's directory.
    /// Core reads no file itself: without a provider, a district set must give its <see cref="DistrictSetDefinition.GeoJson"/>
    /// text. Not part of the JSON; <see cref="FromJson(Stream, IFileProvider?)"/> sets it.
    /// </summary>
    /// <remarks>The provider is read when <see cref="RoutingRules.Build"/> runs; the caller owns it and disposes it afterwards.</remarks>
    [JsonIgnore]
    public IFileProvider? FileProvider { get; set; }

    /// <summary>Adds a rule and returns this definition, for chaining.</summary>
    /// <param name="name">The rule name, unique within the definition.</param>
    /// <param name="when">The condition; <see langword="null"/> for a catch-all.</param>
    /// <param name="then">Where matching requests go.</param>
    /// <returns>This definition.</returns>
    public RoutingDefinition AddRule(string name, RoutingConditionDefinition? when, RoutingActionDefinition then)
    {
        Rules.Add(new RoutingRuleDefinition { Name = name, When = when, Then = Guard.NotNull(then) });
        return this;
    }

    /// <summary>Adds a district set read from GeoJSON text and returns this definition, for chaining.</summary>
    /// <param name="name">The set name conditions refer to, for example <c>borough</c>.</param>
    /// <param name="geoJson">A GeoJSON FeatureCollection of Polygon or MultiPolygon features, lon/lat (WGS84).</param>
    /// <param name="nameProperty">The feature property holding each district's name.</param>
    /// <param name="repair">Whether invalid polygons are repaired on loading instead of refused (see <see cref="DistrictSetDefinition.Repair"/>).</param>
    /// <returns>This definition.</returns>
    public RoutingDefinition AddDistricts(string name, string geoJson, string nameProperty, bool repair = false)
    {
        Districts.Add(new DistrictSetDefinition { Name = name, GeoJson = geoJson, NameProperty = nameProperty, Repair = repair });
        return this;
    }

    /// <summary>
    /// Adds a district set read now from a UTF-8 GeoJSON stream (for example <c>File.OpenRead("wards.geojson")</c>: the
    /// caller opens files, Core does no I/O of its own) and returns this definition, for chaining. The text is kept in
    /// <see cref="DistrictSetDefinition.GeoJson"/> and checked, with every other problem, when the rules are built.
    /// </summary>
    /// <param name="name">The set name conditions refer to, for example <c>ward</c>.</param>
    /// <param name="geoJson">The stream; read to its end, at most 64 MB. The caller disposes it.</param>
    /// <param name="nameProperty">The feature property holding each district's name.</param>
    /// <param name="repair">Whether invalid polygons are repaired on loading instead of refused (see <see cref="DistrictSetDefinition.Repair"/>).</param>
    /// <returns>This definition.</returns>
    /// <exception cref="Civic311ValidationException">The stream holds more than 64 MB (or never ends) or is not UTF-8.</exception>
    public RoutingDefinition AddDistricts(string name, Stream geoJson, string nameProperty, bool repair = false)
    {
        Guard.NotNull(geoJson);
        var field = $"districts[{Districts.Count}].geoJson";
        if (!ConfigurationJson.TryReadBounded(geoJson, GeoJsonDistricts.MaxFileBytes, out var bytes))
        {
            throw new Civic311ValidationException("routing districts", [new ValidationError(field, ValidationErrorCodes.TooLong, $"District set '{name}': the GeoJSON is longer than {GeoJsonDistricts.MaxFileBytes / (1024 * 1024)} MB; it was not read further.")]);
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new Civic311ValidationException("routing districts", [new ValidationError(field, ValidationErrorCodes.InvalidFormat, $"District set '{name}': the GeoJSON is not UTF-8 text (RFC 7946 requires it).")]);
        }

        return AddDistricts(name, text.TrimStart('\uFEFF'), nameProperty, repair);
    }

    /// <summary>Reads a routing definition from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON stream.</param>
    /// <param name="fileProvider">The provider GeoJSON <c>file</c> paths are read through (see <see cref="FileProvider"/>); <see langword="null"/> when every district set is inline.</param>
    /// <returns>The definition; call <see cref="RoutingRules.Build"/> to validate and compile it.</returns>
    /// <exception cref="Civic311ValidationException">The JSON is malformed or a value has the wrong type (the error names its path and line).</exception>
    public static RoutingDefinition FromJson(Stream utf8Json, IFileProvider? fileProvider = null)
    {
        var definition = ConfigurationJson.Read<RoutingDefinition>(utf8Json, JsonSubject, JsonExpected);
        definition.FileProvider = fileProvider;
        return definition;
    }

    /// <summary>Reads a routing definition from a JSON string.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="fileProvider">The provider GeoJSON <c>file</c> paths are read through (see <see cref="FileProvider"/>); <see langword="null"/> when every district set is inline.</param>
    /// <returns>The definition; call <see cref="RoutingRules.Build"/> to validate and compile it.</returns>
    /// <exception cref="Civic311ValidationException">The JSON is malformed or a value has the wrong type (the error names its path and line).</exception>
    public static RoutingDefinition FromJson(string json, IFileProvider? fileProvider = null)
    {
        var definition = ConfigurationJson.Read<RoutingDefinition>(json, JsonSubject, JsonExpected);
        definition.FileProvider = fileProvider;
        return definition;
    }

    /// <summary>Writes the definition as indented JSON in the shape <see cref="FromJson(string, IFileProvider?)"/> reads (unset values left out).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, WriteOptions);

    private static readonly JsonSerializerOptions WriteOptions = new(ConfigurationJson.Options)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const string JsonSubject = "routing JSON";
    private const string JsonExpected = "an object with 'districts', 'rules' and 'fallback'";
}

/// <summary>
/// A set of districts (one kind: wards, boroughs, council districts...) from one GeoJSON FeatureCollection, as cities
/// publish them: each Polygon or MultiPolygon feature is a district named by one of its properties.
/// </summary>
/// <remarks>
/// Coordinates are GeoJSON's longitude, latitude (WGS84). Features with the same name (case-insensitively) form one
/// district. Where districts of one set overlap, the feature that comes first in the file wins. A point on a border counts
/// as inside. Every feature must be a valid, non-empty Polygon or MultiPolygon with the name property, or the build lists
/// it as an error (see <see cref="Repair"/> for files with self-intersections).
/// </remarks>
public sealed class DistrictSetDefinition
{
    /// <summary>Gets or sets the set name conditions refer to, for example <c>borough</c> or <c>ward</c>.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Gets or sets the path of the GeoJSON file within <see cref="RoutingDefinition.FileProvider"/> (for a
    /// <c>PhysicalFileProvider</c>, relative to its root directory). Give this or <see cref="GeoJson"/>.
    /// </summary>
    public string? File { get; set; }

    /// <summary>Gets or sets the GeoJSON text itself (not a path: a value that looks like one is reported). Give this or <see cref="File"/>.</summary>
    public string? GeoJson { get; set; }

    /// <summary>Gets or sets the feature property holding each district's name, for example <c>name</c> or <c>boro_cd</c> (a string or a number).</summary>
    public string? NameProperty { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether invalid polygons (self-intersecting rings, as coarse published boundary files
    /// often have) are repaired on loading (NetTopologySuite's <c>GeometryFixer</c>) instead of rejected.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>: an invalid polygon is a validation error.</value>
    public bool Repair { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether district names compare after normalisation, for sets whose files and rules
    /// spell numbered districts differently: a name ending in a number after a space (or only a number) compares as that
    /// number without leading zeros, so <c>"03"</c>, <c>"3"</c> and <c>"Ward 3"</c> are one district; other names compare
    /// trimmed, case-insensitively, with runs of spaces as one. Queue patterns then use the normalised name
    /// (<c>WARD-{ward}</c> gives <c>WARD-3</c> for "Ward 03"). Two features whose different names normalise alike (say
    /// "Ward 3" and "District 3") are a validation error naming both.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>: names compare trimmed and case-insensitively, as written.</value>
    public bool NormalizeNames { get; set; }
}

/// <summary>One routing rule: a name, a condition and where matching requests go.</summary>
public sealed class RoutingRuleDefinition
{
    /// <summary>Gets or sets the rule name, unique within the definition (case-insensitively); it appears in explanations and history.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the condition; <see langword="null"/> makes the rule a catch-all (no rule after it can be reached).</summary>
    public RoutingConditionDefinition? When { get; set; }

    /// <summary>Gets or sets where a matching request goes.</summary>
    public RoutingActionDefinition? Then { get; set; }
}

/// <summary>Where a routed request goes: agency and queue, and optionally an owner, a priority, an SLA policy and tags.</summary>
public sealed class RoutingActionDefinition
{
    /// <summary>Gets or sets the agency code; it must be in the catalog.</summary>
    public string? Agency { get; set; }

    /// <summary>
    /// Gets or sets the queue code; it must be one of the queues the agency declares. Or a queue pattern with one
    /// <c>{set}</c> placeholder naming a district set, for example <c>WARD-{ward}</c>: a request in ward <c>3</c> goes to
    /// <c>WARD-3</c>. The agency must declare the same pattern or every queue it produces, and every produced name must be a
    /// valid queue code. When the request's point is in no district of that set the rule does not apply and the next rule
    /// is tried. The fallback cannot use a pattern.
    /// </summary>
    public string? Queue { get; set; }

    /// <summary>Gets or sets the user or team id that should own the request (as Dynamics routing rule items allow); optional.</summary>
    public string? Owner { get; set; }

    /// <summary>Gets or sets the priority the request should get; <see langword="null"/> keeps its own.</summary>
    public Priority? Priority { get; set; }

    /// <summary>Gets or sets the name of an SLA policy to apply instead of the service type's; optional, carried as given.</summary>
    public string? SlaPolicy { get; set; }

    /// <summary>Gets the tags to put on the request.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Tags { get; } = new List<string>();
}
