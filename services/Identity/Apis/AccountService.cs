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
    LockedOut,
    Exited,
}

/// <summary>Password checks, lockout and the claims every token and session carries.</summary>
public sealed class AccountService(IdentityDbContext db, IPasswordHasher<Account> hasher, IDataProtectionProvider protection,
    IOptions<IdentityServiceOptions> options, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector(PasswordHasherWorker.Purpose);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public string ProtectPassword(string password) => _protector.Protect(password);

    public string UnprotectPassword(string protectedPassword) => _protector.Unprotect(protectedPassword);

    public async Task<(SignInOutcome Outcome, Account? Account)> CheckPasswordAsync(int baseId, string login, string password, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.EstablishmentId == baseId && a.Login == login.Trim().ToLowerInvariant(), ct);
        if (account is null)
        {
            // Same cost as a real check: the answer time must not reveal which logins exist.
            hasher.VerifyHashedPassword(Dummy, DummyHash, password);
            return (SignInOutcome.Invalid, null);
        }
        var now = clock.GetUtcNow();
        if (account.LockedUntil is { } until && until > now)
        {
            return (SignInOutcome.LockedOut, null);
        }
        var valid = account.PasswordHash is { } hash
            ? hasher.VerifyHashedPassword(account, hash, password) != PasswordVerificationResult.Failed
            : account.PendingPassword is { } pending && FixedEquals(UnprotectPassword(pending), password);
        if (!valid)
        {
            account.FailedLogins++;
            if (account.FailedLogins >= options.Value.MaxFailedLogins)
            {
                account.LockedUntil = now + options.Value.LockoutDuration;
                account.FailedLogins = 0;
            }
            await db.SaveChangesAsync(ct);
            return (SignInOutcome.Invalid, null);
        }
        if (!account.CanSignIn(Today))
        {
            return (SignInOutcome.Exited, account);
        }
        if (account.FailedLogins != 0 || account.LockedUntil is not null)
        {
            account.FailedLogins = 0;
            account.LockedUntil = null;
            await db.SaveChangesAsync(ct);
        }
        return (SignInOutcome.Success, account);
    }

    private static readonly Account Dummy = new() { Profile = "ENS", LastName = "", FirstName = "", Login = "" };
    private static readonly string DummyHash = new PasswordHasher<Account>().HashPassword(Dummy, "not-a-password");

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>The session cookie's principal (Identity's own pages).</summary>
    public static ClaimsPrincipal SessionPrincipal(Account account, string method, string? casTicket = null)
    {
        var identity = new ClaimsIdentity(Extensions.Extensions.CookieScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, account.Id.ToString()));
        identity.AddClaim(new Claim("base", account.EstablishmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim("profile", account.Profile));
        identity.AddClaim(new Claim(Claims.Name, $"{account.FirstName} {account.LastName}"));
        identity.AddClaim(new Claim("amr", method));
        if (casTicket is not null)
        {
            identity.AddClaim(new Claim("cas_ticket", casTicket));
        }
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The claims of access tokens: sub, base, profile, name; audience = every API.</summary>
    public static ClaimsPrincipal TokenPrincipal(string subject, int? baseId, string profile, string name, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject).SetClaim(Claims.Name, name).SetClaim("profile", profile);
        if (baseId is { } b)
        {
            identity.SetClaim("base", b);
        }
        identity.SetScopes(scopes);
        identity.SetResources(Extensions.ApiAudiences.All);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Name or "profile" or "base" => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }
}
