using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Civic311.Application;

/// <summary>Returned by <c>AddCivic311</c>; store and channel packages add themselves through extension methods on it.</summary>
public sealed class Civic311Builder
{
    internal Civic311Builder(IServiceCollection services)
    {
        Services = Guard.NotNull(services);
    }

    /// <summary>Gets the service collection being configured.</summary>
    public IServiceCollection Services { get; }
}
