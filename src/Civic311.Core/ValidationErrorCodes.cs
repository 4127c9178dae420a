namespace Civic311;

/// <summary>The stable codes carried by <see cref="ValidationError.Code"/>.</summary>
public static class ValidationErrorCodes
{
    /// <summary>A required value is missing or empty.</summary>
    public const string Required = "required";

    /// <summary>A value is longer than allowed.</summary>
    public const string TooLong = "too_long";

    /// <summary>A number is outside its allowed range.</summary>
    public const string OutOfRange = "out_of_range";

    /// <summary>A value does not have the expected format (a number, a date, an e-mail address, a code).</summary>
    public const string InvalidFormat = "invalid_format";

    /// <summary>A value is not one of the allowed values.</summary>
    public const string NotInList = "not_in_list";

    /// <summary>A referenced code (service, agency, attribute) does not exist.</summary>
    public const string Unknown = "unknown";

    /// <summary>A referenced service type exists but is not accepting requests.</summary>
    public const string Inactive = "inactive";

    /// <summary>A code or value appears more than once where it must be unique.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Values that are valid on their own contradict each other.</summary>
    public const string Inconsistent = "inconsistent";

    /// <summary>A value could mean two different things (the message names both and how to write each).</summary>
    public const string Ambiguous = "ambiguous";
}
