using System.Collections.Generic;
using Civic311.Catalog;
using Civic311.Routing;

namespace Civic311.Requests;

/// <content>How a request comes to be: the one factory, and where it is placed (the same step a service-type change takes).</content>
public sealed partial class ServiceRequest
{
    /// <summary>
    /// Creates a submitted request: placed by the context's routing rules (or at its type's agency and default queue),
    /// with its first history entry and its SLA clocks started the way every later transition moves them.
    /// </summary>
    internal static ServiceRequest Submit(
        ServiceRequestId id, string trackingNumber, in ValidSubmission valid, Channel channel, Priority priority, in TransitionContext context)
    {
        var serviceType = valid.ServiceType;
        var draft = new ServiceRequestState
        {
            Id = id,
            TrackingNumber = trackingNumber,
            ServiceCode = serviceType.Code,
            Description = valid.Description,
            Location = valid.Location,
            Reporter = valid.Reporter,
            Channel = channel,
            Priority = priority,
            Attributes = valid.Attributes ?? NoAttributes,
            Agency = serviceType.Agency.Code,
            Queue = serviceType.DefaultQueue,
            Tags = [],
            ExternalReference = valid.ExternalReference,
            RequestedAt = context.Now,
            UpdatedAt = context.Now,
            Status = ServiceRequestStatus.Submitted,
            DuplicateCount = 0, // nothing can be linked to a request before it exists
            History = [],
            Sla = [],
        };
        var placement = Placement.For(serviceType, context.Routing, draft);
        var placed = draft with
        {
            Agency = placement.Agency,
            Queue = placement.Queue,
            Assignee = placement.Owner,
            Priority = placement.Priority ?? priority,
            SlaPolicyName = placement.SlaPolicyName,
            Tags = placement.Tags,
        };
        FieldChange[] changes = placement.RoutingSummary is { } summary ? [new FieldChange("routing", null, summary)] : [];
        return Record(LifecycleAction.Submit, context, from: null, agencyBefore: null, placed, changes);
    }

    /// <summary>Takes the routing input from a request's state: its type, place, content and submission time.</summary>
    private static RoutingInput RoutingInputOf(in ServiceRequestState state) => new(state.ServiceCode, state.RequestedAt)
    {
        Location = state.Location?.Point,
        Channel = state.Channel,
        Priority = state.Priority,
        Attributes = state.Attributes,
        Description = state.Description,
        ReporterKind = state.Reporter?.Kind,
    };

    /// <summary>Where a request goes: its agency, queue and owner, and what routing decided besides.</summary>
    private readonly record struct Placement(
        string Agency, string? Queue, string? Owner, Priority? Priority, string? SlaPolicyName, IReadOnlyList<string> Tags, string? RoutingSummary)
    {
        /// <summary>The one step from a routing decision to the aggregate: routed when rules exist, else the type's defaults.</summary>
        public static Placement For(ServiceType serviceType, RoutingRules? routing, in ServiceRequestState state)
        {
            if (routing is null)
            {
                return new Placement(serviceType.Agency.Code, serviceType.DefaultQueue, null, null, null, [], null);
            }

            var decision = routing.Route(RoutingInputOf(state));
            return new Placement(decision.Agency, decision.Queue, decision.Owner, decision.Priority, decision.SlaPolicy, decision.Tags, decision.Summary);
        }
    }
}
