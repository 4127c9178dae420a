namespace Civic311.Dataverse.Emulator;

/// <summary>
/// The column (attribute) types the emulator knows, named as the Web API's <c>AttributeType</c> values. A lookup column
/// is read back as <c>_{column}_value</c> and written only through a navigation property's <c>@odata.bind</c>.
/// </summary>
public enum DataverseColumnType
{
    /// <summary>Single line of text (<c>StringAttributeMetadata</c>); has a maximum length.</summary>
    String,

    /// <summary>Multiple lines of text (<c>MemoAttributeMetadata</c>); has a maximum length.</summary>
    Memo,

    /// <summary>Whole number (<c>IntegerAttributeMetadata</c>).</summary>
    Integer,

    /// <summary>Big integer (<c>BigIntAttributeMetadata</c>), e.g. <c>versionnumber</c>.</summary>
    BigInt,

    /// <summary>Decimal number (<c>DecimalAttributeMetadata</c>).</summary>
    Decimal,

    /// <summary>Floating point number (<c>DoubleAttributeMetadata</c>).</summary>
    Double,

    /// <summary>Currency (<c>MoneyAttributeMetadata</c>).</summary>
    Money,

    /// <summary>Date and time (<c>DateTimeAttributeMetadata</c>), stored and returned as UTC ISO 8601 with a Z.</summary>
    DateTime,

    /// <summary>Yes/No (<c>BooleanAttributeMetadata</c>).</summary>
    Boolean,

    /// <summary>Choice (<c>PicklistAttributeMetadata</c>), an integer option value.</summary>
    Picklist,

    /// <summary>The <c>statecode</c> column.</summary>
    State,

    /// <summary>The <c>statuscode</c> column.</summary>
    Status,

    /// <summary>A Guid column, e.g. the primary key.</summary>
    Uniqueidentifier,

    /// <summary>A lookup (also Customer and Owner): read as <c>_{column}_value</c>, written with <c>{nav}@odata.bind</c>.</summary>
    Lookup,
}
