using System.IO;
using Civic311.Internal;

namespace Civic311.Sla;

/// <summary>Reads calendar definitions with the shared configuration JSON rules.</summary>
internal static class CalendarJson
{
    private const string Subject = "business calendar JSON";
    private const string Expected = "an object with 'id', 'timeZone' and 'weeklyHours'";

    public static System.Text.Json.JsonSerializerOptions Options => ConfigurationJson.Options;

    public static BusinessCalendarDefinition Read(Stream utf8Json) => ConfigurationJson.Read<BusinessCalendarDefinition>(utf8Json, Subject, Expected);

    public static BusinessCalendarDefinition Read(string json) => ConfigurationJson.Read<BusinessCalendarDefinition>(json, Subject, Expected);
}
