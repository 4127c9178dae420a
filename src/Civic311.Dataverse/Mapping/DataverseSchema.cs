using System;

namespace Civic311.Dataverse.Mapping;

/// <summary>
/// The names of everything Civic311 keeps in Dataverse, derived from the publisher prefix: the custom columns on
/// <c>incident</c> and the custom tables for history, outbox and sequences. Provisioning creates exactly these and the
/// store reads and writes exactly these, so the two cannot drift apart.
/// </summary>
internal sealed class DataverseSchema
{
    public DataverseSchema(string prefix)
    {
        Prefix = prefix.ToLowerInvariant();
        var p = Prefix;

        // incident: the aggregate as a document (the source of truth) plus the columns Dynamics users see and queries filter on.
        TrackingNumber = $"{p}_trackingnumber";
        TrackingNumberKey = $"{p}_trackingnumber_key";
        ServiceCode = $"{p}_servicecode";
        Agency = $"{p}_agency";
        Queue = $"{p}_queue";
        Assignee = $"{p}_assignee";
        Status = $"{p}_status";
        Latitude = $"{p}_latitude";
        Longitude = $"{p}_longitude";
        Address = $"{p}_address";
        RequestedTicks = $"{p}_requestedticks";
        UpdatedTicks = $"{p}_updatedticks";
        NextSlaCheckTicks = $"{p}_nextslacheckticks";
        RequestedKey = $"{p}_requestedkey";
        UpdatedKey = $"{p}_updatedkey";
        RequestedOn = $"{p}_requestedon";
        ExpectedOn = $"{p}_expectedon";
        FirstResponseBy = $"{p}_firstresponseby";
        AttributeValues = $"{p}_attributes";
        DuplicateOf = $"{p}_duplicateof";
        DuplicateCount = $"{p}_duplicatecount";
        Document = $"{p}_document";
        LastChangeId = $"{p}_lastchangeid";
        ChangeId = $"{p}_changeid";

        HistoryTable = $"{p}_requesthistory";
        HistorySet = $"{p}_requesthistories";
        HistoryId = $"{p}_requesthistoryid";
        HistoryIncidentLookup = $"{p}_incidentid";
        HistoryIncidentNavigation = $"{p}_IncidentId";

        OutboxTable = $"{p}_outboxmessage";
        OutboxSet = $"{p}_outboxmessages";
        OutboxId = $"{p}_outboxmessageid";

        SequenceTable = $"{p}_sequence";
        SequenceSet = $"{p}_sequences";
        SequenceId = $"{p}_sequenceid";
        SequenceKey = $"{p}_sequence_name_key";
        AnonymousContactId = DeterministicId("civic311/anonymous-contact/" + p);

        // contact: a hash of the reporter's normalised e-mail or phone under an alternate key, so that concurrent first
        // submits by one new reporter (in any process) make one contact.
        ReporterKey = $"{p}_reporterkey";
        ReporterKeyKey = $"{p}_reporterkey_key";
    }

    public string ReporterKey { get; }

    public string ReporterKeyKey { get; }

    /// <summary>The contact provisioning creates for residents who leave no e-mail or phone, unless the options name one.</summary>
    public Guid AnonymousContactId { get; }

    public string Prefix { get; }

    public const string IncidentSet = "incidents";

    public string TrackingNumber { get; }

    public string TrackingNumberKey { get; }

    public string ServiceCode { get; }

    public string Agency { get; }

    public string Queue { get; }

    public string Assignee { get; }

    public string Status { get; }

    public string Latitude { get; }

    public string Longitude { get; }

    public string Address { get; }

    /// <summary>Exact instants as Unix ticks (BigInt): Dataverse date-times keep whole seconds only, and order and range filters must be exact.</summary>
    public string RequestedTicks { get; }

    public string UpdatedTicks { get; }

    public string NextSlaCheckTicks { get; }

    /// <summary>Sort keys, <c>{ticks:D19}{id:N}</c>: the order (and tie-break by id) every store gives, as a string Dataverse orders exactly.</summary>
    public string RequestedKey { get; }

    public string UpdatedKey { get; }

    public string RequestedOn { get; }

    public string ExpectedOn { get; }

    /// <summary>When the current cycle's first-response target is due (the resolution's is <see cref="ExpectedOn"/>).</summary>
    public string FirstResponseBy { get; }

    /// <summary>The request's attribute values as JSON (<c>{"SIZE":["14"]}</c>), for Dynamics views and reports.</summary>
    public string AttributeValues { get; }

    public string DuplicateOf { get; }

    /// <summary>
    /// The filter of the cases linked to <paramref name="original"/> as duplicates: by Civic311's column, or by the
    /// <c>masterid</c> of a case an agent merged into it in Dynamics (that case is read-only, so the link taken in from it
    /// could not write the column; the request read from its history says it is a duplicate).
    /// </summary>
    public string DuplicatesOf(ServiceRequestId original) => $"({DuplicateOf} eq '{original}' or _masterid_value eq {original})";

    /// <summary>
    /// How many cases are marked as duplicates of this one, raised in the change set that links one. Null is unknown (a case
    /// stored before the column existed, or one that was read-only when a duplicate was linked): a resolution then queries.
    /// </summary>
    public string DuplicateCount { get; }

    /// <summary>The columns every read of a case selects: the document, the change id, the state and the duplicate count.</summary>
    public string IncidentSelect => $"{Document},{LastChangeId},statecode,statuscode,{DuplicateCount}";

    public string Document { get; }

    /// <summary>The id of the last change written: how a retried write recognises that its first attempt landed.</summary>
    public string LastChangeId { get; }

    /// <summary>On history and outbox rows: the id of the change that wrote the row.</summary>
    public string ChangeId { get; }

    public string HistoryTable { get; }

    public string HistorySet { get; }

    public string HistoryId { get; }

    public string HistoryIncidentLookup { get; }

    public string HistoryIncidentNavigation { get; }

    public string OutboxTable { get; }

    public string OutboxSet { get; }

    public string OutboxId { get; }

    public string SequenceTable { get; }

    public string SequenceSet { get; }

    public string SequenceId { get; }

    public string SequenceKey { get; }

    /// <summary>A name-based (version 5 style) id: the same name always gives the same id.</summary>
    public static Guid DeterministicId(string name) => DeterministicId(System.Text.Encoding.UTF8.GetBytes(name));

    /// <summary>A name-based (version 5 style) id from bytes: SHA-256, version and variant bits set.</summary>
    public static Guid DeterministicId(ReadOnlySpan<byte> name)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(name, hash);
        hash[7] = (byte)((hash[7] & 0x0F) | 0x50); // version 5 (name-based)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash[..16]);
    }

    /// <summary>A column of a custom table: <c>{prefix}_{name}</c>.</summary>
    public string Column(string name) => $"{Prefix}_{name}";

    /// <summary>Dataverse's rule for a publisher prefix: 2 to 8 letters or digits, starting with a letter, not "mscrm".</summary>
    public static bool IsValidPrefix(string? prefix) =>
        prefix is { Length: >= 2 and <= 8 } && char.IsAsciiLetter(prefix[0]) && prefix.AsSpan().IndexOfAnyExcept(PrefixCharacters) < 0
            && !prefix.StartsWith("mscrm", StringComparison.OrdinalIgnoreCase);

    private static readonly System.Buffers.SearchValues<char> PrefixCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
}
