using System;
using System.Globalization;

namespace Civic311.Dataverse;

/// <summary>
/// A Dataverse Web API call failed for good: it carries what Dataverse said (its error code and message), the HTTP status,
/// the operation and the record, so the cause can be found without a trace. Throttling and transient failures are retried
/// before this is thrown; a raw 429 never reaches callers as such.
/// </summary>
public sealed class DataverseException : Civic311Exception
{
    internal DataverseException(int statusCode, string? errorCode, string? dataverseMessage, string operation, string? record, Exception? innerException = null)
        : base(Describe(statusCode, errorCode, dataverseMessage, operation, record), innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        DataverseMessage = dataverseMessage;
        Operation = operation;
        Record = record;
    }

    /// <summary>Gets the HTTP status code; 0 when no answer arrived (network failure or timeout after every retry).</summary>
    public int StatusCode { get; }

    /// <summary>Gets Dataverse's error code (for example <c>0x80060882</c>), if it gave one.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets Dataverse's error message, if it gave one.</summary>
    public string? DataverseMessage { get; }

    /// <summary>Gets what the client was doing, for example <c>update incident</c>.</summary>
    public string Operation { get; }

    /// <summary>Gets the record concerned (for example <c>incidents(…)</c> or a tracking number), if one.</summary>
    public string? Record { get; }

    private static string Describe(int statusCode, string? errorCode, string? message, string operation, string? record)
    {
        var what = record is null ? operation : $"{operation} ({record})";
        var status = statusCode == 0 ? "no answer" : string.Create(CultureInfo.InvariantCulture, $"HTTP {statusCode}");
        var code = errorCode is null ? string.Empty : $" {errorCode}";
        return $"Dataverse refused to {what}: {status}{code}: {message ?? "(no message)"}";
    }
}
