namespace Civic311.Catalog;

/// <summary>The datatypes of a service attribute, as defined by Open311 GeoReport v2.</summary>
[Civic311.Internal.LowercaseJsonNames]
public enum AttributeDatatype
{
    /// <summary>A single line of text.</summary>
    String = 0,

    /// <summary>A number, written with an invariant-culture decimal point (<c>12.5</c>).</summary>
    Number = 1,

    /// <summary>An ISO 8601 date and time with an offset (<c>2026-11-24T08:30:00-05:00</c>) or <c>Z</c>.</summary>
    Datetime = 2,

    /// <summary>Multi-line text.</summary>
    Text = 3,

    /// <summary>Exactly one key from the attribute's list of values.</summary>
    SingleValueList = 4,

    /// <summary>One or more keys from the attribute's list of values.</summary>
    MultiValueList = 5,
}
