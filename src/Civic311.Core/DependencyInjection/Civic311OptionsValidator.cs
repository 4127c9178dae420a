using System.Linq;
using Microsoft.Extensions.Options;

namespace Civic311;

/// <summary>Validates <see cref="Civic311Options"/> at start and reports every problem in one failure.</summary>
internal sealed class Civic311OptionsValidator : IValidateOptions<Civic311Options>
{
    public ValidateOptionsResult Validate(string? name, Civic311Options options) =>
        Civic311Settings.TryCompile(options, out _, out var errors)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
}
