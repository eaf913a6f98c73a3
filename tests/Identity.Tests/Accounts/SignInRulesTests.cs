using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Identity.Tests.Accounts;

/// <summary>
/// Sign-in throttling and session liveness on Identity's real database (PostgreSQL): progressive
/// delays instead of a lockout, per login, per browser and per address; one hash per outcome;
/// atomic counters; revocation, deactivation and the absolute lifetime of a sign-in.
/// </summary>
public sealed class SignInRulesTests : IAsyncLifetime
{
    private const int BaseId = 7;
    private const string Password = "Bon-Mot-De-Passe-42";
    private string _connection = "";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
    private readonly CountingHasher _hasher = new();
    private readonly IdentityServiceOptions _options = new();

    public async Task InitializeAsync()
    {
        _connection = await TestServers.CreateDatabaseAsync("idrules");
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        db.Establishments.Add(new Establishment { BaseId = BaseId, Uai = "0000007X", Name = "Collège test", CreatedAt = _clock.GetUtcNow() });
        var teacher = new Account { EstablishmentId = BaseId, Id = Guid.NewGuid(), Profile = "ENS", LastName = "Martin", FirstName = "Anne", Login = "anne.martin", CreatedAt = _clock.GetUtcNow() };
        teacher.PasswordHash = new PasswordHasher<Account>().HashPassword(teacher, Password);
        db.Accounts.Add(teacher);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await TestServers.DropDatabaseAsync(_connection);

    private IdentityDbContext NewContext() => new(new DbContextOptionsBuilder<IdentityDbContext>()
        .UseNpgsql(_connection).UseSnakeCaseNamingConvention().Options);

    private async Task<SignInCheck> TryAsync(string login, string password, string ip = "10.0.0.1", string? device = null)
    {
        await using var db = NewContext();
        var service = new SignInService(db, _hasher, new EphemeralDataProtectionProvider(), Options.Create(_options), _clock, new LoginThrottles(db));
        return await service.CheckPasswordAsync(new SignInAttempt(BaseId, login, password, ip, device), CancellationToken.None);
    }

    [Fact]
    public async Task A_pupil_typing_wrong_passwords_never_locks_the_teacher_out()
    {
        // A pupil, from the school's one NAT address, tries 12 passwords on his teacher's login.
        for (var i = 0; i < 12; i++)
        {
            var attempt = await TryAsync("anne.martin", "devine-" + i);
            Assert.NotEqual(SignInOutcome.Success, attempt.Outcome);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        // From the browser she signed in from before, the teacher gets in at once, same address.
        Assert.Equal(SignInOutcome.Success, (await TryAsync("anne.martin", Password, device: "her-laptop")).Outcome);
        // From an unknown browser she is only delayed (progressive, never 15 minutes).
        for (var i = 0; i < 5; i++)
        {
            await TryAsync("anne.martin", "devine-encore-" + i);
        }
        var slowed = await TryAsync("anne.martin", Password);
        Assert.Equal(SignInOutcome.Throttled, slowed.Outcome);
        Assert.InRange(slowed.RetryAfter, TimeSpan.FromMilliseconds(1), _options.Throttle.MaxDelay);
        _clock.Advance(slowed.RetryAfter);
        Assert.Equal(SignInOutcome.Success, (await TryAsync("anne.martin", Password)).Outcome);
    }

    [Fact]
    public async Task Delays_double_after_the_free_failures_and_treat_unknown_logins_alike()
    {
        var free = _options.Throttle.FreeFailuresPerAccount;
        foreach (var login in new[] { "anne.martin", "personne.inconnue" })
        {
            // free failures, each one answered « wrong password », no delay yet…
            for (var i = 0; i < free - 1; i++)
            {
                Assert.Equal(SignInOutcome.Invalid, (await TryAsync(login, "faux", ip: "10.9.9." + i)).Outcome);
            }
            Assert.Equal(SignInOutcome.Invalid, (await TryAsync(login, "faux", ip: "10.8.8.8")).Outcome);
            // …then 1 s, then 2 s after the next failure: 2^(failures − free) seconds.
            var first = await TryAsync(login, "faux", ip: "10.7.7.7");
            Assert.Equal(SignInOutcome.Throttled, first.Outcome);
            Assert.Equal(TimeSpan.FromSeconds(1), first.RetryAfter);
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(SignInOutcome.Invalid, (await TryAsync(login, "faux", ip: "10.7.7.7")).Outcome);
            var second = await TryAsync(login, "faux", ip: "10.6.6.6");
            Assert.Equal(TimeSpan.FromSeconds(2), second.RetryAfter);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task Every_answer_costs_one_password_hash()
    {
        foreach (var (login, password) in new[] { ("anne.martin", Password), ("anne.martin", "faux"), ("personne.inconnue", "faux") })
        {
            var before = _hasher.Verifications;
            await TryAsync(login, password);
            Assert.Equal(before + 1, _hasher.Verifications);
        }
        for (var i = 0; i < _options.Throttle.FreeFailuresPerAccount; i++)
        {
            await TryAsync("anne.martin", "faux");
        }
        var throttledBefore = _hasher.Verifications;
        Assert.Equal(SignInOutcome.Throttled, (await TryAsync("anne.martin", Password)).Outcome);
        Assert.Equal(throttledBefore + 1, _hasher.Verifications);
    }

    [Fact]
    public async Task Parallel_failures_are_all_counted()
    {
        _options.Throttle.FreeFailuresPerAccount = 1000;
        _options.Throttle.FreeFailuresPerIp = 1000;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => TryAsync("anne.martin", "faux-" + i))));
        await using var db = NewContext();
        var row = await db.LoginThrottles.SingleAsync(t => t.Key == $"a:{BaseId}:anne.martin");
        Assert.Equal(20, row.Failures);
    }

    [Fact]
    public async Task A_session_lives_until_revoked_deactivated_or_too_old()
    {
        var lifetime = _options.SessionAbsoluteLifetime;
        await using var db = NewContext();
        var teacher = await db.Accounts.SingleAsync(a => a.Login == "anne.martin");
        var now = _clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Task<Account?> Live(DateTimeOffset? at) => SessionRevocation.LiveAccountAsync(db, teacher.Id, at, now, today, lifetime, CancellationToken.None);

        Assert.NotNull(await Live(now - TimeSpan.FromHours(1)));
        Assert.Null(await Live(now - lifetime - TimeSpan.FromMinutes(1)));
        Assert.Null(await Live(null));

        // Password reset at 8:00: a session from 7:00 is over, one from 8:01 is not.
        SessionRevocation.RevokeAccount(db, teacher, now, "password-reset");
        await db.SaveChangesAsync();
        Assert.Null(await Live(now - TimeSpan.FromHours(1)));
        Assert.NotNull(await Live(now + TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await db.Set<Sacoche.ServiceDefaults.Messaging.OutboxMessage>().CountAsync());

        await db.Establishments.Where(e => e.BaseId == BaseId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Active, false));
        Assert.Null(await Live(now + TimeSpan.FromMinutes(1)));
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>The real PBKDF2 hasher, counting verifications (timing equality without timing assertions).</summary>
    private sealed class CountingHasher : IPasswordHasher<Account>
    {
        private readonly PasswordHasher<Account> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(Account user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
