using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Civic311.Internal;

namespace Civic311.Sla;

/// <summary>JSON settings for calendar definitions: camelCase, enums as camelCase names, comments and trailing commas allowed.</summary>
internal static class CalendarJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RejectNullLists } },
    };

    public static BusinessCalendarDefinition Read(Stream utf8Json)
    {
        Guard.NotNull(utf8Json);
        try
        {
            return JsonSerializer.Deserialize<BusinessCalendarDefinition>(utf8Json, Options) ?? throw Empty();
        }
        catch (JsonException ex)
        {
            throw ToValidationException(ex);
        }
    }

    public static BusinessCalendarDefinition Read(string json)
    {
        Guard.NotNull(json);
        try
        {
            return JsonSerializer.Deserialize<BusinessCalendarDefinition>(json, Options) ?? throw Empty();
        }
        catch (JsonException ex)
        {
            throw ToValidationException(ex);
        }
    }

    // The lists are get-only and populated in place; a JSON null for one would otherwise escape as an
    // InvalidOperationException without a path. A setter that throws JsonException lets the serializer add path and line.
    private static void RejectNullLists(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.Set is null && property.ObjectCreationHandling == JsonObjectCreationHandling.Populate)
            {
                var name = property.Name;
                property.Set = (_, value) =>
                {
                    if (value is null)
                    {
                        throw new JsonException($"'{name}' is null; write a list ([] for none) or leave it out.");
                    }
                };
            }
        }
    }

    private static Civic311ValidationException Empty() =>
        new("business calendar JSON", [new ValidationError("$", ValidationErrorCodes.Required, "The document is 'null'; expected an object with 'id', 'timeZone' and 'weeklyHours'.")]);

    private static Civic311ValidationException ToValidationException(JsonException ex)
    {
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})" : string.Empty;
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", System.StringComparison.Ordinal);
        return new Civic311ValidationException(
            "business calendar JSON",
            [new ValidationError(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, ValidationErrorCodes.InvalidFormat, (cut > 0 ? message[..cut] : message) + where)]);
    }
}
