using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Civic311.Internal;

/// <summary>
/// How Civic311 reads configuration JSON (catalogs, calendars): camelCase, comments and trailing commas allowed, unknown
/// properties refused, enums by exactly one name, and every failure a <see cref="Civic311ValidationException"/> that names
/// the JSON path and line.
/// </summary>
internal static class ConfigurationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new StrictEnumConverterFactory() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RejectNullLists } },
    };

    public static T Read<T>(Stream utf8Json, string subject, string expected)
        where T : class
    {
        Guard.NotNull(utf8Json);
        try
        {
            return JsonSerializer.Deserialize<T>(utf8Json, Options) ?? throw Empty(subject, expected);
        }
        catch (JsonException ex)
        {
            throw ToValidationException(ex, subject);
        }
    }

    public static T Read<T>(string json, string subject, string expected)
        where T : class
    {
        Guard.NotNull(json);
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw Empty(subject, expected);
        }
        catch (JsonException ex)
        {
            throw ToValidationException(ex, subject);
        }
    }

    private static Civic311ValidationException Empty(string subject, string expected) =>
        new(subject, [new ValidationError("$", ValidationErrorCodes.Required, $"The document is 'null'; expected {expected}.")]);

    private static Civic311ValidationException ToValidationException(JsonException ex, string subject)
    {
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})" : string.Empty;

        // System.Text.Json appends "Path: ... | LineNumber: ..." which is reported in a structured way instead.
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return new Civic311ValidationException(
            subject,
            [new ValidationError(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, ValidationErrorCodes.InvalidFormat, (cut > 0 ? message[..cut] : message) + where)]);
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

    /// <summary>
    /// Enums by exactly one of their names, case-insensitively (so Open311's <c>singlevaluelist</c> and camelCase
    /// <c>singleValueList</c> both read). The general converter would read <c>"number, text"</c> as a flags combination
    /// and accept numbers and surrounding spaces, so a typo would silently become another value.
    /// </summary>
    private sealed class StrictEnumConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class StrictEnumConverter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly string[] Names = Enum.GetNames<TEnum>();

        // Open311 spells its datatypes in lower case (singlevaluelist, marked by the attribute); everything else reads
        // best in camelCase.
        private static readonly string Allowed = string.Join(", ", Array.ConvertAll(Names, name =>
            typeof(TEnum).IsDefined(typeof(LowercaseJsonNamesAttribute), false) ? name.ToLowerInvariant() : JsonNamingPolicy.CamelCase.ConvertName(name)));

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            foreach (var name in Names)
            {
                if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase))
                {
                    return Enum.Parse<TEnum>(name);
                }
            }

            throw new JsonException(text is null
                ? $"Expected one of {Allowed} as a string."
                : $"'{text}' is not one of {Allowed}.");
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));
    }
}

/// <summary>
/// Marks an enum whose configuration names are written in lower case (Open311's <c>singlevaluelist</c>) rather than
/// camelCase. An attribute keeps the base namespace from naming the feature types that use it.
/// </summary>
[AttributeUsage(AttributeTargets.Enum)]
internal sealed class LowercaseJsonNamesAttribute : Attribute;
