using System.Reflection;
using Civic311.Dataverse.Webhooks;

namespace Civic311.Dataverse.AspNetCore.Tests;

public sealed class PublicApiConventionTests
{
    private static readonly Type[] PublicTypes = typeof(DataverseWebhookEvent).Assembly.GetExportedTypes();

    [Fact]
    public void PublicClasses_AreSealedOrStatic() =>
        PublicTypes.Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract).Should().BeEmpty();

    [Fact]
    public void PublicSurface_IsTheIntendedOne() =>
        PublicTypes.Select(t => t.FullName).Should().BeEquivalentTo(
            "Civic311.Dataverse.Webhooks.DataverseEntity",
            "Civic311.Dataverse.Webhooks.DataverseEntityReference",
            "Civic311.Dataverse.Webhooks.DataverseOptionSetValue",
            "Civic311.Dataverse.Webhooks.DataverseMoney",
            "Civic311.Dataverse.Webhooks.DataverseWebhookEvent",
            "Civic311.Dataverse.Webhooks.DataverseWebhookAuthentication",
            "Civic311.Dataverse.Webhooks.DataverseWebhookOptions",
            "Civic311.Dataverse.Webhooks.DataverseWebhookRegistration",
            "Civic311.Dataverse.Webhooks.IDataverseRecordReader",
            "Microsoft.Extensions.DependencyInjection.DataverseWebhookBuilderExtensions",
            "Microsoft.AspNetCore.Builder.DataverseWebhookEndpointExtensions");

    [Fact]
    public void AsyncMethods_EndWithAnOptionalCancellationToken() =>
        PublicTypes.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal))
            .Where(m => m.GetParameters() is not [.., { ParameterType: var last, HasDefaultValue: true }] || last != typeof(CancellationToken))
            .Should().BeEmpty();
}
