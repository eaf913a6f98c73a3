using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;

namespace Sacoche.Identity.Application.SignIn;

/// <summary>Local sign-in: password checks with progressive delays, the establishment picker, live sessions, sign-out.</summary>
public sealed class SignInService(IdentityDbContext db, IPasswordHasher<Account> hasher, IDataProtectionProvider protection,
    IOptions<IdentityServiceOptions> options, TimeProvider clock, LoginThrottles throttles)
{
    private readonly IDataProtector _protector = protection.CreateProtector(PasswordHasherWorker.Purpose);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>An active establishment by base number or UAI (the <c>base</c> of the sign-in pages).</summary>
    public Task<Establishment?> FindEstablishmentAsync(string key, CancellationToken ct) => db.FindActiveAsync(key, ct);

    /// <summary>The establishment picker: every active establishment, by name.</summary>
    public async Task<IReadOnlyList<EstablishmentChoice>> ChoicesAsync(CancellationToken ct) =>
        await db.Establishments.AsNoTracking().Where(e => e.Active).OrderBy(e => e.Name)
            .Select(e => new EstablishmentChoice(e.BaseId, e.Name, e.Uai)).ToListAsync(ct);

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
            valid = account?.PendingPassword is { } pending && FixedEquals(_protector.Unprotect(pending), attempt.Password);
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
        // The account row is tracked: recording the sign-in is one UPDATE.
        account.LastSignInAt = now;
        await db.SaveChangesAsync(ct);
        // The login's own counter starts again; the address's keeps counting (other logins' failures).
        await throttles.ClearAsync(keys[0].Key, ct);
        if (Random.Shared.Next(100) == 0)
        {
            await throttles.PurgeAsync(now - throttle.Window, ct);
        }
        return new SignInCheck(SignInOutcome.Success, account, TimeSpan.Zero);
    }

    /// <summary>The account of a session authenticated at <paramref name="authenticatedAt"/>, when that session is still alive (<see cref="SessionRevocation.LiveAccountAsync"/>).</summary>
    public Task<Account?> LiveAccountAsync(Guid accountId, DateTimeOffset? authenticatedAt, CancellationToken ct) =>
        SessionRevocation.LiveAccountAsync(db, accountId, authenticatedAt, Now, Today, options.Value.SessionAbsoluteLifetime, ct);

    /// <summary>Where an ENT session's sign-out goes next: the ENT's CAS logout (back to the establishment's entry), or null.</summary>
    public async Task<string?> CasLogoutUrlAsync(string? baseClaim, CancellationToken ct)
    {
        if (!int.TryParse(baseClaim, out var baseId)
            || await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == baseId, ct) is not { Mode: ConnectionMode.Cas } e)
        {
            return null;
        }
        var settings = e.CasSettings(options.Value.Cas.AllowHttp);
        return settings.IsValid ? settings.LogoutUrl(options.Value.Issuer.TrimEnd('/') + "/?base=" + baseId) : null;
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
}
