using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using Sacoche.Web.Extensions;

namespace Sacoche.Web.Auth;

/// <summary>Tokens of one signed-in session: an OIDC user (refresh token) or the webmaster (operator secret, in memory).</summary>
public sealed record TokenSet(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt);

/// <summary>The session has ended (signed out, refresh refused…): sign in again.</summary>
public sealed class SessionExpiredException(string message) : Exception(message);

/// <summary>
/// Sessions' tokens, keyed by the session id carried in the UI cookie, kept in the UI's database
/// (encrypted with Data Protection) so that every instance of the UI serves every session and a
/// restart signs nobody out. Each instance caches access tokens while they are valid; a renewal
/// happens under the session row's lock, so two instances never spend the same refresh token
/// (Identity rotates them and would revoke the session on reuse).
/// </summary>
public sealed class TokenStore(NpgsqlDataSource db, IDataProtectionProvider protection, IHttpClientFactory httpClients,
    IOptions<WebOptions> options, TimeProvider clock, ILogger<TokenStore> logger)
{
    public const string HttpClientName = "identity-token";
    /// <summary>Idle sessions are forgotten after the UI cookie's own lifetime.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(8);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SeenPrecision = TimeSpan.FromMinutes(5);
    private const string Expired = "Votre session a expiré : reconnectez-vous.";
    private readonly IDataProtector _protector = protection.CreateProtector("Sacoche.Web.Sessions.v1");
    private readonly ConcurrentDictionary<string, TokenSet> _valid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _operatorSecrets = new(StringComparer.Ordinal);

    private sealed record Stored(TokenSet Tokens);

    /// <summary>A user's session; <paramref name="subject"/> and <paramref name="baseId"/> let Identity's revocations find it.</summary>
    public Task SetAsync(string sessionId, Guid? subject, int? baseId, TokenSet tokens, CancellationToken ct) =>
        SaveAsync(sessionId, subject, baseId, new Stored(tokens), ct);

    /// <summary>
    /// The webmaster's session. The operator secret never reaches the database: this instance keeps
    /// it in memory to renew the client-credentials token; elsewhere, or after a restart, the session
    /// ends when its token expires (30 minutes) and the webmaster pastes the secret again.
    /// </summary>
    public Task SetOperatorAsync(string sessionId, string secret, TokenSet tokens, CancellationToken ct)
    {
        _operatorSecrets[sessionId] = secret;
        return SaveAsync(sessionId, null, null, new Stored(tokens), ct);
    }

    /// <summary>
    /// Identity ended sessions (password reset, ENT single sign-out, deactivated establishment):
    /// those opened before <paramref name="revokedAt"/> go; a sign-in after it stays.
    /// </summary>
    public async Task<int> RevokeAsync(int baseId, Guid? subject, DateTimeOffset revokedAt, CancellationToken ct)
    {
        await using var command = db.CreateCommand(subject is null
            ? "DELETE FROM ui_sessions WHERE establishment_id = $1 AND created_at <= $2 RETURNING id"
            : "DELETE FROM ui_sessions WHERE establishment_id = $1 AND created_at <= $2 AND subject = $3 RETURNING id");
        command.Parameters.Add(new NpgsqlParameter { Value = baseId });
        command.Parameters.Add(new NpgsqlParameter { Value = revokedAt });
        if (subject is { } s)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = s });
        }
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            _valid.TryRemove(reader.GetString(0), out _);
            count++;
        }
        return count;
    }

    public async Task RemoveAsync(string sessionId, CancellationToken ct)
    {
        _valid.TryRemove(sessionId, out _);
        _operatorSecrets.TryRemove(sessionId, out _);
        await using var command = db.CreateCommand("DELETE FROM ui_sessions WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Is the session still open (not signed out, not idle too long)? Notes its use, at most every few minutes.</summary>
    public async Task<bool> IsOpenAsync(string sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // One round trip; a write only when the last note is older than a few minutes (not on every request).
        await using var command = db.CreateCommand("""
            WITH s AS (SELECT id, last_seen FROM ui_sessions WHERE id = $1 AND last_seen > $4),
                 touched AS (UPDATE ui_sessions u SET last_seen = $3 FROM s WHERE u.id = s.id AND s.last_seen < $2 RETURNING 1)
            SELECT count(*) FROM s
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        command.Parameters.Add(new NpgsqlParameter { Value = now - SeenPrecision });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = now - IdleLifetime });
        var open = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
        if (!open)
        {
            _valid.TryRemove(sessionId, out _);
        }
        return open;
    }

    /// <summary>A valid access token for the session, renewed if needed.</summary>
    public async Task<string> GetAccessTokenAsync(string sessionId, CancellationToken ct)
    {
        if (_valid.TryGetValue(sessionId, out var cached) && IsFresh(cached))
        {
            return cached.AccessToken;
        }
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        Stored? stored;
        await using (var select = new NpgsqlCommand("SELECT tokens FROM ui_sessions WHERE id = $1 FOR UPDATE", connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = sessionId });
            stored = await select.ExecuteScalarAsync(ct) is byte[] blob ? Unprotect(blob) : null;
        }
        if (stored is null)
        {
            _valid.TryRemove(sessionId, out _);
            throw new SessionExpiredException(Expired);
        }
        if (!IsFresh(stored.Tokens))
        {
            // Another instance may have renewed meanwhile (then the row is fresh and we only read it).
            var renewed = stored.Tokens.RefreshToken is { } refresh ? await RefreshAsync(refresh, ct)
                : _operatorSecrets.TryGetValue(sessionId, out var secret) ? await OperatorTokenAsync(secret, ct)
                : null;
            if (renewed is null)
            {
                await using var delete = new NpgsqlCommand("DELETE FROM ui_sessions WHERE id = $1", connection, tx);
                delete.Parameters.Add(new NpgsqlParameter { Value = sessionId });
                await delete.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
                _valid.TryRemove(sessionId, out _);
                _operatorSecrets.TryRemove(sessionId, out _);
                throw new SessionExpiredException(Expired);
            }
            stored = stored with
            {
                Tokens = renewed with { RefreshToken = renewed.RefreshToken ?? stored.Tokens.RefreshToken },
            };
            await using var update = new NpgsqlCommand("UPDATE ui_sessions SET tokens = $2 WHERE id = $1", connection, tx);
            update.Parameters.Add(new NpgsqlParameter { Value = sessionId });
            update.Parameters.Add(new NpgsqlParameter { Value = Protect(stored) });
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        _valid[sessionId] = stored.Tokens;
        return stored.Tokens.AccessToken;
    }

    private bool IsFresh(TokenSet tokens) => tokens.ExpiresAt - Skew > clock.GetUtcNow();

    private async Task SaveAsync(string sessionId, Guid? subject, int? baseId, Stored stored, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Sign-ins are rare next to page views: the right moment to forget idle sessions.
        await using var batch = db.CreateBatch();
        var purge = new NpgsqlBatchCommand("DELETE FROM ui_sessions WHERE last_seen < $1");
        purge.Parameters.Add(new NpgsqlParameter { Value = now - IdleLifetime });
        var upsert = new NpgsqlBatchCommand("""
            INSERT INTO ui_sessions (id, tokens, last_seen, created_at, subject, establishment_id) VALUES ($1, $2, $3, $3, $4, $5)
            ON CONFLICT (id) DO UPDATE SET tokens = EXCLUDED.tokens, last_seen = EXCLUDED.last_seen
            """);
        upsert.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = Protect(stored) });
        upsert.Parameters.Add(new NpgsqlParameter { Value = now });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)subject ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)baseId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        batch.BatchCommands.Add(purge);
        batch.BatchCommands.Add(upsert);
        await batch.ExecuteNonQueryAsync(ct);
        _valid[sessionId] = stored.Tokens;
    }

    private byte[] Protect(Stored stored) => _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(stored));

    private Stored? Unprotect(byte[] blob)
    {
        try
        {
            return JsonSerializer.Deserialize<Stored>(_protector.Unprotect(blob));
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            // Keys lost or rotated out: the session is unusable, the user signs in again.
            logger.LogWarning(ex, "A UI session could not be decrypted");
            return null;
        }
    }

    /// <summary>Client credentials of <c>sacoche-operator</c>; null when the secret is refused.</summary>
    public async Task<TokenSet?> OperatorTokenAsync(string secret, CancellationToken ct) => await TokenRequestAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = "sacoche-operator",
        ["client_secret"] = secret,
        ["scope"] = "api",
    }, ct);

    private async Task<TokenSet?> RefreshAsync(string refreshToken, CancellationToken ct) => await TokenRequestAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "refresh_token",
        ["client_id"] = "sacoche-web",
        ["client_secret"] = options.Value.ClientSecret,
        ["refresh_token"] = refreshToken,
    }, ct);

    private async Task<TokenSet?> TokenRequestAsync(Dictionary<string, string> form, CancellationToken ct)
    {
        var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.PostAsync(new Uri(new Uri(options.Value.Root), "connect/token"), new FormUrlEncodedContent(form), ct);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogInformation("Token request ({Grant}) refused: {Status}", form["grant_type"], (int)response.StatusCode);
            return null;
        }
        var tokens = await response.Content.ReadFromJsonAsync<TokenResponse>(ct);
        if (tokens?.AccessToken is not { Length: > 0 } access)
        {
            logger.LogWarning("Token request ({Grant}) answered without an access token", form["grant_type"]);
            return null;
        }
        return new TokenSet(access, tokens.RefreshToken, clock.GetUtcNow().AddSeconds(tokens.ExpiresIn ?? 300));
    }
}

/// <summary>The token endpoint's answer (RFC 6749 §5.1, snake_case).</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn);
