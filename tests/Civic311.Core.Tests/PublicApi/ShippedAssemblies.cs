using System.Linq;
using System.Reflection;
using Civic311.Application;
using Civic311.InMemory;
using Civic311.Testing;

namespace Civic311.Core.Tests.PublicApi;

/// <summary>Every package under src, the one list the public API snapshots and conventions run over.</summary>
internal static class ShippedAssemblies
{
    public static readonly Assembly[] All =
    [
        typeof(ServiceRequests).Assembly, typeof(InMemoryServiceRequestStore).Assembly, typeof(FakeClock).Assembly,
        typeof(Civic311.Notifications.Channels.SmtpEmailChannel).Assembly, typeof(Civic311.Dataverse.DataverseServiceRequestStore).Assembly,
        typeof(Civic311.Dataverse.Webhooks.DataverseWebhookOptions).Assembly,
        typeof(Civic311.Dataverse.Emulator.DataverseEmulator).Assembly,
        typeof(Civic311.Storage.Specification.ServiceRequestStoreSpecificationTests).Assembly,
        typeof(Civic311.Sqlite.SqliteServiceRequestStore).Assembly,
        typeof(Civic311.PostgreSql.PostgreSqlServiceRequestStore).Assembly,
    ];

    public static string[] Names { get; } = All.Select(a => a.GetName().Name!).ToArray();
}
