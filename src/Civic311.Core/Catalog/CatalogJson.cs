using System;
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
        Converters =
        {
            // Before the general enum converter: that one parses "number, text" as a flags combination (Text) and
            // accepts surrounding spaces, so a typo would silently become another datatype.
            new AttributeDatatypeConverter(),
            new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
        },
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

    /// <summary>
    /// Reads exactly one Open311 datatype name (<c>string</c>, <c>number</c>, <c>datetime</c>, <c>text</c>,
    /// <c>singlevaluelist</c>, <c>multivaluelist</c>), case-insensitively, so camelCase <c>singleValueList</c> works too.
    /// </summary>
    private sealed class AttributeDatatypeConverter : JsonConverter<AttributeDatatype>
    {
        private static readonly (string Name, AttributeDatatype Value)[] Names =
        [
            ("string", AttributeDatatype.String),
            ("number", AttributeDatatype.Number),
            ("datetime", AttributeDatatype.Datetime),
            ("text", AttributeDatatype.Text),
            ("singlevaluelist", AttributeDatatype.SingleValueList),
            ("multivaluelist", AttributeDatatype.MultiValueList),
        ];

        public override AttributeDatatype Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            foreach (var (name, value) in Names)
            {
                if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            throw new JsonException(
                (text is null ? $"A datatype must be a string, not {reader.TokenType}" : $"'{text}' is not a datatype")
                + "; use string, number, datetime, text, singlevaluelist or multivaluelist.");
        }

        public override void Write(Utf8JsonWriter writer, AttributeDatatype value, JsonSerializerOptions options)
        {
            foreach (var (name, known) in Names)
            {
                if (known == value)
                {
                    writer.WriteStringValue(name);
                    return;
                }
            }

            throw new JsonException($"'{(int)value}' is not a datatype.");
        }
    }
}
