using System.Collections.Generic;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage;
using NodaTime;

namespace Civic311.Application;

/// <summary>The settings of a Civic311 center. Validated once at start; every problem is reported together.</summary>
public sealed class Civic311Options
{
    /// <summary>Gets or sets the service catalog (agencies and service types).</summary>
    public ServiceCatalogDefinition Catalog { get; set; } = new();

    /// <summary>Gets the business calendars agencies refer to by id (<see cref="AgencyDefinition.Calendar"/>).</summary>
    public IList<BusinessCalendarDefinition> Calendars { get; } = new List<BusinessCalendarDefinition>();

    /// <summary>Gets the SLA policies: the targets of each service type (and priority).</summary>
    public IList<SlaPolicyDefinition> SlaPolicies { get; } = new List<SlaPolicyDefinition>();

    /// <summary>
    /// Gets or sets the routing rules: which agency, queue and owner each request goes to, by type, place and content.
    /// <see langword="null"/>: every request goes to its service type's agency and default queue.
    /// </summary>
    public RoutingDefinition? Routing { get; set; }

    /// <summary>Gets the integrator's own routing conditions, referenced by name from the rules (<c>{"custom":"name"}</c>).</summary>
    public IList<IRoutingCondition> RoutingConditions { get; } = new List<IRoutingCondition>();

    /// <summary>Gets the notification settings: templates, who is told of what, quiet hours.</summary>
    public NotificationOptions Notifications { get; } = new();

    /// <summary>Gets or sets the center's IANA time zone; the year in tracking numbers is taken in it.</summary>
    /// <value>Defaults to <c>UTC</c>.</value>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Gets the tracking-number settings.</summary>
    public TrackingNumberOptions TrackingNumbers { get; } = new();

    /// <summary>Gets or sets how long after its resolution a request may be reopened; zero disables reopening.</summary>
    /// <value>Defaults to 30 days.</value>
    public Duration ReopenWindow { get; set; } = Duration.FromDays(30);

    /// <summary>
    /// Gets or sets how many times a lifecycle change made without an expected version is re-read and re-applied when a
    /// concurrent change wins the race.
    /// </summary>
    /// <value>Defaults to 5; from 0 to 100.</value>
    public int MaxConflictRetries { get; set; } = 5;

    /// <summary>
    /// Checks every setting the way the center does when it starts (catalog, calendars, SLA policies, routing and its
    /// district sets, notifications, the center's own settings), without building a host or a store: for tools, tests and
    /// the command line. It compiles what it checks (the business calendars too, milliseconds of work) and keeps nothing.
    /// </summary>
    /// <returns>Every problem found, each with its field path; empty when the options are valid.</returns>
    public IReadOnlyList<ValidationError> Validate() =>
        Civic311Settings.TryCompile(this, out _, out var errors) ? [] : errors;
}
