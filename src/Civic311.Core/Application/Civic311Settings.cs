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

    /// <summary>
    /// Validates the options and compiles them, one feature at a time and each once: the catalog first (every other feature
    /// is checked against it, so without one their errors would be noise), then SLA, routing (which names SLA policies) and
    /// notifications, and the center's own settings. Reads the options as they are now, never a cached copy.
    /// </summary>
    public static bool TryCompile(Civic311Options options, [NotNullWhen(true)] out Civic311Settings? settings, out IReadOnlyList<ValidationError> errors)
    {
        Guard.NotNull(options);
        var problems = default(ErrorList);
        var catalog = CompileCatalog(options.Catalog, ref problems);
        SlaPolicies? sla = null;
        RoutingRules? routing = null;
        Notifier? notifier = null;
        if (catalog is not null)
        {
            sla = SlaPolicies.Compile(catalog, options.Calendars, options.SlaPolicies, ref problems);
            routing = CompileRouting(options, catalog, sla, ref problems);
            notifier = Notifier.Compile(options.Notifications, catalog, ref problems);
        }

        var zone = CompileZone(options.TimeZone, ref problems);
        var format = CompileTrackingFormat(options.TrackingNumbers, ref problems);
        CheckLimits(options, ref problems);
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

    private static ServiceCatalog? CompileCatalog(ServiceCatalogDefinition? definition, ref ErrorList problems)
    {
        if (definition is null)
        {
            problems.Add("catalog", ValidationErrorCodes.Required, "The service catalog is required.");
            return null;
        }

        if (ServiceCatalog.TryBuild(definition, out var catalog, out var errors))
        {
            return catalog;
        }

        foreach (var error in errors)
        {
            problems.Add("catalog." + error.Field, error.Code, error.Message);
        }

        return null;
    }

    private static RoutingRules? CompileRouting(Civic311Options options, ServiceCatalog catalog, SlaPolicies sla, ref ErrorList problems)
    {
        if (options.Routing is not { } definition)
        {
            return null;
        }

        var build = new RoutingBuildOptions { Calendars = sla.TryCalendarOf };
        foreach (var condition in options.RoutingConditions)
        {
            build.Conditions.Add(condition);
        }

        if (!RoutingRules.TryBuild(definition, catalog, build, out var routing, out var errors))
        {
            foreach (var error in errors)
            {
                problems.Add("routing." + error.Field, error.Code, error.Message);
            }
        }

        CheckPolicyNames(definition, sla, ref problems);
        return routing;
    }

    private static DateTimeZone? CompileZone(string? timeZone, ref ErrorList problems)
    {
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            problems.Add("timeZone", ValidationErrorCodes.Required, "The center's time zone is required (an IANA id such as 'America/Panama').");
            return null;
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone);
        if (zone is null)
        {
            problems.Add("timeZone", ValidationErrorCodes.Unknown, $"'{timeZone}' is not an IANA time zone id known to the time zone database.");
        }

        return zone;
    }

    private static TrackingNumberFormat? CompileTrackingFormat(TrackingNumberOptions trackingNumbers, ref ErrorList problems)
    {
        if (TrackingNumberFormat.TryParse(trackingNumbers.Format, out var format, out var error))
        {
            return format;
        }

        problems.Add("trackingNumbers.format", ValidationErrorCodes.InvalidFormat, error!);
        return null;
    }

    private static void CheckLimits(Civic311Options options, ref ErrorList problems)
    {
        if (options.ReopenWindow < Duration.Zero)
        {
            problems.Add("reopenWindow", ValidationErrorCodes.OutOfRange, $"The reopen window must not be negative; it is {options.ReopenWindow}.");
        }

        if (options.MaxConflictRetries is < 0 or > 100)
        {
            problems.Add("maxConflictRetries", ValidationErrorCodes.OutOfRange, $"The conflict retry count must be from 0 to 100; it is {options.MaxConflictRetries}.");
        }
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
