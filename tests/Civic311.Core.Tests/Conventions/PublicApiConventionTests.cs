using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Civic311.InMemory;
using Civic311.Requests;
using Civic311.Storage;
using Civic311.Testing;
using Microsoft.Extensions.DependencyInjection;
using Civic311.Application;

namespace Civic311.Core.Tests.Conventions;

/// <summary>Rules every public type of the shipped assemblies follows, checked by reflection.</summary>
public sealed class PublicApiConventionTests
{
    private static readonly Type[] PublicTypes = PublicApi.ShippedAssemblies.All.SelectMany(a => a.GetExportedTypes()).ToArray();

    // The classes meant to be derived from: the exception base, and the store specification suite every store's tests
    // inherit (EF Core's specification tests are abstract the same way).
    private static readonly Type[] DerivableBases =
        [typeof(Civic311Exception), typeof(Civic311.Storage.Specification.ServiceRequestStoreSpecificationTests), typeof(Civic311.Storage.ServiceRequestSpecification)];

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void GetExportedTypes_ShippedAssemblies_FindTheKnownPublicTypes()
    {
        // Guards the other rules against passing vacuously.
        PublicTypes.Should().Contain([
            typeof(ServiceRequests), typeof(Civic311Exception), typeof(IServiceRequestStore), typeof(Civic311ServiceCollectionExtensions),
            typeof(InMemoryServiceRequestStore), typeof(InMemoryStoreBuilderExtensions), typeof(FakeClock),
        ]);
        PublicTypes.Should().HaveCountGreaterThan(40);
    }

    [Fact]
    public void PublicClasses_ShippedAssemblies_AreSealedStaticOrAbstractExceptionBases()
    {
        var offenders = PublicTypes
            .Where(t => t.IsClass && !t.IsSealed) // static classes are abstract and sealed in IL
            .Where(t => Array.IndexOf(DerivableBases, t) < 0)
            .Select(Describe);

        offenders.Should().BeEmpty("public classes must be sealed or static; only the listed bases may be derived from");
    }

    [Fact]
    public void PublicAbstractClasses_ShippedAssemblies_AreOnlyTheDerivableBases()
    {
        PublicTypes.Where(t => t.IsClass && t.IsAbstract && !t.IsSealed).Should().BeEquivalentTo(DerivableBases);
    }

    [Fact]
    public void PublicAsyncMethods_ShippedAssemblies_TakeACancellationTokenLast()
    {
        var asyncMethods = AsyncMethods();

        asyncMethods.Select(Describe).Should().Contain([
            "Civic311.Application.ServiceRequests.SubmitAsync",
            "Civic311.Application.ServiceRequests.MarkAsDuplicateAsync",
            "Civic311.Storage.IServiceRequestStore.QueryAsync",
            "Civic311.Requests.IServiceRequestEventHandler.HandleAsync",
            "Civic311.Dataverse.DataverseProvisioning.RegisterWebhookAsync",
        ]);
        asyncMethods
            .Where(m => m.GetParameters() is not [.., { ParameterType: var last }] || last != typeof(CancellationToken))
            .Select(Describe)
            .Should().BeEmpty("every public method returning Task or ValueTask takes a CancellationToken as its last parameter");
    }

    [Fact]
    public void PublicAsyncMethods_ShippedAssemblies_LetTheCancellationTokenBeOmitted()
    {
        AsyncMethods()
            .Where(m => m.GetParameters() is [.., var last] && last.ParameterType == typeof(CancellationToken) && !last.HasDefaultValue)
            .Select(Describe)
            .Should().BeEmpty("the CancellationToken parameter defaults to 'default' so simple callers can leave it out");
    }

    [Fact]
    public void PublicStaticMembers_ShippedAssemblies_AreNeverMutable()
    {
        var staticFields = PublicTypes.SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)).ToArray();
        staticFields.Select(f => f.DeclaringType!.Name + "." + f.Name).Should().Contain(["ChangeOptions.Default", "ValidationErrorCodes.Required"]);

        staticFields
            .Where(f => !f.IsLiteral && !f.IsInitOnly)
            .Select(f => f.DeclaringType!.FullName + "." + f.Name)
            .Should().BeEmpty("public static fields must be const or readonly");

        PublicTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => p.DeclaringType!.FullName + "." + p.Name)
            .Should().BeEmpty("public static properties must not be settable");
    }

    [Fact]
    public void PublicTypes_ShippedAssemblies_LiveInCivic311OrTheExtensionNamespaces()
    {
        PublicTypes
            .Where(t => !(t.Namespace == "Civic311"
                || t.Namespace?.StartsWith("Civic311.", StringComparison.Ordinal) == true
                || t.Namespace is "Microsoft.Extensions.DependencyInjection" or "Microsoft.AspNetCore.Builder"))
            .Select(t => t.FullName)
            .Should().BeEmpty();
    }

    [Fact]
    public void PublicTypes_MicrosoftNamespaces_AreOnlyStaticExtensionClasses()
    {
        // AddX registrations live where IServiceCollection does, MapX endpoints where IEndpointRouteBuilder's do (as ASP.NET Core's own).
        PublicTypes
            .Where(t => t.Namespace is "Microsoft.Extensions.DependencyInjection" or "Microsoft.AspNetCore.Builder")
            .Where(t => !(t.IsAbstract && t.IsSealed && t.Name.EndsWith("Extensions", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .Should().BeEmpty("only registration extension classes may borrow the Microsoft namespace");
    }

    // Methods whose shape someone else fixes are left out: interface implementations (IAsyncDisposable.DisposeAsync,
    // xunit's IAsyncLifetime) and test methods, which xunit calls without arguments.
    private static MethodInfo[] AsyncMethods() => PublicTypes
        .SelectMany(t => t.GetMethods(Declared).Where(m => !ImplementsAnInterface(t, m)))
        .Where(m => !m.IsSpecialName && IsAwaitable(m.ReturnType))
        .Where(m => !m.IsDefined(typeof(Xunit.FactAttribute), inherit: true))
        .ToArray();

    private static bool ImplementsAnInterface(Type type, MethodInfo method) =>
        !type.IsInterface && type.GetInterfaces().Any(i => type.GetInterfaceMap(i).TargetMethods.Contains(method));

    private static bool IsAwaitable(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)));

    private static string Describe(MemberInfo member) => member is Type type
        ? type.FullName!
        : member.DeclaringType!.FullName + "." + member.Name;
}
