using System.Text.Json;
using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>One HTTP answer, written either to Kestrel or into a <c>$batch</c> response part.</summary>
internal sealed class EmulatorResponse
{
    public const string JsonContentType = "application/json; odata.metadata=minimal";

    public EmulatorResponse(int status) => Status = status;

    public int Status { get; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public string? ContentType { get; set; }

    public string? Body { get; set; }

    public EmulatorResponse WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }

    public static EmulatorResponse Json(int status, JsonNode body) =>
        new(status) { ContentType = JsonContentType, Body = body.ToJsonString(JsonText.Options) };

    public static EmulatorResponse Error(EmulatorError error) => Error(error.Status, error.Code, error.Message);

    public static EmulatorResponse Error(int status, string code, string message) =>
        Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
}

internal static class JsonText
{
    /// <summary>Relaxed escaping so that ETags read <c>W/\"12\"</c> as the service writes them.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
