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
    public static byte[] ReadBounded(Stream stream, string subject, int limit = MaxDocumentBytes) =>
        TryReadBounded(stream, limit, out var bytes)
            ? bytes
            : throw new Civic311ValidationException(subject, [new ValidationError("$", ValidationErrorCodes.TooLong, $"The document is longer than {limit / (1024 * 1024)} MB; it was not read further.")]);

    /// <summary>Reads a whole stream unless it is longer than <paramref name="limit"/> bytes (then stops reading and returns <see langword="false"/>).</summary>
    public static bool TryReadBounded(Stream stream, int limit, out byte[] bytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                bytes = [];
                return false;
            }

            buffer.Write(chunk, 0, read);
        }

        bytes = buffer.ToArray();
        return true;
    }

    // System.Text.Json lets the last of two equal keys win, so {"timeZone":"Mars/Olympus","timeZone":"UTC"} would be
    // accepted as UTC.
    private static void RejectDuplicateKeys(byte[] utf8, string subject)
    {
        if (FindStructuralProblem(utf8) is { } duplicate)
        {
            throw new Civic311ValidationException(subject, [duplicate]);
        }
    }

    /// <summary>
    /// One pass of the reader over a document: the first key repeated in one object, or the first string whose escapes
    /// are not valid UTF-16 (<c>"\ud800"</c>, which the serializer would throw on as an <see cref="InvalidOperationException"/>),
    /// as an error with its JSON path and line; or <see langword="null"/>. Malformed JSON is left to the parser that reads
    /// the document. Paths are built only for the error, so a large GeoJSON file costs no string per position.
    /// </summary>
    public static ValidationError? FindStructuralProblem(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new System.Collections.Generic.List<Frame>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        CountElement(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartObject ? new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal) : null, pendingName));
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        if (BadEscape(ref reader, utf8, frames, "a key") is { } badKey)
                        {
                            return badKey;
                        }

                        var name = reader.GetString()!;
                        if (!frames[^1].Keys!.Add(name))
                        {
                            var line = CountLines(utf8, 0, reader.TokenStartIndex) + 1;
                            return new ValidationError(PathOf(frames) + "." + name, ValidationErrorCodes.Duplicate,
                                $"The key '{name}' appears twice in the same object (line {line}); give it once.");
                        }

                        pendingName = name;
                        break;
                    default:
                        CountElement(frames);
                        if (reader.TokenType == JsonTokenType.String && BadEscape(ref reader, utf8, frames, "a value", pendingName) is { } badValue)
                        {
                            return badValue;
                        }

                        pendingName = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the parser reports it with its own path and line.
        }

        return null;

        static void CountElement(System.Collections.Generic.List<Frame> frames)
        {
            if (frames.Count > 0 && frames[^1].Keys is null)
            {
                frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
            }
        }
    }

    // Only escaped strings can hold an unpaired surrogate (the reader validates raw UTF-8), so the rest cost nothing.
    private static ValidationError? BadEscape(ref Utf8JsonReader reader, byte[] utf8, System.Collections.Generic.List<Frame> frames, string what, string? member = null)
    {
        if (!reader.ValueIsEscaped)
        {
            return null;
        }

        try
        {
            _ = reader.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            var line = CountLines(utf8, 0, reader.TokenStartIndex) + 1;
            var path = PathOf(frames) + (member is null ? string.Empty : "." + member);
            if (frames.Count > 0 && frames[^1].Keys is null && member is null)
            {
                path += $"[{frames[^1].Index}]";
            }

            return new ValidationError(path, ValidationErrorCodes.InvalidFormat,
                $"{char.ToUpperInvariant(what[0])}{what[1..]} holds a \\u escape of half a surrogate pair (line {line}); write the character itself or both halves.");
        }
    }

    private static string PathOf(System.Collections.Generic.List<Frame> frames)
    {
        var path = new System.Text.StringBuilder("$");
        for (var i = 1; i < frames.Count; i++)
        {
            // A frame's place in its parent: the parent's key for an object member, the parent's index for an element.
            if (frames[i - 1].Keys is null)
            {
                path.Append('[').Append(frames[i - 1].Index).Append(']');
            }
            else
            {
                path.Append('.').Append(frames[i].Name);
            }
        }

        return path.ToString();
    }

    private static int CountLines(byte[] utf8, long from, long to)
    {
        var lines = 0;
        for (var i = from; i < to; i++)
        {
            lines += utf8[i] == (byte)'\n' ? 1 : 0;
        }

        return lines;
    }

    private readonly record struct Frame(System.Collections.Generic.HashSet<string>? Keys, string? Name, int Index = -1);

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
