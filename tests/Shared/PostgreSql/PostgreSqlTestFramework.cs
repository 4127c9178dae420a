using System;
using System.Linq;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Civic311.Tests.Shared.PostgreSql;

/// <summary>
/// Marks a test class whose every fact needs a PostgreSQL server, including facts it inherits and cannot mark itself,
/// such as the store specification suite's: without a server (and none required) each is reported skipped with the
/// reason. Takes effect in an assembly that runs <see cref="PostgreSqlTestFramework"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
internal sealed class RequiresPostgreSqlAttribute : Attribute
{
}

/// <summary>
/// xunit's own framework, except that it discovers the facts of a <see cref="RequiresPostgreSqlAttribute"/> class as
/// skipped when there is no server: xunit 2 can only skip through an attribute's <c>Skip</c>, and the facts a class
/// inherits carry their base's plain <c>[Fact]</c>. A test project turns it on with one line:
/// <c>[assembly: Xunit.TestFramework("Civic311.Tests.Shared.PostgreSql.PostgreSqlTestFramework", "ItsAssemblyName")]</c>.
/// </summary>
internal sealed class PostgreSqlTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    /// <summary>The reason to skip the facts of <paramref name="testClass"/>, given the process's skip reason.</summary>
    public static string? SkipReasonFor(Type testClass, string? skipReason) =>
        skipReason is not null && testClass.GetCustomAttribute<RequiresPostgreSqlAttribute>(inherit: true) is not null ? skipReason : null;

    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var reason = SkipReasonFor(testMethod.TestClass.Class.ToRuntimeType(), PostgreSqlAvailability.ForThisProcess.SkipReason);
            if (reason is null || !testMethod.Method.GetCustomAttributes(typeof(FactAttribute).AssemblyQualifiedName).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            var skipped = new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
            return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
        }
    }

    // Runs what discovery found; it discovers again (with the same rule) when asked to run everything.
    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceProvider, diagnosticMessageSink)
    {
        protected override ITestFrameworkDiscoverer CreateDiscoverer() => new Discoverer(AssemblyInfo, SourceInformationProvider, DiagnosticMessageSink);
    }
}
