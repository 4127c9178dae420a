using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Dataverse.Mapping;
using Microsoft.Extensions.Options;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>Checks <see cref="DataverseWebhookOptions"/>, listing every problem.</summary>
internal sealed class DataverseWebhookOptionsValidator : IValidateOptions<DataverseWebhookOptions>
{
    /// <summary>Dataverse's webhook delivery timeout.</summary>
    public static readonly TimeSpan DataverseTimeout = TimeSpan.FromSeconds(60);

    public ValidateOptionsResult Validate(string? name, DataverseWebhookOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
    }

    public static void ThrowIfInvalid(DataverseWebhookOptions options)
    {
        var errors = Check(options);
        if (errors.Count > 0)
        {
            throw new Civic311ValidationException("Dataverse webhook options", errors);
        }
    }

    public static List<ValidationError> Check(DataverseWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ValidationError>();
        void Add(string field, string code, string message) => errors.Add(new ValidationError(field, code, message));

        if (!Enum.IsDefined(options.Authentication))
        {
            Add("authentication", ValidationErrorCodes.NotInList, $"'{(int)options.Authentication}' is not an authentication mode: use HttpHeader, WebhookKey or QueryString.");
        }
        else if (options.Authentication != DataverseWebhookAuthentication.WebhookKey && !IsToken(options.KeyName))
        {
            Add("keyName", ValidationErrorCodes.InvalidFormat, $"'{options.KeyName}' is not a usable {(options.Authentication == DataverseWebhookAuthentication.HttpHeader ? "header" : "query-string parameter")} name: letters, digits, '-', '_' and '.', 1 to 100 characters.");
        }

        if (options.Keys.Count == 0)
        {
            Add("keys", ValidationErrorCodes.Required, "At least one key is required: every call must be authenticated.");
        }

        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            if (key is null || key.Length < DataverseWebhookOptions.MinimumKeyLength)
            {
                Add($"keys[{i}]", ValidationErrorCodes.OutOfRange, $"A key needs at least {DataverseWebhookOptions.MinimumKeyLength} characters; this one has {key?.Length ?? 0}.");
            }
            else if (key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || key.Length > 1000)
            {
                Add($"keys[{i}]", ValidationErrorCodes.InvalidFormat, "A key must be at most 1000 characters without spaces or control characters.");
            }
        }

        if (!IncidentColumns.IsValidPrefix(options.Prefix))
        {
            Add("prefix", ValidationErrorCodes.InvalidFormat, $"'{options.Prefix}' is not a publisher prefix: 2 to 8 letters or digits, starting with a letter, not 'mscrm'.");
        }

        if (options.ApplicationUserIds.Contains(Guid.Empty))
        {
            Add("applicationUserIds", ValidationErrorCodes.InvalidFormat, "An application user id cannot be the empty GUID.");
        }

        if (options.MaxDepth is < 1 or > 16)
        {
            Add("maxDepth", ValidationErrorCodes.OutOfRange, $"The deepest call chain handled must be 1 to 16 (Dataverse stops at 16); it is {options.MaxDepth}.");
        }

        if (options.HandlingTimeout <= TimeSpan.Zero || options.HandlingTimeout >= DataverseTimeout)
        {
            Add("handlingTimeout", ValidationErrorCodes.OutOfRange, $"The handling timeout must be positive and below Dataverse's 60-second delivery timeout; it is {options.HandlingTimeout}.");
        }

        if (options.DeduplicationCapacity is < 0 or > 10_000_000)
        {
            Add("deduplicationCapacity", ValidationErrorCodes.OutOfRange, $"Remember 0 to 10,000,000 deliveries; it is {options.DeduplicationCapacity}.");
        }

        if (options.DeduplicationWindow <= TimeSpan.Zero)
        {
            Add("deduplicationWindow", ValidationErrorCodes.OutOfRange, "The deduplication window must be positive.");
        }

        if (options.MaxConflictRetries is < 0 or > 20)
        {
            Add("maxConflictRetries", ValidationErrorCodes.OutOfRange, $"Retry a conflicting change 0 to 20 times; it is {options.MaxConflictRetries}.");
        }

        if (options.MaxBodyBytes < 64 * 1024)
        {
            Add("maxBodyBytes", ValidationErrorCodes.OutOfRange, $"Accept bodies of at least 64 KiB (Dataverse sends up to 256 KB); it is {options.MaxBodyBytes}.");
        }

        if (options.ServiceCodes.Count > 0 && string.IsNullOrWhiteSpace(options.ServiceCodeColumn))
        {
            Add("serviceCodeColumn", ValidationErrorCodes.Required, "Service code translations are given, so name the incident column they translate.");
        }

        foreach (var (code, column) in options.AttributeColumns)
        {
            if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(column))
            {
                Add($"attributeColumns[{code}]", ValidationErrorCodes.Required, "An attribute column needs an attribute code and an incident column name.");
            }
        }

        return errors;
    }

    private static bool IsToken(string? name) =>
        name is { Length: > 0 and <= 100 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
