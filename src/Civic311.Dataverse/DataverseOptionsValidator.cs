using System;
using Civic311.Dataverse.Mapping;

namespace Civic311.Dataverse;

/// <summary>Checks <see cref="DataverseOptions"/> once, listing every problem.</summary>
internal static class DataverseOptionsValidator
{
    public static void ThrowIfInvalid(DataverseOptions? options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("Dataverse options", errors);
        }
    }

    /// <summary>Every problem with the options; empty when they are valid.</summary>
    public static System.Collections.Generic.IReadOnlyList<ValidationError> Validate(DataverseOptions? options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new System.Collections.Generic.List<ValidationError>();
        void Add(string field, string code, string message) => errors.Add(new ValidationError(field, code, message));

        if (options.EnvironmentUrl is null)
        {
            Add("environmentUrl", ValidationErrorCodes.Required, "The Dataverse environment URL is required, for example https://contoso.crm.dynamics.com.");
        }
        else if (!options.EnvironmentUrl.IsAbsoluteUri || (options.EnvironmentUrl.Scheme != Uri.UriSchemeHttps && !options.EnvironmentUrl.IsLoopback))
        {
            Add("environmentUrl", ValidationErrorCodes.InvalidFormat, $"'{options.EnvironmentUrl}' is not an absolute https URL (plain http is allowed on loopback only, for emulators).");
        }

        if (options.Credential is null && options.TokenProvider is null)
        {
            Add("credential", ValidationErrorCodes.Required, "Give a TokenCredential (Azure.Identity) or a custom TokenProvider.");
        }
        else if (options.Credential is not null && options.TokenProvider is not null)
        {
            Add("tokenProvider", ValidationErrorCodes.Inconsistent, "Give a Credential or a TokenProvider, not both.");
        }

        if (!DataverseSchema.IsValidPrefix(options.Prefix))
        {
            Add("prefix", ValidationErrorCodes.InvalidFormat, $"'{options.Prefix}' is not a publisher prefix: 2 to 8 letters or digits, starting with a letter, not 'mscrm'.");
        }

        if (options.MaxConcurrentRequests is < 1 or > DataverseOptions.ServiceProtectionConcurrency)
        {
            Add("maxConcurrentRequests", ValidationErrorCodes.OutOfRange, $"Allow 1 to {DataverseOptions.ServiceProtectionConcurrency} concurrent requests (Dataverse's service protection limit); it is {options.MaxConcurrentRequests}.");
        }

        if (options.MaxRetries is < 0 or > 50)
        {
            Add("maxRetries", ValidationErrorCodes.OutOfRange, $"Retry 0 to 50 times, or leave it unset for the retry budget alone; it is {options.MaxRetries}.");
        }

        if (options.RetryBudget <= TimeSpan.Zero || options.RetryBudget > TimeSpan.FromDays(1))
        {
            Add("retryBudget", ValidationErrorCodes.OutOfRange, $"The retry budget of one call must be positive and at most one day; it is {options.RetryBudget}.");
        }

        if (options.BaseRetryDelay <= TimeSpan.Zero || options.BaseRetryDelay > options.MaxRetryDelay)
        {
            Add("baseRetryDelay", ValidationErrorCodes.OutOfRange, "The base retry delay must be positive and at most the maximum retry delay.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            Add("requestTimeout", ValidationErrorCodes.OutOfRange, "The request timeout must be positive.");
        }

        if (options.PageSize is < 1 or > 5000)
        {
            Add("pageSize", ValidationErrorCodes.OutOfRange, $"Dataverse pages hold 1 to 5000 rows; it is {options.PageSize}.");
        }

        if (options.SequenceBlockSize is < 1 or > 10_000)
        {
            Add("sequenceBlockSize", ValidationErrorCodes.OutOfRange, $"Reserve 1 to 10000 numbers at a time; it is {options.SequenceBlockSize}.");
        }

        return errors;
    }
}
