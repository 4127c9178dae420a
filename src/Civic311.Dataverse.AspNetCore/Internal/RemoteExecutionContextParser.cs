using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using NodaTime;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>
/// Reads the RemoteExecutionContext JSON Dataverse posts to a webhook (powerapps-docs use-webhooks.md): every collection is
/// an array of <c>{"key":..,"value":..}</c>, typed values carry <c>"__type":"Name:namespace"</c> (the
/// <c>Name:http://schemas.microsoft.com/xrm/2011/Contracts</c> and the <c>Name:#Microsoft.Xrm.Sdk</c> forms both occur, and
/// images may have no <c>__type</c> at all), and dates are <c>/Date(ms)/</c> or <c>/Date(ms+hhmm)/</c>. Read generically, as
/// the docs advise, rather than with data-contract types; every error names the JSON path.
/// </summary>
internal static class RemoteExecutionContextParser
{
    private const string Root = "$";

    private static readonly IReadOnlyDictionary<string, object?> NoParameters = ReadOnlyDictionary<string, object?>.Empty;
    private static readonly IReadOnlyDictionary<string, DataverseEntity> NoImages = ReadOnlyDictionary<string, DataverseEntity>.Empty;

    public static DataverseWebhookEvent Parse(ReadOnlyMemory<byte> utf8Json, bool sizeExceeded)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            throw new WebhookPayloadException(ex.Path ?? Root, $"the body is not valid JSON{where}.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookPayloadException(Root, $"expected a RemoteExecutionContext object, found {Describe(root.ValueKind)}.");
            }

            var messageName = RequiredString(root, "MessageName");
            var entityName = RequiredString(root, "PrimaryEntityName");
            var entityId = OptionalGuid(root, "PrimaryEntityId") ?? throw new WebhookPayloadException($"{Root}.PrimaryEntityId", "required: the id of the row the operation is about.");
            if (entityId == Guid.Empty)
            {
                throw new WebhookPayloadException($"{Root}.PrimaryEntityId", "must not be the empty GUID.");
            }

            var hasInputs = TryGet(root, "InputParameters", out var inputs) && inputs.ValueKind != JsonValueKind.Null;
            var parameters = hasInputs ? ReadParameters(inputs, $"{Root}.InputParameters") : NoParameters;
            return new DataverseWebhookEvent(
                messageName,
                entityName,
                entityId,
                OptionalGuid(root, "OperationId"),
                OptionalGuid(root, "CorrelationId"),
                OptionalGuid(root, "RequestId"),
                OptionalInt(root, "Depth") ?? 1,
                OptionalGuid(root, "InitiatingUserId"),
                OptionalGuid(root, "UserId"),
                OptionalInt(root, "Stage") ?? 0,
                OptionalInt(root, "Mode") ?? 0,
                OptionalString(root, "OrganizationName"),
                OptionalDate(root, "OperationCreatedOn"),
                sizeExceeded || !hasInputs,
                parameters,
                ReadImages(root, "PreEntityImages"),
                ReadImages(root, "PostEntityImages"));
        }
    }

    /// <summary>Reads one attribute value (exposed for the Web API re-read, which shares the date and GUID rules).</summary>
    public static object? ReadValue(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                if (value.TryGetInt32(out var i))
                {
                    return i;
                }

                if (value.TryGetInt64(out var l))
                {
                    return l;
                }

                return value.TryGetDecimal(out var d) ? d : value.GetDouble();
            case JsonValueKind.String:
                return ReadString(value.GetString()!, path);
            case JsonValueKind.Array:
                var items = new List<object?>(value.GetArrayLength());
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    items.Add(ReadValue(item, $"{path}[{index++}]"));
                }

                return items.AsReadOnly();
            default:
                return ReadObject(value, path);
        }
    }

    private static object? ReadString(string text, string path)
    {
        if (text.StartsWith("/Date(", StringComparison.Ordinal))
        {
            return ParseDate(text, path);
        }

        // A uniqueidentifier column (the primary key in the sample, for example) arrives as a plain string.
        return text.Length == 36 && Guid.TryParseExact(text, "D", out var guid) ? guid : text;
    }

    private static object? ReadObject(JsonElement value, string path)
    {
        var type = TypeName(value, path);
        switch (type)
        {
            case "Entity":
                return ReadEntity(value, path);
            case "EntityReference":
                return ReadReference(value, path);
            case "OptionSetValue":
                return new DataverseOptionSetValue(RequiredInt(value, "Value", path));
            case "Money":
                return new DataverseMoney(RequiredDecimal(value, "Value", path));
            case "EntityCollection":
                return TryGet(value, "Entities", out var entities) ? ReadValue(entities, $"{path}.Entities") : Array.Empty<object?>();
            case "OptionSetValueCollection":
                return ReadValue(value.TryGetProperty("Value", out var options) ? options : default, $"{path}.Value");
            case "AliasedValue":
                return TryGet(value, "Value", out var aliased) ? ReadValue(aliased, $"{path}.Value") : null;
            case null:
                return InferObject(value, path);
            default:
                return value.Clone(); // a shape the receiver does not need: kept raw
        }
    }

    // Images and some serializers leave out "__type": recognise the shapes by their members.
    private static object? InferObject(JsonElement value, string path)
    {
        if (value.TryGetProperty("Attributes", out _))
        {
            return ReadEntity(value, path);
        }

        if (value.TryGetProperty("LogicalName", out _) && value.TryGetProperty("Id", out _))
        {
            return ReadReference(value, path);
        }

        if (value.TryGetProperty("Value", out var inner) && CountProperties(value) == 1 && inner.ValueKind == JsonValueKind.Number)
        {
            // An OptionSetValue and a Money look alike without their type: a whole number is taken as a choice.
            return inner.TryGetInt32(out var option) ? new DataverseOptionSetValue(option) : new DataverseMoney(inner.GetDecimal());
        }

        return value.Clone();
    }

    private static DataverseEntity ReadEntity(JsonElement value, string path)
    {
        var logicalName = OptionalString(value, "LogicalName", path) ?? throw new WebhookPayloadException($"{path}.LogicalName", "required: the table's logical name.");
        var id = OptionalGuid(value, "Id", path) ?? Guid.Empty;
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (TryGet(value, "Attributes", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            ForEachPair(list, $"{path}.Attributes", (key, item, itemPath) => attributes[key] = ReadValue(item, itemPath));
        }

        Dictionary<string, string>? formatted = null;
        if (TryGet(value, "FormattedValues", out var labels) && labels.ValueKind == JsonValueKind.Array && labels.GetArrayLength() > 0)
        {
            formatted = new Dictionary<string, string>(StringComparer.Ordinal);
            ForEachPair(labels, $"{path}.FormattedValues", (key, item, _) => formatted[key] = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
        }

        return new DataverseEntity(logicalName, id, attributes.AsReadOnly(), formatted?.AsReadOnly());
    }

    private static DataverseEntityReference ReadReference(JsonElement value, string path)
    {
        var id = OptionalGuid(value, "Id", path) ?? throw new WebhookPayloadException($"{path}.Id", "required: the referenced row's id.");
        var logicalName = OptionalString(value, "LogicalName", path) ?? throw new WebhookPayloadException($"{path}.LogicalName", "required: the referenced row's table.");
        return new DataverseEntityReference(id, logicalName, OptionalString(value, "Name", path));
    }

    private static ReadOnlyDictionary<string, object?> ReadParameters(JsonElement list, string path)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        ForEachPair(list, path, (key, item, itemPath) => parameters[key] = ReadValue(item, itemPath));
        return parameters.AsReadOnly();
    }

    private static IReadOnlyDictionary<string, DataverseEntity> ReadImages(JsonElement root, string name)
    {
        if (!TryGet(root, name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return NoImages;
        }

        var images = new Dictionary<string, DataverseEntity>(StringComparer.Ordinal);
        ForEachPair(list, $"{Root}.{name}", (key, item, itemPath) =>
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookPayloadException(itemPath, $"expected an entity image object, found {Describe(item.ValueKind)}.");
            }

            images[key] = ReadEntity(item, itemPath);
        });
        return images.AsReadOnly();
    }

    // Every collection in the context is an array of {"key":..,"value":..}.
    private static void ForEachPair(JsonElement list, string path, Action<string, JsonElement, string> add)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new WebhookPayloadException(path, $"expected an array of {{\"key\":..,\"value\":..}} pairs, found {Describe(list.ValueKind)}.");
        }

        var index = 0;
        foreach (var pair in list.EnumerateArray())
        {
            var pairPath = $"{path}[{index++}]";
            if (pair.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookPayloadException(pairPath, $"expected a {{\"key\":..,\"value\":..}} pair, found {Describe(pair.ValueKind)}.");
            }

            if (!TryGetIgnoreCase(pair, "key", out var key) || key.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(key.GetString()))
            {
                throw new WebhookPayloadException($"{pairPath}.key", "required: a non-empty string.");
            }

            TryGetIgnoreCase(pair, "value", out var item);
            add(key.GetString()!, item, $"{pairPath}.value");
        }
    }

    // "__type" is "Name:http://schemas.microsoft.com/xrm/2011/Contracts" or "Name:#Microsoft.Xrm.Sdk": the name is before ':'.
    private static string? TypeName(JsonElement value, string path)
    {
        if (!value.TryGetProperty("__type", out var type) || type.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (type.ValueKind != JsonValueKind.String)
        {
            throw new WebhookPayloadException($"{path}.__type", $"expected a string, found {Describe(type.ValueKind)}.");
        }

        var text = type.GetString()!;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? text : text[..colon];
    }

    /// <summary>Reads <c>/Date(ms)/</c> or <c>/Date(ms+hhmm)/</c>: milliseconds since the Unix epoch in UTC (the offset only says which zone the sender was in).</summary>
    public static Instant ParseDate(string text, string path)
    {
        var span = text.AsSpan();
        if (!span.StartsWith("/Date(") || !span.EndsWith(")/"))
        {
            throw BadDate(text, path);
        }

        var inner = span[6..^2];
        var sign = inner.Length > 1 ? inner[1..].IndexOfAny('+', '-') : -1;
        var millis = sign < 0 ? inner : inner[..(sign + 1)];
        if (sign >= 0)
        {
            var offset = inner[(sign + 1)..];
            if (offset.Length != 5 || !int.TryParse(offset[1..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw BadDate(text, path);
            }
        }

        if (!long.TryParse(millis, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
            || ms < Instant.MinValue.ToUnixTimeMilliseconds() || ms > Instant.MaxValue.ToUnixTimeMilliseconds())
        {
            throw BadDate(text, path);
        }

        return Instant.FromUnixTimeMilliseconds(ms);
    }

    private static WebhookPayloadException BadDate(string text, string path) =>
        new(path, $"'{(text.Length > 40 ? text[..40] + "…" : text)}' is not a /Date(milliseconds)/ or /Date(milliseconds+hhmm)/ date.");

    private static string RequiredString(JsonElement root, string name) =>
        OptionalString(root, name, Root) is { Length: > 0 } text ? text : throw new WebhookPayloadException($"{Root}.{name}", "required: a non-empty string.");

    private static string? OptionalString(JsonElement element, string name, string path = Root)
    {
        if (!TryGet(element, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new WebhookPayloadException($"{path}.{name}", $"expected a string, found {Describe(value.ValueKind)}.");
    }

    private static Guid? OptionalGuid(JsonElement element, string name, string path = Root)
    {
        var text = OptionalString(element, name, path);
        if (text is null)
        {
            return null;
        }

        return Guid.TryParse(text, out var guid) ? guid : throw new WebhookPayloadException($"{path}.{name}", $"'{(text.Length > 40 ? text[..40] + "…" : text)}' is not a GUID.");
    }

    private static int? OptionalInt(JsonElement element, string name)
    {
        if (!TryGet(element, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new WebhookPayloadException($"{Root}.{name}", $"expected a whole number, found {Describe(value.ValueKind)}.");
    }

    private static Instant? OptionalDate(JsonElement element, string name)
    {
        var text = OptionalString(element, name);
        return text is null ? null : ParseDate(text, $"{Root}.{name}");
    }

    private static int RequiredInt(JsonElement element, string name, string path) =>
        TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new WebhookPayloadException($"{path}.{name}", "required: a whole number.");

    private static decimal RequiredDecimal(JsonElement element, string name, string path) =>
        TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            ? number
            : throw new WebhookPayloadException($"{path}.{name}", "required: a number.");

    private static bool TryGet(JsonElement element, string name, out JsonElement value) => element.TryGetProperty(name, out value);

    private static bool TryGetIgnoreCase(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static int CountProperties(JsonElement element)
    {
        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name != "__type")
            {
                count++;
            }
        }

        return count;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
