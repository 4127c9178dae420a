using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using NodaTime;

namespace Civic311.Dataverse.Http;

/// <summary>
/// Bearer tokens from an Azure.Core credential, cached and refreshed ahead of expiry: one refresh at a time, and while a
/// refresh fails a token that has not expired yet is still used.
/// </summary>
internal sealed class CredentialTokenProvider : IDataverseTokenProvider, IDisposable
{
    // Refresh this long before expiry (tokens last about an hour), so no request goes out with a token about to die.
    internal static readonly Duration RefreshAhead = Duration.FromMinutes(5);

    private readonly TokenCredential _credential;
    private readonly TokenRequestContext _context;
    private readonly IClock _clock;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _cached;

    public CredentialTokenProvider(TokenCredential credential, string scope, IClock clock)
    {
        _credential = credential;
        _context = new TokenRequestContext([scope]);
        _clock = clock;
    }

    /// <summary>How many tokens were requested from the credential (for tests and diagnostics).</summary>
    public int Requests { get; private set; }

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var cached = _cached;
        if (cached is not null && now < cached.RefreshAt)
        {
            return cached.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = _cached;
            now = _clock.GetCurrentInstant();
            if (cached is not null && now < cached.RefreshAt)
            {
                return cached.Token; // another caller refreshed while this one waited
            }

            try
            {
                Requests++;
                var token = await _credential.GetTokenAsync(_context, cancellationToken).ConfigureAwait(false);
                var expiresAt = Instant.FromDateTimeOffset(token.ExpiresOn);
                var refreshAt = token.RefreshOn is { } refreshOn ? Instant.FromDateTimeOffset(refreshOn) : expiresAt - RefreshAhead;
                _cached = new CachedToken(token.Token, expiresAt, refreshAt);
                return token.Token;
            }
            catch (Exception) when (cached is not null && now < cached.ExpiresAt && !cancellationToken.IsCancellationRequested)
            {
                return cached.Token; // the identity service hiccuped; the token still works until it expires
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed record CachedToken(string Token, Instant ExpiresAt, Instant RefreshAt);
}
