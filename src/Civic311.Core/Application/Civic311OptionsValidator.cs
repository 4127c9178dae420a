using System.Linq;
using System.Runtime.CompilerServices;
using Civic311.Catalog;
using Civic311.Internal;
using Civic311.Notifications;
using Civic311.Requests;
using Civic311.Routing;
using Civic311.Sla;
using Civic311.Storage;
using Microsoft.Extensions.Options;

namespace Civic311.Application;

/// <summary>
/// Validates <see cref="Civic311Options"/> (at start with <c>ValidateOnStart</c>, or at first use) and reports every problem
/// in one failure. It keeps what it compiled for the validated instance, so the services built from the same options
/// instance do not build the catalog a second time.
/// </summary>
internal sealed class Civic311OptionsValidator : IValidateOptions<Civic311Options>
{
    private readonly ConditionalWeakTable<Civic311Options, Civic311Settings> _validated = new();

    public ValidateOptionsResult Validate(string? name, Civic311Options options)
    {
        if (!Civic311Settings.TryCompile(options, out var settings, out var errors))
        {
            return ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
        }

        _validated.AddOrUpdate(options, settings);
        return ValidateOptionsResult.Success;
    }

    /// <summary>The settings compiled when <paramref name="options"/> (the validated <c>IOptions.Value</c>) was validated.</summary>
    public Civic311Settings SettingsFor(Civic311Options options) =>
        _validated.TryGetValue(options, out var settings) ? settings : Civic311Settings.Compile(options);
}
