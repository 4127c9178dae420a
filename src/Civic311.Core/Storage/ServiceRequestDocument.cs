using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Civic311.Internal;
using Civic311.Requests;
using Civic311.Sla;
using Microsoft.Extensions.Primitives;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Storage;

/// <summary>
/// The persisted form of a <see cref="ServiceRequest"/> for store adapters: one self-contained JSON document holding the
/// whole aggregate (state, history, SLA instances), so a store can keep it in one column or row and rebuild the request
/// exactly. Stores keep the version themselves and pass it back when reading.
/// </summary>
/// <remarks>
/// The document carries a schema number (<see cref="SchemaVersion"/>); readers accept every schema up to theirs. Instants
/// are ISO 8601 in UTC, durations whole nanoseconds, enums by name. Personal data (the reporter) is inside: protect the
/// column as you would the request.
/// </remarks>
/// <threadsafety>Thread-safe.</threadsafety>
public static class ServiceRequestDocument
{
    /// <summary>The schema number written into each document.</summary>
    public const int SchemaVersion = 1;

    private const string Subject = "stored service request document";
    private static readonly InstantPattern InstantFormat = InstantPattern.ExtendedIso;

    /// <summary>Writes a request as a UTF-8 JSON document.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The document.</returns>
    public static byte[] ToUtf8Json(ServiceRequest request)
    {
        Guard.NotNull(request);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, request);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a request as a JSON document string.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The document.</returns>
    public static string ToJson(ServiceRequest request) => System.Text.Encoding.UTF8.GetString(ToUtf8Json(request));

    /// <summary>Writes a request as one JSON object to <paramref name="writer"/> (to embed it in a larger payload).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="request">The request.</param>
    public static void Write(Utf8JsonWriter writer, ServiceRequest request)
    {
        Guard.NotNull(writer);
        Guard.NotNull(request);
        writer.WriteStartObject();
        writer.WriteNumber("schema", SchemaVersion);
        writer.WriteString("id", request.Id.Value);
        writer.WriteString("trackingNumber", request.TrackingNumber);
        writer.WriteString("serviceCode", request.ServiceCode);
        WriteOptional(writer, "description", request.Description);
        if (request.Location is { } location)
        {
            writer.WriteStartObject("location");
            if (location.Point is { } point)
            {
                writer.WriteNumber("latitude", point.Latitude);
                writer.WriteNumber("longitude", point.Longitude);
            }

            WriteOptional(writer, "address", location.Address);
            WriteOptional(writer, "zipCode", location.ZipCode);
            WriteOptional(writer, "district", location.District);
            writer.WriteEndObject();
        }

        if (request.Reporter is { } reporter)
        {
            writer.WriteStartObject("reporter");
            WriteOptional(writer, "name", reporter.Name);
            WriteOptional(writer, "email", reporter.Email);
            WriteOptional(writer, "phone", reporter.Phone);
            WriteOptional(writer, "preferredLanguage", reporter.PreferredLanguage);
            WriteOptional(writer, "kind", reporter.Kind);
            if (reporter.OptOut != ContactOptOut.None)
            {
                writer.WriteNumber("optOut", (int)reporter.OptOut);
            }

            writer.WriteEndObject();
        }

        writer.WriteString("channel", request.Channel.ToString());
        writer.WriteString("priority", request.Priority.ToString());
        writer.WriteStartObject("attributes");
        foreach (var (code, values) in request.Attributes)
        {
            writer.WriteStartArray(code);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteString("agency", request.Agency);
        WriteOptional(writer, "queue", request.Queue);
        WriteOptional(writer, "assignee", request.Assignee);
        WriteOptional(writer, "externalReference", request.ExternalReference);
        WriteInstant(writer, "requestedAt", request.RequestedAt);
        WriteInstant(writer, "updatedAt", request.UpdatedAt);
        writer.WriteString("status", request.Status.ToString());
        WriteOptional(writer, "statusBeforeHold", request.StatusBeforeHold?.ToString());
        WriteOptional(writer, "holdReason", request.HoldReason);
        if (request.Resolution is { } resolution)
        {
            writer.WriteStartObject("resolution");
            writer.WriteString("code", resolution.Code);
            WriteOptional(writer, "publicNote", resolution.PublicNote);
            writer.WriteEndObject();
        }

        WriteInstant(writer, "resolvedAt", request.ResolvedAt);
        WriteInstant(writer, "closedAt", request.ClosedAt);
        if (request.DuplicateOf is { } original)
        {
            writer.WriteString("duplicateOf", original.Value);
        }

        writer.WriteNumber("reopenCount", request.ReopenCount);
        if (request.DuplicateCount is { } duplicateCount)
        {
            writer.WriteNumber("duplicateCount", duplicateCount);
        }
        WriteOptional(writer, "slaPolicy", request.SlaPolicyName);
        if (request.Tags.Count > 0)
        {
            writer.WriteStartArray("tags");
            foreach (var tag in request.Tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("history");
        foreach (var entry in request.History)
        {
            WriteEntry(writer, entry);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("sla");
        foreach (var instance in request.Sla)
        {
            WriteSla(writer, instance);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes one history entry as a JSON object (stores that keep history rows apart use it for their rows).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="entry">The entry.</param>
    public static void WriteEntry(Utf8JsonWriter writer, HistoryEntry entry)
    {
        Guard.NotNull(writer);
        Guard.NotNull(entry);
        writer.WriteStartObject();
        writer.WriteNumber("sequence", entry.Sequence);
        writer.WriteString("action", entry.Action.ToString());
        WriteInstant(writer, "occurredAt", entry.OccurredAt);
        writer.WriteString("actor", entry.Actor);
        WriteOptional(writer, "fromStatus", entry.FromStatus?.ToString());
        writer.WriteString("toStatus", entry.ToStatus.ToString());
        writer.WriteStartArray("changes");
        foreach (var change in entry.Changes)
        {
            writer.WriteStartObject();
            writer.WriteString("field", change.Field);
            WriteOptional(writer, "from", change.From);
            WriteOptional(writer, "to", change.To);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteOptional(writer, "note", entry.Note);
        writer.WriteString("noteVisibility", entry.NoteVisibility.ToString());
        writer.WriteEndObject();
    }

    /// <summary>Reads a request from a UTF-8 JSON document.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="version">The store's version of the request (its concurrency token).</param>
    /// <returns>The request, as it was written.</returns>
    /// <exception cref="Civic311ValidationException">The document is not valid JSON, is from a newer schema, or a field is missing or malformed (the error names it).</exception>
    public static ServiceRequest FromUtf8Json(ReadOnlySpan<byte> utf8Json, string? version)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw Invalid("$", ValidationErrorCodes.InvalidFormat, $"The document is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            return Read(document.RootElement, version);
        }
    }

    /// <summary>Reads a request from a JSON document string.</summary>
    /// <param name="json">The document.</param>
    /// <param name="version">The store's version of the request.</param>
    /// <returns>The request.</returns>
    /// <exception cref="Civic311ValidationException">The document is malformed (the error names the field).</exception>
    public static ServiceRequest FromJson(string json, string? version) =>
        FromUtf8Json(System.Text.Encoding.UTF8.GetBytes(Guard.NotNull(json)), version);

    /// <summary>Reads a request from a parsed JSON object (one embedded in a larger payload).</summary>
    /// <param name="element">The object.</param>
    /// <param name="version">The store's version of the request.</param>
    /// <returns>The request.</returns>
    /// <exception cref="Civic311ValidationException">The object is malformed (the error names the field).</exception>
    public static ServiceRequest Read(JsonElement element, string? version)
    {
        var root = new Node(element, "$");
        root.ExpectObject();
        var schema = root.Required("schema").Int32();
        if (schema < 1 || schema > SchemaVersion)
        {
            throw Invalid("$.schema", ValidationErrorCodes.OutOfRange, $"Schema {schema} is not readable by this version of Civic311 (reads 1 to {SchemaVersion}).");
        }

        var historyNode = root.Required("history");
        var history = new List<HistoryEntry>();
        foreach (var item in historyNode.Items())
        {
            history.Add(ReadEntry(item));
        }

        if (history.Count == 0)
        {
            throw Invalid(historyNode.Path, ValidationErrorCodes.Required, "A request has at least its submission in its history.");
        }

        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].Sequence != i + 1)
            {
                throw Invalid($"{historyNode.Path}[{i}].sequence", ValidationErrorCodes.Inconsistent, $"History entries are numbered 1, 2, 3...; entry {i} has {history[i].Sequence}.");
            }
        }

        var sla = new List<SlaInstance>();
        foreach (var item in root.Required("sla").Items())
        {
            sla.Add(ReadSla(item));
        }

        var attributes = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        var attributesNode = root.Required("attributes");
        attributesNode.ExpectObject();
        foreach (var property in attributesNode.Element.EnumerateObject())
        {
            var values = new List<string>();
            foreach (var value in new Node(property.Value, $"{attributesNode.Path}.{property.Name}").Items())
            {
                values.Add(value.String());
            }

            attributes[property.Name] = new StringValues(values.ToArray());
        }

        ServiceLocation? location = null;
        if (root.Optional("location") is { } locationNode)
        {
            var latitude = locationNode.Optional("latitude");
            var longitude = locationNode.Optional("longitude");
            GeoPoint? point = null;
            if (latitude is not null || longitude is not null)
            {
                var lat = (latitude ?? locationNode.Required("latitude")).Double();
                var lon = (longitude ?? locationNode.Required("longitude")).Double();
                if (!GeoPoint.IsValidLatitude(lat) || !GeoPoint.IsValidLongitude(lon))
                {
                    throw Invalid(locationNode.Path, ValidationErrorCodes.OutOfRange, $"({lat}, {lon}) is not a latitude and longitude.");
                }

                point = new GeoPoint(lat, lon);
            }

            location = new ServiceLocation
            {
                Point = point,
                Address = locationNode.Optional("address")?.String(),
                ZipCode = locationNode.Optional("zipCode")?.String(),
                District = locationNode.Optional("district")?.String(),
            };
        }

        ReporterContact? reporter = null;
        if (root.Optional("reporter") is { } reporterNode)
        {
            reporter = new ReporterContact
            {
                Name = reporterNode.Optional("name")?.String(),
                Email = reporterNode.Optional("email")?.String(),
                Phone = reporterNode.Optional("phone")?.String(),
                PreferredLanguage = reporterNode.Optional("preferredLanguage")?.String(),
                Kind = reporterNode.Optional("kind")?.String(),
                OptOut = (ContactOptOut)(reporterNode.Optional("optOut")?.Int32() ?? 0),
            };
        }

        Resolution? resolution = null;
        if (root.Optional("resolution") is { } resolutionNode)
        {
            resolution = new Resolution(resolutionNode.Required("code").NonEmptyString(), resolutionNode.Optional("publicNote")?.String());
        }

        var state = new ServiceRequestState
        {
            Id = new ServiceRequestId(root.Required("id").Guid()),
            TrackingNumber = root.Required("trackingNumber").NonEmptyString(),
            ServiceCode = root.Required("serviceCode").NonEmptyString(),
            Description = root.Optional("description")?.String(),
            Location = location,
            Reporter = reporter,
            Channel = root.Required("channel").Enum<Channel>(),
            Priority = root.Required("priority").Enum<Priority>(),
            Attributes = attributes,
            Agency = root.Required("agency").NonEmptyString(),
            Queue = root.Optional("queue")?.String(),
            Assignee = root.Optional("assignee")?.String(),
            ExternalReference = root.Optional("externalReference")?.String(),
            RequestedAt = root.Required("requestedAt").Instant(),
            UpdatedAt = root.Required("updatedAt").Instant(),
            Status = root.Required("status").Enum<ServiceRequestStatus>(),
            StatusBeforeHold = root.Optional("statusBeforeHold")?.Enum<ServiceRequestStatus>(),
            HoldReason = root.Optional("holdReason")?.String(),
            Resolution = resolution,
            ResolvedAt = root.Optional("resolvedAt")?.Instant(),
            ClosedAt = root.Optional("closedAt")?.Instant(),
            DuplicateOf = root.Optional("duplicateOf") is { } duplicateOf ? new ServiceRequestId(duplicateOf.Guid()) : null,
            ReopenCount = root.Required("reopenCount").Int32(),
            DuplicateCount = ReadDuplicateCount(root), // absent (a document written before the count was kept): unknown
            Version = version,
            History = history.ToArray(),
            Sla = sla.ToArray(),
            SlaPolicyName = root.Optional("slaPolicy")?.String(),
            Tags = ReadTags(root),
        };
        if (state.Id.IsEmpty)
        {
            throw Invalid("$.id", ValidationErrorCodes.Required, "The id is empty.");
        }

        return new ServiceRequest(state);
    }

    private static int? ReadDuplicateCount(Node root)
    {
        if (root.Optional("duplicateCount") is not { } node)
        {
            return null;
        }

        var count = node.Int32();
        return count >= 0 ? count : throw Invalid(node.Path, ValidationErrorCodes.OutOfRange, $"A duplicate count is zero or more; the document has {count}.");
    }

    private static string[] ReadTags(Node root)
    {
        if (root.Optional("tags") is not { } node)
        {
            return [];
        }

        var tags = new List<string>();
        foreach (var tag in node.Items())
        {
            tags.Add(tag.NonEmptyString());
        }

        return tags.ToArray();
    }

    /// <summary>Reads one history entry written by <see cref="WriteEntry"/>.</summary>
    /// <param name="element">The entry's JSON object.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="Civic311ValidationException">The object is malformed (the error names the field).</exception>
    public static HistoryEntry ReadEntry(JsonElement element) => ReadEntry(new Node(element, "$"));

    private static HistoryEntry ReadEntry(Node node)
    {
        node.ExpectObject();
        var changes = new List<FieldChange>();
        foreach (var change in node.Required("changes").Items())
        {
            changes.Add(new FieldChange(change.Required("field").NonEmptyString(), change.Optional("from")?.String(), change.Optional("to")?.String()));
        }

        var sequence = node.Required("sequence").Int32();
        if (sequence < 1)
        {
            throw Invalid(node.Path + ".sequence", ValidationErrorCodes.OutOfRange, "History sequence numbers start at 1.");
        }

        return new HistoryEntry(
            sequence,
            node.Required("action").Enum<LifecycleAction>(),
            node.Required("occurredAt").Instant(),
            node.Required("actor").NonEmptyString(),
            node.Optional("fromStatus")?.Enum<ServiceRequestStatus>(),
            node.Required("toStatus").Enum<ServiceRequestStatus>(),
            changes.ToArray(),
            node.Optional("note")?.String(),
            node.Required("noteVisibility").Enum<NoteVisibility>());
    }

    private static void WriteSla(Utf8JsonWriter writer, SlaInstance instance)
    {
        writer.WriteStartObject();
        var target = instance.Target;
        writer.WriteString("kpi", target.Kpi);
        writer.WriteString("kind", target.Kind.ToString());
        if (target.Kind is SlaTimeKind.BusinessDays or SlaTimeKind.CalendarDays)
        {
            writer.WriteNumber("days", target.Days);
            if (target.Kind == SlaTimeKind.BusinessDays)
            {
                writer.WriteString("dayEnd", target.DayEnd.ToString());
            }
        }
        else
        {
            writer.WriteNumber("amountNanoseconds", target.Amount.ToInt64Nanoseconds());
        }

        // Written only when not the default, so documents of targets that predate them read the same.
        if (target.Start != SlaClockStart.AtArrival)
        {
            writer.WriteString("start", target.Start.ToString());
        }

        if (target.CalendarId is { } calendarId)
        {
            writer.WriteString("calendar", calendarId);
        }

        writer.WriteNumber("cycle", instance.Cycle);
        writer.WriteString("calendarVersion", instance.CalendarVersion);
        WriteInstant(writer, "startedAt", instance.StartedAt);
        WriteInstant(writer, "dueAt", instance.DueAt);
        WriteInstant(writer, "warningAt", instance.WarningAt);
        writer.WriteNumber("warningPercent", instance.WarningPercent);
        writer.WriteString("status", instance.Status.ToString());
        WriteInstant(writer, "pausedAt", instance.PausedAt);
        writer.WriteNumber("pausedNanoseconds", instance.PausedTime.ToInt64Nanoseconds());
        WriteInstant(writer, "completedAt", instance.CompletedAt);
        writer.WriteBoolean("warningRaised", instance.WarningRaised);
        writer.WriteBoolean("breachRaised", instance.BreachRaised);
        writer.WriteEndObject();
    }

    // Documents written before the day ends were renamed carry "dayRule" with the old names; they read as the same rules.
    private static BusinessDayEnd ReadDayEnd(Node node)
    {
        if (node.Optional("dayEnd") is { } dayEnd)
        {
            return dayEnd.Enum<BusinessDayEnd>();
        }

        var legacy = node.Required("dayRule");
        return legacy.String() switch
        {
            "SameLocalTime" => BusinessDayEnd.SameTimeOfDay,
            "EndOfDay" => BusinessDayEnd.ClosingOfDay,
            "StartOfNextDay" => BusinessDayEnd.OpeningAfterDay,
            _ => legacy.Enum<BusinessDayEnd>(),
        };
    }

    private static SlaInstance ReadSla(Node node)
    {
        node.ExpectObject();
        var kpi = node.Required("kpi").NonEmptyString();
        var kind = node.Required("kind").Enum<SlaTimeKind>();
        SlaTarget target;
        try
        {
            target = kind switch
            {
                SlaTimeKind.BusinessDays => SlaTarget.BusinessDays(kpi, node.Required("days").Int32(), ReadDayEnd(node)),
                SlaTimeKind.CalendarDays => SlaTarget.CalendarDays(kpi, node.Required("days").Int32()),
                SlaTimeKind.BusinessTime => SlaTarget.BusinessTime(kpi, Duration.FromNanoseconds(node.Required("amountNanoseconds").Int64())),
                _ => SlaTarget.CalendarTime(kpi, Duration.FromNanoseconds(node.Required("amountNanoseconds").Int64())),
            };
            target = target.StartingAt(node.Optional("start")?.Enum<SlaClockStart>() ?? SlaClockStart.AtArrival)
                .OnCalendar(node.Optional("calendar")?.NonEmptyString());
        }
        catch (ArgumentException ex)
        {
            throw Invalid(node.Path, ValidationErrorCodes.OutOfRange, $"The SLA target is invalid: {ex.Message}");
        }

        var warningPercent = node.Required("warningPercent").Int32();
        if (warningPercent is < 1 or > 99)
        {
            throw Invalid(node.Path + ".warningPercent", ValidationErrorCodes.OutOfRange, $"The warning threshold must be from 1 to 99 percent; it is {warningPercent}.");
        }

        return new SlaInstance(
            target,
            node.Required("cycle").Int32(),
            node.Required("calendarVersion").NonEmptyString(),
            node.Required("startedAt").Instant(),
            node.Required("dueAt").Instant(),
            node.Required("warningAt").Instant(),
            warningPercent)
        {
            Status = node.Required("status").Enum<SlaStatus>(),
            PausedAt = node.Optional("pausedAt")?.Instant(),
            PausedTime = Duration.FromNanoseconds(node.Required("pausedNanoseconds").Int64()),
            CompletedAt = node.Optional("completedAt")?.Instant(),
            WarningRaised = node.Required("warningRaised").Boolean(),
            BreachRaised = node.Required("breachRaised").Boolean(),
        };
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteInstant(Utf8JsonWriter writer, string name, Instant? value)
    {
        if (value is { } instant)
        {
            writer.WriteString(name, InstantFormat.Format(instant));
        }
    }

    private static Civic311ValidationException Invalid(string path, string code, string message) =>
        new(Subject, [new ValidationError(path, code, message)]);

    /// <summary>A JSON value and its path, with readers that name the path in their errors.</summary>
    private readonly record struct Node(JsonElement Element, string Path)
    {
        public void ExpectObject()
        {
            if (Element.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(Path, ValidationErrorCodes.InvalidFormat, $"Expected an object, found {Element.ValueKind}.");
            }
        }

        public Node Required(string name) =>
            Optional(name) ?? throw Invalid($"{Path}.{name}", ValidationErrorCodes.Required, $"'{name}' is missing.");

        public Node? Optional(string name)
        {
            ExpectObject();
            return Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? new Node(value, $"{Path}.{name}") : null;
        }

        public IEnumerable<Node> Items()
        {
            if (Element.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(Path, ValidationErrorCodes.InvalidFormat, $"Expected an array, found {Element.ValueKind}.");
            }

            var i = 0;
            foreach (var item in Element.EnumerateArray())
            {
                yield return new Node(item, $"{Path}[{i++}]");
            }
        }

        public string String() =>
            Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Wrong("a string");

        public string NonEmptyString()
        {
            var text = String();
            return string.IsNullOrWhiteSpace(text) ? throw Invalid(Path, ValidationErrorCodes.Required, "The value is empty.") : text;
        }

        public int Int32() => Element.ValueKind == JsonValueKind.Number && Element.TryGetInt32(out var value) ? value : throw Wrong("a whole number");

        public long Int64() => Element.ValueKind == JsonValueKind.Number && Element.TryGetInt64(out var value) ? value : throw Wrong("a whole number");

        public double Double() => Element.ValueKind == JsonValueKind.Number && Element.TryGetDouble(out var value) ? value : throw Wrong("a number");

        public bool Boolean() => Element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong("true or false"),
        };

        public Guid Guid() => Element.ValueKind == JsonValueKind.String && Element.TryGetGuid(out var value) ? value : throw Wrong("a GUID");

        public Instant Instant()
        {
            var result = InstantFormat.Parse(String());
            return result.Success ? result.Value : throw Wrong("an ISO 8601 instant in UTC (uuuu-MM-ddTHH:mm:ss.fffffffffZ)");
        }

        public T Enum<T>()
            where T : struct, Enum =>
            System.Enum.TryParse<T>(String(), ignoreCase: false, out var value) && System.Enum.IsDefined(value) && !char.IsAsciiDigit(Element.GetString()![0])
                ? value
                : throw Wrong($"one of {string.Join(", ", System.Enum.GetNames<T>())}");

        private Civic311ValidationException Wrong(string expected) =>
            Invalid(Path, ValidationErrorCodes.InvalidFormat, string.Create(CultureInfo.InvariantCulture, $"Expected {expected}; found {Element.GetRawText()}."));
    }
}
