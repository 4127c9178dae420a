using System;
using System.Collections.Generic;
using System.Globalization;
using Civic311.Catalog;
using Civic311.Internal;
using Microsoft.Extensions.Primitives;
using NodaTime;
using NodaTime.Text;

namespace Civic311.Requests;

/// <summary>Checks a submission against the catalog and normalizes it; reports every problem, never just the first.</summary>
internal static class SubmissionValidator
{
    public const int MaxDescriptionLength = 4000;

    public const int MaxShortTextLength = 200;
    public const int MaxAddressLength = 500;
    public const int MaxAttributeTextLength = 4000;

    private static readonly OffsetDateTimePattern OffsetPattern = OffsetDateTimePattern.ExtendedIso;

    // Open311 datetimes follow the W3C profile of ISO 8601, which also allows hours and minutes without seconds
    // (1997-07-16T19:20+01:00); ExtendedIso requires the seconds.
    private static readonly OffsetDateTimePattern OffsetMinutesPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>");

    public static IReadOnlyList<ValidationError> Validate(ServiceCatalog catalog, ServiceRequestSubmission submission)
    {
        var errors = default(ErrorList);
        Check(catalog, submission, ref errors, out _);
        return errors.ToList();
    }

    public static ValidSubmission ValidateOrThrow(ServiceCatalog catalog, ServiceRequestSubmission submission)
    {
        var errors = default(ErrorList);
        var result = Check(catalog, submission, ref errors, out var serviceType);
        errors.ThrowIfAny("service request submission");
        return result with { ServiceType = serviceType! };
    }

    /// <summary>Validates without throwing: the valid submission, or every problem in <paramref name="errors"/>.</summary>
    public static bool TryValidate(ServiceCatalog catalog, ServiceRequestSubmission submission, out ValidSubmission valid, ref ErrorList errors)
    {
        var before = errors.Count;
        var result = Check(catalog, submission, ref errors, out var serviceType);
        valid = result with { ServiceType = serviceType! };
        return errors.Count == before;
    }

    private static ValidSubmission Check(ServiceCatalog catalog, ServiceRequestSubmission s, ref ErrorList errors, out ServiceType? serviceType)
    {
        serviceType = CheckServiceCode(catalog, s.ServiceCode, ref errors);

        var description = Trimmed(s.Description);
        CheckLength("description", description, MaxDescriptionLength, ref errors);

        var location = CheckLocation(s, serviceType, ref errors);
        var reporter = CheckReporter(s.Reporter, ref errors);

        if (!Enum.IsDefined(s.Channel))
        {
            errors.Add("channel", ValidationErrorCodes.NotInList, $"'{(int)s.Channel}' is not a channel.");
        }

        if (!Enum.IsDefined(s.Priority))
        {
            errors.Add("priority", ValidationErrorCodes.NotInList, $"'{(int)s.Priority}' is not a priority.");
        }

        var attributes = serviceType is null ? null : CheckAttributes(serviceType, s.Attributes, ref errors);

        if (s.Id is { IsEmpty: true })
        {
            errors.Add("id", ValidationErrorCodes.Required, "The id is empty; leave it out to get a new one.");
        }

        var externalReference = Trimmed(s.ExternalReference);
        CheckLength("externalReference", externalReference, MaxShortTextLength, ref errors);
        if (string.IsNullOrWhiteSpace(s.Actor))
        {
            errors.Add("actor", ValidationErrorCodes.Required, "The actor (who entered the request) is required.");
        }
        else
        {
            CheckLength("actor", s.Actor, MaxShortTextLength, ref errors);
        }

        var note = Trimmed(s.Note);
        CheckLength("note", note, MaxDescriptionLength, ref errors);

        return new ValidSubmission(serviceType!, description, location, reporter, attributes, externalReference, s.Actor?.Trim() ?? string.Empty, note);
    }

    private static ServiceLocation? CheckLocation(ServiceRequestSubmission s, ServiceType? serviceType, ref ErrorList errors)
    {
        GeoPoint? point = null;
        if (s.Latitude is { } lat && s.Longitude is { } lon)
        {
            var ok = true;
            if (!GeoPoint.IsValidLatitude(lat))
            {
                errors.Add("latitude", ValidationErrorCodes.OutOfRange, $"The latitude {lat.ToString(CultureInfo.InvariantCulture)} is outside -90 to 90 degrees.");
                ok = false;
            }

            if (!GeoPoint.IsValidLongitude(lon))
            {
                errors.Add("longitude", ValidationErrorCodes.OutOfRange, $"The longitude {lon.ToString(CultureInfo.InvariantCulture)} is outside -180 to 180 degrees.");
                ok = false;
            }

            if (ok)
            {
                point = new GeoPoint(lat, lon);
            }
        }
        else if (s.Latitude is not null)
        {
            errors.Add("longitude", ValidationErrorCodes.Required, "A latitude was given without a longitude; give both or neither.");
        }
        else if (s.Longitude is not null)
        {
            errors.Add("latitude", ValidationErrorCodes.Required, "A longitude was given without a latitude; give both or neither.");
        }

        var address = Trimmed(s.Address);
        var zip = Trimmed(s.ZipCode);
        var district = Trimmed(s.District);
        CheckLength("address", address, MaxAddressLength, ref errors);
        CheckLength("zipCode", zip, 20, ref errors);
        CheckLength("district", district, MaxShortTextLength, ref errors);

        if (serviceType is { IsLocationRequired: true } && point is null && address is null
            && s.Latitude is null && s.Longitude is null)
        {
            errors.Add("location", ValidationErrorCodes.Required, $"The service '{serviceType.Code}' needs a location: a latitude and longitude, or an address.");
        }

        return point is null && address is null && zip is null && district is null
            ? null
            : new ServiceLocation { Point = point, Address = address, ZipCode = zip, District = district };
    }

    private static ReporterContact? CheckReporter(ReporterContact? reporter, ref ErrorList errors)
    {
        if (reporter is null)
        {
            return null;
        }

        var name = Trimmed(reporter.Name);
        var email = Trimmed(reporter.Email);
        var phone = Trimmed(reporter.Phone);
        var language = Trimmed(reporter.PreferredLanguage);
        var kind = Trimmed(reporter.Kind);
        if ((reporter.OptOut & ~(ContactOptOut.Email | ContactOptOut.Sms)) != 0)
        {
            errors.Add("reporter.optOut", ValidationErrorCodes.NotInList, $"'{(int)reporter.OptOut}' is not a combination of Email and Sms.");
        }

        CheckLength("reporter.name", name, MaxShortTextLength, ref errors);
        CheckLength("reporter.kind", kind, MaxShortTextLength, ref errors);

        // Personal data: messages say what is wrong without echoing the value.
        if (email is not null && !PersonalData.IsEmailAddress(email))
        {
            errors.Add("reporter.email", ValidationErrorCodes.InvalidFormat, "The e-mail address is not valid (expected a plain ASCII address such as name@domain.tld, without a display name or quotes, at most 64 characters before the '@' and 254 in all).");
        }

        if (phone is not null && !PersonalData.IsPhoneNumber(phone))
        {
            errors.Add("reporter.phone", ValidationErrorCodes.InvalidFormat, "The phone number is not valid (expected 7 to 15 digits, optionally with '+', spaces, '-', '.', '(' and ')').");
        }

        if (language is not null && !IsLanguageTag(language))
        {
            // A value that is not a language tag may be anything the resident typed in the wrong box: do not echo it either.
            errors.Add("reporter.preferredLanguage", ValidationErrorCodes.InvalidFormat, "The preferred language is not a BCP 47 language tag such as 'es' or 'es-PA'.");
        }

        if (name is null && email is null && phone is null && language is null && kind is null)
        {
            return null;
        }

        return name == reporter.Name && email == reporter.Email && phone == reporter.Phone && language == reporter.PreferredLanguage && kind == reporter.Kind
            ? reporter
            : new ReporterContact { Name = name, Email = email, Phone = phone, PreferredLanguage = language, Kind = kind, OptOut = reporter.OptOut };
    }

    /// <summary>Checks a service code given by a caller: present, in the catalog, and accepting requests.</summary>
    public static ServiceType? CheckServiceCode(ServiceCatalog catalog, string? code, ref ErrorList errors)
    {
        var serviceCode = Trimmed(code); // forms and Open311 clients send " POTHOLE" too
        if (serviceCode is null)
        {
            errors.Add("serviceCode", ValidationErrorCodes.Required, "The service code is required.");
        }
        else if (!catalog.TryGetServiceType(serviceCode, out var serviceType))
        {
            errors.Add("serviceCode", ValidationErrorCodes.Unknown, $"'{serviceCode}' is not a service code in the catalog.");
        }
        else if (!serviceType.IsActive)
        {
            errors.Add("serviceCode", ValidationErrorCodes.Inactive, $"The service '{serviceType.Code}' ({serviceType.Name}) is not accepting new requests.");
        }
        else
        {
            return serviceType;
        }

        return null;
    }

    /// <summary>
    /// The attributes a request keeps when its service type becomes <paramref name="serviceType"/>: the given ones, or else
    /// the current values of attributes the new type also defines; throws listing every problem.
    /// </summary>
    public static IReadOnlyDictionary<string, StringValues> CheckServiceTypeChange(
        ServiceType serviceType, ServiceRequest request, IReadOnlyDictionary<string, StringValues>? given)
    {
        var errors = default(ErrorList);
        if (serviceType.IsLocationRequired && request.Location is null)
        {
            errors.Add("serviceCode", ValidationErrorCodes.Inconsistent, $"The service '{serviceType.Code}' needs a location and the request {request.TrackingNumber} has none.");
        }

        if (given is null)
        {
            var carried = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
            foreach (var (code, values) in request.Attributes)
            {
                if (serviceType.TryGetAttribute(code, out var attribute) && attribute.IsVariable)
                {
                    carried[attribute.Code] = values;
                }
            }

            given = carried;
        }

        var result = CheckAttributes(serviceType, given, ref errors);
        errors.ThrowIfAny("service type change");
        return result ?? new Dictionary<string, StringValues>(0, StringComparer.OrdinalIgnoreCase);
    }

    private static Dictionary<string, StringValues>? CheckAttributes(
        ServiceType serviceType, IReadOnlyDictionary<string, StringValues>? given, ref ErrorList errors)
    {
        Dictionary<string, StringValues>? result = null;
        if (given?.GetType() == typeof(Dictionary<string, StringValues>))
        {
            // The usual case, enumerated with the struct enumerator: the interface's enumerator is a heap allocation (submit
            // is a hot path). Exactly this type only, so that a subclass re-implementing the interface is enumerated as before.
            foreach (var (code, raw) in (Dictionary<string, StringValues>)given)
            {
                CheckGiven(serviceType, code, raw, ref result, ref errors);
            }
        }
        else if (given is not null)
        {
            foreach (var (code, raw) in given)
            {
                CheckGiven(serviceType, code, raw, ref result, ref errors);
            }
        }

        // Indexed, not foreach: enumerating the IReadOnlyList interface allocates an enumerator.
        var attributes = serviceType.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            if (attribute.IsRequired && (result is null || !result.ContainsKey(attribute.Code)) && !HasValue(given, attribute.Code))
            {
                errors.Add($"attributes[{attribute.Code}]", ValidationErrorCodes.Required, $"The attribute '{attribute.Code}' ({attribute.Description ?? attribute.Code}) is required for the service '{serviceType.Code}'.");
            }
        }

        return result;
    }

    private static void CheckGiven(
        ServiceType serviceType, string code, StringValues raw, ref Dictionary<string, StringValues>? result, ref ErrorList errors)
    {
        if (!serviceType.TryGetAttribute(code ?? string.Empty, out var attribute))
        {
            errors.Add(Field(code), ValidationErrorCodes.Unknown, $"The service '{serviceType.Code}' has no attribute '{code}'.");
            return;
        }

        var values = NonEmpty(raw);
        if (values.Count == 0)
        {
            return; // Open311: a parameter sent empty is the same as one never sent.
        }

        if (!attribute.IsVariable)
        {
            errors.Add(Field(code), ValidationErrorCodes.Inconsistent, $"'{attribute.Code}' is an informational attribute and takes no value.");
            return;
        }

        var normalized = Normalize(attribute, values, code, ref errors);
        if (normalized is { } ok)
        {
            result ??= new Dictionary<string, StringValues>(serviceType.Attributes.Count, StringComparer.OrdinalIgnoreCase);
            if (!result.TryAdd(attribute.Code, ok))
            {
                errors.Add(Field(code), ValidationErrorCodes.Duplicate, $"The attribute '{attribute.Code}' is given more than once (codes compare case-insensitively).");
            }
        }
    }

    // The field an attribute's error names; built only when there is an error (valid submissions are the hot path).
    private static string Field(string? code) => $"attributes[{code}]";

    private static StringValues? Normalize(ServiceAttribute attribute, StringValues values, string? code, ref ErrorList errors)
    {
        if (attribute.Datatype != AttributeDatatype.MultiValueList && values.Count > 1)
        {
            errors.Add(Field(code), ValidationErrorCodes.InvalidFormat, $"The attribute '{attribute.Code}' takes one value; {values.Count} were given.");
            return null;
        }

        switch (attribute.Datatype)
        {
            case AttributeDatatype.String:
            case AttributeDatatype.Text:
            {
                var text = values[0]!.Trim();
                // The field name and wording are built only on refusal: this is the submit path.
                if (ControlCharacters.IndexIn(text, freeText: true) >= 0 && ControlCharacters.RefuseInText(text, Field(code), $"attribute '{attribute.Code}'", ref errors))
                {
                    return null;
                }

                if (text.Length > MaxAttributeTextLength)
                {
                    errors.Add(Field(code), ValidationErrorCodes.TooLong, $"The value has {text.Length} characters; at most {MaxAttributeTextLength} are allowed.");
                    return null;
                }

                if (attribute.Datatype == AttributeDatatype.String && text.AsSpan().IndexOfAny('\r', '\n') >= 0)
                {
                    errors.Add(Field(code), ValidationErrorCodes.InvalidFormat, $"The attribute '{attribute.Code}' is a single line of text; the value has a line break.");
                    return null;
                }

                return text;
            }

            case AttributeDatatype.Number:
            {
                var text = values[0]!.Trim();
                if (ControlCharacters.IndexIn(text) >= 0 && ControlCharacters.Refuse(text, Field(code), ref errors))
                {
                    return null;
                }

                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    errors.Add(Field(code), ValidationErrorCodes.InvalidFormat, $"'{text}' is not a number (use digits with '.' as the decimal point).");
                    return null;
                }

                // The invariant form is usually the text as given ("12"): keep that string rather than allocate an equal one.
                Span<char> formatted = stackalloc char[64];
                return number.TryFormat(formatted, out var written, default, CultureInfo.InvariantCulture)
                    && formatted[..written].SequenceEqual(text)
                    ? text
                    : number.ToString(CultureInfo.InvariantCulture);
            }

            case AttributeDatatype.Datetime:
            {
                var text = values[0]!.Trim();
                if (ControlCharacters.IndexIn(text) >= 0 && ControlCharacters.Refuse(text, Field(code), ref errors))
                {
                    return null;
                }

                var parsed = OffsetPattern.Parse(text);
                if (!parsed.Success)
                {
                    parsed = OffsetMinutesPattern.Parse(text);
                }

                if (!parsed.Success)
                {
                    errors.Add(Field(code), ValidationErrorCodes.InvalidFormat, $"'{text}' is not an ISO 8601 date and time with an offset, such as 2026-11-24T08:30:00-05:00 or 2026-11-24T13:30:00Z.");
                    return null;
                }

                // Near NodaTime's limits (9999-12-31T23:59:59-14:00) the offset would push the instant out of range.
                if (parsed.Value.Year is < SupportedYears.Min or > SupportedYears.Max)
                {
                    errors.Add(Field(code), ValidationErrorCodes.OutOfRange, $"'{text}' is outside the accepted years, {SupportedYears.Min} to {SupportedYears.Max}.");
                    return null;
                }

                return InstantPattern.ExtendedIso.Format(parsed.Value.ToInstant());
            }

            case AttributeDatatype.SingleValueList:
            {
                var key = values[0]!.Trim();
                if (!attribute.IsAllowedValue(key))
                {
                    errors.Add(Field(code), ValidationErrorCodes.NotInList, $"'{key}' is not one of the values of '{attribute.Code}': {AllowedKeys(attribute)}.");
                    return null;
                }

                return key;
            }

            default:
            {
                var keys = new string[values.Count];
                var ok = true;
                for (var i = 0; i < values.Count; i++)
                {
                    var key = values[i]!.Trim();
                    if (!attribute.IsAllowedValue(key))
                    {
                        errors.Add(Field(code), ValidationErrorCodes.NotInList, $"'{key}' is not one of the values of '{attribute.Code}': {AllowedKeys(attribute)}.");
                        ok = false;
                    }
                    else if (Array.IndexOf(keys, key, 0, i) >= 0)
                    {
                        errors.Add(Field(code), ValidationErrorCodes.Duplicate, $"'{key}' is given more than once.");
                        ok = false;
                    }

                    keys[i] = key;
                }

                return ok ? new StringValues(keys) : (StringValues?)null;
            }
        }
    }

    private static string AllowedKeys(ServiceAttribute attribute)
    {
        var keys = new string[attribute.Values.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = attribute.Values[i].Key;
        }

        return string.Join(", ", keys);
    }

    private static StringValues NonEmpty(StringValues raw)
    {
        var empties = 0;
        foreach (var value in raw)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                empties++;
            }
        }

        if (empties == 0)
        {
            return raw;
        }

        var kept = new List<string>(raw.Count - empties);
        foreach (var value in raw)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                kept.Add(value);
            }
        }

        return new StringValues(kept.ToArray());
    }

    private static bool HasValue(IReadOnlyDictionary<string, StringValues>? given, string code)
    {
        if (given is null)
        {
            return false;
        }

        // A present-but-invalid value already produced its own error; do not also call it missing.
        foreach (var (key, value) in given)
        {
            if (string.Equals(key, code, StringComparison.OrdinalIgnoreCase) && NonEmpty(value).Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckLength(string field, string? value, int max, ref ErrorList errors)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(field, ValidationErrorCodes.TooLong, $"The {field} has {value.Length} characters; at most {max} are allowed.");
        }

        ControlCharacters.RefuseInText(value, field, field, ref errors);
    }

    private static string? Trimmed(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Most input is already trimmed; avoid a copy then.
        return char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) ? value.Trim() : value;
    }

    private static bool IsLanguageTag(string tag)
    {
        // BCP 47 shape: a 2-3 letter language, then subtags of 1-8 letters or digits. Walks the '-'-separated parts as
        // spans (the same parts string.Split would give, empty ones included) so that a valid tag allocates nothing.
        var rest = tag.AsSpan();
        var dash = rest.IndexOf('-');
        var part = dash < 0 ? rest : rest[..dash];
        if (part.Length is < 2 or > 3 || !IsAll(part, char.IsAsciiLetter))
        {
            return false;
        }

        while (dash >= 0)
        {
            rest = rest[(dash + 1)..];
            dash = rest.IndexOf('-');
            part = dash < 0 ? rest : rest[..dash];
            if (part.Length is < 1 or > 8 || !IsAll(part, char.IsAsciiLetterOrDigit))
            {
                return false;
            }
        }

        return true;

        static bool IsAll(ReadOnlySpan<char> text, Func<char, bool> predicate)
        {
            foreach (var c in text)
            {
                if (!predicate(c))
                {
                    return false;
                }
            }

            return true;
        }
    }
}

/// <summary>A submission that passed validation, normalized.</summary>
internal readonly record struct ValidSubmission(
    ServiceType ServiceType,
    string? Description,
    ServiceLocation? Location,
    ReporterContact? Reporter,
    IReadOnlyDictionary<string, StringValues>? Attributes,
    string? ExternalReference,
    string Actor,
    string? Note);
