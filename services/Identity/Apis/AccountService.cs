using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Sacoche.Identity.Apis;

public enum SignInOutcome
{
    Success,
    Invalid,
    /// <summary>Too many recent failures for this login (or this address): wait <see cref="SignInCheck.RetryAfter"/>.</summary>
    Throttled,
    Exited,
}

/// <summary>One sign-in attempt; <paramref name="KnownDeviceId"/> is set when this browser signed into this login before.</summary>
public sealed record SignInAttempt(int BaseId, string Login, string Password, string? ClientIp, string? KnownDeviceId);

public sealed record SignInCheck(SignInOutcome Outcome, Account? Account, TimeSpan RetryAfter);

/// <summary>Password checks, sign-in throttling and the claims every token and session carries.</summary>
public sealed class AccountService(IdentityDbContext db, IPasswordHasher<Account> hasher, IDataProtectionProvider protection,
    IOptions<IdentityServiceOptions> options, TimeProvider clock, LoginThrottles throttles)
{
    private readonly IDataProtector _protector = protection.CreateProtector(PasswordHasherWorker.Purpose);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The claim holding when the user actually authenticated (Unix ms), kept across refreshes.</summary>
    public const string AuthTimeClaim = "sacoche_auth_time";

    public static string AuthTime(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset? AuthTimeOf(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirst(AuthTimeClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    public string ProtectPassword(string password) => _protector.Protect(password);

    public string UnprotectPassword(string protectedPassword) => _protector.Unprotect(protectedPassword);

    /// <summary>
    /// Every outcome costs one password hash verification (unknown login, throttled key, pending
    /// password alike): the answer time reveals neither which logins exist nor which are slowed down.
    /// No lockout: a pupil typing wrong passwords for his teacher's login only delays attempts from
    /// browsers the teacher never used; hers has its own counter (<see cref="SignInAttempt.KnownDeviceId"/>).
    /// </summary>
    public async Task<SignInCheck> CheckPasswordAsync(SignInAttempt attempt, CancellationToken ct)
    {
        var throttle = options.Value.Throttle;
        var login = attempt.Login.Trim().ToLowerInvariant();
        var now = clock.GetUtcNow();
        var keys = ThrottleKeys(attempt, login, throttle);
        var wait = TimeSpan.Zero;
        var states = await throttles.ReadAsync(keys.Select(k => k.Key).ToList(), now - throttle.Window, ct);
        foreach (var state in states)
        {
            var free = keys.First(k => k.Key == state.Key).Free;
            var until = state.LastFailureAt + throttle.DelayAfter(state.Failures, free);
            wait = until - now > wait ? until - now : wait;
        }
        if (wait > TimeSpan.Zero)
        {
            hasher.VerifyHashedPassword(Dummy, DummyHash, attempt.Password);
            return new SignInCheck(SignInOutcome.Throttled, null, wait);
        }

        var account = await db.Accounts.FirstOrDefaultAsync(a => a.EstablishmentId == attempt.BaseId && a.Login == login, ct);
        bool valid;
        if (account?.PasswordHash is { } hash)
        {
            valid = hasher.VerifyHashedPassword(account, hash, attempt.Password) != PasswordVerificationResult.Failed;
        }
        else
        {
            hasher.VerifyHashedPassword(Dummy, DummyHash, attempt.Password);
            valid = account?.PendingPassword is { } pending && FixedEquals(UnprotectPassword(pending), attempt.Password);
        }
        if (!valid)
        {
            await throttles.RecordFailureAsync(keys.Select(k => k.Key).ToList(), now, now - throttle.Window, ct);
            return new SignInCheck(SignInOutcome.Invalid, null, TimeSpan.Zero);
        }
        if (!account!.CanSignIn(Today))
        {
            return new SignInCheck(SignInOutcome.Exited, account, TimeSpan.Zero);
        }
        // The login's own counter starts again; the address's keeps counting (other logins' failures).
        await throttles.ClearAsync(keys[0].Key, ct);
        if (Random.Shared.Next(100) == 0)
        {
            await throttles.PurgeAsync(now - throttle.Window, ct);
        }
        return new SignInCheck(SignInOutcome.Success, account, TimeSpan.Zero);
    }

    private static List<(string Key, int Free)> ThrottleKeys(SignInAttempt attempt, string login, LoginThrottleOptions throttle)
    {
        var account = string.Create(CultureInfo.InvariantCulture, $"{attempt.BaseId}:{login}");
        return attempt.KnownDeviceId is { } device
            ? [($"d:{account}:{device}", throttle.FreeFailuresPerDevice)]
            : [($"a:{account}", throttle.FreeFailuresPerAccount), ($"i:{attempt.ClientIp ?? "unknown"}", throttle.FreeFailuresPerIp)];
    }

    private static readonly Account Dummy = new() { Profile = "ENS", LastName = "", FirstName = "", Login = "" };
    private static readonly string DummyHash = new PasswordHasher<Account>().HashPassword(Dummy, "not-a-password");

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>The session cookie's principal (Identity's own pages).</summary>
    public static ClaimsPrincipal SessionPrincipal(Account account, string method, DateTimeOffset authenticatedAt, string? casTicket = null)
    {
        var identity = new ClaimsIdentity(Extensions.Extensions.CookieScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, account.Id.ToString()));
        identity.AddClaim(new Claim("base", account.EstablishmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim("profile", account.Profile));
        identity.AddClaim(new Claim(Claims.Name, $"{account.FirstName} {account.LastName}"));
        identity.AddClaim(new Claim("amr", method));
        identity.AddClaim(new Claim(AuthTimeClaim, AuthTime(authenticatedAt)));
        if (casTicket is not null)
        {
            identity.AddClaim(new Claim("cas_ticket", casTicket));
        }
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The claims of access tokens: sub, base, profile, name; audience = every API.</summary>
    public static ClaimsPrincipal TokenPrincipal(string subject, int? baseId, string profile, string name, IEnumerable<string> scopes, DateTimeOffset? authenticatedAt = null)
    {
        var identity = new ClaimsIdentity(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject).SetClaim(Claims.Name, name).SetClaim("profile", profile);
        if (authenticatedAt is { } at)
        {
            // No destination: it stays inside authorization codes and refresh tokens (absolute lifetime, revocation).
            identity.SetClaim(AuthTimeClaim, AuthTime(at));
        }
        if (baseId is { } b)
        {
            identity.SetClaim("base", b);
        }
        identity.SetScopes(scopes);
        identity.SetResources(Extensions.ApiAudiences.All);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Name or "profile" or "base" => [Destinations.AccessToken, Destinations.IdentityToken],
            AuthTimeClaim => [],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }
}
