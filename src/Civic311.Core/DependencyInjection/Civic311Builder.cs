using Civic311.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Civic311;

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
