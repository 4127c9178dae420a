using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>
/// Checks the key a webhook call carries (header, <c>?code=</c> or a named query-string parameter) against the accepted
/// keys in constant time: both sides are hashed to a fixed length first, so neither the key's content nor its length leaks
/// through timing, and every accepted key is compared (no early exit), so which key matched does not leak either.
/// </summary>
internal sealed class WebhookAuthenticator
{
    private const string WebhookKeyName = "code";
    private readonly byte[][] _keyHashes;
    private readonly DataverseWebhookAuthentication _mode;
    private readonly string _name;

    public WebhookAuthenticator(DataverseWebhookOptions options)
    {
        _mode = options.Authentication;
        _name = _mode == DataverseWebhookAuthentication.WebhookKey ? WebhookKeyName : options.KeyName;
        _keyHashes = new byte[options.Keys.Count][];
        for (var i = 0; i < options.Keys.Count; i++)
        {
            _keyHashes[i] = Hash(options.Keys[i]);
        }
    }

    /// <summary>Returns <see langword="null"/> when the call is authenticated, otherwise the reason to give (never the key).</summary>
    public string? Check(HttpRequest request)
    {
        var inHeader = _mode == DataverseWebhookAuthentication.HttpHeader;
        var where = inHeader ? $"header '{_name}'" : $"query-string parameter '{_name}'";
        var values = inHeader ? request.Headers[_name] : request.Query[_name];
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return $"The call carries no key: the {where} is missing or empty.";
        }

        if (values.Count > 1)
        {
            return $"The call carries {values.Count} values in the {where}; exactly one key is expected.";
        }

        var presented = Hash(values[0]!);
        var matched = 0;
        foreach (var accepted in _keyHashes)
        {
            matched |= CryptographicOperations.FixedTimeEquals(presented, accepted) ? 1 : 0;
        }

        return matched == 1 ? null : $"The key in the {where} is not an accepted key.";
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
