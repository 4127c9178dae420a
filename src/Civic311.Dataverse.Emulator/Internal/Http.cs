using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>One operation: a top-level HTTP request or one part of a <c>$batch</c>.</summary>
internal sealed record OperationRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The target's path, URL-decoded, relative to the service root (e.g. <c>incidents(…)</c>).</summary>
    public string Path => Uri.UnescapeDataString(Target.Split('?', 2)[0]);

    public string? Query => Target.Split('?', 2) is [_, var query] ? query : null;

    public Preferences Prefer => Preferences.Parse(Header("Prefer"));

    public JsonObject BodyObject()
    {
        if (string.IsNullOrWhiteSpace(Body))
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, "The request body is empty: a JSON object is expected.");
        }

        try
        {
            return JsonNode.Parse(Body) as JsonObject
                ?? throw EmulatorError.BadRequest(ErrorCodes.PayloadError, "The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw EmulatorError.BadRequest(ErrorCodes.PayloadError, "The request body is not valid JSON: " + e.Message);
        }
    }
}

/// <summary>The <c>Prefer</c> header's preferences the service honours.</summary>
internal sealed record Preferences(bool ReturnRepresentation, int? MaxPageSize, string? IncludeAnnotations, bool ContinueOnError)
{
    public static Preferences Parse(string? header)
    {
        bool representation = false, continueOnError = false;
        int? maxPageSize = null;
        string? annotations = null;
        foreach (var item in (header ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, value) = item.Split('=', 2) is [var n, var v] ? (n.Trim(), v.Trim().Trim('"')) : (item, string.Empty);
            switch (name)
            {
                case "return" when value == "representation": representation = true; break;
                case "odata.maxpagesize" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0: maxPageSize = size; break;
                case "odata.include-annotations": annotations = value; break;
                case "odata.continue-on-error": continueOnError = true; break;
            }
        }

        return new Preferences(representation, maxPageSize, annotations, continueOnError);
    }

    public bool Wants(string annotation) =>
        IncludeAnnotations is { } list && (list == "*" || list.Split(',').Any(a => a.Trim() == annotation || (a.EndsWith(".*", StringComparison.Ordinal) && annotation.StartsWith(a[..^1], StringComparison.Ordinal))));
}

/// <summary>A path segment: a name and, when present, the text between its parentheses (a key or parameters).</summary>
internal sealed record Segment(string Name, string? Key);

internal static class UrlParser
{
    /// <summary>Splits a decoded path into segments; slashes inside quoted key values do not split.</summary>
    public static List<Segment> Segments(string path)
    {
        var segments = new List<Segment>();
        var i = 0;
        while (i < path.Length)
        {
            var nameStart = i;
            while (i < path.Length && path[i] is not ('(' or '/'))
            {
                i++;
            }

            var name = path[nameStart..i];
            string? key = null;
            if (i < path.Length && path[i] == '(')
            {
                var keyStart = ++i;
                var quoted = false;
                while (i < path.Length && (quoted || path[i] != ')'))
                {
                    if (path[i] == '\'')
                    {
                        quoted = !quoted;
                    }

                    i++;
                }

                if (i >= path.Length)
                {
                    throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, $"Bad Request - Error in query syntax: unbalanced parentheses in '{path}'.");
                }

                key = path[keyStart..i];
                i++;
            }

            segments.Add(new Segment(name, key));
            if (i < path.Length && path[i] == '/')
            {
                i++;
            }
        }

        return segments;
    }

    /// <summary>Parses <c>name='value',other=12</c> (or a bare value, returned under the empty name).</summary>
    public static Dictionary<string, JsonNode?> KeyValues(string key)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var i = 0;
        while (i < key.Length)
        {
            var nameEnd = key.IndexOf('=', i);
            var name = string.Empty;
            if (nameEnd >= 0 && (key.IndexOf('\'', i) is var q && (q < 0 || q > nameEnd)))
            {
                name = key[i..nameEnd].Trim();
                i = nameEnd + 1;
            }

            JsonNode? value;
            if (i < key.Length && key[i] == '\'')
            {
                var text = new System.Text.StringBuilder();
                i++;
                while (i < key.Length)
                {
                    if (key[i] == '\'')
                    {
                        if (i + 1 < key.Length && key[i + 1] == '\'')
                        {
                            text.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    text.Append(key[i++]);
                }

                value = JsonValue.Create(text.ToString());
            }
            else
            {
                var end = key.IndexOf(',', i);
                var literal = (end < 0 ? key[i..] : key[i..end]).Trim();
                i = end < 0 ? key.Length : end;
                value = literal switch
                {
                    "null" => null,
                    "true" => JsonValue.Create(true),
                    "false" => JsonValue.Create(false),
                    _ when Guid.TryParse(literal, out var guid) => JsonValue.Create(guid.ToString("D")),
                    _ when decimal.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => JsonNode.Parse(literal),
                    _ => throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, $"Bad Request - Error in query syntax: '{literal}' is not a valid key value."),
                };
            }

            values[name] = value;
            while (i < key.Length && key[i] is ',' or ' ')
            {
                i++;
            }
        }

        return values;
    }
}
