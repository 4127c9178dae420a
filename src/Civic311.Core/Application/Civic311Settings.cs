using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage;
using NodaTime;

namespace Civic311.Application;

/// <summary>The options, validated and compiled once (catalog built, zone resolved, format parsed).</summary>
internal sealed class Civic311Settings
{
    private Civic311Settings(ServiceCatalog catalog, SlaPolicies sla, RoutingRules? routing, Notifier? notifier, DateTimeZone zone, TrackingNumberFormat trackingFormat, Duration reopenWindow, int maxConflictRetries)
    {
        Routing = routing;
        Notifier = notifier;
        Catalog = catalog;
        Sla = sla;
        Zone = zone;
        TrackingFormat = trackingFormat;
        ReopenWindow = reopenWindow;
        MaxConflictRetries = maxConflictRetries;
    }

    public ServiceCatalog Catalog { get; }

    public SlaPolicies Sla { get; }

    /// <summary>The notifier; <see langword="null"/> when notifications are off.</summary>
    public Notifier? Notifier { get; }

    /// <summary>The compiled routing rules; <see langword="null"/> when none are configured.</summary>
    public RoutingRules? Routing { get; }

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

        RoutingRules? routing = null;
        if (catalog is not null && sla is not null && options.Routing is { } routingDefinition)
        {
            var build = new RoutingBuildOptions { Calendars = sla.TryCalendarOf };
            foreach (var condition in options.RoutingConditions)
            {
                build.Conditions.Add(condition);
            }

            if (!RoutingRules.TryBuild(routingDefinition, catalog, build, out routing, out var routingErrors))
            {
                foreach (var error in routingErrors)
                {
                    problems.Add("routing." + error.Field, error.Code, error.Message);
                }
            }

            CheckPolicyNames(routingDefinition, sla, ref problems);
        }

        Notifier? notifier = null;
        if (catalog is not null)
        {
            notifier = Notifier.Compile(options.Notifications, catalog, ref problems);
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

        settings = new Civic311Settings(catalog!, sla!, routing, notifier, zone!, format!, options.ReopenWindow, options.MaxConflictRetries);
        errors = [];
        return true;
    }

    // A routing action may override the SLA policy by name: the name must be one of the named policies.
    private static void CheckPolicyNames(RoutingDefinition definition, SlaPolicies sla, ref ErrorList problems)
    {
        for (var i = 0; i < definition.Rules.Count; i++)
        {
            Check(definition.Rules[i]?.Then?.SlaPolicy, $"routing.rules[{i}].then.slaPolicy", sla, ref problems);
        }

        Check(definition.Fallback?.SlaPolicy, "routing.fallback.slaPolicy", sla, ref problems);

        static void Check(string? name, string path, SlaPolicies sla, ref ErrorList problems)
        {
            if (name is not null && !sla.HasNamed(name))
            {
                problems.Add(path, ValidationErrorCodes.Unknown, $"'{name}' is not the name of an SLA policy (give the policy a name to override with it).");
            }
        }
    }
}
