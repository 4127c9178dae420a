using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Requests;
using Civic311.Sla;
using NodaTime;

namespace Civic311;

/// <summary>The options, validated and compiled once (catalog built, zone resolved, format parsed).</summary>
internal sealed class Civic311Settings
{
    private Civic311Settings(ServiceCatalog catalog, SlaPolicies sla, DateTimeZone zone, TrackingNumberFormat trackingFormat, Duration reopenWindow, int maxConflictRetries)
    {
        Catalog = catalog;
        Sla = sla;
        Zone = zone;
        TrackingFormat = trackingFormat;
        ReopenWindow = reopenWindow;
        MaxConflictRetries = maxConflictRetries;
    }

    public ServiceCatalog Catalog { get; }

    public SlaPolicies Sla { get; }

    public DateTimeZone Zone { get; }

    public TrackingNumberFormat TrackingFormat { get; }

    public Duration ReopenWindow { get; }

    public int MaxConflictRetries { get; }

    public static Civic311Settings Compile(Civic311Options options)
    {
        if (TryCompile(options, out var settings, out var errors))
        {
            return settings;
        }

        throw new Civic311ValidationException("Civic311 configuration", errors);
    }

    /// <summary>Validates the options and compiles them; reads the options as they are now, never a cached copy.</summary>
    public static bool TryCompile(Civic311Options options, [NotNullWhen(true)] out Civic311Settings? settings, out IReadOnlyList<ValidationError> errors)
    {
        Guard.NotNull(options);
        var problems = default(ErrorList);
        ServiceCatalog? catalog = null;
        if (options.Catalog is null)
        {
            problems.Add("catalog", ValidationErrorCodes.Required, "The service catalog is required.");
        }
        else if (!ServiceCatalog.TryBuild(options.Catalog, out catalog, out var catalogErrors))
        {
            foreach (var error in catalogErrors)
            {
                problems.Add("catalog." + error.Field, error.Code, error.Message);
            }
        }

        SlaPolicies? sla = null;
        if (catalog is not null)
        {
            sla = SlaPolicies.Compile(catalog, options.Calendars, options.SlaPolicies, ref problems);
        }

        DateTimeZone? zone = null;
        if (string.IsNullOrWhiteSpace(options.TimeZone))
        {
            problems.Add("timeZone", ValidationErrorCodes.Required, "The center's time zone is required (an IANA id such as 'America/Panama').");
        }
        else if ((zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.TimeZone)) is null)
        {
            problems.Add("timeZone", ValidationErrorCodes.Unknown, $"'{options.TimeZone}' is not an IANA time zone id known to the time zone database.");
        }

        if (!TrackingNumberFormat.TryParse(options.TrackingNumbers.Format, out var format, out var formatError))
        {
            problems.Add("trackingNumbers.format", ValidationErrorCodes.InvalidFormat, formatError!);
        }

        if (options.ReopenWindow < Duration.Zero)
        {
            problems.Add("reopenWindow", ValidationErrorCodes.OutOfRange, $"The reopen window must not be negative; it is {options.ReopenWindow}.");
        }

        if (options.MaxConflictRetries is < 0 or > 100)
        {
            problems.Add("maxConflictRetries", ValidationErrorCodes.OutOfRange, $"The conflict retry count must be from 0 to 100; it is {options.MaxConflictRetries}.");
        }

        if (problems.HasErrors)
        {
            settings = null;
            errors = problems.ToList();
            return false;
        }

        settings = new Civic311Settings(catalog!, sla!, zone!, format!, options.ReopenWindow, options.MaxConflictRetries);
        errors = [];
        return true;
    }
}
