namespace Civic311.Dataverse;

/// <summary>The Dataverse error codes the store tells apart (the <c>error.code</c> of a Web API error).</summary>
internal static class DataverseErrorCodes
{
    /// <summary>412: the row's version does not match the <c>If-Match</c> ETag (ConcurrencyVersionMismatch).</summary>
    public const string ConcurrencyVersionMismatch = "0x80060882";

    /// <summary>412: a row with that primary key already exists (DuplicateRecord).</summary>
    public const string DuplicateRecord = "0x80040237";

    /// <summary>412: another row holds the same alternate-key values (DuplicateRecordEntityKey).</summary>
    public const string DuplicateKey = "0x80060892";

    /// <summary>400: the case is resolved or cancelled, so read-only until reactivated.</summary>
    public const string CaseAlreadyResolved = "0x800404cf";
}
