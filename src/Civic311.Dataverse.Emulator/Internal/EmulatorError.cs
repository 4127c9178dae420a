namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>An error answer in the Web API's shape: <c>{"error":{"code":..,"message":..}}</c> with an HTTP status.</summary>
internal sealed class EmulatorError : Exception
{
    public EmulatorError(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string Code { get; }

    public static EmulatorError BadRequest(string code, string message) => new(400, code, message);

    /// <summary>An OData payload error (unknown property, wrong type): 0x80048d19 "Error identified in Payload provided by the user".</summary>
    public static EmulatorError Payload(string detail) =>
        new(400, ErrorCodes.PayloadError, "Error identified in Payload provided by the user. ----> InnerException : " + detail);

    public static EmulatorError NotFound(string logicalName, Guid id) =>
        new(404, ErrorCodes.ObjectDoesNotExist, $"{logicalName} With Id = {id:D} Does Not Exist");

    public static EmulatorError Segment(string segment) =>
        new(404, ErrorCodes.ResourceNotFound, $"Resource not found for the segment '{segment}'.");

    /// <summary>
    /// A write to a resolved or cancelled case (an update that does not reactivate it, or a second CloseIncident): 400
    /// CaseAlreadyResolved with the message of the platform's error-code reference.
    /// </summary>
    public static EmulatorError CaseAlreadyResolved() =>
        new(400, ErrorCodes.CaseAlreadyResolved, "This case has already been resolved. Close and reopen the case record to see the updates.");

    public static EmulatorError Unsupported(string what) =>
        new(400, ErrorCodes.QueryNotSupported, what);
}

/// <summary>The hexadecimal error codes the emulator answers with, and where each comes from.</summary>
internal static class ErrorCodes
{
    /// <summary>DuplicateRecord, -2147220937 (troubleshoot/dataverse/client-errors "Cannot insert duplicate key"); HTTP 412.</summary>
    public const string DuplicateRecord = "0x80040237";

    /// <summary>DuplicateAttributeSchemaName, -2147192813 (data-service-errors): a metadata name (table, column, key, relationship) is taken; HTTP 400.</summary>
    public const string DuplicateSchemaName = "0x80047013";

    /// <summary>ObjectDoesNotExist, -2147220969 (client-errors "Contact With Ids = .. Do Not Exist").</summary>
    public const string ObjectDoesNotExist = "0x80040217";

    /// <summary>ConcurrencyVersionMismatch, -2147088254 (optimistic-concurrency.md); HTTP 412.</summary>
    public const string ConcurrencyVersionMismatch = "0x80060882";

    /// <summary>DuplicateRecordEntityKey: an alternate key's values are already used by another row; HTTP 412.</summary>
    public const string DuplicateRecordEntityKey = "0x80060892";

    /// <summary>InvalidArgument, -2147220989: a business rule of the message refused the request.</summary>
    public const string InvalidArgument = "0x80040203";

    /// <summary>CaseAlreadyResolved, -2147220273 (reference/web-service-error-codes): a resolved or cancelled case is read-only.</summary>
    public const string CaseAlreadyResolved = "0x800404cf";

    /// <summary>Unspecified, -2147220970 "An unexpected error occurred.": used for injected server errors.</summary>
    public const string Unspecified = "0x80040216";

    /// <summary>"Error identified in Payload provided by the user" (ODataException in the request body).</summary>
    public const string PayloadError = "0x80048d19";

    /// <summary>"Resource not found for the segment 'X'." (web-api-client-errors).</summary>
    public const string ResourceNotFound = "0x8006088a";

    /// <summary>A query option or URL form the service does not support (e.g. <c>$skip</c>).</summary>
    public const string QueryNotSupported = "0x80060888";

    /// <summary>"Could not find a property named 'X' on type .." in $select/$filter/$orderby (web-api-client-errors gives 0x0).</summary>
    public const string UnknownQueryProperty = "0x0";

    /// <summary>Service protection: number of requests (api-limits.md).</summary>
    public const string ThrottleRequests = "0x80072322";

    /// <summary>Service protection: combined execution time (api-limits.md).</summary>
    public const string ThrottleExecutionTime = "0x80072321";

    /// <summary>Service protection: concurrent requests (api-limits.md).</summary>
    public const string ThrottleConcurrency = "0x80072326";
}
