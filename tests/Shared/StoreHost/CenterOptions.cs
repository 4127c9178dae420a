using Civic311.Application;
using Civic311.Catalog;
using Civic311.Notifications;
using Civic311.Sla;

namespace Civic311.Tests.Shared.StoreHost;

/// <summary>The catalog, SLA policy and notification settings of every store host, and of the test that checks after them.</summary>
internal static class CenterOptions
{
    /// <summary>The supervisor told of every SLA warning and breach.</summary>
    public const string Supervisor = "supervisor@example.org";

    public static Civic311Options Create()
    {
        var catalog = new ServiceCatalogDefinition().AddAgency("DOT", "Department of Transportation", "America/New_York");
        catalog.AddServiceType(new ServiceTypeDefinition { Code = "POTHOLE", Name = "Pothole", Agency = "DOT" });
        var options = new Civic311Options { Catalog = catalog, TimeZone = "America/New_York" };
        var policy = new SlaPolicyDefinition { ServiceCode = "POTHOLE" };
        policy.Targets.Add(SlaTargetDefinition.CalendarHours(SlaTarget.Resolution, 10)); // warned at 7.5 h, breached at 10 h
        options.SlaPolicies.Add(policy);
        options.Notifications.Enabled = true;
        options.Notifications.Staff.Add(new StaffRecipientDefinition
        {
            Agency = "DOT", Role = StaffRole.Supervisor, Channel = "email", ChannelKind = ChannelKind.Email, Recipient = Supervisor,
        });
        return options;
    }
}
