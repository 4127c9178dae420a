using System;
using System.Linq;
using Civic311.Application;
using Civic311.PostgreSql;
using Civic311.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store.</summary>
public static class PostgreSqlStoreBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="PostgreSqlServiceRequestStore"/> as the service-request store (a singleton, disposed with the
    /// container). The options are validated when the host starts, every problem reported together.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCivic311</c>.</param>
    /// <param name="configure">Sets the connection string and the rest of <see cref="PostgreSqlStoreOptions"/>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static Civic311Builder AddPostgreSqlStore(this Civic311Builder builder, Action<PostgreSqlStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PostgreSqlStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStoreOptions>, PostgreSqlStoreOptionsValidation>());
        services.TryAddSingleton(static sp => new PostgreSqlServiceRequestStore(sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value, sp.GetRequiredService<IClock>()));
        services.TryAddSingleton<IServiceRequestStore>(static sp => sp.GetRequiredService<PostgreSqlServiceRequestStore>());
        return builder;
    }

    private sealed class PostgreSqlStoreOptionsValidation : IValidateOptions<PostgreSqlStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
        {
            var errors = PostgreSqlStoreOptionsValidator.Validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
        }
    }
}
