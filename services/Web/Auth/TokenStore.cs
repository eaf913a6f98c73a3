using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sacoche.Web.Extensions;

namespace Sacoche.Web.Auth;

/// <summary>Tokens of one signed-in session: an OIDC user (refresh token) or the webmaster (operator secret).</summary>
public sealed record TokenSet(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt, string? IdToken);

/// <summary>The session has ended (refresh refused, operator secret lost after a restart…): sign in again.</summary>
public sealed class SessionExpiredException(string message) : Exception(message);

/// <summary>
/// Server-side token store, keyed by the session id carried in the UI cookie. Pages (static or
/// interactive circuits) get a valid access token from here; expired tokens are refreshed once per
/// session at a time. The cookie keeps a copy of the OIDC tokens so that a restart of the UI does
/// not sign everybody out; the operator secret never leaves the server's memory.
/// </summary>
public sealed class TokenStore(IHttpClientFactory httpClients, IOptions<WebOptions> options, TimeProvider clock, ILogger<TokenStore> logger)
{
    public const string HttpClientName = "identity-token";
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public required TokenSet Tokens { get; set; }
        public string? OperatorSecret { get; init; }
        public SemaphoreSlim Lock { get; } = new(1, 1);
    }

    public TokenSet? Get(string sessionId) => _entries.TryGetValue(sessionId, out var e) ? e.Tokens : null;

    public void Set(string sessionId, TokenSet tokens) =>
        _entries.AddOrUpdate(sessionId, _ => new Entry { Tokens = tokens }, (_, e) => { e.Tokens = tokens; return e; });

    public void SetOperator(string sessionId, string secret, TokenSet tokens) =>
        _entries[sessionId] = new Entry { Tokens = tokens, OperatorSecret = secret };

    public void Remove(string sessionId) => _entries.TryRemove(sessionId, out _);

    /// <summary>A valid access token for the session, refreshed if needed.</summary>
    public async Task<string> GetAccessTokenAsync(string sessionId, CancellationToken ct)
    {
        if (!_entries.TryGetValue(sessionId, out var entry))
        {
            throw new SessionExpiredException("Votre session a expiré : reconnectez-vous.");
        }
        if (entry.Tokens.ExpiresAt - Skew > clock.GetUtcNow())
        {
            return entry.Tokens.AccessToken;
        }
        await entry.Lock.WaitAsync(ct);
        try
        {
            if (entry.Tokens.ExpiresAt - Skew > clock.GetUtcNow())
            {
                return entry.Tokens.AccessToken;
            }
            var renewed = entry.OperatorSecret is { } secret
                ? await OperatorTokenAsync(secret, ct)
                : entry.Tokens.RefreshToken is { } refresh
                    ? await RefreshAsync(refresh, ct)
                    : null;
            if (renewed is null)
            {
                _entries.TryRemove(sessionId, out _);
                throw new SessionExpiredException("Votre session a expiré : reconnectez-vous.");
            }
            entry.Tokens = renewed with { IdToken = renewed.IdToken ?? entry.Tokens.IdToken, RefreshToken = renewed.RefreshToken ?? entry.Tokens.RefreshToken };
            return entry.Tokens.AccessToken;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Client credentials of <c>sacoche-operator</c>; null when the secret is refused.</summary>
    public async Task<TokenSet?> OperatorTokenAsync(string secret, CancellationToken ct) => await TokenRequestAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials", ["client_id"] = "sacoche-operator", ["client_secret"] = secret, ["scope"] = "api",
    }, ct);

    private async Task<TokenSet?> RefreshAsync(string refreshToken, CancellationToken ct) => await TokenRequestAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "refresh_token", ["client_id"] = "sacoche-web", ["client_secret"] = options.Value.ClientSecret, ["refresh_token"] = refreshToken,
    }, ct);

    private async Task<TokenSet?> TokenRequestAsync(Dictionary<string, string> form, CancellationToken ct)
    {
        var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.PostAsync(new Uri(new Uri(options.Value.Root), "connect/token"), new FormUrlEncodedContent(form), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogInformation("Token request ({Grant}) refused: {Status}", form["grant_type"], (int)response.StatusCode);
            return null;
        }
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 300;
        return new TokenSet(root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var r) ? r.GetString() : null,
            clock.GetUtcNow().AddSeconds(expiresIn),
            root.TryGetProperty("id_token", out var i) ? i.GetString() : null);
    }

    public static DateTimeOffset ParseExpiry(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;
}
