using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Civic311.Internal;
using Microsoft.Extensions.FileProviders;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;

namespace Civic311.Routing;

/// <summary>
/// Reads a district set from a GeoJSON FeatureCollection (RFC 7946): every feature a Polygon or MultiPolygon in lon/lat,
/// named by one property. Every problem is reported with the set's path and the feature's index. The text is given inline
/// or read through the caller's <see cref="IFileProvider"/>: Core itself touches no file system.
/// </summary>
internal static class GeoJsonDistricts
{
    /// <summary>The largest district file read: generous for city boundaries, and a file that never ends stops here.</summary>
    public const int MaxFileBytes = 64 * 1024 * 1024;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static DistrictSet? Load(DistrictSetDefinition definition, string name, string nameProperty, IFileProvider? files, string path, ref ErrorList problems)
    {
        var utf8 = ReadUtf8(definition, files, path, ref problems);
        if (utf8 is null)
        {
            return null;
        }

        // The last of two equal keys would win ({"name":"A","name":"B"}), silently renaming a district; a half surrogate escape would throw.
        if (ConfigurationJson.FindStructuralProblem(utf8) is { } duplicate)
        {
            problems.Add(path + Source(definition), duplicate.Code, $"District set '{name}', at {duplicate.Field}: {duplicate.Message}");
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            problems.Add(path + Source(definition), ValidationErrorCodes.InvalidFormat, $"District set '{name}': the GeoJSON is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}).");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !IsType(root, "FeatureCollection") || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                problems.Add(path + Source(definition), ValidationErrorCodes.InvalidFormat, $"District set '{name}': the GeoJSON is not a FeatureCollection with a 'features' array.");
                return null;
            }

            var before = problems.Count;
            var districts = new List<string>();
            var byName = new Dictionary<string, (int District, int Feature)>(StringComparer.OrdinalIgnoreCase);
            var keys = new List<string>();
            var polygons = new List<(int, Polygon)>();
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                var featurePath = $"{path}.features[{index}]";
                var districtName = ReadName(feature, name, nameProperty, index, path, ref problems);
                var geometry = ReadGeometry(feature, name, index, districtName, featurePath, definition.Repair, ref problems);
                if (districtName is not null && geometry is not null)
                {
                    var key = DistrictSet.Key(districtName, definition.NormalizeNames);
                    if (!byName.TryGetValue(key, out var known))
                    {
                        known = (districts.Count, index);
                        byName.Add(key, known);
                        districts.Add(districtName);
                        keys.Add(key);
                    }
                    else if (!string.Equals(districts[known.District].Trim(), districtName.Trim(), StringComparison.OrdinalIgnoreCase))
                    {
                        // The same name twice is one district in several features; two names alike only once normalised is a mistake.
                        problems.Add($"{path}.normalizeNames", ValidationErrorCodes.Duplicate, $"District set '{name}': feature {known.Feature} ('{districts[known.District]}') and feature {index} ('{districtName}') both normalise to '{key}'; rename one, or turn normalizeNames off.");
                    }

                    var district = known.District;

                    for (var p = 0; p < geometry.NumGeometries; p++)
                    {
                        polygons.Add((district, (Polygon)geometry.GetGeometryN(p)));
                    }
                }

                index++;
            }

            if (index == 0)
            {
                problems.Add(path + Source(definition), ValidationErrorCodes.Required, $"District set '{name}': the FeatureCollection has no feature.");
            }

            return problems.Count == before ? DistrictSet.Create(name, districts.ToArray(), keys.ToArray(), definition.NormalizeNames, polygons) : null;
        }
    }

    private static string Source(DistrictSetDefinition definition) => definition.File is null ? ".geoJson" : ".file";

    private static byte[]? ReadUtf8(DistrictSetDefinition definition, IFileProvider? files, string path, ref ErrorList problems)
    {
        var hasFile = !string.IsNullOrWhiteSpace(definition.File);
        var hasText = !string.IsNullOrWhiteSpace(definition.GeoJson);
        if (hasFile == hasText)
        {
            problems.Add(path, hasFile ? ValidationErrorCodes.Inconsistent : ValidationErrorCodes.Required, "Give exactly one of 'file' (a GeoJSON file) and 'geoJson' (the GeoJSON text).");
            return null;
        }

        if (hasText)
        {
            var text = definition.GeoJson!;
            if (LooksLikePath(text))
            {
                problems.Add(path + ".geoJson", ValidationErrorCodes.InvalidFormat,
                    $"'{path}.geoJson' holds what looks like a file path ('{text.Trim()}'); give the GeoJSON text itself, or put the path in 'file' and give the routing definition a file provider (RoutingDefinition.FileProvider).");
                return null;
            }

            return System.Text.Encoding.UTF8.GetBytes(text);
        }

        var file = definition.File!.Trim();
        if (files is null)
        {
            problems.Add(path + ".file", ValidationErrorCodes.Required,
                $"The GeoJSON file '{file}' cannot be read: no file provider was given (pass one to RoutingDefinition.FromJson or set RoutingDefinition.FileProvider, for example new PhysicalFileProvider(configDirectory)).");
            return null;
        }

        try
        {
            var info = files.GetFileInfo(file);
            if (!info.Exists || info.IsDirectory)
            {
                problems.Add(path + ".file", ValidationErrorCodes.Unknown,
                    $"The GeoJSON file '{file}' was not found through the file provider ({files.GetType().Name}); paths are relative to the provider's root.");
                return null;
            }

            // The provider's length is not trusted (a device or a pipe reports none): the read itself is bounded.
            using var stream = info.CreateReadStream();
            if (!ConfigurationJson.TryReadBounded(stream, MaxFileBytes, out var bytes))
            {
                problems.Add(path + ".file", ValidationErrorCodes.TooLong, $"The GeoJSON file '{file}' is longer than {MaxFileBytes / (1024 * 1024)} MB; it was not read further (simplify the polygons or split the set).");
                return null;
            }

            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add(path + ".file", ValidationErrorCodes.Unknown, $"The GeoJSON file '{file}' cannot be read: {ex.Message}");
            return null;
        }
    }

    /// <summary>A value with no <c>{</c> that ends like a JSON file name or holds a path separator: a path given where text belongs.</summary>
    private static bool LooksLikePath(string text)
    {
        var value = text.Trim();
        return !value.Contains('{', StringComparison.Ordinal)
            && (value.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                || value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal));
    }

    private static bool IsType(JsonElement element, string type) =>
        element.TryGetProperty("type", out var value) && value.ValueKind == JsonValueKind.String && value.ValueEquals(type);

    private static string? ReadName(JsonElement feature, string set, string nameProperty, int index, string path, ref ErrorList problems)
    {
        if (feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            if (properties.TryGetProperty(nameProperty, out var value))
            {
                var text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString()?.Trim(),
                    JsonValueKind.Number => value.GetRawText(),
                    _ => null,
                };
                if (!string.IsNullOrEmpty(text))
                {
                    return text;
                }

                problems.Add($"{path}.nameProperty", ValidationErrorCodes.Required, $"District set '{set}', feature {index}: the property '{nameProperty}' is {value.ValueKind.ToString().ToUpperInvariant()}, not a name.");
                return null;
            }

            var known = string.Join(", ", properties.EnumerateObject().Select(p => p.Name).Take(12));
            problems.Add($"{path}.nameProperty", ValidationErrorCodes.Unknown, $"District set '{set}', feature {index} has no property '{nameProperty}' (it has: {(known.Length == 0 ? "none" : known)}).");
            return null;
        }

        problems.Add($"{path}.nameProperty", ValidationErrorCodes.Unknown, $"District set '{set}', feature {index} has no 'properties' object to read '{nameProperty}' from.");
        return null;
    }

    private static Geometry? ReadGeometry(JsonElement feature, string set, int index, string? district, string path, bool repair, ref ErrorList problems)
    {
        var where = district is null ? $"District set '{set}', feature {index}" : $"District set '{set}', feature {index} ('{district}')";
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path + ".geometry", ValidationErrorCodes.Required, $"{where} has no geometry.");
            return null;
        }

        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            problems.Add(path + ".geometry", ValidationErrorCodes.InvalidFormat, $"{where}: the geometry has no 'coordinates' array.");
            return null;
        }

        Geometry result;
        try
        {
            if (IsType(geometry, "Polygon"))
            {
                result = ReadPolygon(coordinates);
            }
            else if (IsType(geometry, "MultiPolygon"))
            {
                result = Factory.CreateMultiPolygon(coordinates.EnumerateArray().Select(ReadPolygon).ToArray());
            }
            else
            {
                var type = geometry.TryGetProperty("type", out var t) ? t.ToString() : "(none)";
                problems.Add(path + ".geometry.type", ValidationErrorCodes.NotInList, $"{where}: the geometry is a {type}; districts must be Polygon or MultiPolygon.");
                return null;
            }
        }
        catch (FormatException ex)
        {
            problems.Add(path + ".geometry", ValidationErrorCodes.InvalidFormat, $"{where}: {ex.Message}");
            return null;
        }
        catch (ArgumentException ex)
        {
            problems.Add(path + ".geometry", ValidationErrorCodes.InvalidFormat, $"{where}: the polygon is malformed ({ex.Message}).");
            return null;
        }

        if (result.IsEmpty)
        {
            problems.Add(path + ".geometry", ValidationErrorCodes.Required, $"{where}: the polygon is empty.");
            return null;
        }

        var validity = new IsValidOp(result);
        if (validity.IsValid)
        {
            return result;
        }

        var error = validity.ValidationError;
        if (!repair)
        {
            problems.Add(path + ".geometry", ValidationErrorCodes.InvalidFormat, string.Create(CultureInfo.InvariantCulture,
                $"{where}: the polygon is invalid: {error.Message} at {error.Coordinate?.X}, {error.Coordinate?.Y} (set 'repair' on the district set to fix such polygons on loading)."));
            return null;
        }

        var fixedGeometry = GeometryFixer.Fix(result);
        if (fixedGeometry is not (Polygon or MultiPolygon) || fixedGeometry.IsEmpty)
        {
            problems.Add(path + ".geometry", ValidationErrorCodes.InvalidFormat, string.Create(CultureInfo.InvariantCulture,
                $"{where}: the polygon is invalid ({error.Message} at {error.Coordinate?.X}, {error.Coordinate?.Y}) and cannot be repaired into a polygon."));
            return null;
        }

        return fixedGeometry is Polygon polygon ? Factory.CreateMultiPolygon([polygon]) : fixedGeometry;
    }

    private static Polygon ReadPolygon(JsonElement rings)
    {
        if (rings.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a polygon is not an array of rings.");
        }

        var linear = rings.EnumerateArray().Select(ReadRing).ToArray();
        return linear.Length == 0 ? Factory.CreatePolygon() : Factory.CreatePolygon(linear[0], linear[1..]);
    }

    private static LinearRing ReadRing(JsonElement ring)
    {
        if (ring.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a ring is not an array of positions.");
        }

        var coordinates = new Coordinate[ring.GetArrayLength()];
        var i = 0;
        foreach (var position in ring.EnumerateArray())
        {
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
            {
                throw new FormatException($"position {i} of a ring is not [longitude, latitude].");
            }

            // RFC 7946 positions are WGS 84 longitude then latitude; anything else (a projected file, swapped axes, 1e308)
            // would build a district no request can fall in, or one that swallows the map.
            if (!position[0].TryGetDouble(out var longitude) || !position[1].TryGetDouble(out var latitude)
                || !double.IsFinite(longitude) || !double.IsFinite(latitude) || longitude is < -180 or > 180 || latitude is < -90 or > 90)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"position {i} of a ring, [{Short(position[0])}, {Short(position[1])}], is outside WGS 84 (longitude -180 to 180, latitude -90 to 90; GeoJSON gives longitude first)."));
            }

            coordinates[i++] = new Coordinate(longitude, latitude);
        }

        if (coordinates.Length < 4 || !coordinates[0].Equals2D(coordinates[^1]))
        {
            throw new FormatException($"a ring must be closed (its last position equal to its first) with at least 4 positions; it has {coordinates.Length}.");
        }

        return Factory.CreateLinearRing(coordinates);
    }

    private static string Short(JsonElement number)
    {
        var raw = number.GetRawText();
        return raw.Length > 24 ? raw[..24] + "…" : raw;
    }
}
