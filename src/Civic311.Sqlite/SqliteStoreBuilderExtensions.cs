using System;
using System.Linq;
using Civic311.Application;
using Civic311.Sqlite;
using Civic311.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store.</summary>
public static class SqliteStoreBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="SqliteServiceRequestStore"/> as the service-request store (a singleton, disposed with the
    /// container). The options are validated when the host starts, every problem reported together.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCivic311</c>.</param>
    /// <param name="configure">Sets the database file and the rest of <see cref="SqliteStoreOptions"/>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static Civic311Builder AddSqliteStore(this Civic311Builder builder, Action<SqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<SqliteStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidation>());
        services.TryAddSingleton(static sp => new SqliteServiceRequestStore(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value, sp.GetRequiredService<IClock>()));
        services.TryAddSingleton<IServiceRequestStore>(static sp => sp.GetRequiredService<SqliteServiceRequestStore>());
        return builder;
    }

    private sealed class SqliteStoreOptionsValidation : IValidateOptions<SqliteStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
        {
            var errors = SqliteStoreOptionsValidator.Validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
        }
    }
}
