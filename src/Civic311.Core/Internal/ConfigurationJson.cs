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
        return Read<T>(ReadBounded(utf8Json, subject), subject, expected);
    }

    public static T Read<T>(string json, string subject, string expected)
        where T : class
    {
        Guard.NotNull(json);
        return Read<T>(System.Text.Encoding.UTF8.GetBytes(json), subject, expected);
    }

    private static T Read<T>(byte[] utf8, string subject, string expected)
        where T : class
    {
        RejectDuplicateKeys(utf8, subject);
        try
        {
            return JsonSerializer.Deserialize<T>(utf8, Options) ?? throw Empty(subject, expected);
        }
        catch (JsonException ex)
        {
            throw ToValidationException(ex, subject);
        }
    }

    /// <summary>The most a configuration document may hold; a stream that never ends (/dev/zero) stops here.</summary>
    public const int MaxDocumentBytes = 32 * 1024 * 1024;

    /// <summary>Reads a whole stream, refusing one longer than <paramref name="limit"/> bytes instead of reading on forever.</summary>
    public static byte[] ReadBounded(Stream stream, string subject, int limit = MaxDocumentBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new Civic311ValidationException(subject, [new ValidationError("$", ValidationErrorCodes.TooLong, $"The document is longer than {limit / (1024 * 1024)} MB; it was not read further.")]);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    // System.Text.Json lets the last of two equal keys win, so {"timeZone":"Mars/Olympus","timeZone":"UTC"} would be
    // accepted as UTC. One pass of the reader finds a repeated key in any object, with its path and line.
    private static void RejectDuplicateKeys(byte[] utf8, string subject)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new System.Collections.Generic.List<(System.Collections.Generic.HashSet<string>? Keys, string Path, int Index)>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var path = frames.Count == 0 ? "$" : ChildPath(frames, pendingName);
                        if (frames.Count > 0 && frames[^1].Keys is null)
                        {
                            frames[^1] = (null, frames[^1].Path, frames[^1].Index + 1);
                        }

                        frames.Add((reader.TokenType == JsonTokenType.StartObject ? new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal) : null, path, -1));
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (!frames[^1].Keys!.Add(name))
                        {
                            var line = CountLines(utf8, 0, reader.TokenStartIndex) + 1;
                            var at = frames[^1].Path + "." + name;
                            throw new Civic311ValidationException(subject, [new ValidationError(at, ValidationErrorCodes.Duplicate,
                                $"The key '{name}' appears twice in the same object (line {line}); give it once.")]);
                        }

                        pendingName = name;
                        break;
                    default:
                        if (frames.Count > 0 && frames[^1].Keys is null)
                        {
                            frames[^1] = (null, frames[^1].Path, frames[^1].Index + 1);
                        }

                        pendingName = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the serializer reports it with its own path and line.
        }
    }

    private static string ChildPath(System.Collections.Generic.List<(System.Collections.Generic.HashSet<string>? Keys, string Path, int Index)> frames, string? name) =>
        frames[^1].Keys is null ? $"{frames[^1].Path}[{frames[^1].Index + 1}]" : $"{frames[^1].Path}.{name}";

    private static int CountLines(byte[] utf8, long from, long to)
    {
        var lines = 0;
        for (var i = from; i < to; i++)
        {
            lines += utf8[i] == (byte)'\n' ? 1 : 0;
        }

        return lines;
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
