using System.Text.Json;
using System.Text.Json.Serialization;

namespace Civic311.Catalog;

internal static class CatalogJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static Civic311ValidationException ToValidationException(JsonException ex)
    {
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})" : string.Empty;
        return new Civic311ValidationException(
            "service catalog JSON",
            [new ValidationError(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, ValidationErrorCodes.InvalidFormat, FirstSentence(ex.Message) + where)]);
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: ... | LineNumber: ..." which we already report in a structured way.
        var cut = message.IndexOf(" Path:", System.StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
