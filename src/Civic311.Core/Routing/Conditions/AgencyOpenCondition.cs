using System.Globalization;
using Civic311.Internal;
using Civic311.Sla;

namespace Civic311.Routing;

/// <summary><c>{"agencyOpen": true}</c>: the owning agency's business calendar is open (<c>false</c>: closed) at the request's instant.</summary>
internal sealed class AgencyOpenConditionKind() : RoutingConditionKind("agencyOpen")
{
    public override bool IsSetOn(RoutingConditionDefinition definition) => definition.AgencyOpen is not null;

    public override CompiledCondition Compile(RoutingConditionDefinition definition, RoutingConditionContext context, string path, ref ErrorList problems)
    {
        if (context.Calendars is null)
        {
            var agencies = context.Catalog.Agencies;
            var calendars = new BusinessCalendar?[agencies.Count];
            for (var i = 0; i < agencies.Count; i++)
            {
                var agency = agencies[i];
                calendars[i] = context.Options.Calendars?.Invoke(agency.Code);
                if (calendars[i] is null && agency.CalendarId is not null)
                {
                    problems.Add(path, ValidationErrorCodes.Unknown, $"The agency '{agency.Code}' works on the calendar '{agency.CalendarId}', but RoutingBuildOptions.Calendars gives no calendar for it.");
                }
            }

            context.Calendars = calendars;
        }

        return CompiledCondition.Leaf(new AgencyOpenCondition(definition.AgencyOpen!.Value));
    }
}

internal sealed class AgencyOpenCondition(bool open) : Condition
{
    public override bool Evaluate(ref RoutingState state) => state.IsAgencyOpen() == open;

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (state.IsAgencyOpen() is not { } isOpen)
        {
            return $"agency hours: service type {state.Input.ServiceCode} is not in the catalog, so its agency is unknown";
        }

        var agency = state.Service!.Type.Agency.Code;
        var fact = $"agency {agency} is {(isOpen ? "open" : "closed")} at {state.Input.RequestedAt.InZone(state.Service.Zone).LocalDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} ({state.Service.Zone.Id})";
        return outcome ? fact : $"agency hours: {fact}, rule wants it {(open ? "open" : "closed")}";
    }

    public override string Describe() => open ? "the agency is open" : "the agency is closed";
}
